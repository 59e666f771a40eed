/**
 * Large but real-shaped RKE2 provisioning clusters (kubectl shape) for the planner benchmarks: in-tree AWS on
 * Kubernetes 1.26, many machineSelectorConfig entries (role selectors and, every third one, a selector on a
 * non-role label, which the planner must treat as ambiguous), many machine pools, and a long user-owned
 * additionalManifest with comments.
 */

export interface ClusterSize {
  selectorEntries: number;
  machinePools: number;
  manifestDocuments: number;
}

const ROLE_SELECTORS = ['rke.cattle.io/control-plane-role', 'rke.cattle.io/etcd-role', 'rke.cattle.io/worker-role'];

/** Entry 0 sets the in-tree provider for every machine; later entries tune kubelets per role or per pool label. */
function selectorEntry(i: number): Record<string, any> {
  if (i === 0) {
    return { config: { 'cloud-provider-name': 'aws', 'kubelet-arg': ['feature-gates=CSIMigrationAWS=false', 'max-pods=110'], 'protect-kernel-defaults': false } };
  }
  const config = { 'kubelet-arg': ['feature-gates=CSIMigrationAWS=false', `max-pods=${ 100 + i }`] };

  if (i % 3 === 0) {
    return { config, machineLabelSelector: { matchExpressions: [{ key: 'example.com/pool', operator: 'In', values: [`pool-${ i }`] }] } };
  }

  return { config, machineLabelSelector: { matchLabels: { [ROLE_SELECTORS[i % ROLE_SELECTORS.length]]: 'true' } } };
}

/** Pool 0 holds control plane + etcd; the rest are worker pools, with an etcd-only and a control-plane-only one. */
function machinePool(i: number, total: number): Record<string, any> {
  const roles = total === 1 ? { controlPlaneRole: true, etcdRole: true, workerRole: true } :
    i === 0 ? { controlPlaneRole: true, etcdRole: true, workerRole: false } :
      i === 1 ? { controlPlaneRole: false, etcdRole: true, workerRole: false } :
        i === 2 ? { controlPlaneRole: true, etcdRole: false, workerRole: false } :
          { controlPlaneRole: false, etcdRole: false, workerRole: true };

  return {
    name:              `pool-${ i }`,
    ...roles,
    quantity:          i === 0 ? 3 : 2,
    drainBeforeDelete: true,
    machineConfigRef:  { kind: 'Amazonec2Config', name: `nc-bench-pool-${ i }` },
    labels:            { 'example.com/pool': `pool-${ i }` },
  };
}

/** One user document of the additional manifest (three kinds in turn, each with comments the engine must keep). */
function manifestDocument(i: number): string {
  switch (i % 3) {
    case 0:
      return `# team ${ i } settings\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: team-${ i }   # owned by team ${ i }\n  namespace: default\ndata:\n  mode: "blue"\n  replicas: "${ i % 7 }"\n`;
    case 1:
      return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-${ i }\n  labels: {team: "t${ i }"}\n`;
    default:
      return `# quota for team ${ i }\napiVersion: v1\nkind: ResourceQuota\nmetadata: {name: quota-${ i }, namespace: team-${ i - 1 }}\nspec:\n  hard:\n    pods: "${ 10 + i }"\n    requests.cpu: "${ i % 16 + 1 }"\n`;
  }
}

export function additionalManifest(documents: number): string {
  return Array.from({ length: documents }, (_, i) => manifestDocument(i)).join('---\n');
}

export function rke2Cluster(size: ClusterSize): Record<string, any> {
  return {
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    metadata:   {
      name: 'bench-rke2', namespace: 'fleet-default', resourceVersion: '1000', generation: 3
    },
    spec: {
      kubernetesVersion: 'v1.26.15+rke2r1',
      rkeConfig:         {
        additionalManifest:  additionalManifest(size.manifestDocuments),
        machineGlobalConfig: {
          cni:                           'calico',
          'kube-apiserver-arg':          ['feature-gates=CSIMigrationAWS=false'],
          'kube-controller-manager-arg': ['feature-gates=CSIMigrationAWS=false', 'terminated-pod-gc-threshold=500'],
        },
        machinePools:          Array.from({ length: size.machinePools }, (_, i) => machinePool(i, size.machinePools)),
        machineSelectorConfig: Array.from({ length: size.selectorEntries }, (_, i) => selectorEntry(i)),
      },
    },
    status: { clusterName: 'c-m-bench0001', ready: true },
  };
}

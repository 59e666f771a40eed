/**
 * Big worlds for benchmarks and the fleet view: one RKE2 cluster with thousands of nodes, a thousand small
 * clusters, or a fleet of clusters in every migration state (`fleetClusters`). Seeds are "light" (no management
 * nodes, node leases, agent pods) to stay fast and small.
 */
import { ClusterSeed } from './cluster';
import { rke1Config as demoRke1Config } from './demo';

function idFor(prefix: string, n: number): string {
  return `c-m-${ prefix }${ n.toString(16).padStart(8 - prefix.length, '0') }`.slice(0, 12);
}

/** The big cluster's own services, from the team's private Amazon ECR registry: every worker has run them. */
export const BIG_CLUSTER_WORKLOAD_IMAGES = [
  '123456789012.dkr.ecr.us-east-2.amazonaws.com/shop/checkout:2.14.1',
  '123456789012.dkr.ecr.us-east-2.amazonaws.com/shop/catalog:3.2.0',
  '123456789012.dkr.ecr.us-east-2.amazonaws.com/shop/payments-worker:1.9.4',
];

export function bigCluster(name: string, nodes: number, n: number): ClusterSeed {
  const cp = Math.min(3, nodes);

  return {
    name,
    id:                idFor('b', n),
    distro:            'rke2',
    kubernetesVersion: 'v1.26.15+rke2r1',
    aws:               true,
    light:             true,
    subnet:            20 + n * 32,
    pools:             [
      { name: 'cp', roles: { controlPlane: true, etcd: true, worker: false }, quantity: cp, instanceType: 't3.large' },
      { name: 'worker', roles: { controlPlane: false, etcd: false, worker: true }, quantity: nodes - cp, instanceType: 't3.xlarge' },
    ],
    rkeConfig: {
      machineGlobalConfig:   { cni: 'calico' },
      machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws', 'protect-kernel-defaults': false } }],
    },
    workloadImages: BIG_CLUSTER_WORKLOAD_IMAGES,
  };
}

/** Small clusters with a mix of shapes: in-tree RKE2 1.26 (most), no cloud provider 1.27, K3s. */
export function manyClusters(count: number, offset: number): ClusterSeed[] {
  const out: ClusterSeed[] = [];

  for (let i = 0; i < count; i++) {
    const n = offset + i;
    const kind = n % 10;
    const name = `fleet-${ String(n).padStart(4, '0') }`;
    const roles = { controlPlane: true, etcd: true, worker: true };

    if (kind < 7) {
      out.push({
        name, id: idFor('f', n), distro: 'rke2', kubernetesVersion: 'v1.26.15+rke2r1', aws: true, light: true, subnet: 300 + n, pools: [{ name: 'all', roles, quantity: 1 }], rkeConfig: { machineGlobalConfig: { cni: 'calico', 'cloud-provider-name': 'aws' } }
      });
    } else if (kind < 9) {
      out.push({
        name, id: idFor('f', n), distro: 'rke2', kubernetesVersion: 'v1.27.16+rke2r1', aws: false, light: true, subnet: 300 + n, pools: [{ name: 'all', roles, quantity: 1 }], rkeConfig: { machineGlobalConfig: { cni: 'calico' } }
      });
    } else {
      out.push({
        name, id: idFor('f', n), distro: 'k3s', kubernetesVersion: 'v1.27.16+k3s1', aws: false, light: true, subnet: 300 + n, pools: [{ name: 'all', roles, quantity: 1 }], rkeConfig: { machineGlobalConfig: {} }
      });
    }
  }

  return out;
}

/** The CCM HelmChart of an RKE2 additional manifest (image of the Kubernetes minor), with or without leader migration. */
function ccmManifest(imageTag: string, leaderMigration: boolean): string {
  return `apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: aws-cloud-controller-manager
  namespace: kube-system
spec:
  chart: aws-cloud-controller-manager
  repo: https://kubernetes.github.io/cloud-provider-aws
  targetNamespace: kube-system
  bootstrap: true
  version: 0.0.8
  valuesContent: |-
    hostNetworking: true
    image:
      tag: ${ imageTag }
    nodeSelector:
      node-role.kubernetes.io/control-plane: "true"
    tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: node-role.kubernetes.io/etcd
        operator: Exists
        effect: NoExecute
      - key: node.cloudprovider.kubernetes.io/uninitialized
        value: "true"
        effect: NoSchedule
    args:
      - --configure-cloud-routes=false
      - --v=2
      - --cloud-provider=aws${ leaderMigration ? '\n      - --enable-leader-migration=true' : '' }
`;
}

/** The switched RKE2 config: `aws` kept for node names, every component external, RKE2's own cloud controller off. */
const RKE2_SWITCHED = {
  'cloud-provider-name':         'aws',
  'kubelet-arg':                 ['cloud-provider=external'],
  'kube-apiserver-arg':          ['cloud-provider=external'],
  'kube-controller-manager-arg': ['cloud-provider=external'],
  'disable-cloud-controller':    true,
};

/** Who carried out the steps of a generated migration, in turn. */
const ADMINS = ['admin', 'j.doe', 'ops-bot'];

/**
 * The migration journal the extension keeps on a provisioning cluster (annotation
 * `cloud-provider-migration.io/journal`): one entry per step carried out, oldest first, and the choices the
 * migration started with. Steps 7 minutes apart from `start`.
 */
function journal(steps: [string, string, string][], by: string, start: number): Record<string, string> {
  const at = (i: number) => new Date(start + i * 7 * 60000).toISOString().replace(/\.\d+Z$/, 'Z');

  return {
    'cloud-provider-migration.io/journal': JSON.stringify({
      entries: steps.map(([step, action, result], i) => ({
        step, action, by, at: at(i + 1), result,
      })),
      dropped: 0,
      choices: { strategy: 'leader-migration', awsPrerequisites: { by, at: at(0) } },
    }),
  };
}

const RKE2_STEPS: [string, string, string][] = [
  ['enable-leader-migration', 'update-cluster', 'applied'],
  ['deploy-ccm', 'update-cluster', 'applied'],
  ['cordon-control-plane', 'cordon', 'done'],
  ['switch-to-external', 'update-cluster', 'applied'],
  ['uncordon-control-plane', 'uncordon', 'done'],
  ['cleanup-ccm-leader-migration', 'update-cluster', 'applied'],
];
const RKE1_STEPS: [string, string, string][] = [['enable-leader-migration', 'update-cluster', 'applied']];

/** Journals start on this day (2026-03-02, 09:00 UTC), a day later for every cluster. */
const JOURNAL_EPOCH = Date.UTC(2026, 2, 2, 9);

/**
 * A fleet for the fleet view: `count` clusters, in every state an admin of hundreds of clusters meets. Of each 20:
 * in-tree RKE2 on 1.26 (6) and 1.25 (1), in-tree RKE2 left on 1.28 (1: the in-tree provider is gone there), RKE2 on
 * a release that ignores `aws` (1), RKE2 mid-migration with a journal (leader migration enabled: 2; the CCM deployed:
 * 1), migrated RKE2 with a journal (2), RKE2 without a cloud provider (1), K3s (1), imported EKS (1); on Rancher 2.11
 * in-tree RKE1 (2) and RKE1 with leader migration enabled and a journal (1), on 2.13 (no RKE1) three more in-tree
 * RKE2 on 1.26. Names `fleet-0000`…, RKE1 clusters `c-f0000`… (display name `fleet-0000`…).
 */
export function fleetClusters(count: number, offset: number, rancherVersion: '2.11' | '2.13'): ClusterSeed[] {
  const out: ClusterSeed[] = [];

  for (let i = 0; i < count; i++) {
    const n = offset + i;
    const kind = n % 20;
    const name = `fleet-${ String(n).padStart(4, '0') }`;
    const base = {
      name, id: idFor('g', n), aws: true, light: true, subnet: 2000 + n, pools: [{ name: 'all', roles: { controlPlane: true, etcd: true, worker: true }, quantity: 1 }],
    };
    const rke2 = (version: string, config: Record<string, any>, extra: Partial<ClusterSeed> = {}, additionalManifest?: string): ClusterSeed => ({
      ...base, distro: 'rke2', kubernetesVersion: version, rkeConfig: { machineGlobalConfig: { cni: 'calico', ...config }, ...(additionalManifest ? { additionalManifest } : {}) }, ...extra,
    });
    const leaderMigration = { 'cloud-provider-name': 'aws', 'kube-controller-manager-arg': ['enable-leader-migration'] };
    const inTree = { 'cloud-provider-name': 'aws' };
    const by = ADMINS[n % ADMINS.length];
    const start = JOURNAL_EPOCH + (n % 30) * 86400000;

    if (kind < 6 || (kind >= 17 && rancherVersion === '2.13')) {
      out.push(rke2('v1.26.15+rke2r1', inTree));
    } else if (kind === 6) {
      out.push(rke2('v1.25.16+rke2r2', inTree));
    } else if (kind === 7) {
      out.push(rke2('v1.28.15+rke2r1', inTree));
    } else if (kind === 8) {
      out.push(rke2('v1.30.7+rke2r1', inTree));
    } else if (kind < 11) {
      out.push(rke2('v1.26.15+rke2r1', leaderMigration, { annotations: journal(RKE2_STEPS.slice(0, 1), by, start) }));
    } else if (kind === 11) {
      out.push(rke2('v1.26.15+rke2r1', leaderMigration, { annotations: journal(RKE2_STEPS.slice(0, 2), by, start) }, ccmManifest('v1.26.14', true)));
    } else if (kind < 14) {
      out.push(rke2('v1.27.16+rke2r1', RKE2_SWITCHED, { ccm: true, annotations: journal(RKE2_STEPS, by, start) }, ccmManifest('v1.27.10', false)));
    } else if (kind === 14) {
      out.push(rke2('v1.28.15+rke2r1', {}, { aws: false }));
    } else if (kind === 15) {
      out.push({
        ...base, distro: 'k3s', aws: false, kubernetesVersion: 'v1.28.15+k3s1', rkeConfig: { machineGlobalConfig: {} },
      });
    } else if (kind === 16) {
      out.push({
        ...base, distro: 'eks', kubernetesVersion: 'v1.29.4-eks-036c24b', pools: [{ name: 'ng', roles: { controlPlane: false, etcd: false, worker: true }, quantity: 1 }],
      });
    } else {
      const id = `c-f${ n.toString(36).padStart(4, '0') }`.slice(0, 7);
      const rke1Config = demoRke1Config('v1.26.15-rancher1-1');

      if (kind === 19) {
        rke1Config.services.kubeController = { ...rke1Config.services.kubeController, extraArgs: { 'enable-leader-migration': 'true' } };
      }
      out.push({
        ...base, name: id, id, displayName: name, distro: 'rke1', kubernetesVersion: 'v1.26.15-rancher1-1', rke1Config, annotations: kind === 19 ? journal(RKE1_STEPS, by, start) : undefined,
      });
    }
  }

  return out;
}

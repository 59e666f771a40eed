/**
 * Observations of a large migrated RKE2 cluster as the Steve proxy returns them: 3 control-plane + etcd nodes
 * (role taints without values) and workers, every node with an AWS providerID; the CCM DaemonSet rolled out on
 * the control plane; the CCM holding the leader-migration lease.
 */
import type {
  DaemonSetLike, LeaseLike, NodeLike, Observations
} from '../pkg/cloud-provider-migration/engine';

const ZONES = ['us-west-2a', 'us-west-2b', 'us-west-2c'];

function node(i: number, controlPlane: boolean): NodeLike {
  const name = controlPlane ? `bench-cp-${ i }` : `bench-worker-${ i }`;
  const zone = ZONES[i % ZONES.length];
  const roles: Record<string, string> = controlPlane ? {
    'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/etcd': 'true', 'node-role.kubernetes.io/master': 'true'
  } : { 'node-role.kubernetes.io/worker': 'true' };

  return {
    metadata: {
      name,
      labels: {
        'kubernetes.io/arch':               'amd64',
        'kubernetes.io/hostname':           name,
        'kubernetes.io/os':                 'linux',
        'node.kubernetes.io/instance-type': controlPlane ? 't3.large' : 't3.xlarge',
        'topology.kubernetes.io/region':    'us-west-2',
        'topology.kubernetes.io/zone':      zone,
        ...roles,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: {
      providerID: `aws:///${ zone }/i-${ (0x1000000 + i).toString(16).padStart(17, '0') }`,
      ...(controlPlane ? {
        taints: [
          { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          { key: 'node-role.kubernetes.io/etcd', effect: 'NoExecute' },
        ]
      } : {}),
    },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export function rke2Nodes(count: number): NodeLike[] {
  return Array.from({ length: count }, (_, i) => node(i, i < 3));
}

export function ccmDaemonSet(controlPlaneNodes: number): DaemonSetLike {
  return {
    metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system', generation: 2 },
    spec:     {
      updateStrategy: { type: 'RollingUpdate' },
      template:       {
        spec: {
          nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' },
          tolerations:  [
            { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' },
            { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
            { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' },
          ],
        },
      },
    },
    status: {
      observedGeneration:     2,
      desiredNumberScheduled: controlPlaneNodes,
      currentNumberScheduled: controlPlaneNodes,
      updatedNumberScheduled: controlPlaneNodes,
      numberAvailable:        controlPlaneNodes,
      numberReady:            controlPlaneNodes,
      numberMisscheduled:     0,
    },
  };
}

export function leases(): LeaseLike[] {
  const ccm = 'bench-cp-0_5b1f3c7e-2d4a-4e8b-9c1d-0a2b3c4d5e6f';
  const kcm = 'bench-cp-1_9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
  const lease = (name: string, holderIdentity: string): LeaseLike => ({ metadata: { name, namespace: 'kube-system' }, spec: { holderIdentity, leaseDurationSeconds: 15 } });

  return [lease('cloud-provider-extraction-migration', ccm), lease('cloud-controller-manager', ccm), lease('kube-controller-manager', kcm)];
}

export function migratedObservations(nodeCount: number): Observations {
  return {
    clusterReady: true, nodes: rke2Nodes(nodeCount), daemonSet: ccmDaemonSet(3), leases: leases()
  };
}

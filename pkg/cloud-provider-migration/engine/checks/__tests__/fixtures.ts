/**
 * Real-shaped downstream objects as the Steve proxy returns them (docs/rancher-behaviour.md#downstream-proxy). Kubernetes omits an empty
 * taint value from JSON, so Rancher RKE2's control-plane/etcd taints have no `value` field at all.
 */
import type {
  DaemonSetLike, LeaseLike, NodeLike, Taint
} from '../../types';

let seq = 0;

function awsNode(name: string, roleLabels: Record<string, string>, taints: Taint[], providerID: string | undefined, extra: Partial<NodeLike['spec']> = {}): NodeLike {
  seq += 1;
  const spec: NodeLike['spec'] = { ...extra };

  if (providerID !== undefined) {
    spec.providerID = providerID;
  }
  if (taints.length) {
    spec.taints = taints;
  }

  return {
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch':          'amd64',
        'beta.kubernetes.io/instance-type': 'm5.large',
        'beta.kubernetes.io/os':            'linux',
        'kubernetes.io/arch':               'amd64',
        'kubernetes.io/hostname':           name,
        'kubernetes.io/os':                 'linux',
        'node.kubernetes.io/instance-type': 'm5.large',
        'topology.kubernetes.io/region':    'us-west-2',
        'topology.kubernetes.io/zone':      'us-west-2a',
        ...roleLabels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec,
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** A 17-hex-digit EC2 instance id, unique per node. */
const instance = () => `i-${ (0x0a1b2c3d + seq).toString(16).padStart(17, '0') }`;

/** RKE2 via Rancher v2prov, control-plane + etcd pool (no worker role): both role taints, empty values. */
export function rke2ControlPlane(name: string, opts: { providerID?: string; unschedulable?: boolean; taints?: Taint[] } = {}): NodeLike {
  return awsNode(name, {
    'node-role.kubernetes.io/control-plane': 'true',
    'node-role.kubernetes.io/etcd':          'true',
    'node-role.kubernetes.io/master':        'true',
    'rke.cattle.io/machine':                 `4a1f0c6e-${ name.length }-4d2b-9c7e-0b1f2a3c4d5e`,
  }, opts.taints ?? [
    { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    { key: 'node-role.kubernetes.io/etcd', effect: 'NoExecute' },
  ], 'providerID' in opts ? opts.providerID : `aws:///us-west-2a/${ instance() }`, opts.unschedulable ? { unschedulable: true } : {});
}

export function rke2Worker(name: string, opts: { providerID?: string; taints?: Taint[] } = {}): NodeLike {
  return awsNode(name, { 'node-role.kubernetes.io/worker': 'true', 'rke.cattle.io/machine': 'b2c0f1d4-0c1a-4f3e-8a2d-6e5f4a3b2c1d' }, opts.taints ?? [],
    'providerID' in opts ? opts.providerID : `aws:///us-west-2b/${ instance() }`);
}

/** RKE1 control-plane + etcd node: role labels and taints with the value `true` (rancher/rke hosts.go). */
export function rke1ControlPlane(name: string, opts: { providerID?: string; unschedulable?: boolean } = {}): NodeLike {
  return awsNode(name, { 'node-role.kubernetes.io/controlplane': 'true', 'node-role.kubernetes.io/etcd': 'true' }, [
    { key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' },
    { key: 'node-role.kubernetes.io/etcd', value: 'true', effect: 'NoExecute' },
  ], 'providerID' in opts ? opts.providerID : `aws:///us-west-2a/${ instance() }`, opts.unschedulable ? { unschedulable: true } : {});
}

export function rke1Worker(name: string): NodeLike {
  return awsNode(name, { 'node-role.kubernetes.io/worker': 'true' }, [], `aws:///us-west-2c/${ instance() }`);
}

/** The chart's default tolerations (cloud-provider-aws values.yaml, docs/rancher-behaviour.md#ccm-chart-values). */
export const CHART_DEFAULT_TOLERATIONS = [
  { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
];

/** Tolerations our RKE2 values write: every control-plane taint, whatever its value. */
export const RKE2_TOLERATIONS = [
  { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' },
];

export const RKE1_TOLERATIONS = [
  { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/etcd', value: 'true', effect: 'NoExecute' },
];

export interface DaemonSetShape {
  generation?: number;
  observedGeneration?: number;
  desired?: number;
  updated?: number;
  available?: number;
  strategy?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: any[];
}

/** The CCM DaemonSet as the chart renders it, with the status a DaemonSet controller reports. */
export function ccmDaemonSet(shape: DaemonSetShape = {}): DaemonSetLike {
  const desired = shape.desired ?? 3;

  return {
    metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system', generation: shape.generation ?? 2 },
    spec:     {
      updateStrategy: { type: shape.strategy ?? 'RollingUpdate' },
      template:       {
        spec: {
          nodeSelector: shape.nodeSelector ?? { 'node-role.kubernetes.io/control-plane': 'true' },
          tolerations:  shape.tolerations ?? RKE2_TOLERATIONS,
          containers:   [{ name: 'aws-cloud-controller-manager', image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.14', args: ['--v=2', '--cloud-provider=aws', '--enable-leader-migration=true'] }],
        },
      },
    },
    status: {
      observedGeneration:     shape.observedGeneration ?? shape.generation ?? 2,
      desiredNumberScheduled: desired,
      currentNumberScheduled: desired,
      updatedNumberScheduled: shape.updated ?? desired,
      numberAvailable:        shape.available ?? desired,
      numberReady:            shape.available ?? desired,
      numberMisscheduled:     0,
    },
  };
}

export function lease(name: string, holderIdentity: string | undefined): LeaseLike {
  const spec: LeaseLike['spec'] = { leaseDurationSeconds: 15, renewTime: '2026-05-04T10:11:12.000000Z' };

  if (holderIdentity !== undefined) {
    spec.holderIdentity = holderIdentity;
  }

  return { metadata: { name, namespace: 'kube-system' }, spec };
}

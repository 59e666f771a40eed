/**
 * What a control-plane node looks like on each distro (docs/rancher-behaviour.md#control-plane-taints): the role label it carries and the
 * taints Rancher puts on it. RKE2 (Rancher v2prov) labels `node-role.kubernetes.io/control-plane=true` and,
 * on nodes without the worker role, taints with EMPTY values; RKE1 labels `node-role.kubernetes.io/controlplane=true`
 * and taints with the value `true`.
 */
import type { Distro, Taint } from '../types';

export interface NodeLabel {
  key: string;
  value: string;
}

const ROLE_LABEL: Record<Distro, NodeLabel> = {
  rke2: { key: 'node-role.kubernetes.io/control-plane', value: 'true' },
  rke1: { key: 'node-role.kubernetes.io/controlplane', value: 'true' },
};

/** The role label every control-plane node of the distro carries. */
export function controlPlaneLabel(distro: Distro): NodeLabel {
  return ROLE_LABEL[distro];
}

/** The other distro's role label: finding it on a node means the distro guess or a copied value is wrong. */
export function otherDistroControlPlaneLabel(distro: Distro): NodeLabel {
  return ROLE_LABEL[distro === 'rke2' ? 'rke1' : 'rke2'];
}

/**
 * Taints a control-plane node may carry. The etcd taint is only on nodes that also hold the etcd role and not the
 * worker role, which is the most common Rancher pool layout (control-plane + etcd).
 */
export function controlPlaneTaints(distro: Distro): Taint[] {
  const value = distro === 'rke2' ? '' : 'true';
  const prefix = distro === 'rke2' ? 'node-role.kubernetes.io/control-plane' : 'node-role.kubernetes.io/controlplane';

  return [
    { key: prefix, value, effect: 'NoSchedule' },
    { key: 'node-role.kubernetes.io/etcd', value, effect: 'NoExecute' },
  ];
}

/** Labels present on every Linux node whatever its role, so a nodeSelector on them never excludes a node. */
export const UNIVERSAL_NODE_LABELS = ['kubernetes.io/os', 'kubernetes.io/arch', 'beta.kubernetes.io/os', 'beta.kubernetes.io/arch'];

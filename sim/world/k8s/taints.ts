/**
 * Taints and tolerations, as kubernetes pkg/apis/core/v1/helper ToleratesTaint / Toleration.ToleratesTaint
 * (k8s.io/api core/v1 toleration.go):
 * - effects must be equal, unless the toleration's effect is empty (matches every effect);
 * - keys must be equal, unless the toleration's key is empty with operator Exists (matches every key);
 * - operator Exists matches any value; Equal (the default when empty) needs the values to be equal, so a
 *   toleration `value: "true"` does NOT match an empty-valued taint.
 */
import { KObj } from '../../store';
import { TAINT_UNSCHEDULABLE } from '../types';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | string;
}

export interface Toleration {
  key?: string;
  operator?: 'Equal' | 'Exists' | string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export function toleratesTaint(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) {
    return false;
  }
  const op = tol.operator || 'Equal';

  if ((tol.key || '') !== taint.key && !(op === 'Exists' && !tol.key)) {
    return false;
  }
  if (op === 'Exists') {
    return true;
  }
  if (op === 'Equal') {
    return (tol.value ?? '') === (taint.value ?? '');
  }

  return false;
}

/** Taints with NoSchedule/NoExecute that no toleration covers (PreferNoSchedule never blocks). */
export function untoleratedTaints(taints: Taint[] | undefined, tolerations: Toleration[] | undefined): Taint[] {
  return (taints || []).filter((t) => t.effect !== 'PreferNoSchedule' && !(tolerations || []).some((tol) => toleratesTaint(tol, t)));
}

/**
 * Tolerations the DaemonSet controller adds to every daemon pod (kubernetes pkg/controller/daemon/util
 * AddOrUpdateDaemonPodTolerations): not-ready and unreachable NoExecute, disk/memory/pid-pressure and
 * unschedulable NoSchedule, network-unavailable NoSchedule for host-network pods.
 */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' },
  ];

  if (hostNetwork) {
    t.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  }

  return t;
}

/**
 * The node's taints as the scheduler sees them: a cordoned node (`spec.unschedulable`) carries
 * `node.kubernetes.io/unschedulable:NoSchedule` (kubernetes pkg/controller/nodelifecycle, TaintNodesByCondition).
 */
export function effectiveTaints(node: KObj): Taint[] {
  const taints = [...(node.spec?.taints || [])];

  if (node.spec?.unschedulable && !taints.some((t) => t.key === TAINT_UNSCHEDULABLE)) {
    taints.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  }

  return taints;
}

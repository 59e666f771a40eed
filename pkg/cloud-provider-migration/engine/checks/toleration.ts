/**
 * Kubernetes toleration matching (k8s.io/api core/v1 `Toleration.ToleratesTaint`): the effect must match or be
 * empty; an empty key with operator Exists matches every taint; operator Exists ignores the value; operator Equal
 * (the default) compares values, a missing value counting as the empty string; any other operator matches nothing.
 */
import type { Taint } from '../types';

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal' | string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) {
    return false;
  }
  if (toleration.key && toleration.key !== taint.key) {
    return false;
  }
  if (!toleration.key && toleration.operator !== 'Exists') {
    return false;
  }
  if (toleration.operator === 'Exists') {
    return true;
  }
  if (toleration.operator && toleration.operator !== 'Equal') {
    return false;
  }

  return (toleration.value ?? '') === (taint.value ?? '');
}

/** True when at least one toleration of the list tolerates the taint. */
export function toleratedBy(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations || []).some((t) => tolerates(t, taint));
}

/** `key=value:Effect` (or `key:Effect` for an empty value), as kubectl prints taints. */
export function formatTaint(taint: Taint): string {
  return `${ taint.key }${ taint.value ? `=${ taint.value }` : '' }:${ taint.effect }`;
}

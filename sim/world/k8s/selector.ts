/**
 * Label selector matching, as k8s.io/apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector and
 * pkg/labels/selector.go: matchLabels are ANDed with matchExpressions; operators In, NotIn, Exists,
 * DoesNotExist. NotIn and DoesNotExist match when the key is absent. An empty selector matches everything.
 */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export function requirementMatches(req: LabelSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const values = (req.values || []).map(String);

  switch (req.operator) {
    case 'In':
      return has && values.includes(labels[req.key]);
    case 'NotIn':
      return !has || !values.includes(labels[req.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false; // an unknown operator is an invalid selector: it selects nothing
  }
}

export function selectorMatches(sel: LabelSelector | undefined | null, labels: Record<string, string> = {}): boolean {
  if (!sel) {
    return true;
  }
  for (const [k, v] of Object.entries(sel.matchLabels || {})) {
    if (labels[k] !== String(v)) {
      return false;
    }
  }

  return (sel.matchExpressions || []).every((r) => requirementMatches(r, labels));
}

/** A pod's nodeSelector: every key must be present with exactly that value (k8s scheduler NodeAffinity plugin). */
export function nodeSelectorMatches(nodeSelector: Record<string, string> | undefined | null, labels: Record<string, string> = {}): boolean {
  return Object.entries(nodeSelector || {}).every(([k, v]) => Object.prototype.hasOwnProperty.call(labels, k) && labels[k] === String(v ?? ''));
}

/** Kubernetes label selectors (`matchLabels` AND `matchExpressions`), as Rancher evaluates machineLabelSelector. */

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

function requirements(selector: LabelSelector): LabelSelectorRequirement[] {
  const fromLabels = Object.entries(selector.matchLabels || {}).map(([key, value]) => ({ key, operator: 'In', values: [String(value)] }));

  return [...fromLabels, ...(selector.matchExpressions || [])];
}

function requirementMatches(req: LabelSelectorRequirement, labels: Record<string, string>): boolean {
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
      // An operator Kubernetes does not know makes the selector invalid; Rancher then skips the entry.
      return false;
  }
}

/** True when every requirement holds. An empty selector matches every machine (labels.Everything()). */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  return requirements(selector).every((req) => requirementMatches(req, labels));
}

/** Keys the selector looks at. */
export function selectorKeys(selector: LabelSelector): string[] {
  return [...new Set(requirements(selector).map((r) => r.key))];
}

/**
 * Evaluates only the requirements on the given keys; requirements on other keys are assumed to hold
 * (used for selectors that also look at labels the engine cannot know).
 */
export function selectorMatchesOn(selector: LabelSelector, labels: Record<string, string>, keys: readonly string[]): boolean {
  return requirements(selector).filter((r) => keys.includes(r.key)).every((req) => requirementMatches(req, labels));
}

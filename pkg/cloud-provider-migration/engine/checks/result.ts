/** Small constructors for CheckResult, so every check reads as a list of verdicts. */
import type { CheckResult, CheckState, Message } from '../types';

type Params = Record<string, string | number>;

export function verdict(state: CheckState, key: string, params: Params = {}, details: Message[] = []): CheckResult {
  const out: CheckResult = { state, message: { key: `checks.${ key }`, params } };

  if (details.length) {
    out.details = details;
  }

  return out;
}

export function detail(key: string, params: Params = {}): Message {
  return { key: `checks.${ key }`, params };
}

/** `namespace/name` of an object, or its name alone when it has no namespace. */
export function objectName(metadata: { name: string; namespace?: string }): string {
  return metadata.namespace ? `${ metadata.namespace }/${ metadata.name }` : metadata.name;
}

const SEVERITY = { done: 0, waiting: 1, failed: 2 };

/** The worst verdict leads; the other verdicts' messages follow as details. */
export function combine(results: CheckResult[]): CheckResult {
  const lead = results.reduce((worst, r) => (SEVERITY[r.state] > SEVERITY[worst.state] ? r : worst));
  const details = [...(lead.details || []), ...results.filter((r) => r !== lead).flatMap((r) => [r.message, ...(r.details || [])])];

  return details.length ? { ...lead, details } : { ...lead };
}

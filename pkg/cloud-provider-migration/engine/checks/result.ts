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

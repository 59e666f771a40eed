import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { InputFormat } from '../types';
import { editableView } from '../cluster/clusterShape';

/** Multi-line strings (additionalManifest) as literal blocks, so the diff shows them line by line. */
export const OBJECT_YAML_OPTIONS = { blockQuote: 'literal' as const, lineWidth: 0 };

/** Unified diff of the YAML of the object a user edits (status, links, managedFields left out). */
export function objectDiff(name: string, before: Record<string, any>, after: Record<string, any>, format: InputFormat): string {
  const a = stringify(editableView(before, format), OBJECT_YAML_OPTIONS);
  const b = stringify(editableView(after, format), OBJECT_YAML_OPTIONS);

  return a === b ? '' : createTwoFilesPatch(`${ name }.yaml`, `${ name }.yaml`, a, b, 'current', 'after this step');
}

/** Unified diff of chart values ('' before = a new install). */
export function valuesDiff(before: Record<string, unknown> | undefined, after: Record<string, unknown>): string {
  const a = before ? stringify(before) : '';
  const b = stringify(after);

  return a === b ? '' : createTwoFilesPatch('values.yaml', 'values.yaml', a, b, before ? 'current' : 'new', 'after this step');
}

import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { Detection, DiffSides, InputFormat } from '../types';
import { editableView } from '../cluster/clusterShape';

/** Multi-line strings (additionalManifest) as literal blocks, so the diff shows them line by line. */
export const OBJECT_YAML_OPTIONS = { blockQuote: 'literal' as const, lineWidth: 0 };

/** What a step shows of its change: the unified diff ('' when nothing changes) and, when it changes, the two texts. */
export interface StepDiff {
  diff: string;
  diffSides?: DiffSides;
}

/** The YAML text of the object a user edits (status, links, managedFields left out). */
export function objectYaml(obj: Record<string, any>, format: InputFormat): string {
  return stringify(editableView(obj, format), OBJECT_YAML_OPTIONS);
}

function stepDiff(fileName: string, before: string, after: string, beforeLabel: string, afterLabel = 'after this step'): StepDiff {
  if (before === after) {
    return { diff: '' };
  }

  return { diff: createTwoFilesPatch(fileName, fileName, before, after, beforeLabel, afterLabel), diffSides: { before, after } };
}

/**
 * The texts of one plan's objects, keyed by the plan's detection (one per plan; it names the file and the format)
 * and then by object. A step's `before` is the previous step's `after` object itself, so each object is rendered
 * once per plan. Objects are not changed while a plan is made; a later plan has a new detection and renders afresh.
 */
const planTexts = new WeakMap<Detection, WeakMap<object, string>>();

function textIn(detection: Detection, obj: Record<string, any>): string {
  let texts = planTexts.get(detection);

  if (!texts) {
    texts = new WeakMap();
    planTexts.set(detection, texts);
  }
  let text = texts.get(obj);

  if (text === undefined) {
    text = objectYaml(obj, detection.format);
    texts.set(obj, text);
  }

  return text;
}

/**
 * An update step's diff of the object a user edits, rendering each object of the plan once (see `planTexts`).
 * `afterLabel` names the new side (a rollback's is not "after this step").
 */
export function objectStepDiff(detection: Detection, before: Record<string, any>, after: Record<string, any>, afterLabel?: string): StepDiff {
  return stepDiff(`${ detection.name }.yaml`, textIn(detection, before), textIn(detection, after), 'current', afterLabel);
}

/** Unified diff of the YAML of the object a user edits (status, links, managedFields left out). */
export function objectDiff(name: string, before: Record<string, any>, after: Record<string, any>, format: InputFormat): string {
  return stepDiff(`${ name }.yaml`, objectYaml(before, format), objectYaml(after, format), 'current').diff;
}

/** An install-chart step's diff of the chart values ('' before = a new install). */
export function valuesStepDiff(before: Record<string, unknown> | undefined, after: Record<string, unknown>): StepDiff {
  return stepDiff('values.yaml', before ? stringify(before) : '', stringify(after), before ? 'current' : 'new');
}

/** Unified diff of chart values ('' before = a new install). */
export function valuesDiff(before: Record<string, unknown> | undefined, after: Record<string, unknown>): string {
  return valuesStepDiff(before, after).diff;
}

import { stringify } from 'yaml';
import { OBJECT_YAML_OPTIONS, editableView } from '../engine';
import type { InputFormat, PlanStep } from '../engine';

/**
 * The two YAML texts the engine compared to write a step's `diff`, for the shell's YamlEditor diff mode.
 * `before` is '' for a chart installed for the first time.
 */
export interface DiffSides {
  before: string;
  after: string;
}

function lastBefore<T>(steps: PlanStep[], index: number, pick: (step: PlanStep) => T | undefined): T | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const found = pick(steps[i]);

    if (found !== undefined) {
      return found;
    }
  }

  return undefined;
}

/**
 * Before and after of step `index`, as the engine diffed them: an update step goes from the previous update
 * step's `object` (or the input object for the first one) to its own `object`, both in the view a user edits
 * (`editableView`); a chart step goes from the previous chart step's values (none for the first install) to its
 * own. Undefined when the step has no diff, or when the input object is needed but not given.
 */
export function stepDiffSides(steps: PlanStep[], index: number, input: Record<string, any> | undefined, format: InputFormat): DiffSides | undefined {
  const step = steps[index];

  if (!step?.diff) {
    return undefined;
  }
  if (step.object) {
    const base = lastBefore(steps, index, (s) => s.object) || input;

    if (!base) {
      return undefined;
    }

    return {
      before: stringify(editableView(base, format), OBJECT_YAML_OPTIONS),
      after:  stringify(editableView(step.object, format), OBJECT_YAML_OPTIONS),
    };
  }
  if (step.chart) {
    const base = lastBefore(steps, index, (s) => s.chart?.values);

    return { before: base ? stringify(base) : '', after: stringify(step.chart.values) };
  }

  return undefined;
}

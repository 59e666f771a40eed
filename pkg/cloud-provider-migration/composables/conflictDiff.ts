/**
 * What changed under a run that ended in a conflict: the part of the cluster the step owns (api OWNED_FIELD, the
 * part the conflict protocol compares) as the run read it (`base`) and as the cluster holds it now (`theirs`),
 * as YAML with the engine's object options, so the admin sees the other change before running the step again.
 */
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { OBJECT_YAML_OPTIONS } from '../engine';
import type { DiffSides, Distro, WriteResult } from '../engine';
import { OWNED_FIELD } from '../api';

export interface ConflictDiff {
  /** The field the step owns (`spec` or `rancherKubernetesEngineConfig`). */
  field: string;
  /** Unified diff of that field, base → theirs; '' when it is the same (the run gave up on other changes). */
  diff: string;
  sides?: DiffSides;
}

function fieldYaml(obj: Record<string, any>, field: string): string {
  const part = obj[field];

  return part === undefined || part === null ? '' : stringify(part, OBJECT_YAML_OPTIONS);
}

/** The diff of the owned part, base → theirs; undefined when the record holds no conflict. */
export function conflictDiff(conflict: WriteResult | undefined, distro: Distro, labels: { base: string; theirs: string }): ConflictDiff | undefined {
  if (!conflict?.base || !conflict.theirs) {
    return undefined;
  }
  const field = OWNED_FIELD[distro];
  const before = fieldYaml(conflict.base, field);
  const after = fieldYaml(conflict.theirs, field);

  if (before === after) {
    return { field, diff: '' };
  }

  return {
    field,
    diff:  createTwoFilesPatch(`${ field }.yaml`, `${ field }.yaml`, before, after, labels.base, labels.theirs),
    sides: { before, after },
  };
}

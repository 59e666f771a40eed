/**
 * The conflict protocol for writing a cluster step (docs/rancher-behaviour.md#steve-update):
 * read fresh → derive the target from that fresh object → skip the write when nothing changes → write with the
 * fresh resourceVersion → on 409 read again and compare the part the step owns: if someone else changed it, hand
 * both versions to the user; if not, derive again from the new read and write again (at most MAX_WRITES writes in
 * all). The old body is never resent. A derive that throws (e.g. INVALID_MANIFEST) stops everything before any write.
 */
import { jsonEqual } from '../engine';
import { toMigrationError } from './errors';
import type { StoreLike } from './request';

type Obj = Record<string, any>;

export interface ClusterStepIo {
  /** Reads the cluster fresh, e.g. `(s) => getProvisioningCluster(s, id)`. */
  read: (store: StoreLike) => Promise<Obj>;
  /** Writes the derived object, e.g. `putProvisioningCluster`; returns what the server now holds. */
  write: (store: StoreLike, obj: Obj) => Promise<Obj>;
  /** The engine's step function: the whole object as it must be after the step, derived from `fresh`. */
  derive: (fresh: Obj) => Obj;
  /** The part of the object the step owns; a change to it under us is a conflict for the user to resolve. */
  ownedPart: (obj: Obj) => unknown;
}

export type ClusterStepResult =
  | { outcome: 'applied' | 'unchanged'; object: Obj }
  /** `object`/`theirs`: the cluster as it is now; `ours`: what we tried to write; `base`: what we derived it from. */
  | { outcome: 'conflict'; object: Obj; theirs: Obj; ours: Obj; base: Obj };

async function writeOrConflict(store: StoreLike, io: ClusterStepIo, target: Obj): Promise<Obj | 'conflict'> {
  try {
    return await io.write(store, target);
  } catch (e) {
    const err = toMigrationError(e);

    if (err.code === 'SPEC_CONFLICT') {
      return 'conflict';
    }
    throw err;
  }
}

/**
 * How many writes a step makes at most. A cluster Rancher is reconciling changes its status (and so its
 * resourceVersion) every few seconds, so a 409 on fields the step does not own is retried, from a fresh read, a few
 * times before the user is asked to come back to it.
 */
export const MAX_WRITES = 4;

export async function applyClusterStep(store: StoreLike, io: ClusterStepIo): Promise<ClusterStepResult> {
  const fresh = await io.read(store);
  let base = fresh;
  let target = io.derive(fresh);

  if (jsonEqual(target, fresh)) {
    return { outcome: 'unchanged', object: fresh };
  }
  for (let attempt = 1; ; attempt++) {
    const written = await writeOrConflict(store, io, target);

    if (written !== 'conflict') {
      return { outcome: 'applied', object: written };
    }
    const again = await io.read(store);

    // Someone else changed what the step owns (since the first read): the user decides, nothing is rewritten.
    if (!jsonEqual(io.ownedPart(fresh), io.ownedPart(again)) || attempt >= MAX_WRITES) {
      return {
        outcome: 'conflict', object: again, theirs: again, ours: target, base
      };
    }
    base = again;
    target = io.derive(again);
    if (jsonEqual(target, again)) {
      return { outcome: 'unchanged', object: again };
    }
  }
}

/**
 * The conflict protocol for writing a cluster step (docs/rancher-behaviour.md#steve-update):
 * read fresh → derive the target from that fresh object → skip the write when nothing changes → write with the
 * fresh resourceVersion → on 409 read again and compare the part the step owns: if someone else changed it, hand
 * both versions to the user; if not, derive again from the new read and write ONCE more. The old body is never
 * resent. A derive that throws (e.g. INVALID_MANIFEST) stops everything before any write.
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

export async function applyClusterStep(store: StoreLike, io: ClusterStepIo): Promise<ClusterStepResult> {
  const fresh = await io.read(store);
  const target = io.derive(fresh);

  if (jsonEqual(target, fresh)) {
    return { outcome: 'unchanged', object: fresh };
  }

  const written = await writeOrConflict(store, io, target);

  if (written !== 'conflict') {
    return { outcome: 'applied', object: written };
  }

  const again = await io.read(store);

  if (!jsonEqual(io.ownedPart(fresh), io.ownedPart(again))) {
    return {
      outcome: 'conflict', object: again, theirs: again, ours: target, base: fresh
    };
  }

  const retarget = io.derive(again);

  if (jsonEqual(retarget, again)) {
    return { outcome: 'unchanged', object: again };
  }

  const retried = await writeOrConflict(store, io, retarget);

  if (retried === 'conflict') {
    // Two conflicts in a row on fields we do not own: the object is changing fast; let the user come back to it.
    const latest = await io.read(store);

    return {
      outcome: 'conflict', object: latest, theirs: latest, ours: retarget, base: again
    };
  }

  return { outcome: 'applied', object: retried };
}

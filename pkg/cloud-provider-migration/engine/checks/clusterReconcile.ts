/**
 * Has Rancher taken in and applied the last change to the cluster? The one rule, used by the tab's observations
 * (api/observe.ts), by the step runner's wait (engine/actions/waitCluster.ts) and mirrored by the wait commands
 * printed in that same action file (docs/rancher-behaviour.md#rke2-wait, #rke1-applied-spec).
 *
 * - Caught up: RKE2 — the provisioning cluster's controller has seen the spec (`status.observedGeneration` reached
 *   `metadata.generation`) and the cluster is Ready; RKE1 — every key of the spec is in `status.appliedSpec` as it
 *   is (Rancher adds `nodes` and `systemImages` there, so the two are never equal as a whole).
 * - Applied: the management cluster is Ready and neither cluster says Updated=Unknown (Rancher is applying a change).
 * - Failed: an Updated=False condition, with Rancher's message.
 *
 * Known limit: right after the write, Rancher may still report the old state for a moment before it starts
 * updating; the caller writes first and reads after, and the RKE2 generation and the RKE1 applied spec move with the
 * write, which closes most of that window.
 */
import type { CheckResult, Message } from '../types';
import { jsonEqual } from '../cluster/clusterShape';
import { verdict } from './result';

type Obj = Record<string, any>;

/** The cluster objects Rancher keeps: the management cluster, and for RKE2 the provisioning cluster. */
export interface ClusterObjects {
  management: Obj | undefined;
  provisioning?: Obj;
}

interface Condition {
  type: string;
  status?: string;
  message?: string;
}

function conditionOf(obj: Obj | undefined, type: string): Condition | undefined {
  return (obj?.status?.conditions || []).find((c: Condition) => c.type === type);
}

function caughtUp({ management, provisioning }: ClusterObjects): boolean {
  if (provisioning) {
    return (provisioning.status?.observedGeneration || 0) >= (provisioning.metadata?.generation || 0) &&
      conditionOf(provisioning, 'Ready')?.status === 'True';
  }
  const spec = management?.spec?.rancherKubernetesEngineConfig || {};
  const applied = management?.status?.appliedSpec?.rancherKubernetesEngineConfig || {};

  return Object.keys(spec).every((k) => jsonEqual(spec[k], applied[k]));
}

/** Rancher's verdict on the cluster objects: done (applied), waiting (updating) or failed (Updated=False). */
export function checkRancherReconciled(objects: ClusterObjects): CheckResult {
  const updated = [objects.provisioning, objects.management].map((o) => conditionOf(o, 'Updated')).filter((c): c is Condition => !!c);
  // Rancher's own condition message is not an engine message: it is carried as a key of its own with params.
  const rancher: Message[] = updated.filter((c) => c.message).slice(0, 1).map((c) => ({ key: 'rancher.Updated', params: { status: c.status || '', message: c.message || '' } }));

  if (updated.some((c) => c.status === 'False')) {
    return verdict('failed', 'clusterReconcile.updating', {}, rancher);
  }
  if (caughtUp(objects) && conditionOf(objects.management, 'Ready')?.status === 'True' && !updated.some((c) => c.status === 'Unknown')) {
    return verdict('done', 'clusterReconcile.ready');
  }

  return verdict('waiting', 'clusterReconcile.updating', {}, rancher);
}

/**
 * The wait step's verdict in the tab: the update must be in the object first (a Ready cluster whose object does not
 * yet hold the update has nothing to reconcile), then `clusterReady` (checkRancherReconciled, read by the api layer).
 */
export function checkClusterReconciled(updateDone: boolean, clusterReady: boolean | undefined): CheckResult {
  if (!updateDone) {
    return verdict('waiting', 'clusterReconcile.updatePending');
  }
  if (clusterReady === undefined) {
    return verdict('waiting', 'notObserved');
  }

  return clusterReady ? verdict('done', 'clusterReconcile.ready') : verdict('waiting', 'clusterReconcile.updating');
}

/**
 * An etcd snapshot before a cluster update, and its restore as the last resort (docs/rancher-behaviour.md#etcd-snapshot).
 *
 * - RKE2/K3s: a snapshot is asked for by raising `spec.rkeConfig.etcdSnapshotCreate.generation` on the provisioning
 *   cluster, written with the conflict protocol (writeCluster.ts) as a minimal change of a fresh read: every other
 *   field is sent as read. Rancher then saves a snapshot on every etcd node, each appearing as an
 *   `rke.cattle.io.etcdsnapshot` in the cluster's namespace labelled `rke.cattle.io/cluster-name`, while the cluster is
 *   Updating. Taken = the cluster reconciled again (the one rule, checkRancherReconciled) and a new snapshot object
 *   whose file status is `successful`. A restore raises `etcdSnapshotRestore.generation` with the object's name.
 * - RKE1: the Norman action `backupEtcd` creates an etcdBackup; taken = its Completed condition True. A restore is
 *   the Norman action `restoreFromEtcdBackup` with the backup's Norman id (`<cluster>:<name>`).
 *
 * The clock is the caller's: `until` (the step runner's) polls a verdict until it is done, and throws on a failed
 * verdict or a timeout.
 */
import type { CheckResult, Distro, Message, PlanStep } from '../engine';
import { checkRancherReconciled, jsonEqual, MigrationError } from '../engine';
import { readClusterObjects } from './observe';
import { withLabels } from './labels';
import { JSON_HEADERS, request, type StoreLike } from './request';
import { getProvisioningCluster, putProvisioningCluster } from './steve';
import { applyClusterStep, type ClusterStepResult } from './writeCluster';

type Obj = Record<string, any>;

export const ETCD_SNAPSHOTS = '/v1/rke.cattle.io.etcdsnapshots';
/** The label Rancher puts on a cluster's snapshot objects. */
export const SNAPSHOT_CLUSTER_LABEL = 'rke.cattle.io/cluster-name';

export interface SnapshotTarget {
  /** Provisioning cluster name (RKE2) or Norman cluster id (RKE1). */
  name: string;
  /** Management cluster id. */
  clusterId: string;
  distro: Distro;
  /** The provisioning cluster's namespace (default fleet-default). */
  namespace?: string;
}

/** Polls `probe` until its verdict is done (the step runner's `until`); throws on a failed verdict or a timeout. */
export type Until = (what: string, probe: () => Promise<CheckResult>) => Promise<CheckResult>;

export interface TakenSnapshot {
  /** What a restore takes: RKE2 the snapshot object's name, RKE1 the etcdBackup's Norman id `<cluster>:<name>`. */
  name: string;
  /** Every snapshot the request produced (RKE2: one per etcd node, newest first). */
  names: string[];
}

/** What the restore takes back besides etcd (RKE2 `restoreRKEConfig`; RKE1 `restoreRkeConfig`, none = etcd only). */
export type RestoreMode = 'none' | 'kubernetesVersion' | 'all';

export interface RestoreResult {
  outcome: 'applied' | 'conflict';
  /** RKE2: the conflict protocol's result (both versions on a conflict). */
  write?: ClusterStepResult;
}

function message(key: string, params: Record<string, string | number>): Message {
  return { key: `api.etcdSnapshot.${ key }`, params };
}

function verdict(state: CheckResult['state'], key: string, params: Record<string, string | number>, details: Message[] = []): CheckResult {
  return details.length ? { state, message: message(key, params), details } : { state, message: message(key, params) };
}

function namespaceOf(target: SnapshotTarget): string {
  return target.namespace || 'fleet-default';
}

function provisioningId(target: SnapshotTarget): string {
  return `${ namespaceOf(target) }/${ target.name }`;
}

/** A snapshot file's message, which Rancher passes on base64-encoded (the dashboard decodes it the same way). */
function decoded(text: unknown): string {
  const s = String(text || '');

  if (s && /^[A-Za-z0-9+/]+={0,2}$/.test(s) && s.length % 4 === 0) {
    try {
      const plain = atob(s);

      if (/^[\x20-\x7e\s]*$/.test(plain)) {
        return plain;
      }
    } catch {
      // not base64 after all
    }
  }

  return s;
}

/** The cluster with `spec.rkeConfig.<field>` replaced by `value(current)`; nothing else changes. */
function withRkeField(fresh: Obj, field: string, value: (current: Obj | undefined) => Obj): Obj {
  if (!fresh?.spec?.rkeConfig) {
    throw new MigrationError('INCOMPLETE_OBJECT', `${ fresh?.metadata?.name }: the cluster has no spec.rkeConfig`, { key: 'api.errors.unsaveable', params: { missing: 'spec.rkeConfig' } });
  }
  const next = JSON.parse(JSON.stringify(fresh));

  next.spec.rkeConfig[field] = value(fresh.spec.rkeConfig[field]);

  return next;
}

/** The snapshot request as a minimal change: the next generation of `etcdSnapshotCreate`, its other fields kept. */
export function withSnapshotRequested(fresh: Obj): Obj {
  return withRkeField(fresh, 'etcdSnapshotCreate', (cur) => ({ ...(cur || {}), generation: Number(cur?.generation || 0) + 1 }));
}

/** The restore request: the next generation of `etcdSnapshotRestore` with the snapshot object's name. */
export function withRestoreRequested(fresh: Obj, name: string, mode: RestoreMode = 'none'): Obj {
  return withRkeField(fresh, 'etcdSnapshotRestore', (cur) => ({ name, generation: Number(cur?.generation || 0) + 1, restoreRKEConfig: mode }));
}

/** The RKE2 snapshot objects of a cluster (label `rke.cattle.io/cluster-name`). */
export async function listEtcdSnapshots(store: StoreLike, target: SnapshotTarget): Promise<Obj[]> {
  const selector = `${ SNAPSHOT_CLUSTER_LABEL }=${ target.name }`;
  const page = await request(store, 'management', { url: `${ ETCD_SNAPSHOTS }/${ encodeURIComponent(namespaceOf(target)) }?labelSelector=${ encodeURIComponent(selector) }` });

  return Array.isArray(page?.data) ? withLabels(page.data, selector) : [];
}

/** Writes `derive(fresh)` with the conflict protocol; a change to `field` by someone else is a conflict. */
function writeRkeField(store: StoreLike, target: SnapshotTarget, field: string, derive: (fresh: Obj) => Obj): Promise<ClusterStepResult> {
  return applyClusterStep(store, {
    read:      (s) => getProvisioningCluster(s, provisioningId(target)),
    write:     putProvisioningCluster,
    derive,
    ownedPart: (obj) => obj?.spec?.rkeConfig?.[field],
  });
}

function conflict(target: SnapshotTarget): MigrationError {
  return new MigrationError('SPEC_CONFLICT', `${ target.name }: someone else asked for an etcd snapshot or restore at the same time`, { key: 'api.etcdSnapshot.conflict', params: { cluster: target.name } });
}

function newest(a: Obj, b: Obj): number {
  return String(b.snapshotFile?.createdAt || '').localeCompare(String(a.snapshotFile?.createdAt || '')) || String(a.metadata?.name).localeCompare(String(b.metadata?.name));
}

/**
 * The RKE2 verdict: done once Rancher has reconciled the cluster again and a snapshot object that was not there
 * before the request says `successful`; failed when the cluster update fails or every new snapshot failed.
 */
export function judgeRke2Snapshot(target: SnapshotTarget, reconciled: CheckResult, snapshots: Obj[], before: Set<string>): { check: CheckResult; taken?: TakenSnapshot } {
  const fresh = snapshots.filter((s) => !before.has(s.metadata?.name)).sort(newest);
  const ok = fresh.filter((s) => s.snapshotFile?.status === 'successful');
  const cluster = target.name;

  if (reconciled.state === 'failed') {
    return { check: verdict('failed', 'failed', { cluster, message: String(reconciled.details?.[0]?.params?.message || '') }, reconciled.details) };
  }
  if (reconciled.state === 'done' && ok.length) {
    const names = ok.map((s) => s.metadata.name);

    return { check: verdict('done', 'taken', { cluster, name: names[0] }), taken: { name: names[0], names } };
  }
  if (reconciled.state === 'done' && fresh.length && fresh.every((s) => s.snapshotFile?.status === 'failed')) {
    return { check: verdict('failed', 'failed', { cluster, message: decoded(fresh[0].snapshotFile?.message) || fresh[0].metadata.name }) };
  }

  return { check: verdict('waiting', 'waiting', { cluster }, reconciled.state === 'waiting' ? [reconciled.message, ...(reconciled.details || [])] : []) };
}

/** The RKE1 verdict on the etcdBackup (Norman view): its Completed condition, else its state. */
export function judgeRke1Backup(target: SnapshotTarget, backupId: string, backup: Obj | undefined): { check: CheckResult; taken?: TakenSnapshot } {
  const cluster = target.name;
  const completed = (backup?.status?.conditions || []).find((c: Obj) => c.type === 'Completed');

  if (completed?.status === 'True') {
    return { check: verdict('done', 'taken', { cluster, name: backupId }), taken: { name: backupId, names: [backupId] } };
  }
  if (completed?.status === 'False' || backup?.state === 'failed') {
    return { check: verdict('failed', 'failed', { cluster, message: String(completed?.message || backup?.transitioningMessage || backupId) }) };
  }

  return { check: verdict('waiting', 'waiting', { cluster }) };
}

async function takeRke2(store: StoreLike, target: SnapshotTarget, until: Until): Promise<TakenSnapshot> {
  const before = new Set((await listEtcdSnapshots(store, target)).map((s) => s.metadata?.name));
  const write = await writeRkeField(store, target, 'etcdSnapshotCreate', withSnapshotRequested);

  if (write.outcome === 'conflict') {
    throw conflict(target);
  }
  let taken: TakenSnapshot | undefined;

  await until('etcd snapshot', async () => {
    const [objects, snapshots] = await Promise.all([
      readClusterObjects(store, target.clusterId, provisioningId(target)),
      listEtcdSnapshots(store, target),
    ]);
    const judged = judgeRke2Snapshot(target, checkRancherReconciled(objects), snapshots, before);

    taken = judged.taken;

    return judged.check;
  });

  return taken!;
}

/** The Norman id of the etcdBackup the action answered with (a Kubernetes object, or a Norman view). */
function backupIdOf(answer: Obj, clusterId: string): string {
  if (typeof answer?.id === 'string' && answer.id.includes(':')) {
    return answer.id;
  }
  const name = answer?.metadata?.name;

  if (!name) {
    throw new MigrationError('INCOMPLETE_OBJECT', `${ clusterId }: backupEtcd answered without the backup's name`, { key: 'api.errors.unsaveable', params: { missing: 'metadata.name' } });
  }

  return `${ answer.metadata.namespace || clusterId }:${ name }`;
}

async function takeRke1(store: StoreLike, target: SnapshotTarget, until: Until): Promise<TakenSnapshot> {
  const clusterId = encodeURIComponent(target.name);
  const answer = await request(store, 'rancher', { url: `/v3/clusters/${ clusterId }?action=backupEtcd`, method: 'post', headers: JSON_HEADERS });
  const backupId = backupIdOf(answer, target.name);
  let taken: TakenSnapshot | undefined;

  await until('etcd backup', async () => {
    const page = await request(store, 'rancher', { url: `/v3/etcdbackups?clusterId=${ clusterId }` });
    const backup = (Array.isArray(page?.data) ? page.data : []).find((b: Obj) => b.id === backupId);
    const judged = judgeRke1Backup(target, backupId, backup);

    taken = judged.taken;

    return judged.check;
  });

  return taken!;
}

/**
 * Will carrying out the update step write? Not when the re-plan from the fresh object says it is done or its object
 * is the fresh object (the conflict protocol's "unchanged"): then no snapshot is needed before it.
 */
export function updateWillWrite(planned: Pick<PlanStep, 'done' | 'object'> | undefined, fresh: Obj): boolean {
  return !!planned?.object && !planned.done && !jsonEqual(planned.object, fresh);
}

/** Takes an etcd snapshot of the cluster and waits until it is complete; returns its name (what a restore takes). */
export function takeEtcdSnapshot(store: StoreLike, target: SnapshotTarget, until: Until): Promise<TakenSnapshot> {
  return target.distro === 'rke1' ? takeRke1(store, target, until) : takeRke2(store, target, until);
}

/**
 * Asks Rancher to restore the snapshot `name` (from takeEtcdSnapshot): the cluster shuts down, etcd goes back to
 * that moment and the cluster restarts; every change since is lost. `mode` also takes back the Kubernetes version or
 * the whole cluster configuration the snapshot recorded. Waiting for the cluster afterwards is the wait-cluster rule.
 */
export async function restoreEtcdSnapshot(store: StoreLike, target: SnapshotTarget, name: string, mode: RestoreMode = 'none'): Promise<RestoreResult> {
  if (target.distro === 'rke1') {
    const data: Obj = { etcdBackupId: name };

    if (mode !== 'none') {
      data.restoreRkeConfig = mode;
    }
    await request(store, 'rancher', {
      url: `/v3/clusters/${ encodeURIComponent(target.name) }?action=restoreFromEtcdBackup`, method: 'post', data, headers: JSON_HEADERS
    });

    return { outcome: 'applied' };
  }
  const write = await writeRkeField(store, target, 'etcdSnapshotRestore', (fresh) => withRestoreRequested(fresh, name, mode));

  return { outcome: write.outcome === 'conflict' ? 'conflict' : 'applied', write };
}

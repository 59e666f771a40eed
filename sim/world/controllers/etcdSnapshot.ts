/**
 * etcd snapshots and restores, as Rancher carries them out (docs/rancher-behaviour.md#etcd-snapshot):
 *
 * RKE2/K3s (rancher/rancher pkg/capr/planner etcdcreate.go, etcdrestore.go; the snapshot objects come from
 * pkg/controllers/managementuser/snapshotbackpopulate):
 * - a change of `spec.rkeConfig.etcdSnapshotCreate` (its `generation`) is a snapshot request. The planner handles it
 *   before any other reconcile: every etcd node runs `<distro> etcd-snapshot save` (the cluster says "waiting for etcd
 *   snapshot on node …" while it runs), then the etcd nodes restart their management services; meanwhile the cluster
 *   is Updating. Each etcd node's snapshot becomes an `rke.cattle.io.etcdsnapshot` in the cluster's namespace,
 *   labelled `rke.cattle.io/cluster-name`, its `snapshotFile` holding the file name (`on-demand-<node>-<unix time>`),
 *   node, location, size, creation time, status `successful` and, in `metadata`, the cluster spec at that moment;
 * - a change of `spec.rkeConfig.etcdSnapshotRestore` (its `generation`, with a `name`) is a restore request: the named
 *   snapshot object is looked up in the cluster's namespace; with `restoreRKEConfig` `kubernetesVersion` or `all` the
 *   provisioning cluster first takes that part of the spec back from the snapshot's metadata; then the cluster shuts
 *   down, etcd is restored and the cluster restarts, Updating throughout. A name without a snapshot object fails the
 *   restore (Updated=False). Not simulated: what etcd held (downstream objects are not rolled back).
 *
 * RKE1 (rancher/rancher pkg/controllers/management/etcdbackup, clusterprovisioner):
 * - an `management.cattle.io.etcdbackup` (created by the Norman `backupEtcd` action, sim/server/norman-api.ts) gets
 *   Created=True, Completed=Unknown and its file name, then Completed=True once `rke etcd snapshot-save` is done;
 * - `rancherKubernetesEngineConfig.restore.restore: true` (set by the `restoreFromEtcdBackup` action) makes the
 *   provisioner restore the backup: the cluster is Updating while it runs, then the flags are reset (`restore: {}`)
 *   and the cluster carries the annotation `rke.cattle.io/restore: "true"`.
 */
import { createHash } from 'crypto';
import { gzipSync, gunzipSync } from 'zlib';
import { KObj, StoreEvent } from '../../store';
import { WorldContext } from '../context';
import { getCondition, setCondition } from '../k8s/conditions';
import { A, L, LOCAL, T } from '../types';
import { Controller } from './controller';

type Obj = Record<string, any>;
export type StatusFn = (updated: 'True' | 'False' | 'Unknown', message: string, reason?: string) => void;

/** The label Rancher puts on snapshot objects (rancher/rancher pkg/capr common.go ClusterNameLabel). */
export const CLUSTER_NAME_LABEL = 'rke.cattle.io/cluster-name';
/** The annotation the RKE1 provisioner leaves after a restore (clusterprovisioner RkeRestoreAnnotation). */
export const RKE1_RESTORE_ANNOTATION = 'rke.cattle.io/restore';
/** The key of the cluster spec in a snapshot's metadata (rancher/rancher pkg/apis/rke.cattle.io/v1 SnapshotMetadataClusterSpecKey). */
const SPEC_KEY = 'provisioning-cluster-spec';
/** What `restoreRKEConfig: all` takes back from the snapshot (provisioningcluster controller reconcileClusterSpecEtcdRestore). */
const RESTORED_RKE_FIELDS = ['machineGlobalConfig', 'machineSelectorConfig', 'chartValues', 'registries', 'upgradeStrategy', 'additionalManifest', 'networking'];

interface RestoreRequest {
  name: string;
  mode: string;
}

interface Pending {
  create?: boolean;
  restore?: RestoreRequest;
}

function generationOf(o: Obj | undefined): number {
  return Number(o?.generation || 0);
}

/** wrangler pkg/name SafeConcatName: joined with "-", names of 64 characters or more cut to 57 and given a digest. */
export function safeConcatName(...parts: string[]): string {
  const full = parts.join('-');

  if (full.length < 64) {
    return full;
  }
  const digest = createHash('sha256').update(full).digest('hex');

  return /[a-z0-9]/.test(full[56]) ? `${ full.slice(0, 57) }-${ digest.slice(0, 5) }` : `${ full.slice(0, 56) }-${ digest.slice(0, 6) }`;
}

function machineRoles(node: KObj): Obj {
  try {
    return JSON.parse(node.metadata.annotations?.[A.machineLabels] || '{}');
  } catch {
    return {};
  }
}

/** `snapshotFile.metadata`: base64 of a JSON map whose cluster-spec entry is the spec, gzipped and base64-encoded. */
export function snapshotMetadata(spec: Obj): string {
  const compressed = gzipSync(Buffer.from(JSON.stringify(spec))).toString('base64');

  return Buffer.from(JSON.stringify({ [SPEC_KEY]: compressed })).toString('base64');
}

/** The cluster spec a snapshot recorded, or undefined when its metadata holds none. */
export function snapshotSpec(snapshot: KObj | undefined): Obj | undefined {
  try {
    const md = JSON.parse(Buffer.from(snapshot?.snapshotFile?.metadata || '', 'base64').toString('utf8'));

    return JSON.parse(gunzipSync(Buffer.from(md[SPEC_KEY], 'base64')).toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The RKE2/K3s part: requests are noticed on the provisioning cluster's events (a request is a change of the
 * generation, as the planner compares the spec with what it last ran) and run by the provisioning controller's
 * reconcile before it rolls out anything else.
 */
export class EtcdOperations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly ctx: WorldContext) {}

  /** A provisioning cluster changed: remember a snapshot or restore request. */
  note(e: StoreEvent): void {
    if (e.kind !== 'change' || !e.old) {
      return;
    }
    const key = `${ e.obj.metadata.namespace }/${ e.obj.metadata.name }`;
    const rke = e.obj.spec?.rkeConfig || {};
    const before = e.old.spec?.rkeConfig || {};
    const pending = this.pending.get(key) || {};

    if (generationOf(rke.etcdSnapshotCreate) !== generationOf(before.etcdSnapshotCreate) && rke.etcdSnapshotCreate) {
      pending.create = true;
    }
    if (generationOf(rke.etcdSnapshotRestore) !== generationOf(before.etcdSnapshotRestore) && rke.etcdSnapshotRestore?.name) {
      pending.restore = { name: rke.etcdSnapshotRestore.name, mode: rke.etcdSnapshotRestore.restoreRKEConfig || 'none' };
    }
    if (pending.create || pending.restore) {
      this.pending.set(key, pending);
    }
  }

  /** Runs what is pending for the cluster: the snapshot, then the restore. False when the reconcile must stop here. */
  async run(ns: string, name: string, scope: string, status: StatusFn): Promise<boolean> {
    const key = `${ ns }/${ name }`;
    const pending = this.pending.get(key);

    if (!pending) {
      return true;
    }
    this.pending.delete(key);
    if (pending.create) {
      await this.snapshot(ns, name, scope, status);
    }

    return pending.restore ? this.restore(ns, name, pending.restore, status) : true;
  }

  private etcdNodes(scope: string): KObj[] {
    return this.ctx.store.list(scope, T.node)
      .filter((n) => machineRoles(n)[L.machineEtcdRole] === 'true')
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  private async snapshot(ns: string, name: string, scope: string, status: StatusFn): Promise<void> {
    const { store, sched, durations } = this.ctx;
    const nodes = this.etcdNodes(scope);

    if (!nodes.length) {
      status('False', 'failed to find node to perform etcd snapshot', 'Error');

      return;
    }
    status('Unknown', nodes.map((n) => `waiting for etcd snapshot on node ${ n.metadata.name }`).join(', '));
    await sched.sleep(durations.etcdSnapshot);
    const prov = store.get(LOCAL, T.provCluster, ns, name);

    if (!prov) {
      return;
    }
    const unix = this.snapshotSecond(ns, name);
    const now = new Date(unix * 1000);
    const distro = String(prov.spec?.kubernetesVersion || '').includes('k3s') ? 'k3s' : 'rke2';

    for (const node of nodes) {
      const file = `on-demand-${ node.metadata.name }-${ unix }`;
      const objName = safeConcatName(name, file.toLowerCase().replace(/[^-.a-z0-9]/g, '-'), 'local');

      if (store.get(LOCAL, T.etcdSnapshot, ns, objName)) {
        continue;
      }
      store.create(LOCAL, T.etcdSnapshot, {
        apiVersion: 'rke.cattle.io/v1',
        kind:       'ETCDSnapshot',
        metadata:   {
          name:        objName,
          namespace:   ns,
          labels:      { [CLUSTER_NAME_LABEL]: name, 'rke.cattle.io/node-name': node.metadata.name },
          annotations: { 'etcdsnapshot.rke.io/storage': 'local', 'etcdsnapshot.rke.io/snapshot-name': `local-${ file }` },
        },
        spec:         { clusterName: name },
        snapshotFile: {
          name:      file,
          nodeName:  node.metadata.name,
          location:  `file:///var/lib/rancher/${ distro }/server/db/snapshots/${ file }`,
          metadata:  snapshotMetadata(prov.spec || {}),
          createdAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          size:      14_000_000 + this.ctx.ids.int(2_000_000),
          status:    'successful',
        },
        status: { missing: false },
      });
    }
    status('Unknown', 'waiting for etcd snapshot creation management plane restart');
    await sched.sleep(durations.observe);
  }

  /**
   * The second a snapshot is named after (`on-demand-<node>-<unix seconds>`): the clock's. The simulator runs its
   * durations faster than its clock, so two requests can end within one second, which real snapshots (each taking
   * seconds) never do; such a snapshot takes the second after the cluster's newest one, so that it gets its own file
   * name and object instead of finding the earlier one's.
   */
  private snapshotSecond(ns: string, name: string): number {
    const taken = this.ctx.store.list(LOCAL, T.etcdSnapshot, ns)
      .filter((s) => s.metadata.labels?.[CLUSTER_NAME_LABEL] === name)
      .map((s) => Math.floor(Date.parse(s.snapshotFile?.createdAt || '') / 1000))
      .filter((n) => Number.isFinite(n));
    const clock = Math.floor(new Date(this.ctx.now()).getTime() / 1000);

    return taken.length ? Math.max(clock, Math.max(...taken) + 1) : clock;
  }

  private async restore(ns: string, name: string, req: RestoreRequest, status: StatusFn): Promise<boolean> {
    const { store, sched, durations } = this.ctx;
    const snapshot = store.get(LOCAL, T.etcdSnapshot, ns, req.name);
    const spec = snapshotSpec(snapshot);

    if (spec && (req.mode === 'kubernetesVersion' || req.mode === 'all')) {
      store.mutate(LOCAL, T.provCluster, ns, name, (p) => {
        if (spec.kubernetesVersion) {
          p.spec.kubernetesVersion = spec.kubernetesVersion;
        }
        if (req.mode === 'all') {
          for (const field of RESTORED_RKE_FIELDS) {
            if (spec.rkeConfig?.[field] === undefined) {
              delete p.spec.rkeConfig[field];
            } else {
              p.spec.rkeConfig[field] = spec.rkeConfig[field];
            }
          }
        }
      });
    }
    status('Unknown', 'shutting down cluster');
    await sched.sleep(durations.etcdRestore);
    status('Unknown', 'cluster shutdown complete, running etcd restore');
    await sched.sleep(durations.etcdRestore);
    if (!snapshot) {
      status('False', 'operation etcd restore failed', 'Error');

      return false;
    }
    status('Unknown', 'waiting for etcd restore');
    await sched.sleep(durations.etcdRestore);

    return true;
  }
}

/**
 * RKE1 manual backups: the etcdBackup controller (rancher/rancher pkg/controllers/management/etcdbackup
 * etcdbackup.go Create, createBackupForCluster, etcdSave).
 */
export class EtcdBackupController implements Controller {
  readonly name = 'etcd-backups';
  private readonly busy = new Set<string>();

  constructor(private readonly ctx: WorldContext) {}

  onEvent(e: StoreEvent): void {
    if (e.scope !== LOCAL || e.type !== T.etcdBackup || e.kind !== 'create') {
      return;
    }
    const completed = getCondition(e.obj.status?.conditions, 'Completed');

    if (completed?.status === 'True' || completed?.status === 'False') {
      return;
    }
    this.start(e.obj.metadata.namespace!, e.obj.metadata.name);
  }

  private start(ns: string, name: string): void {
    const key = `${ ns }/${ name }`;

    if (this.busy.has(key)) {
      return;
    }
    this.busy.add(key);
    this.ctx.sched.run(async () => {
      try {
        await this.backup(ns, name);
      } finally {
        this.busy.delete(key);
      }
    });
  }

  private async backup(ns: string, name: string): Promise<void> {
    const { store, sched, durations } = this.ctx;

    await sched.sleep(durations.observe);
    const backup = store.get(LOCAL, T.etcdBackup, ns, name);
    const cluster = backup && store.get(LOCAL, T.mgmtCluster, undefined, backup.spec?.clusterId);
    const backupConfig = cluster?.spec?.rancherKubernetesEngineConfig?.services?.etcd?.backupConfig;

    if (!backup || !backupConfig) {
      // Rancher returns "cluster doesn't have a backup config" and leaves the object as it is.
      return;
    }
    const stamp = new Date(this.ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const filename = `${ name }_${ backupConfig.safeTimestamp ? stamp.replace(/:/g, '-') : stamp }.zip`;

    store.mutate(LOCAL, T.etcdBackup, ns, name, (b) => {
      b.spec = { ...(b.spec || {}), filename, backupConfig };
      b.status = b.status || {};
      setCondition(b.status, 'Created', 'True', '', '', this.ctx.now());
      setCondition(b.status, 'Completed', 'Unknown', '', '', this.ctx.now());
    });
    await sched.sleep(durations.etcdSnapshot);
    store.mutate(LOCAL, T.etcdBackup, ns, name, (b) => {
      setCondition(b.status, 'Completed', 'True', '', '', this.ctx.now());
    });
  }
}

/**
 * RKE1 restore (clusterprovisioner: restoreClusterBackup, then resetRkeConfigFlags): when the spec asks for one,
 * the cluster is Updating while the backup is restored, then the restore flags are reset and the restore
 * annotation set. Returns false when the backup does not exist (the cluster stays Updated=False).
 */
export async function rke1Restore(ctx: WorldContext, id: string, status: StatusFn): Promise<boolean> {
  const { store, sched, durations } = ctx;
  const restore = store.get(LOCAL, T.mgmtCluster, undefined, id)?.spec?.rancherKubernetesEngineConfig?.restore;

  if (!restore?.restore) {
    return true;
  }
  const [ns, name] = String(restore.snapshotName || '').split(':');
  const backup = ns && name ? store.get(LOCAL, T.etcdBackup, ns, name) : undefined;

  if (!backup) {
    status('False', `failed to restore etcd backup ${ restore.snapshotName }: etcd backup not found`, 'Error');

    return false;
  }
  status('Unknown', `[etcd] Restoring etcd snapshot ${ backup.spec?.filename || name }`);
  await sched.sleep(durations.etcdRestore * 2);
  store.mutate(LOCAL, T.mgmtCluster, undefined, id, (m) => {
    m.spec.rancherKubernetesEngineConfig.restore = {};
    m.metadata.annotations = { ...(m.metadata.annotations || {}), [RKE1_RESTORE_ANNOTATION]: 'true' };
  });

  return true;
}

/**
 * RKE1 etcd backups through Norman (docs/rancher-behaviour.md#etcd-snapshot):
 * - `POST /v3/clusters/<id>?action=backupEtcd` (rancher/rancher pkg/api/norman/customization/cluster
 *   actions_etcd.go BackupEtcdHandler; pkg/controllers/management/etcdbackup NewBackupObject): creates a
 *   `management.cattle.io.etcdbackup` in the cluster's namespace, named `<cluster>-ml-<suffix>` (manual, local; `-ms-`
 *   with an S3 target), `spec.clusterId`, `spec.manual: true`, `status.kubernetesVersion` and the cluster object
 *   gzipped in `status.clusterObject`, and answers 200 with that object as Kubernetes stores it (not a Norman view).
 *   The world's etcdBackup controller then takes the backup (sim/world/controllers/etcdSnapshot.ts);
 * - `POST /v3/clusters/<id>?action=restoreFromEtcdBackup` `{etcdBackupId: "<ns>:<name>", restoreRkeConfig?}`
 *   (RestoreFromEtcdBackupHandler): an id without `:` → 422 InvalidFormat; an unknown backup → 500; `kubernetesVersion`
 *   takes the version recorded in the backup, `all` its whole RKE config; then `restore: {restore: true, snapshotName:
 *   <id>}` is written into the cluster's RKE config and the answer is 201 `{message}`. The world restores.
 * - both actions exist only on RKE1 clusters with `services.etcd.backupConfig` (cluster formatter.go); any other
 *   action name, or one the cluster does not offer, is 422 InvalidAction (rancher/norman api/validate.go ValidateAction);
 * - `GET /v3/etcdBackups[?clusterId=]`, `/v3/etcdBackups/<ns>:<name>`: the Norman view (spec flattened, `status`
 *   kept as is, `state` from the Completed condition: `activating` while Unknown, `active` when True, `failed` when
 *   False — pkg/api/norman/customization/etcdbackup formatter.go).
 */
import { randomInt } from 'crypto';
import { gunzipSync, gzipSync } from 'zlib';
import type { KObj } from '../store';
import type { SimContext } from './context';
import { forbidden, json, notFound } from './replies';
import { canWrite, LinkContext } from './steve-format';
import { ApiError, Reply, SimRequest } from './types';

const MGMT = 'management.cattle.io.cluster';
const BACKUP = 'management.cattle.io.etcdbackup';
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The etcd backup actions a cluster offers (cluster formatter.go: RKE1 with a backupConfig). */
export function etcdBackupActions(spec: Record<string, any>): string[] {
  return spec.rancherKubernetesEngineConfig?.services?.etcd?.backupConfig ? ['backupEtcd', 'restoreFromEtcdBackup'] : [];
}

function conditionOf(obj: KObj, type: string): Record<string, any> | undefined {
  return (obj.status?.conditions || []).find((c: any) => c.type === type);
}

export function normanEtcdBackup(obj: KObj, ctx: LinkContext): Record<string, any> {
  const id = `${ obj.metadata.namespace }:${ obj.metadata.name }`;
  const self = `${ ctx.base }/v3/etcdBackups/${ id }`;
  const completed = conditionOf(obj, 'Completed');
  const state = completed?.status === 'True' ? 'active' : completed?.status === 'False' ? 'failed' : 'activating';

  return {
    ...(obj.spec || {}),
    id,
    type:                 'etcdBackup',
    baseType:             'etcdBackup',
    name:                 obj.metadata.name,
    namespaceId:          obj.metadata.namespace,
    labels:               obj.metadata.labels || {},
    annotations:          obj.metadata.annotations || {},
    ownerReferences:      obj.metadata.ownerReferences || [],
    created:              obj.metadata.creationTimestamp,
    createdTS:            Date.parse(obj.metadata.creationTimestamp || '') || 0,
    uuid:                 obj.metadata.uid,
    status:               obj.status || {},
    state,
    transitioning:        state === 'failed' ? 'error' : state === 'activating' ? 'yes' : 'no',
    transitioningMessage: completed?.message || '',
    links:                canWrite(ctx.user) ? { self, remove: self } : { self },
  };
}

function body(req: SimRequest): Record<string, any> {
  try {
    return JSON.parse(req.rawBody || '{}') || {};
  } catch {
    throw new ApiError(400, 'InvalidBodyContent', 'request body is not valid JSON');
  }
}

function backupEtcd(ctx: SimContext, cluster: KObj): Reply {
  const id = cluster.metadata.name;
  const rke = cluster.spec.rancherKubernetesEngineConfig;
  const provider = rke.services?.etcd?.backupConfig?.s3BackupConfig ? 's' : 'l';
  const suffix = Array.from({ length: 5 }, () => SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)]).join('');
  const created = ctx.store.create('local', BACKUP, {
    apiVersion: 'management.cattle.io/v3',
    kind:       'EtcdBackup',
    metadata:   {
      name:            `${ id }-m${ provider }-${ suffix }`,
      namespace:       id,
      ownerReferences: [{
        apiVersion: 'management.cattle.io/v3', kind: 'Cluster', name: id, uid: cluster.metadata.uid, controller: true
      }],
    },
    spec:   { clusterId: id, manual: true },
    status: { kubernetesVersion: rke.kubernetesVersion || '', clusterObject: gzipSync(Buffer.from(JSON.stringify(cluster))).toString('base64') },
  });

  return json(200, created);
}

function restoreFromEtcdBackup(ctx: SimContext, req: SimRequest, cluster: KObj): Reply {
  const input = body(req);
  const backupId = String(input.etcdBackupId || '');
  const [ns, name] = backupId.includes(':') ? backupId.split(':', 2) : ['', ''];

  if (!ns || !name) {
    throw new ApiError(422, 'InvalidFormat', `invalid input id ${ backupId }`);
  }
  const backup = ctx.store.get('local', BACKUP, ns, name);

  if (!backup) {
    throw new ApiError(500, 'ServerError', `failed to get backup config by ID ${ backupId }: etcdbackups.management.cattle.io "${ name }" not found`);
  }
  const mode = String(input.restoreRkeConfig || '').toLowerCase();
  const rke = JSON.parse(JSON.stringify(cluster.spec.rancherKubernetesEngineConfig));
  let next = rke;

  if (mode === 'kubernetesversion') {
    next.kubernetesVersion = backup.status?.kubernetesVersion;
  } else if (mode === 'all') {
    try {
      next = JSON.parse(gunzipSync(Buffer.from(backup.status?.clusterObject || '', 'base64')).toString('utf8')).spec.rancherKubernetesEngineConfig;
    } catch {
      throw new ApiError(405, 'MethodNotAllowed', `unable to restore RKE config, backup contains no cluster object: ${ backupId }`);
    }
  }
  next.restore = { restore: true, snapshotName: backupId };
  ctx.store.update('local', MGMT, { ...cluster, spec: { ...cluster.spec, rancherKubernetesEngineConfig: next } }, { checkResourceVersion: false });

  return json(201, { message: 'restoring etcdbackup for the cluster' });
}

/** `POST /v3/clusters/<id>?action=<action>` for the etcd backup actions. */
export function clusterAction(ctx: SimContext, req: SimRequest, id: string, action: string): Reply {
  if (!canWrite(req.user)) {
    throw forbidden(req.user!.username, 'update', `clusters.management.cattle.io "${ id }"`);
  }
  const cluster = ctx.store.get('local', MGMT, undefined, id);

  if (!cluster) {
    throw notFound(`clusters.management.cattle.io "${ id }"`);
  }
  if (!etcdBackupActions(cluster.spec || {}).includes(action)) {
    throw new ApiError(422, 'InvalidAction', `Invalid action: ${ action }`);
  }

  return action === 'backupEtcd' ? backupEtcd(ctx, cluster) : restoreFromEtcdBackup(ctx, req, cluster);
}

/** `GET /v3/etcdBackups[/<ns>:<name>][?clusterId=]`. */
export function etcdBackups(ctx: SimContext, req: SimRequest, lc: LinkContext, id: string | undefined): Reply | Record<string, any>[] {
  const clusterId = req.url.searchParams.get('clusterId');
  const views = ctx.store.list('local', BACKUP)
    .filter((b) => !clusterId || b.spec?.clusterId === clusterId)
    .map((b) => normanEtcdBackup(b, lc));

  if (id) {
    const v = views.find((b) => b.id === id);

    if (!v) {
      throw notFound(`etcdbackups.management.cattle.io "${ id }"`);
    }

    return json(200, v);
  }

  return views;
}

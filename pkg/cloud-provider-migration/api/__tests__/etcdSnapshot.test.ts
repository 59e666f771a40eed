import { renderMessage } from '../../engine';
import type { CheckResult } from '../../engine';
import { l10n } from '../../engine/__tests__/fixtures';
import { FakeStore, httpError } from '../../__tests__/fakeStore';
import {
  judgeRke1Backup, judgeRke2Snapshot, restoreEtcdSnapshot, takeEtcdSnapshot, updateWillWrite, type SnapshotTarget, type Until,
} from '../etcdSnapshot';
import { cleanForSave } from '../steve';
import { provisioningCluster } from './clusters';

const ID = 'c-m-7x2k9q4z';
const PROV = '/v1/provisioning.cattle.io.clusters/fleet-default/prod';
const MGMT = `/v1/management.cattle.io.clusters/${ ID }`;
const SNAPSHOTS = '/v1/rke.cattle.io.etcdsnapshots/fleet-default?labelSelector=rke.cattle.io%2Fcluster-name%3Dprod';
const RKE2: SnapshotTarget = { name: 'prod', clusterId: ID, distro: 'rke2' };
const RKE1: SnapshotTarget = { name: 'c-5xk2n', clusterId: 'c-5xk2n', distro: 'rke1' };
const BACKUP_ID = 'c-5xk2n:c-5xk2n-ml-q7w2x';

/** The step runner's `until` in miniature: polls until done, throws the verdict on failed, gives up after 20 reads. */
const until: Until = async (_what, probe) => {
  let last: CheckResult | undefined;

  for (let i = 0; i < 20; i++) {
    last = await probe();
    if (last.state === 'done') {
      return last;
    }
    if (last.state === 'failed') {
      throw Object.assign(new Error('failed'), { check: last });
    }
  }
  throw Object.assign(new Error('timed out'), { check: last });
};

/** The provisioning cluster as Rancher has it: `generation` taken in when `observed` reaches it; Ready. */
function prov(resourceVersion: string, opts: { create?: Record<string, any>; generation?: number; observed?: number; updated?: string } = {}) {
  const p = provisioningCluster(resourceVersion);

  p.metadata.generation = opts.generation ?? 7;
  p.status = {
    ...p.status, observedGeneration: opts.observed ?? opts.generation ?? 7, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: opts.updated ?? 'True' }],
  };
  if (opts.create) {
    p.spec.rkeConfig.etcdSnapshotCreate = opts.create;
  }

  return p;
}

const mgmt = (updated = 'True', message = '') => ({ ok: { id: ID, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: updated, message }] } } });

function snapshot(name: string, status = 'successful', extra: Record<string, any> = {}) {
  return {
    id: `fleet-default/${ name }`, type: 'rke.cattle.io.etcdsnapshot', metadata: { name, namespace: 'fleet-default', labels: { 'rke.cattle.io/cluster-name': 'prod' } }, snapshotFile: { name: name.replace(/^prod-|-local$/g, ''), status, createdAt: '2025-11-03T10:00:00Z', ...extra },
  };
}

const list = (...items: Record<string, any>[]) => ({ ok: { type: 'collection', data: items } });

describe('takeEtcdSnapshot (RKE2)', () => {
  it('takes no other cluster\'s snapshot for its own when Steve ignores the labelSelector (its SQL cache does)', async () => {
    const old = snapshot('prod-on-demand-cp-1-1700000000-local');
    const other = { ...snapshot('prod2-on-demand-cp-1-1762163990-local'), metadata: { name: 'prod2-on-demand-cp-1-1762163990-local', namespace: 'fleet-default', labels: { 'rke.cattle.io/cluster-name': 'prod2' } } };
    const fresh = snapshot('prod-on-demand-cp-1-1762164000-local');
    const store = new FakeStore()
      .on('get', SNAPSHOTS, list(old), list(old, other), list(old, other, fresh))
      .on('get', PROV, { ok: prov('1001') }, { ok: prov('1002', { create: { generation: 1 }, generation: 8, observed: 7 }) }, { ok: prov('1003', { create: { generation: 1 }, generation: 8 }) })
      .on('put', PROV, { ok: prov('1002', { create: { generation: 1 }, generation: 8, observed: 7 }) })
      .on('get', MGMT, mgmt('Unknown', 'waiting for etcd snapshot on node cp-1'), mgmt());

    await expect(takeEtcdSnapshot(store, RKE2, until)).resolves.toEqual({ name: fresh.metadata.name, names: [fresh.metadata.name] });
  });

  it('raises etcdSnapshotCreate.generation on a fresh read, changing nothing else, and waits for a new successful snapshot of the reconciled cluster', async () => {
    const old = snapshot('prod-on-demand-cp-1-1700000000-local');
    const fresh = snapshot('prod-on-demand-cp-1-1762164000-local');
    const store = new FakeStore()
      .on('get', SNAPSHOTS, list(old), list(old), list(old, fresh))
      .on('get', PROV, { ok: prov('1001') }, { ok: prov('1002', { create: { generation: 1 }, generation: 8, observed: 7 }) }, { ok: prov('1003', { create: { generation: 1 }, generation: 8 }) })
      .on('put', PROV, { ok: prov('1002', { create: { generation: 1 }, generation: 8, observed: 7 }) })
      .on('get', MGMT, mgmt('Unknown', 'waiting for etcd snapshot on node cp-1'), mgmt());

    const taken = await takeEtcdSnapshot(store, RKE2, until);
    const [put] = store.writes();
    const expected = cleanForSave(prov('1001'));

    expected.spec.rkeConfig.etcdSnapshotCreate = { generation: 1 };
    expect(taken).toEqual({ name: fresh.metadata.name, names: [fresh.metadata.name] });
    expect(store.writes()).toHaveLength(1);
    expect(put.data).toEqual(expected);
    expect(JSON.stringify(put.data)).toBe(JSON.stringify(expected));
  });

  it('keeps what etcdSnapshotCreate already holds and counts on from its generation', async () => {
    const s3 = { bucket: 'backups', endpoint: 's3.us-east-2.amazonaws.com' };
    const store = new FakeStore()
      .on('get', SNAPSHOTS, list(), list(snapshot('prod-on-demand-cp-1-1762164000-s3')))
      .on('get', PROV, { ok: prov('1001', { create: { generation: 4, s3 } }) }, { ok: prov('1002', { create: { generation: 5, s3 }, generation: 8 }) })
      .on('put', PROV, { ok: prov('1002', { create: { generation: 5, s3 }, generation: 8 }) })
      .on('get', MGMT, mgmt());

    await takeEtcdSnapshot(store, RKE2, until);

    expect(store.writes()[0].data.spec.rkeConfig.etcdSnapshotCreate).toEqual({ generation: 5, s3 });
  });

  it('fails with the snapshot\'s message when every new snapshot failed', async () => {
    const failed = snapshot('prod-on-demand-cp-1-1762164000-local', 'failed', { message: btoa('etcdserver: no leader') });
    const store = new FakeStore()
      .on('get', SNAPSHOTS, list(), list(failed))
      .on('get', PROV, { ok: prov('1001') }, { ok: prov('1002', { create: { generation: 1 }, generation: 8 }) })
      .on('put', PROV, { ok: prov('1002', { create: { generation: 1 }, generation: 8 }) })
      .on('get', MGMT, mgmt());

    const error = await takeEtcdSnapshot(store, RKE2, until).catch((e) => e);

    expect(error.check).toEqual({ state: 'failed', message: { key: 'api.etcdSnapshot.failed', params: { cluster: 'prod', message: 'etcdserver: no leader' } } });
  });

  it('hands a concurrent snapshot or restore request back as a conflict, without a second write', async () => {
    const store = new FakeStore()
      .on('get', SNAPSHOTS, list())
      .on('get', PROV, { ok: prov('1001') }, { ok: prov('1005', { create: { generation: 1 } }) })
      .on('put', PROV, { status: 409 });

    const error = await takeEtcdSnapshot(store, RKE2, until).catch((e) => e);

    expect([error.code, error.messageKey, error.params]).toEqual(['SPEC_CONFLICT', 'api.etcdSnapshot.conflict', { cluster: 'prod' }]);
    expect(store.writes()).toHaveLength(1);
  });

  it('retries from a fresh read when the 409 came from a change elsewhere (status moved on)', async () => {
    const store = new FakeStore()
      .on('get', SNAPSHOTS, list(), list(snapshot('prod-on-demand-cp-1-1762164000-local')))
      .on('get', PROV, { ok: prov('1001') }, { ok: prov('1004') }, { ok: prov('1005', { create: { generation: 1 }, generation: 8 }) })
      .on('put', PROV, { status: 409 }, { ok: prov('1005', { create: { generation: 1 }, generation: 8 }) })
      .on('get', MGMT, mgmt());

    await takeEtcdSnapshot(store, RKE2, until);

    expect(store.writes().map((w) => [w.data.metadata.resourceVersion, w.data.spec.rkeConfig.etcdSnapshotCreate])).toEqual([['1001', { generation: 1 }], ['1004', { generation: 1 }]]);
  });
});

describe('judgeRke2Snapshot', () => {
  const done: CheckResult = { state: 'done', message: { key: 'checks.clusterReconcile.ready', params: {} } };
  const updating: CheckResult = { state: 'waiting', message: { key: 'checks.clusterReconcile.updating', params: {} }, details: [{ key: 'rancher.Updated', params: { status: 'Unknown', message: 'waiting for etcd snapshot on node cp-1' } }] };
  const before = new Set(['prod-old-local']);

  it('waits while Rancher reconciles, even with a snapshot already there, and says why', () => {
    const judged = judgeRke2Snapshot(RKE2, updating, [snapshot('prod-new-local')], before);

    expect(judged.check.state).toBe('waiting');
    expect(judged.check.details).toEqual([updating.message, ...updating.details!]);
  });

  it('waits for a snapshot object once the cluster is reconciled; an old one does not count', () => {
    expect(judgeRke2Snapshot(RKE2, done, [snapshot('prod-old-local')], before).check.state).toBe('waiting');
  });

  it('names the newest successful snapshot, then the others', () => {
    const judged = judgeRke2Snapshot(RKE2, done, [
      snapshot('prod-a-local', 'successful', { createdAt: '2025-11-03T10:00:00Z' }),
      snapshot('prod-b-local', 'failed', { createdAt: '2025-11-03T10:00:09Z' }),
      snapshot('prod-c-local', 'successful', { createdAt: '2025-11-03T10:00:05Z' }),
    ], before);

    expect(judged.taken).toEqual({ name: 'prod-c-local', names: ['prod-c-local', 'prod-a-local'] });
  });

  it('fails when the cluster update fails, with Rancher\'s message', () => {
    const failed: CheckResult = { state: 'failed', message: { key: 'checks.clusterReconcile.updating', params: {} }, details: [{ key: 'rancher.Updated', params: { status: 'False', message: 'failed to find node to perform etcd snapshot' } }] };

    expect(judgeRke2Snapshot(RKE2, failed, [], before).check).toEqual({ state: 'failed', message: { key: 'api.etcdSnapshot.failed', params: { cluster: 'prod', message: 'failed to find node to perform etcd snapshot' } }, details: failed.details });
  });
});

describe('takeEtcdSnapshot (RKE1)', () => {
  const backup = (completed?: string, message = '') => ({
    id: BACKUP_ID, type: 'etcdBackup', clusterId: 'c-5xk2n', state: completed === 'True' ? 'active' : 'activating', status: completed ? { conditions: [{ type: 'Created', status: 'True' }, { type: 'Completed', status: completed, message }] } : {},
  });
  const ACTION = '/v3/clusters/c-5xk2n?action=backupEtcd';
  const BACKUPS = '/v3/etcdbackups?clusterId=c-5xk2n';

  it('posts backupEtcd and waits until the etcdBackup it created is Completed; its Norman id is the name', async () => {
    const store = new FakeStore()
      .on('rancher post', ACTION, { ok: { metadata: { name: 'c-5xk2n-ml-q7w2x', namespace: 'c-5xk2n' }, spec: { clusterId: 'c-5xk2n', manual: true } } })
      .on('rancher get', BACKUPS, list(), list(backup()), list(backup('Unknown')), list(backup('True')));

    const taken = await takeEtcdSnapshot(store, RKE1, until);

    expect(taken).toEqual({ name: BACKUP_ID, names: [BACKUP_ID] });
    expect(store.writes()).toEqual([expect.objectContaining({ action: 'rancher/request', method: 'post', url: ACTION })]);
  });

  it('fails with the condition message when the backup fails', async () => {
    const store = new FakeStore()
      .on('rancher post', ACTION, { ok: { metadata: { name: 'c-5xk2n-ml-q7w2x', namespace: 'c-5xk2n' } } })
      .on('rancher get', BACKUPS, list(backup('False', 'rke etcd snapshot-save failed')));

    const error = await takeEtcdSnapshot(store, RKE1, until).catch((e) => e);

    expect(error.check.message).toEqual({ key: 'api.etcdSnapshot.failed', params: { cluster: 'c-5xk2n', message: 'rke etcd snapshot-save failed' } });
  });

  it('passes on Norman\'s refusal of a cluster without a backup configuration', async () => {
    const store = new FakeStore().on('rancher post', ACTION, httpError(422, 'Invalid action: backupEtcd'));

    await expect(takeEtcdSnapshot(store, RKE1, until)).rejects.toMatchObject({ code: 'REQUEST_REJECTED' });
  });

  it('judges a failed state without conditions as failed', () => {
    expect(judgeRke1Backup(RKE1, BACKUP_ID, { state: 'failed', transitioningMessage: 'timeout' }).check.state).toBe('failed');
  });
});

describe('restoreEtcdSnapshot', () => {
  it('RKE2: raises etcdSnapshotRestore.generation with the snapshot object\'s name and restoreRKEConfig none, nothing else changed', async () => {
    const before = prov('1001');

    before.spec.rkeConfig.etcdSnapshotRestore = { name: 'older', generation: 2, restoreRKEConfig: 'all' };
    const store = new FakeStore().on('get', PROV, { ok: before }).on('put', PROV, { ok: prov('1002') });

    const result = await restoreEtcdSnapshot(store, RKE2, 'prod-on-demand-cp-1-1762164000-local');
    const expected = cleanForSave(before);

    expected.spec.rkeConfig.etcdSnapshotRestore = { name: 'prod-on-demand-cp-1-1762164000-local', generation: 3, restoreRKEConfig: 'none' };
    expect(result.outcome).toBe('applied');
    expect(store.writes()[0].data).toEqual(expected);
  });

  it('RKE2: a restore asked for by someone else in between is a conflict for the user', async () => {
    const theirs = prov('1005');

    theirs.spec.rkeConfig.etcdSnapshotRestore = { name: 'x', generation: 1, restoreRKEConfig: 'none' };
    const store = new FakeStore().on('get', PROV, { ok: prov('1001') }, { ok: theirs }).on('put', PROV, { status: 409 });

    expect((await restoreEtcdSnapshot(store, RKE2, 'prod-a-local')).outcome).toBe('conflict');
  });

  it('RKE1: posts restoreFromEtcdBackup with the backup\'s Norman id (etcd only unless asked)', async () => {
    const url = '/v3/clusters/c-5xk2n?action=restoreFromEtcdBackup';
    const store = new FakeStore().on('rancher post', url, { ok: { message: 'restoring etcdbackup for the cluster' } });

    await restoreEtcdSnapshot(store, RKE1, BACKUP_ID);
    await restoreEtcdSnapshot(store, RKE1, BACKUP_ID, 'kubernetesVersion');

    expect(store.writes().map((w) => [w.url, w.data])).toEqual([[url, { etcdBackupId: BACKUP_ID }], [url, { etcdBackupId: BACKUP_ID, restoreRkeConfig: 'kubernetesVersion' }]]);
  });
});

describe('updateWillWrite', () => {
  const fresh = { spec: { a: 1 } };

  it.each([
    ['a step that changes the object', { done: false, object: { spec: { a: 2 } } }, true],
    ['a step that is done', { done: true, object: { spec: { a: 2 } } }, false],
    ['a step whose object is the fresh one', { done: false, object: { spec: { a: 1 } } }, false],
    ['a step without an object', { done: false }, false],
    ['no step', undefined, false],
  ])('%s', (_name, planned, expected) => {
    expect(updateWillWrite(planned, fresh)).toBe(expected);
  });
});

describe('the texts', () => {
  it.each(['en-us', 'zh-hans'])('render in %s with every parameter filled', (locale) => {
    const dict = l10n(locale as 'en-us' | 'zh-hans');

    for (const key of ['waiting', 'taken', 'failed', 'conflict', 'recorded', 'restoreOffer', 'restoreConfirm', 'restoreRequested', 'option', 'optionHelp']) {
      const text = renderMessage({ key: `api.etcdSnapshot.${ key }`, params: { cluster: 'prod', name: 'prod-on-demand-cp-1-1762164000-local', message: 'no leader' } }, dict);

      expect(text).not.toBe(`api.etcdSnapshot.${ key }`);
      expect(text).not.toMatch(/\{\w+\}/);
    }
  });
});

import { gunzipSync } from 'zlib';
import type { Simulator } from '../index';
import { Client, login, startTestSim } from './helpers';

const ID = 'c-bkp01';
const BACKUP = 'management.cattle.io.etcdbackup';

describe('Norman etcd backup actions (RKE1)', () => {
  let sim: Simulator;
  let admin: Client;

  beforeAll(async () => {
    sim = await startTestSim({ rancher: '2.11' });
    admin = await login(sim);
    sim.store.create('local', 'management.cattle.io.cluster', {
      apiVersion: 'management.cattle.io/v3',
      kind:       'Cluster',
      metadata:   { name: ID },
      spec:       {
        displayName:                   ID,
        rancherKubernetesEngineConfig: {
          kubernetesVersion: 'v1.26.15-rancher1-1',
          services:          { etcd: { backupConfig: { enabled: true, intervalHours: 12, retention: 6 } } },
        },
      },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
  });
  afterAll(() => sim.close());

  it('offers backupEtcd and restoreFromEtcdBackup only to RKE1 clusters with a backupConfig', async () => {
    expect(Object.keys((await admin.call(`/v3/clusters/${ ID }`)).body.actions)).toEqual(expect.arrayContaining(['backupEtcd', 'restoreFromEtcdBackup']));
    expect((await admin.call('/v3/clusters/c-rke1a')).body.actions.backupEtcd).toBeUndefined();

    const refused = await admin.call('/v3/clusters/c-rke1a?action=backupEtcd', { method: 'POST' });

    expect([refused.status, refused.body.code, refused.body.message]).toEqual([422, 'InvalidAction', 'Invalid action: backupEtcd']);
  });

  it('backupEtcd creates a manual etcdBackup in the cluster namespace and answers with the object as stored', async () => {
    const res = await admin.call(`/v3/clusters/${ ID }?action=backupEtcd`, { method: 'POST' });
    const name = res.body.metadata?.name;

    expect(res.status).toBe(200);
    expect(name).toMatch(/^c-bkp01-ml-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(res.body).toMatchObject({ metadata: { namespace: ID }, spec: { clusterId: ID, manual: true }, status: { kubernetesVersion: 'v1.26.15-rancher1-1' } });
    expect(JSON.parse(gunzipSync(Buffer.from(res.body.status.clusterObject, 'base64')).toString()).metadata.name).toBe(ID);
    expect(sim.store.get('local', BACKUP, ID, name)).toBeDefined();

    const list = await admin.call(`/v3/etcdbackups?clusterId=${ ID }`);
    const view = list.body.data.find((b: any) => b.name === name);

    expect(view).toMatchObject({
      id: `${ ID }:${ name }`, type: 'etcdBackup', clusterId: ID, manual: true, namespaceId: ID, state: 'activating'
    });
    expect((await admin.call(`/v3/etcdBackups/${ ID }:${ name }`)).body.id).toBe(`${ ID }:${ name }`);
  });

  it('shows a completed backup as active and a failed one as failed', async () => {
    const at = (status: string) => ({ type: 'Completed', status, reason: status === 'False' ? 'Error' : '', message: status === 'False' ? 'snapshot failed' : '' });

    sim.store.create('local', BACKUP, { metadata: { name: `${ ID }-ml-ok000`, namespace: ID }, spec: { clusterId: ID, manual: true }, status: { conditions: [at('True')] } });
    sim.store.create('local', BACKUP, { metadata: { name: `${ ID }-ml-bad00`, namespace: ID }, spec: { clusterId: ID, manual: true }, status: { conditions: [at('False')] } });
    const views = (await admin.call(`/v3/etcdbackups?clusterId=${ ID }`)).body.data;

    expect(views.find((b: any) => b.name.endsWith('ok000'))).toMatchObject({ state: 'active', transitioning: 'no' });
    expect(views.find((b: any) => b.name.endsWith('bad00'))).toMatchObject({ state: 'failed', transitioning: 'error', transitioningMessage: 'snapshot failed' });
  });

  it('restoreFromEtcdBackup flags the cluster for a restore of that backup', async () => {
    const name = (await admin.call(`/v3/clusters/${ ID }?action=backupEtcd`, { method: 'POST' })).body.metadata.name;
    const res = await admin.call(`/v3/clusters/${ ID }?action=restoreFromEtcdBackup`, { method: 'POST', json: { etcdBackupId: `${ ID }:${ name }` } });
    const rke = sim.store.get('local', 'management.cattle.io.cluster', undefined, ID)!.spec.rancherKubernetesEngineConfig;

    expect([res.status, res.body.message]).toEqual([201, 'restoring etcdbackup for the cluster']);
    expect(rke.restore).toEqual({ restore: true, snapshotName: `${ ID }:${ name }` });
    expect(rke.services.etcd.backupConfig.enabled).toBe(true);
  });

  it('refuses a malformed id (422) and an unknown backup', async () => {
    const malformed = await admin.call(`/v3/clusters/${ ID }?action=restoreFromEtcdBackup`, { method: 'POST', json: { etcdBackupId: 'nocolon' } });
    const unknown = await admin.call(`/v3/clusters/${ ID }?action=restoreFromEtcdBackup`, { method: 'POST', json: { etcdBackupId: `${ ID }:${ ID }-ml-zzzzz` } });

    expect([malformed.status, malformed.body.code]).toEqual([422, 'InvalidFormat']);
    expect(unknown.status).toBe(500);
  });

  it('refuses the actions to a read-only user', async () => {
    const readonly = await login(sim, 'readonly');
    const res = await readonly.call(`/v3/clusters/${ ID }?action=backupEtcd`, { method: 'POST' });

    expect(res.status).toBe(403);
  });
});

describe('Steve etcd snapshots (RKE2)', () => {
  let sim: Simulator;
  let admin: Client;

  beforeAll(async () => {
    sim = await startTestSim();
    admin = await login(sim);
  });
  afterAll(() => sim.close());

  it('serves rke.cattle.io.etcdsnapshots by namespace and cluster-name label', async () => {
    const snapshot = (name: string, cluster: string) => ({
      apiVersion: 'rke.cattle.io/v1', kind: 'ETCDSnapshot', metadata: { name, namespace: 'fleet-default', labels: { 'rke.cattle.io/cluster-name': cluster } }, spec: { clusterName: cluster }, snapshotFile: { name: 'on-demand-x-1', status: 'successful' },
    });

    sim.store.create('local', 'rke.cattle.io.etcdsnapshot', snapshot('prod-rke2-on-demand-x-1-local', 'prod-rke2'));
    sim.store.create('local', 'rke.cattle.io.etcdsnapshot', snapshot('other-on-demand-x-1-local', 'other'));
    const res = await admin.call('/v1/rke.cattle.io.etcdsnapshots/fleet-default?labelSelector=rke.cattle.io%2Fcluster-name%3Dprod-rke2');

    expect(res.status).toBe(200);
    expect(res.body.data.map((s: any) => [s.id, s.snapshotFile.status])).toEqual([['fleet-default/prod-rke2-on-demand-x-1-local', 'successful']]);
  });
});

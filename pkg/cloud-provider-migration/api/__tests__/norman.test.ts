import { getNormanCluster, putNormanCluster } from '../norman';
import { FakeStore } from '../../__tests__/fakeStore';
import { normanCluster } from './clusters';

const URL = '/v3/clusters/c-5xk2n';

describe('getNormanCluster', () => {
  it('reads /v3/clusters/<id> through rancher/request', async () => {
    const store = new FakeStore().on('get', URL, { ok: normanCluster({}) });

    await getNormanCluster(store, 'c-5xk2n');

    expect(store.calls).toEqual([{ action: 'rancher/request', method: 'get', url: URL }]);
  });
});

describe('putNormanCluster', () => {
  const wanted = normanCluster({ 'enable-leader-migration': 'true' });

  it('PUTs without links and actions, then reads back and returns the read-back object', async () => {
    const readBack = { ...normanCluster({ 'enable-leader-migration': 'true' }), state: 'updating' };
    const store = new FakeStore()
      .on('put', URL, { ok: wanted })
      .on('get', URL, { ok: readBack });

    const out = await putNormanCluster(store, wanted);

    expect(store.calls.map((c) => [c.action, c.method, c.url])).toEqual([['rancher/request', 'put', URL], ['rancher/request', 'get', URL]]);
    expect(store.calls[0].headers).toEqual({ 'content-type': 'application/json', accept: 'application/json' });
    expect(store.calls[0].data.links).toBeUndefined();
    expect(store.calls[0].data.actions).toBeUndefined();
    expect(store.calls[0].data.rancherKubernetesEngineConfig.services.kubeController.extraArgs).toEqual({ 'enable-leader-migration': 'true' });
    expect(out.state).toBe('updating');
  });

  it('reports SPEC_CONFLICT with the read-back when another write replaced an owned field (Norman never answers 409)', async () => {
    const overwritten = normanCluster({});
    const store = new FakeStore()
      .on('put', URL, { ok: wanted })
      .on('get', URL, { ok: overwritten });

    const err = await putNormanCluster(store, wanted).catch((e) => e);

    expect(err.code).toBe('SPEC_CONFLICT');
    expect(err.params).toEqual({ id: 'c-5xk2n', paths: 'rancherKubernetesEngineConfig.services.kubeController.extraArgs' });
    expect((err.cause as any).readBack).toEqual(overwritten);
  });

  it('does not compare owned fields the body left out (Norman keeps them)', async () => {
    const body = normanCluster({ 'enable-leader-migration': 'true' });

    delete body.rancherKubernetesEngineConfig.kubernetesVersion;
    const readBack = normanCluster({ 'enable-leader-migration': 'true' });

    readBack.rancherKubernetesEngineConfig.kubernetesVersion = 'v1.27.16-rancher1-1';
    const store = new FakeStore().on('put', URL, { ok: readBack }).on('get', URL, { ok: readBack });

    await expect(putNormanCluster(store, body)).resolves.toEqual(readBack);
  });

  it('takes an emptied map that reads back absent (omitempty) as what was sent, and an emptied map that got entries again as a conflict', async () => {
    const body = normanCluster({ 'enable-leader-migration': 'true' });

    body.rancherKubernetesEngineConfig.services.kubelet = { extraArgsArray: {} };
    const omitted = normanCluster({ 'enable-leader-migration': 'true' });

    omitted.rancherKubernetesEngineConfig.services.kubelet = {};
    const quiet = new FakeStore().on('put', URL, { ok: omitted }).on('get', URL, { ok: omitted });

    await expect(putNormanCluster(quiet, body)).resolves.toEqual(omitted);

    const refilled = normanCluster({ 'enable-leader-migration': 'true' });

    refilled.rancherKubernetesEngineConfig.services.kubelet = { extraArgsArray: { 'feature-gates': ['CSIMigrationAWS=false'] } };
    const raced = new FakeStore().on('put', URL, { ok: refilled }).on('get', URL, { ok: refilled });
    const err = await putNormanCluster(raced, body).catch((e) => e);

    expect(err.code).toBe('SPEC_CONFLICT');
    expect(err.params.paths).toBe('rancherKubernetesEngineConfig.services.kubelet.extraArgsArray');
  });

  it('takes awsCloudProvider sent as null and read back absent or null as removed, and a block still there as a conflict', async () => {
    const body = normanCluster({});

    body.rancherKubernetesEngineConfig.cloudProvider = { name: 'external-aws', useInstanceMetadataHostname: true, awsCloudProvider: null };
    const removed = normanCluster({});

    removed.rancherKubernetesEngineConfig.cloudProvider = { name: 'external-aws', useInstanceMetadataHostname: true };
    await expect(putNormanCluster(new FakeStore().on('put', URL, { ok: removed }).on('get', URL, { ok: removed }), body)).resolves.toEqual(removed);

    const kept = normanCluster({});

    kept.rancherKubernetesEngineConfig.cloudProvider = { name: 'external-aws', useInstanceMetadataHostname: true, awsCloudProvider: {} };
    const err = await putNormanCluster(new FakeStore().on('put', URL, { ok: kept }).on('get', URL, { ok: kept }), body).catch((e) => e);

    // {} reads like an empty map, yet RKE runs the in-tree provider while the block is there at all.
    expect(err?.code).toBe('SPEC_CONFLICT');
    expect(err.params.paths).toBe('rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider');
  });

  it('does not read back after a refused write', async () => {
    const store = new FakeStore().on('put', URL, { status: 403 });

    await expect(putNormanCluster(store, wanted)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(store.calls).toHaveLength(1);
  });
});

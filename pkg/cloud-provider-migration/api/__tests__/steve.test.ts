import { getProvisioningCluster, putProvisioningCluster } from '../steve';
import { FakeStore } from '../../__tests__/fakeStore';
import { provisioningCluster } from './clusters';

const URL = '/v1/provisioning.cattle.io.clusters/fleet-default/prod';

describe('getProvisioningCluster', () => {
  it('reads the Steve object by namespace/name through management/request and returns plain JSON', async () => {
    const store = new FakeStore().on('get', URL, { ok: provisioningCluster('1001') });
    const obj = await getProvisioningCluster(store, 'fleet-default/prod');

    expect(store.calls).toEqual([{ action: 'management/request', method: 'get', url: URL }]);
    expect(obj.metadata.resourceVersion).toBe('1001');
    expect(Object.getOwnPropertyNames(obj)).not.toContain('_status');
  });

  it('turns a 403 into FORBIDDEN', async () => {
    const store = new FakeStore().on('get', URL, { status: 403 });

    await expect(getProvisioningCluster(store, 'fleet-default/prod')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('putProvisioningCluster', () => {
  it('PUTs the cleaned object with its resourceVersion as a string and JSON headers', async () => {
    const obj = provisioningCluster('1001');

    obj.metadata.resourceVersion = 1001 as any;
    const store = new FakeStore().on('put', URL, { ok: provisioningCluster('1002') });
    const saved = await putProvisioningCluster(store, obj);

    expect(saved.metadata.resourceVersion).toBe('1002');
    expect(store.calls).toHaveLength(1);
    const [call] = store.calls;

    expect([call.action, call.method, call.url]).toEqual(['management/request', 'put', URL]);
    expect(call.headers).toEqual({ 'content-type': 'application/json', accept: 'application/json' });
    expect(call.data.metadata.resourceVersion).toBe('1001');
    expect(Object.keys(call.data).sort()).toEqual(['apiVersion', 'id', 'kind', 'metadata', 'spec', 'type']);
    expect(Object.keys(call.data.metadata).sort()).toEqual(['creationTimestamp', 'finalizers', 'generation', 'name', 'namespace', 'resourceVersion', 'uid']);
    expect(call.data.spec).toEqual(obj.spec);
  });

  it('does not modify the object it is given', async () => {
    const obj = provisioningCluster('1001');
    const before = JSON.stringify(obj);
    const store = new FakeStore().on('put', URL, { ok: provisioningCluster('1002') });

    await putProvisioningCluster(store, obj);

    expect(JSON.stringify(obj)).toBe(before);
  });

  it('refuses to write an object without resourceVersion (it would overwrite blindly)', async () => {
    const obj = provisioningCluster('1001');

    delete obj.metadata.resourceVersion;
    const store = new FakeStore();

    await expect(putProvisioningCluster(store, obj)).rejects.toMatchObject({ code: 'INCOMPLETE_OBJECT' });
    expect(store.calls).toEqual([]);
  });

  it('turns a 409 into SPEC_CONFLICT', async () => {
    const store = new FakeStore().on('put', URL, { status: 409 });

    await expect(putProvisioningCluster(store, provisioningCluster('1001'))).rejects.toMatchObject({ code: 'SPEC_CONFLICT' });
  });
});

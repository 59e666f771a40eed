import { readOfferedVersions } from '../offeredVersions';
import { FakeStore, httpError } from '../../__tests__/fakeStore';

const RKE2_URL = '/v1-rke2-release/releases';
const RKE1_URL = '/v3/settings/k8s-versions-current';

function releases(...versions: string[]) {
  return {
    type:         'collection',
    links:        { self: `https://rancher.example${ RKE2_URL }` },
    actions:      {},
    resourceType: 'releases',
    data:         versions.map((version) => ({
      id: version, type: 'release', version, serverArgs: { cni: { type: 'string' } }, agentArgs: {}, charts: {}, featureVersions: {}
    })),
  };
}

describe('readOfferedVersions', () => {
  it('RKE2: reads the KDM release list through management/request and returns its versions', async () => {
    const store = new FakeStore().on('get', RKE2_URL, { ok: releases('v1.27.16+rke2r1', 'v1.28.15+rke2r1') });

    const versions = await readOfferedVersions(store, 'rke2');

    expect(versions).toEqual(['v1.27.16+rke2r1', 'v1.28.15+rke2r1']);
    expect(store.calls).toEqual([{ action: 'management/request', method: 'get', url: RKE2_URL }]);
  });

  it('RKE1: reads the k8s-versions-current setting through rancher/request and splits its value', async () => {
    const store = new FakeStore().on('get', RKE1_URL, {
      ok: {
        id: 'k8s-versions-current', type: 'setting', value: 'v1.26.15-rancher1-1,v1.27.16-rancher1-1', default: '', customized: true, source: 'db'
      }
    });

    const versions = await readOfferedVersions(store, 'rke1');

    expect(versions).toEqual(['v1.26.15-rancher1-1', 'v1.27.16-rancher1-1']);
    expect(store.calls).toEqual([{ action: 'rancher/request', method: 'get', url: RKE1_URL }]);
  });

  it.each([
    [403, 'FORBIDDEN', 'api.errors.forbidden'],
    [404, 'NOT_FOUND', 'api.errors.notFound'],
    [500, 'API_UNAVAILABLE', 'api.errors.serverError'],
    [503, 'API_UNAVAILABLE', 'api.errors.unavailable'],
  ])('a %i answer is the MigrationError of that request (%s)', async (status, code, key) => {
    const store = new FakeStore().on('get', RKE2_URL, httpError(status, 'no'));

    const err = await readOfferedVersions(store, 'rke2').catch((e) => e);

    expect(err.code).toBe(code);
    expect(err.messageKey).toBe(key);
    expect(err.params.request).toBe(`GET ${ RKE2_URL }`);
  });

  it('no answer at all is API_UNAVAILABLE', async () => {
    const store = new FakeStore().on('get', RKE1_URL, { network: 'socket hang up' });

    const err = await readOfferedVersions(store, 'rke1').catch((e) => e);

    expect(err.code).toBe('API_UNAVAILABLE');
    expect(err.messageKey).toBe('api.errors.noAnswer');
  });

  it('an answer that is not the list (the UI page of an older Rancher) is NOT_FOUND, saying which request', async () => {
    const store = new FakeStore().on('get', RKE2_URL, { ok: { data: '<!DOCTYPE html><html></html>' } });

    const err = await readOfferedVersions(store, 'rke2').catch((e) => e);

    expect(err.code).toBe('NOT_FOUND');
    expect(err.messageKey).toBe('api.errors.notOffered');
    expect(err.params).toEqual({ request: `GET ${ RKE2_URL }` });
  });
});

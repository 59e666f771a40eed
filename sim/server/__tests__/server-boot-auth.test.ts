import type { Simulator } from '../index';
import { client, http, login, startTestSim } from './helpers';

describe('boot endpoints and authentication', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.close());

  it('reports the Rancher version of the world without a session', async () => {
    const res = await client(sim).call('/rancherversion');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ Version: 'v2.13.2', GitCommit: expect.any(String), RancherPrime: 'false' });
  });

  it.each([
    '/v3/users?me=true',
    '/v1/schemas',
    '/v1/provisioning.cattle.io.clusters',
    '/v3/clusters',
    '/k8s/clusters/c-m-prod0001/v1/nodes',
  ])('answers %s with a 401 JSON error and x-api-cattle-auth false before login', async (path) => {
    const res = await client(sim).call(path);

    expect(res.status).toBe(401);
    expect(res.headers.get('x-api-cattle-auth')).toBe('false');
    expect(res.body).toMatchObject({ type: 'error', status: 401, code: 'Unauthorized' });
  });

  it('serves only public settings, including ui-performance, before login', async () => {
    const res = await client(sim).call('/v1/management.cattle.io.settings');
    const names = res.body.data.map((s: any) => s.id);

    expect(res.status).toBe(200);
    expect(names).toEqual(expect.arrayContaining(['first-login', 'ui-performance', 'ui-banners', 'ui-pl']));
    expect(names).not.toContain('server-version');
  });

  it('logs in with the v1-public flavour and sets the R_SESS cookie', async () => {
    const c = client(sim);
    const providers = await c.call('/v1-public/authproviders');

    expect(providers.body.data).toEqual([expect.objectContaining({ id: 'local', type: 'localProvider' })]);
    const res = await http(`${ sim.url }/v1-public/login`, { method: 'POST', json: { type: 'localProvider', responseType: 'cookie', username: 'admin', password: 'password1234' } });

    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^R_SESS=[^;]+; Path=\/; HttpOnly/);
  });

  it('logs in with the v3-public flavour at the action URL the provider advertises', async () => {
    const providers = await client(sim).call('/v3-public/authProviders');
    const action = new URL(providers.body.data[0].actions.login);

    expect(action.pathname + action.search).toBe('/v3-public/localProviders/local?action=login');
    const res = await http(`${ sim.url }${ action.pathname }${ action.search }`, { method: 'POST', json: { responseType: 'cookie', username: 'readonly', password: 'password1234' } });
    const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
    const me = await client(sim, cookie).call('/v3/users?me=true');

    expect(me.body.data).toEqual([expect.objectContaining({ username: 'readonly', me: true, uuid: expect.any(String) })]);
  });

  it('refuses a wrong password with a 401', async () => {
    const res = await client(sim).call('/v1-public/login', { method: 'POST', json: { username: 'admin', password: 'nope', responseType: 'cookie' } });

    expect(res.status).toBe(401);
    expect(res.body.code).toBe('Unauthorized');
  });

  it('marks every API reply of a session with x-api-cattle-auth true', async () => {
    const c = await login(sim);
    const res = await c.call('/v1/management.cattle.io.features');

    expect(res.headers.get('x-api-cattle-auth')).toBe('true');
    expect(res.body.data.find((f: any) => f.id === 'multi-cluster-management').status.default).toBe(true);
    expect(res.body.data.find((f: any) => f.id === 'ui-sql-cache').status.default).toBe(false);
  });

  it.each([
    ['v1', '/v1/logout'],
    ['v3', '/v3/tokens?action=logout'],
  ])('ends the session with the %s logout', async (_flavour, path) => {
    const c = await login(sim);

    expect((await c.call(path, { method: 'POST', json: {} })).status).toBe(200);
    expect((await c.call('/v3/users?me=true')).status).toBe(401);
  });

  it('serves the boot endpoints the dashboard loads after login', async () => {
    const c = await login(sim);
    const [settings, schemas, v3schemas, principals, counts, namespaces] = await Promise.all(['/v1/management.cattle.io.settings', '/v1/schemas', '/v3/schemas', '/v3/principals', '/v1/counts', '/v1/namespaces'].map((p) => c.call(p)));

    expect(settings.body.data.find((s: any) => s.id === 'server-version').value).toBe('v2.13.2');
    expect(schemas.body.data.map((s: any) => s.id)).toEqual(expect.arrayContaining(['management.cattle.io.project', 'provisioning.cattle.io.cluster', 'management.cattle.io.cluster', 'userpreference', 'count']));
    expect(v3schemas.body.data.every((s: any) => typeof s.links.collection === 'string')).toBe(true);
    expect(principals.body.data).toEqual([expect.objectContaining({ me: true, provider: 'local' })]);
    expect(counts.body.data[0].counts['provisioning.cattle.io.cluster'].summary.count).toBe(3);
    expect(namespaces.body.data.map((n: any) => n.id)).toContain('fleet-default');
  });

  it('echoes a preference PUT and keeps it for the next GET', async () => {
    const c = await login(sim);
    const list = await c.call('/v1/userpreferences');
    const pref = list.body.data[0];
    const put = await c.call(`/v1/userpreferences/${ pref.id }`, { method: 'PUT', json: { ...pref, data: { ...pref.data, 'last-visited': '{"name":"c-cluster"}' } } });

    expect(put.body.data['last-visited']).toBe('{"name":"c-cluster"}');
    expect((await c.call('/v1/userpreferences')).body.data[0].data['last-visited']).toBe('{"name":"c-cluster"}');
  });

  describe('read-only user', () => {
    it('sees schemas without write methods and objects without update/remove links', async () => {
      const c = await login(sim, 'readonly');
      const schemas = await c.call('/v1/schemas');
      const prov = schemas.body.data.find((s: any) => s.id === 'provisioning.cattle.io.cluster');
      const obj = await c.call('/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2');

      expect(prov.resourceMethods).toEqual(['GET']);
      expect(prov.collectionMethods).toEqual(['GET']);
      expect(Object.keys(obj.body.links).sort()).toEqual(['self', 'view']);
    });

    it.each([
      ['PUT', '/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2'],
      ['POST', '/v1/namespaces'],
      ['DELETE', '/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2'],
      ['PUT', '/v3/clusters/c-rke1a'],
      ['PATCH', '/k8s/clusters/c-m-prod0001/api/v1/nodes/ip-10-0-1-1.us-east-2.compute.internal'],
    ])('answers %s %s with 403 Forbidden', async (method, path) => {
      const c = await login(sim, 'readonly');
      const res = await c.call(path, { method, json: { metadata: { name: 'x' } }, headers: { 'content-type': 'application/merge-patch+json' } });

      expect(res.status).toBe(403);
      expect(res.body.reason || res.body.code).toBe('Forbidden');
    });
  });
});

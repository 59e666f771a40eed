import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Simulator } from '../index';
import { client, Client, login, startTestSim } from './helpers';

const PROD = '/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2';

describe('control API', () => {
  let sim: Simulator;
  let admin: Client;
  let ctl: Client;

  beforeAll(async () => {
    sim = await startTestSim();
    admin = await login(sim);
    ctl = client(sim);
  });
  afterEach(() => ctl.call('/__sim/faults', { method: 'DELETE' }));
  afterAll(() => sim.close());

  it('reports health without a session', async () => {
    expect((await ctl.call('/__sim/health')).body).toMatchObject({ ok: true, serverVersion: 'v2.13.2' });
  });

  it('makes the next PUT conflict as if another admin had edited the object, once', async () => {
    await ctl.call('/__sim/faults', { method: 'POST', json: { conflictNext: { type: 'provisioning.cattle.io.cluster', id: 'fleet-default/prod-rke2', count: 1 } } });
    const before = (await admin.call(PROD)).body;
    const first = await admin.call(PROD, { method: 'PUT', json: before });
    const reread = (await admin.call(PROD)).body;
    const second = await admin.call(PROD, { method: 'PUT', json: reread });

    expect(first.status).toBe(409);
    expect(reread.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);
    expect(reread.metadata.annotations['sim.cattle.io/concurrent-edit']).toEqual(expect.any(String));
    expect(second.status).toBe(200);
  });

  it('with a merge patch, the other admin also changes what it names, and nothing else', async () => {
    const mergePatch = { spec: { rkeConfig: { upgradeStrategy: { controlPlaneConcurrency: '2' } } } };

    await ctl.call('/__sim/faults', {
      method: 'POST', json: { conflictNext: { type: 'provisioning.cattle.io.cluster', id: 'fleet-default/prod-rke2', mergePatch } }
    });
    const before = (await admin.call(PROD)).body;

    expect((await admin.call(PROD, { method: 'PUT', json: before })).status).toBe(409);
    const reread = (await admin.call(PROD)).body;

    const { upgradeStrategy, ...rest } = reread.spec.rkeConfig;
    const { upgradeStrategy: was, ...restBefore } = before.spec.rkeConfig;

    expect(upgradeStrategy).toEqual({ ...(was || {}), controlPlaneConcurrency: '2' });
    expect(rest).toEqual(restBefore);
  });

  it('lets the first PUTs through when asked to skip them', async () => {
    await ctl.call('/__sim/faults', { method: 'POST', json: { conflictNext: { type: 'provisioning.cattle.io.cluster', id: 'fleet-default/prod-rke2', skip: 1 } } });
    const first = await admin.call(PROD, { method: 'PUT', json: (await admin.call(PROD)).body });
    const second = await admin.call(PROD, { method: 'PUT', json: (await admin.call(PROD)).body });
    const third = await admin.call(PROD, { method: 'PUT', json: (await admin.call(PROD)).body });

    expect([first.status, second.status, third.status]).toEqual([200, 409, 200]);
  });

  it('refuses a merge patch that is not an object', async () => {
    const r = await ctl.call('/__sim/faults', { method: 'POST', json: { conflictNext: { type: 't', id: 'i', mergePatch: [1] } } });

    expect(r.status).toBe(400);
  });

  it('answers the next requests under a path prefix with the configured status', async () => {
    await ctl.call('/__sim/faults', { method: 'POST', json: { status5xx: { pathPrefix: '/v1/provisioning.cattle.io.clusters', status: 503, count: 2 } } });
    const statuses = [];

    for (let i = 0; i < 3; i++) {
      statuses.push((await admin.call(PROD)).status);
    }
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('passes world faults to the world', async () => {
    await ctl.call('/__sim/faults', { method: 'POST', json: { daemonSetNeverReady: 'c-m-prod0001', nodeNeverProviderId: 'ip-1' } });

    expect([...sim.world.faults.daemonSetNeverReady]).toEqual(['c-m-prod0001']);
    expect([...sim.world.faults.nodeNeverProviderId]).toEqual(['ip-1']);
  });

  it('sets, shows and clears the CCM image pull fault', async () => {
    const set = await ctl.call('/__sim/faults', { method: 'POST', json: { ccmImagePullBackOff: 'c-m-prod0001' } });

    expect(set.body.ccmImagePullBackOff).toEqual(['c-m-prod0001']);
    expect([...sim.world.faults.ccmImagePullBackOff]).toEqual(['c-m-prod0001']);
    await ctl.call('/__sim/faults', { method: 'POST', json: { clear: true } });
    expect([...sim.world.faults.ccmImagePullBackOff]).toEqual([]);
  });

  it('logs requests with user and write bodies, readable from a sequence number', async () => {
    await ctl.call('/__sim/clear-requests', { method: 'POST' });
    await admin.call('/v1/userpreferences/user-abc12', { method: 'PUT', json: { data: { theme: '"dark"' } } });
    const log = (await ctl.call('/__sim/requests?since=0')).body.requests;
    const last = log[log.length - 1];

    expect(last).toMatchObject({
      method: 'PUT', url: '/v1/userpreferences/user-abc12', status: 200, user: 'admin', body: { data: { theme: '"dark"' } }
    });
    expect((await ctl.call(`/__sim/requests?since=${ last.seq }`)).body.requests).toEqual([]);
  });

  it('resets the world and settles', async () => {
    sim.store.delete('local', 'provisioning.cattle.io.cluster', 'fleet-default', 'prod-rke2');
    expect((await ctl.call('/__sim/reset', { method: 'POST' })).status).toBe(200);
    expect((await ctl.call('/__sim/settle', { method: 'POST' })).status).toBe(200);
    expect(sim.store.get('local', 'provisioning.cattle.io.cluster', 'fleet-default', 'prod-rke2')).toBeDefined();
  });

  it('rejects a speed that is not positive', async () => {
    expect((await ctl.call('/__sim/speed', { method: 'POST', json: { factor: 0 } })).status).toBe(400);
    expect((await ctl.call('/__sim/speed', { method: 'POST', json: { factor: 50 } })).status).toBe(200);
  });
});

describe('static files and UI extensions', () => {
  let sim: Simulator;
  const root = mkdtempSync(join(tmpdir(), 'sim-static-'));
  const plugins = mkdtempSync(join(tmpdir(), 'sim-plugins-'));

  beforeAll(async () => {
    mkdirSync(join(root, 'js'));
    writeFileSync(join(root, 'index.html'), '<html>dashboard</html>');
    writeFileSync(join(root, 'js', 'app.js'), 'console.log(1)');
    mkdirSync(join(plugins, 'cloud-provider-migration-0.1.0'));
    writeFileSync(join(plugins, 'cloud-provider-migration-0.1.0', 'cloud-provider-migration-0.1.0.umd.min.js'), 'window.x=1');
    sim = await startTestSim({ staticDir: root, uipluginsDir: plugins });
  });
  afterAll(() => sim.close());

  it.each([
    ['/js/app.js', 'application/javascript; charset=utf-8', 'console.log(1)'],
    ['/c/_/manager/provisioning.cattle.io.cluster', 'text/html; charset=utf-8', '<html>dashboard</html>'],
    ['/', 'text/html; charset=utf-8', '<html>dashboard</html>'],
  ])('serves %s as %s', async (path, type, text) => {
    const res = await client(sim).call(path);

    expect(res.headers.get('content-type')).toBe(type);
    expect(res.text).toBe(text);
  });

  it('keeps API prefixes away from the index.html fallback', async () => {
    const res = await client(sim).call('/v1/nothing-here');

    expect(res.status).toBe(401);
  });

  it('lists the extension in /v1/uiplugins and serves it where the dashboard loads it', async () => {
    const index = await client(sim).call('/v1/uiplugins');
    const entry = index.body.entries['cloud-provider-migration'];

    expect(entry).toMatchObject({ name: 'cloud-provider-migration', version: '0.1.0', noCache: true, endpoint: '/v1/uiplugins/cloud-provider-migration/0.1.0/plugin' });
    expect((await client(sim).call(`${ entry.endpoint }/cloud-provider-migration-0.1.0.umd.min.js`)).text).toBe('window.x=1');
    expect((await client(sim).call('/pkg/cloud-provider-migration-0.1.0/cloud-provider-migration-0.1.0.umd.min.js')).text).toBe('window.x=1');
  });
});

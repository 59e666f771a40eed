/**
 * The local cluster's chart repositories and the extension install from one, as the dashboard's Extensions page
 * drives them: a ClusterRepo pointing at the `--chart-repo` folder (scripts/package-chart.ts output) downloads
 * its index, serves `?link=index|info|chart|icon`, installs with `?action=install`, and the UIPlugin its chart
 * renders is cached and announced by `/v1/uiplugins`.
 */
import { createHash } from 'crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import YAML from 'yaml';
import { packageChart, ROOT } from '../../../scripts/package-chart';
import type { Simulator } from '../index';
import { eventually } from '../../../tests/eventually';
import { Client, login, startTestSim } from './helpers';

const NAME = 'cloud-provider-migration';
const PKG_DIR = join(ROOT, 'pkg', NAME);
const PKG = JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8'));
const VERSION: string = PKG.version;
const UMD = `window["${ NAME }-${ VERSION }"] = { default: function() {} };`;
const REPOS = '/v1/catalog.cattle.io.clusterrepos';

let work: string;
let sim: Simulator;
let admin: Client;

function stored(type: string, ns: string | undefined, name: string) {
  return sim.store.get('local', type, ns, name);
}

async function addRepo(name: string, url: string) {
  const res = await admin.call(REPOS, { method: 'POST', json: { type: 'catalog.cattle.io.clusterrepo', metadata: { name }, spec: { url } } });

  expect(res.status).toBe(201);

  return eventually(`${ name } downloaded`, () => {
    const o = stored('catalog.cattle.io.clusterrepo', undefined, name);

    return o?.status?.observedGeneration === o?.metadata.generation && o;
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cpm-sim-charts-'));
  const dist = join(work, 'dist', `${ NAME }-${ VERSION }`);

  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'package.json'), JSON.stringify({ name: NAME, version: VERSION }));
  writeFileSync(join(dist, `${ NAME }-${ VERSION }.umd.min.js`), UMD);
  sim = await startTestSim({ chartRepoDir: join(work, 'repo') });
  await packageChart({
    pkgDir: PKG_DIR, distDir: dist, outDir: join(work, 'repo'), baseUrl: `${ sim.url }/__sim/charts`
  });
  // A second chart that asks for a Rancher older than any the simulator plays: Rancher leaves it out of the index.
  const indexFile = join(work, 'repo', 'index.yaml');
  const index = YAML.parse(readFileSync(indexFile, 'utf8'));

  index.entries['old-extension'] = [{
    apiVersion: 'v2', name: 'old-extension', version: '1.0.0', urls: ['assets/old-extension/old-extension-1.0.0.tgz'], annotations: { 'catalog.cattle.io/rancher-version': '< 2.8.0', 'catalog.cattle.io/ui-component': 'plugins' }
  }];
  writeFileSync(indexFile, YAML.stringify(index));
  admin = await login(sim);
});
afterAll(async () => {
  await sim?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('chart repository served by the simulator', () => {
  it('serves the --chart-repo folder under /__sim/charts and nothing outside it', async () => {
    const index = await admin.call('/__sim/charts/index.yaml');

    expect(index.status).toBe(200);
    expect(YAML.parse(index.text).entries[NAME][0].version).toBe(VERSION);
    expect((await admin.call('/__sim/charts/assets/nope.tgz')).status).toBe(404);
    expect((await admin.call('/__sim/charts/..%2Fdist%2Fcloud-provider-migration-0.1.0%2Fpackage.json')).status).toBe(404);
  });
});

describe('a ClusterRepo in the local cluster', () => {
  it('downloads the index: url, downloadTime, index config map, observedGeneration and Downloaded=True; Steve gives it link and action handlers', async () => {
    const repo = await addRepo('cpm', `${ sim.url }/__sim/charts`);

    expect(repo.status).toMatchObject({
      url: `${ sim.url }/__sim/charts`, indexConfigMapNamespace: 'cattle-system', indexConfigMapName: expect.stringMatching(/^cpm-0-/), downloadTime: expect.any(String),
    });
    expect(repo.status.conditions).toEqual([expect.objectContaining({ type: 'Downloaded', status: 'True' })]);
    const steve = await admin.call(`${ REPOS }/cpm`);
    const self = `${ sim.url }${ REPOS }/cpm`;

    expect(steve.body.links).toMatchObject({
      self, index: `${ self }?link=index`, info: `${ self }?link=info`, chart: `${ self }?link=chart`, icon: `${ self }?link=icon`
    });
    expect(steve.body.actions).toEqual({ install: `${ self }?action=install`, upgrade: `${ self }?action=upgrade` });
    expect(steve.body.metadata.state).toMatchObject({ name: 'active', error: false, transitioning: false });
  });

  it('?link=index: the index with chart and icon URLs through this repo, versions for an older Rancher left out unless skipFilter', async () => {
    const self = `${ sim.url }${ REPOS }/cpm`;
    const res = await admin.call(`${ REPOS }/cpm?link=index`);
    const onDisk = YAML.parse(readFileSync(join(work, 'repo', 'index.yaml'), 'utf8')).entries[NAME][0];

    expect(res.status).toBe(200);
    expect(Object.keys(res.body.entries)).toEqual([NAME]);
    const [v] = res.body.entries[NAME];

    expect(v).toMatchObject({
      name: NAME, version: VERSION, digest: onDisk.digest, annotations: onDisk.annotations,
      urls: [`${ self }?chartName=${ NAME }&link=chart&version=${ VERSION }`],
      icon: `${ self }?chartName=${ NAME }&link=icon&version=${ VERSION }`,
    });
    const all = await admin.call(`${ REPOS }/cpm?link=index&skipFilter=true`);

    expect(Object.keys(all.body.entries).sort()).toEqual([NAME, 'old-extension']);
  });

  it('?link=info reads the chart archive; ?link=chart is the archive of the index digest; ?link=icon the icon beside it', async () => {
    const info = await admin.call(`${ REPOS }/cpm?link=info&chartName=${ NAME }&version=${ VERSION }`);

    expect(info.status).toBe(200);
    expect(Object.keys(info.body).sort()).toEqual(['chart', 'values']);
    expect(info.body.chart).toMatchObject({ name: NAME, version: VERSION, annotations: { 'catalog.cattle.io/ui-component': 'plugins' } });
    expect(info.body.values.plugin.endpoint).toBe(`${ sim.url }/__sim/charts/extensions/${ NAME }/${ VERSION }`);
    expect((await admin.call(`${ REPOS }/cpm?link=info`)).status).toBe(404);
    const chart = await admin.call(`${ REPOS }/cpm?link=chart&chartName=${ NAME }&version=${ VERSION }`);
    const digest = YAML.parse(readFileSync(join(work, 'repo', 'index.yaml'), 'utf8')).entries[NAME][0].digest;

    expect(chart.headers.get('content-type')).toBe('application/gzip');
    expect(createHash('sha256').update(new Uint8Array(chart.raw)).digest('hex')).toBe(digest);
    const icon = await admin.call(`${ REPOS }/cpm?link=icon&chartName=${ NAME }&version=${ VERSION }`);

    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.text).toBe(readFileSync(join(PKG_DIR, PKG.icon), 'utf8'));
  });

  it('a repository URL without an index gets Downloaded=False with the error, and no index', async () => {
    const repo = await addRepo('nothing-here', `${ sim.url }/__sim/charts/assets`);

    expect(repo.status.conditions).toEqual([expect.objectContaining({ type: 'Downloaded', status: 'False', message: expect.stringContaining('404') })]);
    expect((await admin.call(`${ REPOS }/nothing-here?link=index`)).status).toBe(500);
  });
});

describe('installing the extension chart as the Extensions page does', () => {
  const body = {
    charts: [{
      chartName: NAME, version: VERSION, releaseName: NAME, annotations: { 'catalog.cattle.io/ui-source-repo-type': 'cluster', 'catalog.cattle.io/ui-source-repo': 'cpm' }, values: {}
    }],
    namespace: 'cattle-ui-plugin-system',
  };

  it('refuses a version the repository does not have, and creates nothing', async () => {
    const res = await admin.call(`${ REPOS }/cpm?action=install`, { method: 'POST', json: { ...body, charts: [{ ...body.charts[0], version: '9.9.9' }] } });

    expect(res.status).toBe(404);
    expect(stored('catalog.cattle.io.app', 'cattle-ui-plugin-system', NAME)).toBeUndefined();
  });

  it('runs an operation in the release namespace, renders the UIPlugin, caches its files and announces it at /v1/uiplugins', async () => {
    const opStates: string[] = [];
    const off = sim.store.on((e) => {
      if (e.type === 'catalog.cattle.io.operation' && e.scope === 'local') {
        opStates.push((e.obj.status?.conditions || []).filter((c: any) => c.status === 'True').map((c: any) => c.type).join(',') || '-');
      }
    });
    const res = await admin.call(`${ REPOS }/cpm?action=install`, { method: 'POST', json: body });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ type: 'chartActionOutput', operationName: expect.stringMatching(/^helm-operation-[a-z0-9]{5}$/), operationNamespace: 'cattle-ui-plugin-system' });
    expect(stored('catalog.cattle.io.operation', 'cattle-ui-plugin-system', res.body.operationName)?.status).toMatchObject({
      action: 'install', chart: NAME, version: VERSION, releaseName: NAME, namespace: 'cattle-ui-plugin-system', podName: res.body.operationName, podNamespace: 'cattle-system',
    });
    const plugin = await eventually('the UIPlugin cached', () => {
      const o = stored('catalog.cattle.io.uiplugin', 'cattle-ui-plugin-system', NAME);

      return o?.status?.cacheState === 'cached' && o;
    });

    off();
    expect(plugin.metadata.labels).toMatchObject({ 'app.kubernetes.io/instance': NAME, 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': `${ NAME }-${ VERSION }` });
    expect(plugin.spec.plugin).toEqual({
      name:               NAME,
      version:            VERSION,
      endpoint:           `${ sim.url }/__sim/charts/extensions/${ NAME }/${ VERSION }`,
      compressedEndpoint: `${ sim.url }/__sim/charts/extensions/${ NAME }/${ VERSION }.tgz`,
      noCache:            false,
      noAuth:             false,
      metadata:           PKG.rancher.annotations,
    });
    expect(plugin.status).toMatchObject({ ready: true, error: '', observedGeneration: plugin.metadata.generation });
    const op = await eventually('the operation done', () => {
      const o = stored('catalog.cattle.io.operation', 'cattle-ui-plugin-system', res.body.operationName);

      return (o?.status?.conditions || []).some((c: any) => c.type === 'Reconciling' && c.status === 'False') && o;
    });

    expect(op.status.podCreated).toBe(true);
    expect(opStates).toContain('Reconciling');
    expect((await admin.call(`/v1/catalog.cattle.io.operations/cattle-ui-plugin-system/${ op.metadata.name }`)).body.metadata.state).toMatchObject({ transitioning: false, error: false });
    expect(stored('catalog.cattle.io.app', 'cattle-ui-plugin-system', NAME)?.spec.info.status).toBe('deployed');

    const index = await admin.call('/v1/uiplugins');

    expect(index.body.entries[NAME]).toEqual({
      name:               NAME,
      version:            VERSION,
      endpoint:           plugin.spec.plugin.endpoint,
      compressedEndpoint: plugin.spec.plugin.compressedEndpoint,
      metadata:           PKG.rancher.annotations,
      CacheState:         'cached',
      Ready:              true,
    });
    const umd = await admin.call(`/v1/uiplugins/${ NAME }/${ VERSION }/plugin/${ NAME }-${ VERSION }.umd.min.js`);

    expect(umd.status).toBe(200);
    expect(umd.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(umd.text).toBe(UMD);
    const wrong = await admin.call(`/v1/uiplugins/${ NAME }/9.9.9/plugin/${ NAME }-${ VERSION }.umd.min.js`);

    expect(wrong.status).toBe(404);
    expect(wrong.text).toBe(`plugin [name: ${ NAME } version: 9.9.9] does not exist in index\n`);
  });

  it('a UIPlugin with only an endpoint is cached from files.txt; a bad one is not ready', async () => {
    const endpoint = `${ sim.url }/__sim/charts/extensions/${ NAME }/${ VERSION }`;
    const create = (name: string, plugin: Record<string, unknown>) => admin.call('/v1/catalog.cattle.io.uiplugins', {
      method: 'POST',
      json:   {
        type: 'catalog.cattle.io.uiplugin', metadata: { name, namespace: 'cattle-ui-plugin-system' }, spec: { plugin: { name, version: VERSION, ...plugin } }
      },
    });

    expect((await create('by-files', { endpoint })).status).toBe(201);
    await eventually('by-files cached', () => stored('catalog.cattle.io.uiplugin', 'cattle-ui-plugin-system', 'by-files')?.status?.cacheState === 'cached');
    expect((await admin.call(`/v1/uiplugins/by-files/${ VERSION }/plugin/${ NAME }-${ VERSION }.umd.min.js`)).text).toBe(UMD);
    expect((await create('broken', { endpoint: `${ sim.url }/__sim/charts/nope` })).status).toBe(201);
    const broken = await eventually('broken judged', () => {
      const o = stored('catalog.cattle.io.uiplugin', 'cattle-ui-plugin-system', 'broken');

      return o?.status?.error && o;
    });

    expect(broken.status).toMatchObject({ ready: false, error: 'Failed to cache plugin', cacheState: 'pending' });
  });
});

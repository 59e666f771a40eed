/**
 * Helm chart repositories of the local cluster and the extension charts installed from them, as Rancher does it:
 *
 * - `--chart-repo DIR` serves a chart repository folder (scripts/package-chart.ts output) at `/__sim/charts/`,
 *   standing in for the host an extension publishes to (GitHub Pages, a plain HTTP server).
 * - A `catalog.cattle.io.clusterrepo` with `spec.url` is downloaded when created or changed (generation newer
 *   than `status.observedGeneration`, e.g. the dashboard's Refresh sets `spec.forceUpdate`): `<url>/index.yaml`
 *   is read (an index without `apiVersion` is refused), its entries sorted newest first, and the status gets
 *   `url`, `indexConfigMapName`/`Namespace`/`ResourceVersion`, `downloadTime`, `observedGeneration` and the
 *   `Downloaded` condition (True, or False with the error). rancher/rancher pkg/controllers/dashboard/helm/repo.go
 *   ClusterRepoOnChange/download, pkg/catalogv2/http/download.go DownloadIndex.
 * - Link handlers of a ClusterRepo (pkg/api/steve/catalog/catalog.go, content.go; pkg/catalogv2/content):
 *   `?link=index` the index as JSON with each version's `urls` (and `icon`) rewritten to this repo's
 *   `?chartName=…&link=chart&version=…` (`link=icon`) URLs, versions whose `catalog.cattle.io/rancher-version`
 *   the server version does not satisfy left out unless `skipFilter=true` (content.go filterReleases);
 *   `?link=info&chartName=&version=` `{readme?, appReadme?, values, questions?, chart}` read from the chart archive
 *   (pkg/catalogv2/helm/info.go InfoFromTarball); `?link=chart` the archive; `?link=icon` the icon, a relative
 *   one resolved against the repository URL (pkg/catalogv2/http/download.go Icon, Chart).
 * - `?action=install|upgrade` (catalog-actions.ts) on a local repo runs the release here: the chart archive is
 *   fetched and rendered, and for the extension chart (a template of `kind: UIPlugin`, the shell's
 *   ui-plugin-server chart) the UIPlugin its template describes is created in the release namespace; the App turns
 *   `deployed` and the Operation goes from "running operation" (Reconciling) to done, as the operations
 *   controller (pkg/controllers/dashboard/helm/operations.go, wrangler kstatus) reports the helm pod.
 *
 * Not imitated: OCI and git repositories, credentials, the k8s-version filter, the retry back-off, the helm
 * template engine itself (the UIPlugin is built from the chart's values by the rules of the shell's template).
 */
import { existsSync, readFileSync, statSync } from 'fs';
import { join, resolve, sep } from 'path';
import semver from 'semver';
import YAML from 'yaml';
import type { KObj, StoreEvent } from '../store';
import { coalesceValues } from '../world/chart/helmValues';
import type { SimContext } from './context';
import { getUrl } from './http-get';
import { contentTypeOf } from './static-files';
import { readTgz } from './uiplugins';
import { ApiError, Reply, SimRequest } from './types';

const CLUSTER_REPO = 'catalog.cattle.io.clusterrepo';
const APP = 'catalog.cattle.io.app';
const OPERATION = 'catalog.cattle.io.operation';
const UI_PLUGIN = 'catalog.cattle.io.uiplugin';
/** How long the simulated helm pod takes to start and to run (real milliseconds). */
const HELM_POD_START_MS = 150;
const HELM_RUN_MS = 400;

/** `GET /__sim/charts/<path>`: a file of the `--chart-repo` folder. */
export function chartRepoFile(ctx: SimContext, path: string): Reply {
  const dir = ctx.opts.chartRepoDir;
  const rel = path.replace(/^\/__sim\/charts\/?/, '');

  if (dir) {
    const root = resolve(dir);
    const file = resolve(join(root, decodeURIComponent(rel)));

    if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) {
      return { status: 200, raw: readFileSync(file), contentType: contentTypeOf(file) };
    }
  }

  return { status: 404, raw: '404 page not found\n', contentType: 'text/plain; charset=utf-8' };
}

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function repoBase(url: string): URL {
  const u = new URL(url);

  u.pathname = `${ u.pathname.replace(/\/+$/, '') }/`;

  return u;
}

/** A URL of the repository (a chart archive, an icon): absolute as it is, else relative to the repository URL. */
function inRepo(repoUrl: string, ref: string): string {
  const base = repoBase(repoUrl);
  const u = new URL(ref, base);

  if (!/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
    u.search = base.search;
  }

  return u.toString();
}

async function get(url: string): Promise<Buffer> {
  const r = await getUrl(url);

  if (r.status !== 200) {
    throw new ApiError(r.status === 404 ? 404 : 500, r.status === 404 ? 'NotFound' : 'ServerError', `failed to fetch ${ url }: status ${ r.status }`, 'rancher');
  }

  return r.body;
}

function compareDesc(a: any, b: any): number {
  const va = semver.valid(String(a.version));
  const vb = semver.valid(String(b.version));

  return va && vb ? semver.rcompare(va, vb) : String(b.version).localeCompare(String(a.version));
}

async function download(ctx: SimContext, name: string): Promise<void> {
  const repo = ctx.store.get('local', CLUSTER_REPO, undefined, name);

  if (!repo) {
    return;
  }
  const generation = repo.metadata.generation || 1;
  const url = String(repo.spec.url);
  let error = '';

  try {
    const u = repoBase(url);

    u.pathname = `${ u.pathname }index.yaml`;
    const index = YAML.parse((await get(u.toString())).toString('utf8'));

    if (!index || typeof index !== 'object' || !index.apiVersion) {
      throw new Error('no API version specified');
    }
    for (const versions of Object.values<any[]>(index.entries || {})) {
      versions.sort(compareDesc);
    }
    ctx.repoIndexes.set(name, { url, index: { apiVersion: index.apiVersion, entries: index.entries || {}, generated: index.generated } });
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  ctx.store.mutate('local', CLUSTER_REPO, undefined, name, (o) => {
    const t = now();
    const status = { ...(o.status || {}) };

    status.url = url;
    status.branch = '';
    status.observedGeneration = generation;
    if (!error) {
      status.indexConfigMapName = `${ name }-0-${ o.metadata.uid || '' }`.slice(0, 63).replace(/-+$/, '');
      status.indexConfigMapNamespace = 'cattle-system';
      status.indexConfigMapResourceVersion = ctx.store.revision();
      status.downloadTime = t;
    }
    status.conditions = [
      ...(status.conditions || []).filter((c: any) => c.type !== 'Downloaded' && c.type !== 'FollowerDownloaded'),
      error ? {
        type: 'Downloaded', status: 'False', reason: 'Error', message: error, lastUpdateTime: t
      } : { type: 'Downloaded', status: 'True', lastUpdateTime: t },
    ];
    o.status = status;
  });
}

/** The ClusterRepo controller of the local cluster: download a repo's index when it is new or changed. */
export function watchClusterRepos(ctx: SimContext): () => void {
  const busy = new Set<string>();

  return ctx.store.on((e: StoreEvent) => {
    if (e.scope !== 'local' || e.type !== CLUSTER_REPO) {
      return;
    }
    const name = e.obj.metadata.name;

    if (e.kind === 'remove') {
      ctx.repoIndexes.delete(name);

      return;
    }
    if (!e.obj.spec?.url || e.obj.spec?.enabled === false || busy.has(name) || (e.obj.status?.observedGeneration || 0) >= (e.obj.metadata.generation || 1)) {
      return;
    }
    busy.add(name);
    download(ctx, name).finally(() => busy.delete(name));
  });
}

function repoIndex(ctx: SimContext, name: string) {
  const idx = ctx.repoIndexes.get(name);

  if (!idx) {
    throw new ApiError(500, 'ServerError', `configmaps "${ name }" not found`, 'rancher');
  }

  return idx;
}

/** helm's IndexFile.Get: the given version, or the newest when none is given. */
export function chartVersion(ctx: SimContext, repo: string, chartName: string, version?: string): any {
  const versions: any[] = repoIndex(ctx, repo).index.entries[chartName] || [];
  const v = version ? versions.find((x) => String(x.version) === version) : versions[0];

  if (!v) {
    throw new ApiError(404, 'NotFound', `no chart version found for ${ chartName }-${ version || '' }`, 'rancher');
  }

  return v;
}

async function chartArchive(ctx: SimContext, repo: string, chartName: string, version?: string): Promise<Buffer> {
  const v = chartVersion(ctx, repo, chartName, version);

  if (!v.urls?.length) {
    throw new ApiError(500, 'ServerError', 'chart has no urls specified', 'rancher');
  }

  return get(inRepo(repoIndex(ctx, repo).url, v.urls[0]));
}

/** The chart's files by their path inside the chart folder (`<chart>/values.yaml` → `values.yaml`). */
async function chartFiles(data: Buffer): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();

  for (const [path, content] of await readTgz(data)) {
    const i = path.indexOf('/');

    if (i > 0) {
      out.set(path.slice(i + 1), content);
    }
  }

  return out;
}

function allowedByRancher(ctx: SimContext, v: any): boolean {
  const constraint = v.annotations?.['catalog.cattle.io/rancher-version'];
  const server = semver.coerce(ctx.world.serverVersion)?.version;

  return !constraint || !server || !semver.validRange(constraint) || semver.satisfies(server, constraint, { includePrerelease: true });
}

/** `GET /v1/catalog.cattle.io.clusterrepos/<name>?link=index|info|chart|icon` of a local repository. */
export async function clusterRepoLink(ctx: SimContext, req: SimRequest, name: string, link: string): Promise<Reply | undefined> {
  const q = req.url.searchParams;
  const self = `${ req.base }${ req.url.pathname }`;

  if (link === 'index') {
    const idx = repoIndex(ctx, name).index;
    const skip = (q.get('skipFilter') || '').toLowerCase() === 'true';
    const entries: Record<string, any[]> = {};

    for (const [chart, versions] of Object.entries(idx.entries)) {
      const kept = versions.filter((v) => skip || allowedByRancher(ctx, v)).map((v) => {
        const p = (l: string) => `${ self }?${ new URLSearchParams({ chartName: chart, link: l, version: String(v.version) }).toString() }`;

        return { ...v, urls: [p('chart')], ...(v.icon ? { icon: p('icon') } : {}) };
      });

      if (kept.length) {
        entries[chart] = kept;
      }
    }

    return { status: 200, body: { apiVersion: idx.apiVersion, entries, ...(idx.generated ? { generated: idx.generated } : {}) } };
  }
  if (link !== 'info' && link !== 'chart' && link !== 'icon') {
    return undefined;
  }
  const chartName = q.get('chartName') || '';
  const version = q.get('version') || undefined;

  if (!chartName) {
    throw new ApiError(404, 'NotFound', 'Not Found', 'rancher');
  }
  if (link === 'icon') {
    const v = chartVersion(ctx, name, chartName, version);

    if (!v.icon) {
      throw new ApiError(404, 'NotFound', 'Not Found', 'rancher');
    }
    const url = inRepo(repoIndex(ctx, name).url, v.icon);

    return {
      status: 200, raw: await get(url), contentType: contentTypeOf(new URL(url).pathname), headers: { 'cache-control': 'max-age=31536000, public', 'x-content-type-options': 'nosniff' }
    };
  }
  const data = await chartArchive(ctx, name, chartName, version);

  if (link === 'chart') {
    return {
      status: 200, raw: data, contentType: 'application/gzip', headers: { 'content-disposition': `attachment; filename="${ chartName }-${ version || '' }.tgz"` }
    };
  }
  const files = await chartFiles(data);
  const text = (f: string) => files.get(f)?.toString('utf8');
  const yamlOf = (f: string) => (text(f) ? YAML.parse(text(f) as string) || {} : {});
  const info: Record<string, unknown> = {};
  const readme = text('README.md') ?? text('readme.md');
  const appReadme = text('app-readme.md');
  const questions = yamlOf('questions.yaml');

  if (readme) {
    info.readme = readme;
  }
  if (appReadme) {
    info.appReadme = appReadme;
  }
  info.values = yamlOf('values.yaml');
  if (Object.keys(questions).length) {
    info.questions = questions;
  }
  info.chart = yamlOf('Chart.yaml');

  return { status: 200, body: info };
}

function trunc63(s: string): string {
  return s.slice(0, 63).replace(/-+$/, '');
}

/**
 * The UIPlugin the shell's ui-plugin-server template (`templates/cr.yaml` with `_helpers.tpl`) renders for a
 * release: name `extension-server.fullname` (fullnameOverride, else the release name when it contains the chart
 * name, else `<release>-<chart>`, cut to 63), version `plugin.versionOverride` or the chart's appVersion, and the
 * `plugin.*` values; the chart's usual labels.
 */
export function renderUiPlugin(chart: Record<string, any>, values: Record<string, any>, release: string, namespace: string): KObj {
  const chartName = values.nameOverride || chart.name;
  const fullname = trunc63(values.fullnameOverride || (release.includes(chartName) ? release : `${ release }-${ chartName }`));
  const plugin = values.plugin || {};
  const appVersion = String(chart.appVersion ?? '');

  return {
    apiVersion: 'catalog.cattle.io/v1',
    kind:       'UIPlugin',
    metadata:   {
      name:   fullname,
      namespace,
      labels: {
        'helm.sh/chart':                trunc63(`${ chart.name }-${ chart.version }`.replace(/\+/g, '_')),
        'app.kubernetes.io/name':       trunc63(chartName),
        'app.kubernetes.io/instance':   release,
        ...(appVersion ? { 'app.kubernetes.io/version': appVersion.replace(/\+/g, '_') } : {}),
        'app.kubernetes.io/managed-by': 'Helm',
      },
      annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace },
    },
    spec: {
      plugin: {
        name:               fullname,
        version:            String(plugin.versionOverride || appVersion),
        endpoint:           String(plugin.endpoint ?? ''),
        compressedEndpoint: String(plugin.compressedEndpoint ?? ''),
        noCache:            !!plugin.noCache,
        noAuth:             !!plugin.noAuth,
        metadata:           Object.fromEntries(Object.entries(plugin.metadata || {}).map(([k, v]) => [k, String(v)])),
      },
    },
  };
}

function setOperation(ctx: SimContext, ns: string, name: string, state: 'running' | 'done' | 'failed', message = ''): void {
  ctx.store.mutate('local', OPERATION, ns, name, (o) => {
    const t = now();
    const status = { ...(o.status || {}), podCreated: true, observedGeneration: o.metadata.generation || 1 };
    const others = (status.conditions || []).filter((c: any) => c.type !== 'Reconciling' && c.type !== 'Stalled');
    const reconciling = state === 'running';
    const stalled = state === 'failed';

    status.conditions = [
      ...others,
      {
        type: 'Reconciling', status: reconciling ? 'True' : 'False', reason: reconciling ? 'Reconciling' : '', message: reconciling ? 'running operation' : '', lastUpdateTime: t
      },
      {
        type: 'Stalled', status: stalled ? 'True' : 'False', reason: stalled ? 'Stalled' : '', message: stalled ? message : '', lastUpdateTime: t
      },
    ];
    o.status = status;
  });
}

/** Runs `helm install|upgrade` of a chart from a local repository, as the operation's pod would. */
export function runLocalRelease(ctx: SimContext, opts: {
  repo: string; chartName: string; version?: string; release: string; namespace: string; values: Record<string, any>; opNamespace: string; opName: string;
}): void {
  const { store } = ctx;

  setTimeout(() => {
    setOperation(ctx, opts.opNamespace, opts.opName, 'running');
    setTimeout(() => {
      (async () => {
        const files = await chartFiles(await chartArchive(ctx, opts.repo, opts.chartName, opts.version));
        const chart = YAML.parse(files.get('Chart.yaml')?.toString('utf8') || '') || {};
        const defaults = YAML.parse(files.get('values.yaml')?.toString('utf8') || '') || {};
        const values = coalesceValues(defaults, opts.values);
        const rendersUiPlugin = [...files.entries()].some(([f, c]) => f.startsWith('templates/') && /^kind:\s*UIPlugin\s*$/m.test(c.toString('utf8')));

        if (rendersUiPlugin) {
          const cr = renderUiPlugin(chart, values, opts.release, opts.namespace);

          if (store.get('local', UI_PLUGIN, cr.metadata.namespace, cr.metadata.name)) {
            store.mutate('local', UI_PLUGIN, cr.metadata.namespace, cr.metadata.name, (o) => {
              o.metadata.labels = cr.metadata.labels;
              o.spec = cr.spec;
            });
          } else {
            store.create('local', UI_PLUGIN, cr);
          }
        }
        store.mutate('local', APP, opts.namespace, opts.release, (a) => {
          a.spec = {
            ...a.spec,
            chart:  { metadata: { ...chart, annotations: { ...(chart.annotations || {}), ...(a.spec?.chart?.metadata?.annotations || {}) } }, values: defaults },
            values: opts.values,
            info:   {
              ...(a.spec?.info || {}), status: 'deployed', lastDeployed: now(), description: `${ (a.spec?.version || 1) > 1 ? 'Upgrade' : 'Install' } complete`
            },
          };
          a.status = { ...(a.status || {}), summary: { state: 'deployed', transitioning: false }, observedGeneration: a.metadata.generation || 1 };
        });
        setOperation(ctx, opts.opNamespace, opts.opName, 'done');
      })().catch((e) => {
        const message = e instanceof Error ? e.message : String(e);

        store.mutate('local', APP, opts.namespace, opts.release, (a) => {
          a.spec = { ...a.spec, info: { ...(a.spec?.info || {}), status: 'failed', description: message } };
          a.status = { ...(a.status || {}), summary: { state: 'failed', error: true, transitioning: false } };
        });
        setOperation(ctx, opts.opNamespace, opts.opName, 'failed', `${ message } exit code: 1`);
      });
    }, HELM_RUN_MS);
  }, HELM_POD_START_MS);
}

/** Steve's links and actions of a ClusterRepo (the schema's link and action handlers), and an Operation's logs link. */
export function catalogLinks(type: string, obj: KObj, self: string): { links?: Record<string, string>; actions?: Record<string, string> } {
  if (type === CLUSTER_REPO) {
    return {
      links:   Object.fromEntries(['chart', 'icon', 'index', 'info'].map((l) => [l, `${ self }?link=${ l }`])),
      actions: Object.fromEntries(['install', 'upgrade'].map((a) => [a, `${ self }?action=${ a }`])),
    };
  }
  if (type === OPERATION && obj.status?.podCreated) {
    return { links: { logs: `${ self }?link=logs` } };
  }

  return {};
}

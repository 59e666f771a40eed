/**
 * UI extensions. Rancher keeps one `catalog.cattle.io.uiplugin` object per extension in
 * `cattle-ui-plugin-system` (normally created by the extension's Helm chart, see chart-repos.ts); its plugin
 * controller (rancher/rancher pkg/controllers/dashboard/plugin/controller.go) fetches the files from the
 * object's `spec.plugin.compressedEndpoint` (a .tgz unpacked under `<name>/`) or, failing that, from
 * `spec.plugin.endpoint` (`plugin/package.json` for the version, `files.txt`, then each listed file) into its
 * cache (fscache.go), and sets `status.cacheState` (`pending` → `cached`, `disabled` with noCache), `ready`,
 * `error` and `observedGeneration`. `/v1/uiplugins` lists the objects (pkg/api/steve/catalog/plugin.go
 * indexHandler: `{entries: {<name>: {<spec.plugin fields, empty ones left out>, CacheState, Ready}}}`), and
 * `/v1/uiplugins/<name>/<version>/<path>` serves `<version>/<path>` of the cache when the index holds that
 * name at that version (else a 404 text `plugin [name: … version: …] does not exist in index`). The
 * dashboard loads `/v1/uiplugins/<name>/<version>/plugin/<name>-<version>.umd.min.js` (shell
 * core/extension-manager-impl.js loadPluginAsync).
 *
 * `--uiplugins DIR` preloads packages from a `build-pkg` output directory (`<name>-<version>/…`): each becomes
 * a UIPlugin object with `noCache` whose files are served straight from the directory (also under
 * `/pkg/<name>-<version>/…`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import * as tar from 'tar';
import type { KObj, StoreEvent } from '../store';
import type { SimContext } from './context';
import { getUrl } from './http-get';
import { contentTypeOf } from './static-files';
import type { Reply, SimRequest } from './types';

export const UI_PLUGIN_NAMESPACE = 'cattle-ui-plugin-system';
const UI_PLUGIN = 'catalog.cattle.io.uiplugin';

export interface UiPluginPackage {
  name: string;
  version: string;
  dir: string;
}

export function uiPluginPackages(dir: string | undefined): UiPluginPackage[] {
  if (!dir || !existsSync(dir)) {
    return [];
  }

  return readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory()).map((d) => {
    const pj = join(dir, d, 'package.json');

    if (existsSync(pj)) {
      const p = JSON.parse(readFileSync(pj, 'utf8'));

      if (p.name && p.version) {
        return { name: p.name, version: p.version, dir: join(dir, d) };
      }
    }
    const m = /^(.+)-(\d+\.\d+\.\d+.*)$/.exec(d);

    return m ? { name: m[1], version: m[2], dir: join(dir, d) } : undefined;
  }).filter((x): x is UiPluginPackage => !!x);
}

/**
 * Rancher takes a plugin's metadata from its Helm chart's annotations, which the extension publish script
 * (shell scripts/extension/helmpatch) copies from the package's `rancher.annotations`; `build-pkg` itself drops
 * them from the built package.json. A `chart-annotations.json` beside the built files stands in for the chart.
 */
function chartAnnotations(p: UiPluginPackage): Record<string, string> {
  const f = join(p.dir, 'chart-annotations.json');

  if (existsSync(f)) {
    return JSON.parse(readFileSync(f, 'utf8'));
  }

  return { 'catalog.cattle.io/ui-extensions-version': '>= 3.0.0' };
}

function stored(ctx: SimContext): KObj[] {
  return ctx.store.list('local', UI_PLUGIN, UI_PLUGIN_NAMESPACE);
}

/** The index Rancher serves at /v1/uiplugins: every UIPlugin's `spec.plugin` (Go `omitempty`), CacheState, Ready. */
export function uiPluginIndex(ctx: SimContext): { entries: Record<string, unknown> } {
  const entries: Record<string, unknown> = {};

  for (const o of stored(ctx)) {
    const plugin: Record<string, unknown> = o.spec?.plugin || {};
    const entry: Record<string, unknown> = {};

    for (const [k, v] of Object.entries(plugin)) {
      if (v !== '' && v !== false && v !== undefined && v !== null && !(typeof v === 'object' && !Object.keys(v as object).length)) {
        entry[k] = v;
      }
    }
    entries[String(plugin.name)] = { ...entry, CacheState: o.status?.cacheState || '', Ready: !!o.status?.ready };
  }

  return { entries };
}

/** The UIPlugin objects standing for the packages of `--uiplugins DIR`. */
export function uiPluginObjects(dir: string | undefined): KObj[] {
  return uiPluginPackages(dir).map((p) => ({
    apiVersion: 'catalog.cattle.io/v1',
    kind:       'UIPlugin',
    metadata:   { name: p.name, namespace: UI_PLUGIN_NAMESPACE },
    spec:       {
      plugin: {
        name: p.name, version: p.version, endpoint: `/v1/uiplugins/${ p.name }/${ p.version }/plugin`, noCache: true, noAuth: false, metadata: chartAnnotations(p)
      }
    },
    status: {
      cacheState: 'disabled', ready: true, error: '', observedGeneration: 1
    },
  }));
}

/** Puts the `--uiplugins` packages into the store (at start and after a reset, which empties it). */
export function seedUiPlugins(ctx: SimContext): void {
  for (const o of uiPluginObjects(ctx.opts.uipluginsDir)) {
    if (!ctx.store.get('local', UI_PLUGIN, UI_PLUGIN_NAMESPACE, o.metadata.name)) {
      ctx.store.create('local', UI_PLUGIN, o);
    }
  }
}

async function fetchOk(url: string): Promise<Buffer> {
  const r = await getUrl(url);

  if (r.status !== 200) {
    throw new Error(`failed to fetch file from URL [${ url }]. Status code: ${ r.status }`);
  }

  return r.body;
}

/** Unpacks a gzipped tar in memory: regular files by their path in the archive. */
export function readTgz(data: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const files = new Map<string, Buffer>();
    const parser = new tar.Parser({
      onReadEntry: (entry) => {
        const chunks: Uint8Array[] = [];

        entry.on('data', (c: Buffer) => chunks.push(new Uint8Array(c)));
        entry.on('end', () => {
          if (entry.type === 'File') {
            files.set(entry.path.replace(/^\.\//, ''), Buffer.concat(chunks));
          }
        });
      },
    });

    parser.on('error', reject);
    parser.on('end', () => resolve(files));
    parser.end(data);
  });
}

/** Fetches a plugin's files as Rancher's cache does: the compressed endpoint first, else files.txt under the endpoint. */
async function fetchPluginFiles(plugin: Record<string, any>): Promise<Map<string, Buffer>> {
  const errors: string[] = [];

  if (plugin.compressedEndpoint) {
    try {
      return await readTgz(await fetchOk(plugin.compressedEndpoint));
    } catch (e) {
      errors.push(String((e as Error).message || e));
    }
  }
  if (plugin.endpoint) {
    try {
      const pj = JSON.parse((await fetchOk(`${ plugin.endpoint }/plugin/package.json`)).toString('utf8'));

      if (pj.version !== plugin.version) {
        throw new Error(`plugin [${ plugin.name }] version [${ pj.version }] does not match version in controller's cache [${ plugin.version }]`);
      }
      const list = (await fetchOk(`${ plugin.endpoint }/files.txt`)).toString('utf8').split('\n').filter((f) => f !== '');
      const files = new Map<string, Buffer>();

      for (const f of list) {
        if (/(^[/\\.])|\.\./.test(f)) {
          throw new Error(`invalid file entry: ${ f }`);
        }
        files.set(`${ plugin.version }/${ f }`, await fetchOk(`${ plugin.endpoint }/${ f }`));
      }

      return files;
    } catch (e) {
      errors.push(String((e as Error).message || e));
    }
  }
  throw new Error(errors.join('; ') || 'no endpoint');
}

/**
 * Rancher's plugin controller: a UIPlugin whose generation is newer than `status.observedGeneration` is cached
 * again (`pending`, then `cached` and ready, or not ready with `Failed to cache plugin`); `noCache` ones are
 * `disabled` and ready at once. A removed UIPlugin leaves the cache.
 */
export function watchUiPlugins(ctx: SimContext): () => void {
  return ctx.store.on((e: StoreEvent) => {
    if (e.scope !== 'local' || e.type !== UI_PLUGIN) {
      return;
    }
    const name = e.obj.spec?.plugin?.name;

    if (e.kind === 'remove') {
      ctx.pluginCache.delete(name);

      return;
    }
    const generation = e.obj.metadata.generation || 1;

    if ((e.obj.status?.observedGeneration || 0) >= generation) {
      return;
    }
    const ns = e.obj.metadata.namespace;
    const objName = e.obj.metadata.name;
    const plugin = { ...(e.obj.spec?.plugin || {}) };
    const setStatus = (status: Record<string, unknown>) => ctx.store.mutate('local', UI_PLUGIN, ns, objName, (o) => {
      o.status = { ...(o.status || {}), observedGeneration: generation, ...status };
    });

    ctx.pluginCache.delete(name);
    if (plugin.noCache) {
      setStatus({ cacheState: 'disabled', ready: true, error: '' });

      return;
    }
    setStatus({ cacheState: 'pending' });
    fetchPluginFiles(plugin).then((files) => {
      ctx.pluginCache.set(name, files);
      setStatus({
        cacheState: 'cached', ready: true, error: '', retryNumber: 0
      });
    }, () => {
      setStatus({ ready: false, error: 'Failed to cache plugin' });
    });
  });
}

/** `GET /v1/uiplugins/<name>/<version>/<path>` from the cache (Rancher's pluginHandler). */
export function uiPluginCachedFile(ctx: SimContext, req: SimRequest): Reply | undefined {
  const m = /^\/v1\/uiplugins\/([^/]+)\/([^/]+)\/(.+)$/.exec(req.path);

  if (!m || req.method !== 'GET') {
    return undefined;
  }
  const [, name, version, rest] = m;
  const entry = stored(ctx).find((o) => o.spec?.plugin?.name === name)?.spec?.plugin;
  const data = entry?.version === version ? ctx.pluginCache.get(name)?.get(`${ version }/${ rest }`) : undefined;

  if (!data) {
    return {
      status: 404, raw: `plugin [name: ${ name } version: ${ version }] does not exist in index\n`, contentType: 'text/plain; charset=utf-8'
    };
  }

  return { status: 200, raw: data, contentType: contentTypeOf(rest) };
}

/** Resolve `/v1/uiplugins/<name>/<version>/plugin/<file>` or `/pkg/<name>-<version>/<file>` to a file of `--uiplugins DIR`. */
export function uiPluginFile(dir: string | undefined, path: string): string | undefined {
  const pkgs = uiPluginPackages(dir);
  let m = /^\/v1\/uiplugins\/([^/]+)\/([^/]+)\/plugin\/(.+)$/.exec(path);
  let pkg: UiPluginPackage | undefined;
  let file: string | undefined;

  if (m) {
    pkg = pkgs.find((p) => p.name === m![1] && p.version === m![2]);
    file = m[3];
  } else {
    m = /^\/pkg\/([^/]+)\/(.+)$/.exec(path);
    if (m) {
      pkg = pkgs.find((p) => `${ p.name }-${ p.version }` === m![1]);
      file = m[2];
    }
  }
  if (!pkg || !file || file.split('/').includes('..')) {
    return undefined;
  }
  const full = join(pkg.dir, file);

  return existsSync(full) && statSync(full).isFile() ? full : undefined;
}

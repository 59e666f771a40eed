/**
 * UI extensions served from a `build-pkg` output directory (`<name>-<version>/<name>-<version>.umd.min.js`).
 * `/v1/uiplugins` lists them as Rancher's plugin index does (rancher/rancher pkg/controllers/dashboard/plugin
 * index: `{entries: {<name>: {name, version, endpoint, noCache, metadata}}}`); the dashboard then loads
 * `/v1/uiplugins/<name>/<version>/plugin/<name>-<version>.umd.min.js` (shell core/extension-manager-impl.js
 * loadPluginAsync). The same files are also served under `/pkg/<name>-<version>/…`. Each plugin is also a
 * `catalog.cattle.io.uiplugin` object in `cattle-ui-plugin-system` (shell config/uiplugins.js).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import type { KObj } from '../store';

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

export function uiPluginIndex(dir: string | undefined): { entries: Record<string, unknown> } {
  const entries: Record<string, unknown> = {};

  for (const p of uiPluginPackages(dir)) {
    entries[p.name] = {
      name: p.name, version: p.version, endpoint: `/v1/uiplugins/${ p.name }/${ p.version }/plugin`, noCache: true, noAuth: false, metadata: chartAnnotations(p)
    };
  }

  return { entries };
}

export function uiPluginObjects(dir: string | undefined): KObj[] {
  return uiPluginPackages(dir).map((p) => ({
    apiVersion: 'catalog.cattle.io/v1',
    kind:       'UIPlugin',
    metadata:   { name: p.name, namespace: 'cattle-ui-plugin-system', resourceVersion: '1' },
    spec:       {
      plugin: {
        name: p.name, version: p.version, endpoint: `/v1/uiplugins/${ p.name }/${ p.version }/plugin`, noCache: true, noAuth: false, metadata: chartAnnotations(p)
      }
    },
    status: { cacheState: 'cached', ready: true, error: false },
  }));
}

/** Resolve `/v1/uiplugins/<name>/<version>/plugin/<file>` or `/pkg/<name>-<version>/<file>` to a file. */
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

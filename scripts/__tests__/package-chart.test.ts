/**
 * The chart repository scripts/package-chart.ts writes, read back the way Rancher reads it: the archive unpacked
 * (Rancher's helm InfoFromTarball reads `<chart>/Chart.yaml` and `<chart>/values.yaml`), the index's digest and
 * URLs, and the package files under the UIPlugin endpoint (files.txt and the .tgz Rancher's plugin cache fetches).
 */
import { createHash } from 'crypto';
import {
  cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import semver from 'semver';
import * as tar from 'tar';
import YAML from 'yaml';
import { packageChart, ROOT } from '../package-chart';

const NAME = 'cloud-provider-migration';
const PKG_DIR = join(ROOT, 'pkg', NAME);
const PKG = JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8'));
const BASE = 'http://127.0.0.1:18989/__sim/charts';
const CREATED = new Date('2026-01-02T03:04:05.000Z');

let work: string;

/** A stand-in for build-pkg output: the UMD entry, a chunk in a subfolder, package.json and the report build-pkg leaves. */
function fakeDist(version: string, umd = 'window.x = 1;'): string {
  const dir = join(work, 'dist-pkg', `${ NAME }-${ version }`);

  mkdirSync(join(dir, 'img'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: NAME, version }));
  writeFileSync(join(dir, `${ NAME }-${ version }.umd.min.js`), umd);
  writeFileSync(join(dir, `${ NAME }-${ version }.umd.min.1.js`), 'chunk');
  writeFileSync(join(dir, 'img', 'a.svg'), '<svg/>');
  writeFileSync(join(dir, 'report.html'), '<html/>');

  return dir;
}

/** A copy of the package folder at another version. */
function pkgAt(version: string): string {
  const dir = join(work, 'pkg', `${ NAME }-${ version }`);

  cpSync(join(PKG_DIR, 'package.json'), join(dir, 'package.json'));
  cpSync(join(PKG_DIR, 'assets'), join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...PKG, version }));

  return dir;
}

async function unpack(archive: string): Promise<{ dir: string; entries: string[] }> {
  const dir = mkdtempSync(join(work, 'unpack-'));
  const entries: string[] = [];

  await tar.t({ file: archive, onReadEntry: (e) => entries.push(e.path) });
  await tar.x({ file: archive, cwd: dir });

  return { dir, entries };
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cpm-chart-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('package-chart', () => {
  it('packs the chart as helm does: every file under <name>/, Chart.yaml with the package and its Rancher annotations', async () => {
    const out = join(work, 'repo');
    const res = await packageChart({
      pkgDir: PKG_DIR, distDir: fakeDist(PKG.version), outDir: out, baseUrl: BASE, created: CREATED
    });
    const { dir, entries } = await unpack(res.chartArchive);

    expect(res.chartArchive).toBe(join(out, 'assets', NAME, `${ NAME }-${ PKG.version }.tgz`));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((e) => !e.startsWith(`${ NAME }/`))).toEqual([]);
    expect(entries).toEqual(expect.arrayContaining([`${ NAME }/Chart.yaml`, `${ NAME }/values.yaml`, `${ NAME }/templates/cr.yaml`, `${ NAME }/templates/_helpers.tpl`]));

    const chart = YAML.parse(readFileSync(join(dir, NAME, 'Chart.yaml'), 'utf8'));

    expect(chart).toMatchObject({
      apiVersion: 'v2', name: NAME, version: PKG.version, appVersion: PKG.version, description: PKG.description, icon: `assets/${ NAME }/icon.svg`,
    });
    // The Extensions page lists a chart only with catalog.cattle.io/ui-component: plugins (shell config/uiplugins.js isUIPlugin).
    expect(chart.annotations).toMatchObject({
      'catalog.cattle.io/ui-component': 'plugins',
      'catalog.cattle.io/namespace':    'cattle-ui-plugin-system',
      ...PKG.rancher.annotations,
    });
    expect(existsSync(join(out, 'assets', NAME, 'icon.svg'))).toBe(true);
  });

  it('points the UIPlugin at the package files through values.yaml, with the metadata Rancher announces', async () => {
    const out = join(work, 'repo');
    const res = await packageChart({
      pkgDir: PKG_DIR, distDir: fakeDist(PKG.version), outDir: out, baseUrl: `${ BASE }/`, created: CREATED
    });
    const { dir } = await unpack(res.chartArchive);
    const values = YAML.parse(readFileSync(join(dir, NAME, 'values.yaml'), 'utf8'));
    const endpoint = `${ BASE }/extensions/${ NAME }/${ PKG.version }`;

    expect(values.plugin).toEqual({
      enabled:            true,
      versionOverride:    '',
      endpoint,
      compressedEndpoint: `${ endpoint }.tgz`,
      noCache:            false,
      noAuth:             false,
      metadata:           PKG.rancher.annotations,
    });
    const cr = readFileSync(join(dir, NAME, 'templates', 'cr.yaml'), 'utf8');

    expect(cr).toMatch(/^apiVersion: catalog\.cattle\.io\/v1\nkind: UIPlugin\n/);
    expect(cr).toContain('.Values.plugin.endpoint');
    expect(cr).toContain('.Values.plugin.compressedEndpoint');
  });

  it('writes an index whose digest is the archive sha256 and whose URL leads to the archive', async () => {
    const out = join(work, 'repo');
    const res = await packageChart({
      pkgDir: PKG_DIR, distDir: fakeDist(PKG.version), outDir: out, baseUrl: BASE, created: CREATED
    });
    const index = YAML.parse(readFileSync(join(out, 'index.yaml'), 'utf8'));
    const [entry, ...more] = index.entries[NAME];
    const chart = YAML.parse(readFileSync(join(out, 'charts', NAME, PKG.version, 'Chart.yaml'), 'utf8'));

    expect(index.apiVersion).toBe('v1');
    expect(more).toEqual([]);
    expect(entry.digest).toBe(createHash('sha256').update(new Uint8Array(readFileSync(res.chartArchive))).digest('hex'));
    expect(entry.urls).toEqual([`assets/${ NAME }/${ NAME }-${ PKG.version }.tgz`]);
    expect(existsSync(join(out, entry.urls[0]))).toBe(true);
    expect(entry.created).toBe(CREATED.toISOString());
    const { created, digest, urls, ...metadata } = entry; // eslint-disable-line @typescript-eslint/no-unused-vars

    expect(metadata).toEqual(chart);
  });

  it('lays the package files out under the endpoint: plugin/, files.txt without the report, and the same folder as a .tgz', async () => {
    const out = join(work, 'repo');

    await packageChart({
      pkgDir: PKG_DIR, distDir: fakeDist(PKG.version), outDir: out, baseUrl: BASE, created: CREATED
    });
    const ext = join(out, 'extensions', NAME, PKG.version);
    const files = readFileSync(join(ext, 'files.txt'), 'utf8').split('\n').filter(Boolean);

    expect(files).toEqual([
      'plugin/cloud-provider-migration-0.1.0.umd.min.1.js', 'plugin/cloud-provider-migration-0.1.0.umd.min.js', 'plugin/img/a.svg', 'plugin/package.json',
    ].map((f) => f.replace(/0\.1\.0/g, PKG.version)).sort());
    for (const f of files) {
      expect(existsSync(join(ext, f))).toBe(true);
    }
    expect(existsSync(join(ext, 'plugin', 'report.html'))).toBe(false);
    const { dir, entries } = await unpack(join(out, 'extensions', NAME, `${ PKG.version }.tgz`));

    expect(entries.filter((e) => !e.startsWith(`${ PKG.version }/`))).toEqual([]);
    expect(readFileSync(join(dir, PKG.version, 'files.txt'), 'utf8')).toBe(readFileSync(join(ext, 'files.txt'), 'utf8'));
    expect(JSON.parse(readFileSync(join(dir, PKG.version, 'plugin', 'package.json'), 'utf8')).version).toBe(PKG.version);
  });

  it('keeps other versions in the index, newest first, and replaces a version packed again', async () => {
    const out = join(work, 'repo');

    await packageChart({
      pkgDir: PKG_DIR, distDir: fakeDist(PKG.version), outDir: out, baseUrl: BASE, created: CREATED
    });
    const next = semver.inc(PKG.version, 'minor') as string;

    await packageChart({
      pkgDir: pkgAt(next), distDir: fakeDist(next), outDir: out, baseUrl: BASE, created: CREATED
    });
    const again = await packageChart({
      pkgDir: PKG_DIR, distDir: fakeDist(PKG.version, 'window.x = 2;'), outDir: out, baseUrl: BASE, created: new Date('2026-02-01T00:00:00Z')
    });
    const entries = YAML.parse(readFileSync(join(out, 'index.yaml'), 'utf8')).entries[NAME];

    expect(entries.map((e: any) => e.version)).toEqual([next, PKG.version]);
    expect(entries[1].digest).toBe(again.digest);
    expect(entries[1].created).toBe('2026-02-01T00:00:00.000Z');
  });

  it('refuses build output of another version or without its entry file', async () => {
    const out = join(work, 'repo');
    const other = fakeDist('9.9.9');

    await expect(packageChart({
      pkgDir: PKG_DIR, distDir: other, outDir: out, baseUrl: BASE
    })).rejects.toThrow(/holds cloud-provider-migration@9\.9\.9/);
    const dist = fakeDist(PKG.version);

    rmSync(join(dist, `${ NAME }-${ PKG.version }.umd.min.js`));
    await expect(packageChart({
      pkgDir: PKG_DIR, distDir: dist, outDir: out, baseUrl: BASE
    })).rejects.toThrow(/no cloud-provider-migration-.*\.umd\.min\.js/);
  });
});

describe("the package's Rancher annotations", () => {
  const a = PKG.rancher.annotations;

  it('name a display name and ranges Rancher 2.10–2.14 and the shell 3.0.8 extension API satisfy', () => {
    const shellVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/@rancher/shell/package.json'), 'utf8')).version;

    expect(a['catalog.cattle.io/display-name']).toBe('Cloud provider migration');
    // Rancher filters the index by this range (rancher/rancher pkg/catalogv2/content/content.go filterReleases);
    // the dashboard checks it against the Rancher version (shell config/uiplugins.js isSupportedChartVersion).
    for (const v of ['2.10.0', '2.11.16', '2.12.6', '2.13.2', '2.14.0']) {
      expect(semver.satisfies(v, a['catalog.cattle.io/rancher-version'])).toBe(true);
    }
    expect(semver.satisfies('2.9.5', a['catalog.cattle.io/rancher-version'])).toBe(false);
    // The shell loads an extension only if its API version satisfies this (config/uiplugins.js shouldNotLoadPlugin).
    expect(semver.satisfies(semver.coerce(shellVersion)!.version, a['catalog.cattle.io/ui-extensions-version'])).toBe(true);
  });
});

/**
 * Packages the extension as a Rancher extension Helm chart repository, laid out the way the shell's publish
 * script (`node_modules/@rancher/shell/scripts/extension/publish`, with `helm/scripts/patch` and `helmpatch`)
 * lays out a GitHub-published one, but without `helm`, `jq` or `yq`:
 *
 *   index.yaml                                   Helm repository index (apiVersion v1), chart URLs relative
 *   assets/<name>/<name>-<version>.tgz           the chart archive (`helm package` layout: `<name>/Chart.yaml`, …)
 *   assets/<name>/<icon>                         the package's icon when package.json names a file, not a URL
 *   charts/<name>/<version>/                     the chart, unpacked
 *   extensions/<name>/<version>/plugin/…         the build-pkg output (without report.html)
 *   extensions/<name>/<version>/files.txt        every file under plugin/, sorted (Rancher's plugin cache reads it)
 *   extensions/<name>/<version>.tgz              the same folder as a gzipped tar (the UIPlugin compressedEndpoint)
 *
 * The chart is the shell's own template (`scripts/extension/helm/charts/ui-plugin-server`, read from
 * node_modules at run time): Chart.yaml gets the package's name, version, description, icon, keywords and home,
 * and its `rancher.annotations` beside the template's `catalog.cattle.io/*` ones; values.yaml gets
 * `plugin.metadata` (the same annotations), `plugin.noAuth` and `plugin.endpoint` =
 * `<base URL>/extensions/<name>/<version>` with `plugin.compressedEndpoint` = endpoint + `.tgz`. The base URL
 * defaults to what the publish script writes for a GitHub build,
 * `https://raw.githubusercontent.com/<owner>/<repo>/<branch>`; the chart's template turns these values into the
 * `catalog.cattle.io/v1` UIPlugin that Rancher reads.
 *
 * Usage: tsx scripts/package-chart.ts [--pkg NAME] [--dist DIR] [--out DIR]
 *          [--base-url URL | --github OWNER/REPO [--branch gh-pages]] [--created ISO-TIME]
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import {
  copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync
} from 'fs';
import { basename, dirname, join, relative, resolve } from 'path';
import semver from 'semver';
import * as tar from 'tar';
import YAML from 'yaml';

export const ROOT = resolve(__dirname, '..');
export const SHELL_CHART_TEMPLATE = join(ROOT, 'node_modules/@rancher/shell/scripts/extension/helm/charts/ui-plugin-server');

export interface PackageChartOptions {
  /** The package folder (`pkg/<name>`), whose package.json carries `rancher.annotations`. */
  pkgDir: string;
  /** The build-pkg output for this version (`dist-pkg/<name>-<version>`). */
  distDir: string;
  /** The chart repository folder to write (kept between runs: other versions stay in index.yaml). */
  outDir: string;
  /** Where the repository folder is served from; the UIPlugin endpoint is `<baseUrl>/extensions/<name>/<version>`. */
  baseUrl: string;
  /** The index entry's `created` time (default now). */
  created?: Date;
  /** The chart template (default the shell's ui-plugin-server chart). */
  templateDir?: string;
}

export interface PackagedChart {
  name: string;
  version: string;
  chartArchive: string;
  digest: string;
  endpoint: string;
  compressedEndpoint: string;
  index: string;
}

interface PkgJson {
  name: string;
  version: string;
  description?: string;
  icon?: string;
  keywords?: string[];
  homepage?: string;
  rancher?: { annotations?: Record<string, string>; noAuth?: boolean };
}

function listFiles(dir: string, under = ''): string[] {
  const out: string[] = [];

  for (const entry of readdirSync(join(dir, under)).sort()) {
    const rel = under ? `${ under }/${ entry }` : entry;

    if (statSync(join(dir, rel)).isDirectory()) {
      out.push(...listFiles(dir, rel));
    } else {
      out.push(rel);
    }
  }

  return out;
}

function copyTree(from: string, to: string, skip: (rel: string) => boolean = () => false): string[] {
  const files = listFiles(from).filter((f) => !skip(f));

  for (const f of files) {
    mkdirSync(dirname(join(to, f)), { recursive: true });
    copyFileSync(join(from, f), join(to, f));
  }

  return files;
}

function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}

/** The Chart.yaml the publish script's `patch` and `helmpatch` steps make from the template and package.json. */
export function chartMetadata(template: Record<string, any>, pkg: PkgJson, icon: string | undefined): Record<string, any> {
  const chart: Record<string, any> = { ...template, name: pkg.name, appVersion: pkg.version, version: pkg.version };

  if (pkg.description) {
    chart.description = pkg.description;
  } else {
    delete chart.description;
  }
  if (icon) {
    chart.icon = icon;
  } else {
    delete chart.icon;
  }
  if (pkg.keywords) {
    chart.keywords = pkg.keywords;
  } else {
    delete chart.keywords;
  }
  if (pkg.homepage) {
    chart.home = pkg.homepage;
  } else {
    delete chart.home;
  }
  chart.annotations = { ...(template.annotations || {}), ...(pkg.rancher?.annotations || {}) };

  return chart;
}

/** The values.yaml of the chart: where Rancher fetches the package from, and the metadata it announces. */
export function chartValues(template: Record<string, any>, pkg: PkgJson, endpoint: string): Record<string, any> {
  const plugin = { ...(template.plugin || {}) };

  plugin.metadata = { ...(plugin.metadata || {}), ...(pkg.rancher?.annotations || {}) };
  if (pkg.rancher?.noAuth === true) {
    plugin.noAuth = true;
  }
  plugin.endpoint = endpoint;
  plugin.compressedEndpoint = `${ endpoint }.tgz`;

  return { ...template, plugin };
}

function sha256(file: string): string {
  return createHash('sha256').update(new Uint8Array(readFileSync(file))).digest('hex');
}

/** Writes the chart repository for one built package version; see the file comment for the layout. */
export async function packageChart(opts: PackageChartOptions): Promise<PackagedChart> {
  const pkg: PkgJson = JSON.parse(readFileSync(join(opts.pkgDir, 'package.json'), 'utf8'));
  const built = JSON.parse(readFileSync(join(opts.distDir, 'package.json'), 'utf8'));

  if (built.name !== pkg.name || built.version !== pkg.version) {
    throw new Error(`${ opts.distDir } holds ${ built.name }@${ built.version }, not ${ pkg.name }@${ pkg.version }: run build-pkg first`);
  }
  const { name, version } = pkg;
  const main = `${ name }-${ version }.umd.min.js`;

  if (!existsSync(join(opts.distDir, main))) {
    throw new Error(`${ opts.distDir } has no ${ main }: the build-pkg output is incomplete`);
  }
  const templateDir = opts.templateDir || SHELL_CHART_TEMPLATE;
  const out = resolve(opts.outDir);
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const endpoint = `${ baseUrl }/extensions/${ name }/${ version }`;
  const created = opts.created || new Date();

  // extensions/<name>/<version>/{plugin/…, files.txt} and its .tgz
  const extRoot = join(out, 'extensions', name);
  const extDir = join(extRoot, version);

  rmSync(extDir, { recursive: true, force: true });
  const pluginFiles = copyTree(opts.distDir, join(extDir, 'plugin'), (f) => f === 'report.html' || f.startsWith('.') || f === 'chart-annotations.json');

  writeFileSync(join(extDir, 'files.txt'), `${ pluginFiles.map((f) => `plugin/${ f }`).sort().join('\n') }\n`);
  await tar.c({
    gzip: true, cwd: extRoot, file: join(extRoot, `${ version }.tgz`), portable: true, mtime: created
  }, [version]);

  // assets/<name>/<icon>, when the package names a file
  const assets = join(out, 'assets', name);

  mkdirSync(assets, { recursive: true });
  let icon: string | undefined = pkg.icon;

  if (icon && !isUrl(icon)) {
    const iconFile = join(opts.pkgDir, icon);

    if (!existsSync(iconFile)) {
      throw new Error(`package.json icon ${ icon } is neither a URL nor a file in ${ opts.pkgDir }`);
    }
    copyFileSync(iconFile, join(assets, basename(iconFile)));
    // Rancher resolves an icon that is not absolute against the repository URL (rancher/rancher pkg/catalogv2/http/download.go Icon).
    icon = `assets/${ name }/${ basename(iconFile) }`;
  }

  // charts/<name>/<version>/: the template with Chart.yaml and values.yaml patched
  const chartDir = join(out, 'charts', name, version);

  rmSync(chartDir, { recursive: true, force: true });
  const chartFiles = copyTree(templateDir, chartDir);
  const chart = chartMetadata(YAML.parse(readFileSync(join(templateDir, 'Chart.yaml'), 'utf8')), pkg, icon);
  const values = chartValues(YAML.parse(readFileSync(join(templateDir, 'values.yaml'), 'utf8')), pkg, endpoint);

  writeFileSync(join(chartDir, 'Chart.yaml'), YAML.stringify(chart));
  writeFileSync(join(chartDir, 'values.yaml'), YAML.stringify(values));
  if (existsSync(join(opts.pkgDir, 'README.md'))) {
    copyFileSync(join(opts.pkgDir, 'README.md'), join(chartDir, 'README.md'));
    chartFiles.push('README.md');
  }

  // assets/<name>/<name>-<version>.tgz: `helm package` puts every file under a folder named after the chart
  const chartArchive = join(assets, `${ name }-${ version }.tgz`);

  await tar.c({
    gzip: true, cwd: chartDir, file: chartArchive, portable: true, mtime: created, prefix: name
  }, [...new Set(chartFiles)].sort());
  const digest = sha256(chartArchive);

  // index.yaml: this version's entry replaces an older one of the same version; other versions stay
  const indexFile = join(out, 'index.yaml');
  const index = existsSync(indexFile) ? YAML.parse(readFileSync(indexFile, 'utf8')) || {} : {};
  const entries: Record<string, any[]> = index.entries || {};
  const entry = {
    ...chart, created: created.toISOString(), digest, urls: [relative(out, chartArchive).split('\\').join('/')]
  };

  entries[name] = [entry, ...(entries[name] || []).filter((e) => e.version !== version)]
    .sort((a, b) => compareVersions(b.version, a.version));
  writeFileSync(indexFile, YAML.stringify({ apiVersion: 'v1', entries, generated: created.toISOString() }));

  return {
    name, version, chartArchive, digest, endpoint, compressedEndpoint: `${ endpoint }.tgz`, index: indexFile
  };
}

function compareVersions(a: string, b: string): number {
  return semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : a.localeCompare(b);
}

/** `https://raw.githubusercontent.com/<owner>/<repo>/<branch>`, as the publish script's GitHub build writes it. */
export function githubBaseUrl(repo: string, branch: string): string {
  return `https://raw.githubusercontent.com/${ repo }/${ branch }`;
}

function originRepo(): string | undefined {
  try {
    const url = execFileSync('git', ['config', '--get', 'remote.origin.url'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const m = /github\.com[:/]([^/]+\/[^/]+?)(\.git)?$/.exec(url);

    return m?.[1];
  } catch {
    return undefined;
  }
}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};

  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);

    if (!flag.startsWith('--')) {
      throw new Error(`unexpected argument ${ argv[i] }`);
    }
    out[flag.slice(2)] = inline !== undefined ? inline : argv[++i];
  }

  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const known = ['pkg', 'dist', 'out', 'base-url', 'github', 'branch', 'created'];
  const unknown = Object.keys(args).filter((k) => !known.includes(k));

  if (unknown.length) {
    throw new Error(`unknown option --${ unknown[0] } (options: ${ known.map((k) => `--${ k }`).join(' ') })`);
  }
  const name = args.pkg || 'cloud-provider-migration';
  const pkgDir = join(ROOT, 'pkg', name);
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const repo = args.github || process.env.GITHUB_REPOSITORY || originRepo();
  const baseUrl = args['base-url'] || (repo ? githubBaseUrl(repo, args.branch || 'gh-pages') : undefined);

  if (!baseUrl) {
    throw new Error('say where the repository is served: --base-url URL, or --github OWNER/REPO [--branch gh-pages]');
  }
  const res = await packageChart({
    pkgDir,
    distDir: resolve(args.dist || join(ROOT, 'dist-pkg', `${ name }-${ version }`)),
    outDir:  resolve(args.out || join(ROOT, 'dist-charts')),
    baseUrl,
    created: args.created ? new Date(args.created) : undefined,
  });

  process.stdout.write(`${ [
    `chart ${ relative(ROOT, res.chartArchive) } (sha256 ${ res.digest })`,
    `index ${ relative(ROOT, res.index) }`,
    `UIPlugin endpoint ${ res.endpoint }`,
  ].join('\n') }\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`package-chart: ${ e instanceof Error ? e.message : String(e) }\n`);
    process.exit(1);
  });
}

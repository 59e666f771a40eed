/**
 * What the extension costs the dashboard to load: `npm run bench -- bundle`.
 *
 * Builds the package with the shell's build-pkg (the same command as scripts/build-production) in a scratch copy
 * under artifacts/bundle/<name>/, so that a build never disturbs dist-pkg/ or pkg/ while other runs use them, and
 * does the same for a minimal one-tab extension (bench/fixtures/minimal-tab) for comparison. A build is reused
 * while the sources and yarn.lock hash the same (scripts/source-hash); BUNDLE_REBUILD=1 builds again.
 * BUNDLE_DIST=<dir> reads that build-pkg output instead of building the package (e.g. dist-pkg/<name>-<version>
 * from scripts/build-production); BUNDLE_SOURCE=<dir> builds the package from another copy of its folder (e.g. one
 * taken from an older commit with `git archive`, to compare).
 *
 * Sizes: raw bytes of each chunk file and its gzip (Node zlib, level 9). The build's source maps say which source
 * each byte of a chunk came from; a dependency's gzip is its code in that chunk compressed alone, so the
 * dependencies of one chunk add up to more than the chunk's gzip.
 */
import { spawnSync } from 'child_process';
import {
  cpSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync,
} from 'fs';
import { basename, join, relative, resolve } from 'path';
import { SourceMapConsumer } from 'source-map';
import { gzipSync } from 'zlib';

const ROOT = join(__dirname, '..');
const PACKAGE = 'cloud-provider-migration';
const FIXTURE = join(__dirname, 'fixtures', 'minimal-tab');
/** Dependencies at or above this gzip size (summed over the chunks they are in) are named in the report. */
const NAMED_DEPENDENCY_GZIP = 20 * 1024;

export interface Chunk {
  file: string;
  /** 'entry' for the file every dashboard load fetches, else webpack's chunk id. */
  id: string;
  raw: number;
  gzip: number;
  /** Source groups (a dependency, a folder of the package, the webpack runtime) by raw and gzip bytes. */
  groups: Map<string, { raw: number; gzip: number }>;
  /** The locale when the chunk holds only the package's translations (l10n/<locale>.yaml). */
  locale?: string;
}

export interface BundleReport {
  name: string;
  dir: string;
  entry: Chunk;
  lazy: Chunk[];
}

function gzipBytes(data: Buffer | string): number {
  return gzipSync(data, { level: 9 }).length;
}

/**
 * The group a source of the source map belongs to: the package below the last node_modules/ (the shell's own
 * files included, as @rancher/shell), `webpack runtime`, host-provided externals, or a top folder or file of the
 * extension itself (`./engine`, `./index.ts`).
 */
export function sourceGroup(source: string | null): string {
  if (!source) {
    return 'webpack runtime';
  }
  const path = source.replace(/^webpack:\/\/[^/]*\//, '').replace(/\?.*$/, '');
  const modules = path.lastIndexOf('node_modules/');

  if (modules >= 0) {
    const parts = path.slice(modules + 'node_modules/'.length).split('/');

    return parts[0].startsWith('@') ? `${ parts[0] }/${ parts[1] }` : parts[0];
  }
  if (path.startsWith('webpack/')) {
    return 'webpack runtime';
  }
  if (path.startsWith('external ')) {
    return 'externals (host globals)';
  }
  if (path.startsWith('.shell/')) {
    return '@rancher/shell';
  }
  return `./${ path.replace(/^\.\//, '').split('/')[0] }`;
}

/** Raw and gzip size of a chunk and of each source group in it, from the chunk's source map. */
export function measureChunk(file: string, id: string): Chunk {
  const code = readFileSync(file);
  const text = code.toString('utf8');
  const groups = new Map<string, { raw: number; gzip: number }>();
  const pieces = new Map<string, string[]>();
  const mapFile = `${ file }.map`;
  let locale: string | undefined;

  if (existsSync(mapFile)) {
    const lines = text.split('\n');
    const map = JSON.parse(readFileSync(mapFile, 'utf8'));
    const consumer = new SourceMapConsumer(map);
    const locales: (string | undefined)[] = map.sources.map((source: string) => source.match(/\/l10n\/([^/]+)\.ya?ml$/)?.[1]);

    locale = locales.length === 1 ? locales[0] : undefined;
    let previous: { line: number; column: number; group: string } | undefined;
    const close = (untilColumn?: number) => {
      if (previous) {
        const line = lines[previous.line - 1] ?? '';
        const list = pieces.get(previous.group) ?? [];

        list.push(line.slice(previous.column, untilColumn ?? line.length));
        pieces.set(previous.group, list);
      }
    };

    // Mappings come in generated order; each one runs until the next on its line, or to the end of the line.
    consumer.eachMapping((m) => {
      close(previous && previous.line === m.generatedLine ? m.generatedColumn : undefined);
      previous = { line: m.generatedLine, column: m.generatedColumn, group: sourceGroup(m.source) };
    });
    close();
  }
  let mapped = 0;

  for (const [group, list] of pieces) {
    const joined = list.join('');
    const raw = Buffer.byteLength(joined);

    mapped += raw;
    groups.set(group, { raw, gzip: gzipBytes(joined) });
  }
  const unmapped = code.length - mapped;

  if (unmapped > 0) {
    groups.set('[no source map]', { raw: unmapped, gzip: 0 });
  }

  return {
    file, id, raw: code.length, gzip: gzipBytes(code), groups, locale
  };
}

/** Every chunk of a build-pkg output directory: `<name>.umd.min.js` is the entry, `<name>.umd.min.<id>.js` lazy. */
export function measureBuild(dir: string): BundleReport {
  const entryFile = readdirSync(dir).find((f) => /\.umd\.min\.js$/.test(f));

  if (!entryFile) {
    throw new Error(`no <name>.umd.min.js in ${ dir }: not a build-pkg output`);
  }
  const base = entryFile.replace(/\.umd\.min\.js$/, '');
  const name = base.replace(/-\d+\.\d+\.\d+.*$/, '');
  const lazy = readdirSync(dir)
    .map((f) => f.match(new RegExp(`^${ base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') }\\.umd\\.min\\.(.+)\\.js$`)))
    .filter((m): m is RegExpMatchArray => !!m)
    .map((m) => measureChunk(join(dir, m[0]), m[1]))
    .sort((a, b) => b.gzip - a.gzip);

  return {
    name, dir, entry: measureChunk(join(dir, entryFile), 'entry'), lazy
  };
}

function sourceHash(dir: string): string {
  const res = spawnSync('bash', [join(ROOT, 'scripts', 'source-hash'), dir, join(ROOT, 'yarn.lock')], { encoding: 'utf8' });

  if (res.status !== 0) {
    throw new Error(`source-hash ${ dir } failed: ${ res.stderr }`);
  }

  return res.stdout.trim();
}

/**
 * build-pkg output for the package in `source`, built in artifacts/bundle/<name>/ (a copy of the package beside a
 * link to the repository's node_modules, the layout build-pkg expects) unless the build there is of the same hash.
 */
export function buildPackage(source: string, name: string, log: (line: string) => void): string {
  const version = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version;
  const work = join(ROOT, 'artifacts', 'bundle', name);
  const out = join(work, 'dist-pkg', `${ name }-${ version }`);
  const hashFile = join(work, 'build-hash');
  const hash = sourceHash(source);

  if (!process.env.BUNDLE_REBUILD && existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === hash && existsSync(out)) {
    log(`bundle: ${ relative(ROOT, out) } is up to date`);

    return out;
  }
  log(`bundle: build-pkg ${ name } in ${ relative(ROOT, work) } (a few minutes)`);
  rmSync(join(work, 'pkg'), { recursive: true, force: true });
  rmSync(hashFile, { force: true });
  mkdirSync(join(work, 'pkg'), { recursive: true });
  if (!existsSync(join(work, 'node_modules'))) {
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'));
  }
  cpSync(source, join(work, 'pkg', name), {
    recursive: true,
    filter:    (src) => !relative(source, src).split('/').some((part) => part === 'node_modules' || part === '.shell'),
  });
  const logFile = join(work, 'build.log');
  const fd = openSync(logFile, 'w');
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${ join(ROOT, 'node_modules', '.bin') }:${ process.env.PATH }` };

  delete env.NODE_ENV;
  delete env.VERSION;
  const started = Date.now();
  const res = spawnSync('bash', [join(work, 'node_modules', '@rancher', 'shell', 'scripts', 'build-pkg.sh'), name], {
    cwd: work, env, stdio: ['ignore', fd, fd]
  });

  closeSync(fd);
  if (res.status !== 0 || !existsSync(out)) {
    throw new Error(`build-pkg ${ name } failed (exit ${ res.status }); see ${ relative(ROOT, logFile) }`);
  }
  writeFileSync(hashFile, `${ hash }\n`);
  log(`bundle: ${ name } built in ${ Math.round((Date.now() - started) / 1000) } s`);

  return out;
}

const int = (n: number) => n.toLocaleString('en-US');
const kb = (n: number) => `${ (n / 1024).toFixed(1) } KB`;

/** A Markdown table; `align` has 'l' or 'r' per column. */
function table(headers: string[], rows: string[][], align: string): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${ cells.map((cell, c) => (align[c] === 'r' ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ') } |`;
  const rule = `|${ widths.map((w, c) => (align[c] === 'r' ? `${ '-'.repeat(w + 1) }:` : '-'.repeat(w + 2))).join('|') }|`;

  return [line(headers), rule, ...rows.map(line)].join('\n');
}

function topGroups(chunk: Chunk, n: number): string {
  return [...chunk.groups.entries()]
    .filter(([group]) => group !== '[no source map]')
    .sort((a, b) => b[1].raw - a[1].raw)
    .slice(0, n)
    .map(([group]) => group)
    .join(', ');
}

/**
 * When the dashboard fetches a lazy chunk: the shell merges every extension's translations for the user's locale
 * (and en-us as its fallback) on navigation, so a translations chunk is fetched on every load in its locale; the
 * others when the code that imports them runs (the tab when it opens).
 */
function fetched(chunk: Chunk): string {
  return chunk.locale ? `every load in ${ chunk.locale }` : 'on demand';
}

/** The printed report: chunks of the package (and the minimal extension's entry), then the large dependencies. */
export function formatBundleReport(pkg: BundleReport, minimal?: BundleReport): string {
  const lazyRaw = pkg.lazy.reduce((s, c) => s + c.raw, 0);
  const lazyGzip = pkg.lazy.reduce((s, c) => s + c.gzip, 0);
  const chunkRows = [
    [pkg.name, 'entry', 'every load', int(pkg.entry.raw), int(pkg.entry.gzip), topGroups(pkg.entry, 4)],
    ...pkg.lazy.map((c) => [pkg.name, `lazy ${ c.id }`, fetched(c), int(c.raw), int(c.gzip), topGroups(c, 4)]),
    [pkg.name, `lazy total (${ pkg.lazy.length } chunks)`, '', int(lazyRaw), int(lazyGzip), ''],
  ];

  if (minimal) {
    chunkRows.push([`${ minimal.name } (bench/fixtures)`, 'entry', 'every load', int(minimal.entry.raw), int(minimal.entry.gzip), topGroups(minimal.entry, 4)]);
  }
  const byDependency = new Map<string, { raw: number; gzip: number; chunks: string[] }>();

  for (const chunk of [pkg.entry, ...pkg.lazy]) {
    for (const [group, size] of chunk.groups) {
      const sum = byDependency.get(group) ?? { raw: 0, gzip: 0, chunks: [] };

      sum.raw += size.raw;
      sum.gzip += size.gzip;
      sum.chunks.push(chunk.id);
      byDependency.set(group, sum);
    }
  }
  const dependencyRows = [...byDependency.entries()]
    .filter(([, s]) => s.gzip >= NAMED_DEPENDENCY_GZIP)
    .sort((a, b) => b[1].gzip - a[1].gzip)
    .map(([group, s]) => [group, s.chunks.join(', '), int(s.raw), int(s.gzip)]);
  const entryRows = [...pkg.entry.groups.entries()]
    .sort((a, b) => b[1].raw - a[1].raw)
    .slice(0, 8)
    .map(([group, s]) => [group, int(s.raw), int(s.gzip)]);
  const out = [
    table(['package', 'chunk', 'fetched', 'raw B', 'gzip B', 'largest sources'], chunkRows, 'lllrrl'),
    '',
    `Dependencies of ${ pkg.name } over ${ kb(NAMED_DEPENDENCY_GZIP) } gzipped (each compressed alone, per chunk, summed):`,
    table(['dependency', 'chunks', 'raw B', 'gzip B'], dependencyRows, 'llrr'),
    '',
    `What the entry chunk holds (top ${ entryRows.length }):`,
    table(['source', 'raw B', 'gzip B'], entryRows, 'lrr'),
    '',
    './<folder>: the extension\'s own code. ' +
      `Read from ${ relative(ROOT, pkg.dir) || pkg.dir }${ minimal ? ` and ${ relative(ROOT, minimal.dir) }` : '' }. gzip: Node zlib level 9. ` +
      `Entry: ${ int(pkg.entry.gzip) } B gzipped${ minimal ? `, ${ (pkg.entry.gzip / minimal.entry.gzip).toFixed(2) } times the minimal extension's` : '' }.`,
  ];

  return out.join('\n');
}

export async function bundleReport(): Promise<string> {
  const log = (line: string) => process.stderr.write(`${ line }\n`);
  const source = resolve(process.env.BUNDLE_SOURCE || join(ROOT, 'pkg', PACKAGE));
  const dir = process.env.BUNDLE_DIST ? resolve(process.env.BUNDLE_DIST) : buildPackage(source, PACKAGE, log);
  const pkg = measureBuild(dir);
  let minimal: BundleReport | undefined;

  try {
    minimal = measureBuild(buildPackage(FIXTURE, basename(FIXTURE), log));
  } catch (e) {
    log(`bundle: no minimal extension to compare with: ${ e instanceof Error ? e.message : String(e) }`);
  }

  return formatBundleReport(pkg, minimal);
}

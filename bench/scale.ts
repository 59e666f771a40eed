/**
 * The scale benchmark, `npm run bench -- scale`: what the extension costs, measured on the production build with the
 * extension loaded as a package (scripts/build-production, built first when its inputs changed) in the real browser
 * against the simulator, printed as one table of figures beside their targets:
 *  - the entry chunk every dashboard load fetches and the lazy chunks, beside a minimal one-tab extension's entry
 *    built the same way (bench/bundle.ts), and every dependency over 20 KB gzipped;
 *  - the tab on a 5,000-node cluster (bench/tabScale.ts);
 *  - the fleet page on 1,000 clusters, and the tab's requests while a step waits and after it is left
 *    (bench/browserCost.ts);
 *  - cluster updates and node restarts per migration, per strategy and distro (bench/migrationCost.ts).
 * Nothing asserts on a figure; a part throws only when what it measures did not happen. Several minutes in all.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { basename, join } from 'path';
import { buildPackage, measureBuild, type BundleReport } from './bundle';
import { fleetFigures, PRODUCTION, waitingFigures } from './browserCost';
import { formatFigures, type Figure } from './figures';
import { migrationCostFigures } from './migrationCost';
import { tabScaleFigures } from './tabScale';

const ROOT = join(__dirname, '..');
const PACKAGE = 'cloud-provider-migration';
const NAMED_DEPENDENCY_GZIP = 20 * 1024;

const bytes = (n: number) => `${ n.toLocaleString('en-US') } B`;

function buildProduction(log: (line: string) => void): string {
  log('scale: scripts/build-production (minutes when its inputs changed)');
  const res = spawnSync('bash', [join(ROOT, 'scripts', 'build-production')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });

  if (res.status !== 0) {
    throw new Error(`scripts/build-production failed (exit ${ res.status })`);
  }
  const version = JSON.parse(readFileSync(join(ROOT, 'pkg', PACKAGE, 'package.json'), 'utf8')).version;

  return join(PRODUCTION.uiplugins, `${ PACKAGE }-${ version }`);
}

/** Entry and lazy chunk sizes beside the minimal extension's entry, and the dependencies over 20 KB gzipped. */
export function bundleFigures(pkg: BundleReport, minimal: BundleReport): Figure[] {
  const lazyGzip = pkg.lazy.reduce((n, c) => n + c.gzip, 0);
  const limit = 2 * minimal.entry.gzip;
  const deps = new Map<string, number>();

  for (const chunk of [pkg.entry, ...pkg.lazy]) {
    for (const [group, size] of chunk.groups) {
      deps.set(group, (deps.get(group) ?? 0) + size.gzip);
    }
  }
  const big = [...deps.entries()].filter(([, g]) => g >= NAMED_DEPENDENCY_GZIP).sort((a, b) => b[1] - a[1]);

  return [
    {
      what:   'entry chunk, fetched on every dashboard load (gzip)',
      figure: bytes(pkg.entry.gzip),
      target: `≤ ${ bytes(limit) } (twice the minimal extension's ${ bytes(minimal.entry.gzip) })`,
      met:    pkg.entry.gzip <= limit,
    },
    {
      what:   `lazy chunks, ${ pkg.lazy.length } (gzip)`,
      figure: bytes(lazyGzip),
      target: '-',
      note:   `largest: ${ pkg.lazy.slice(0, 3).map((c) => `${ c.id } ${ bytes(c.gzip) }`).join(', ') }`,
    },
    ...big.map(([group, gzip]) => ({
      what: `dependency over 20 KB gzipped: ${ group }`, figure: bytes(gzip), target: '-', note: 'summed over the chunks it is in, each compressed alone',
    })),
  ];
}

export async function scaleReport(): Promise<string> {
  const log = (line: string) => process.stderr.write(`${ line }\n`);
  const started = Date.now();
  const pkgDir = buildProduction(log);
  const minimal = measureBuild(buildPackage(join(__dirname, 'fixtures', 'minimal-tab'), 'minimal-tab', log));
  const figures: Figure[] = [...bundleFigures(measureBuild(pkgDir), minimal)];

  log(`scale: the tab on a 5,000-node cluster (${ basename(pkgDir) })`);
  figures.push(...await tabScaleFigures(PRODUCTION));
  log('scale: the fleet page on 1,000 clusters');
  figures.push(...await fleetFigures());
  log('scale: a tab waiting on a step, then left (two quiet minutes)');
  figures.push(...await waitingFigures());
  figures.push(...await migrationCostFigures(log));

  return `${ formatFigures(figures) }\n\nProduction dashboard (dist-prod) with the extension from /v1/uiplugins (dist-pkg), chromium, the simulator; ` +
    `${ Math.round((Date.now() - started) / 1000) } s in all. Byte and request counts do not depend on the machine; times do.`;
}

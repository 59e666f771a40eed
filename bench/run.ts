/**
 * Benchmarks: `node_modules/.bin/tsx bench/run.ts [engine] [fleet] [sim] [cli] [bundle] [scale]` (default: the timed
 * groups) prints one table of figures. `bundle` (which may build the package first, for minutes) prints the package's
 * chunk sizes (bench/bundle.ts); `scale` (the production build in the browser, several minutes) prints what the
 * extension costs at scale beside its targets (bench/scale.ts). Nothing here asserts on time or size; a case throws
 * only when the code it measures did not do its work.
 */
import { cpus, loadavg } from 'os';
import { bundleReport } from './bundle';
import { cliCases } from './cliCases';
import { engineCases } from './engineCases';
import { fleetCases } from './fleetCases';
import type { CaseResult } from './measure';
import { simCases } from './simCases';
import { scaleReport } from './scale';
import { formatTable } from './table';

const GROUPS: Record<string, () => Promise<CaseResult[]>> = {
  engine: engineCases, fleet: fleetCases, sim: simCases, cli: cliCases,
};
/** Groups that print a report of their own instead of timed cases. */
const REPORTS: Record<string, () => Promise<string>> = { bundle: bundleReport, scale: scaleReport };

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((g) => !GROUPS[g] && !REPORTS[g]);

  if (unknown.length) {
    throw new Error(`unknown group ${ unknown.join(', ') } (groups: ${ [...Object.keys(GROUPS), ...Object.keys(REPORTS)].join(', ') })`);
  }
  for (const report of asked.filter((g) => REPORTS[g])) {
    process.stderr.write(`bench: ${ report }...\n`);
    process.stdout.write(`${ await REPORTS[report]() }\n\n`);
  }
  const groups = asked.length ? asked.filter((g) => GROUPS[g]) : Object.keys(GROUPS);

  if (!groups.length) {
    return;
  }
  const results: CaseResult[] = [];
  const started = Date.now();

  for (const group of groups) {
    process.stderr.write(`bench: ${ group }...\n`);
    results.push(...await GROUPS[group]());
  }
  process.stdout.write(`${ formatTable(results) }\n\n`);
  process.stdout.write(`node ${ process.version }, ${ cpus().length } cores, load average ${ loadavg()[0].toFixed(1) }, ${ ((Date.now() - started) / 1000).toFixed(0) } s in all. ` +
    'median/p95: nearest rank over the timed runs; heap MB delta: heap still used after the case (last result kept) minus before it, after GC.\n');
}

main().catch((e) => {
  process.stderr.write(`${ e instanceof Error ? e.stack || e.message : String(e) }\n`);
  process.exit(1);
});

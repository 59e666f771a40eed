/**
 * Command-line benchmark: wall time of `tsx cli/cpm.ts plan <fixture> --output json` as a user runs it (a new
 * process each time, so tsx start-up and TypeScript transpilation count).
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { CaseResult, expectThat, measure } from './measure';
import { FIXTURES } from './engineCases';

const ROOT = join(__dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export async function cliCases(): Promise<CaseResult[]> {
  const file = join(FIXTURES, 'rke2-steve-in-tree.json');

  return [await measure({
    name:     'tsx cli/cpm.ts plan rke2-steve-in-tree.json --output json',
    n:        '1 process',
    runs:     3,
    budgetMs: 60000,
    noHeap:   true,
    run:      () => {
      const t0 = performance.now();
      const res = spawnSync(TSX, ['cli/cpm.ts', 'plan', file, '--output', 'json'], {
        cwd: ROOT, encoding: 'utf8', timeout: 60000, maxBuffer: 64 * 1024 * 1024
      });

      return { res, ms: performance.now() - t0 };
    },
    verify: ({ res }) => {
      expectThat(res.status === 0, `cpm exited ${ res.status }: ${ (res.stderr || '').trim() }`);
      expectThat(JSON.parse(res.stdout).status === 'in-tree', 'cpm did not print an in-tree plan');
    },
  })];
}

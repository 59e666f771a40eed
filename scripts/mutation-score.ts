/**
 * The engine's mutation score from reports of runs over whole files of it, one report per run:
 * `npm run mutate:score [-- report.json ...]`, by default every report under `artifacts/mutation/parts/`, where
 * `MUTATION_REPORT=artifacts/mutation/parts/<name>.json npm run mutate -- --mutate <files>` writes them. A run over
 * line ranges (`file.ts:10-20`) reports only those mutants: keep its report out of `parts/`.
 *
 * A report counts for a file only while the file is what that run mutated: each Stryker report carries the source
 * it mutated, and a report whose source differs from today's file is stale. Of the current reports of a file, the
 * newest is used. Every engine file that `npm run mutate` would mutate must have one, or there is no whole-engine
 * score. Exit code 1 when a file has no current report or the score is under the threshold (`--threshold 90`).
 * `--markdown` prints the per-file table as Markdown (for the README).
 */
import {
  existsSync, readFileSync, readdirSync, statSync,
} from 'fs';
import path from 'path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const ENGINE = 'pkg/cloud-provider-migration/engine';
/** What stryker.config.mjs leaves out of `mutate`: tests, declarations, types and re-exports. */
const NOT_MUTATED = new Set(['types.ts', 'index.ts', 'checks/index.ts']);

export type MutantStatus = 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'RuntimeError' | 'CompileError' | 'Ignored' | 'Pending';

export interface ReportFile { source: string; mutants: { status: MutantStatus }[] }
export interface Report { files: Record<string, ReportFile> }

export interface FileScore {
  file: string;
  report?: string;
  /** Why the file has no current report: `none` (never measured) or `stale` (its source changed since). */
  missing?: 'none' | 'stale';
  killed: number;
  survived: number;
  noCoverage: number;
  /** Mutants that could not run (the mutated code throws while tests load) or were not run: not in the score. */
  invalid: number;
}

/** Stryker's own rule: detected (killed or timed out) over detected, survived and without coverage. */
export function score(s: { killed: number; survived: number; noCoverage: number }): number {
  const valid = s.killed + s.survived + s.noCoverage;

  return valid ? (100 * s.killed) / valid : 100;
}

function relativeToRoot(file: string): string {
  const rel = path.isAbsolute(file) ? path.relative(ROOT, file) : file;
  // Runs in a sandbox copy or another clone name files under their own root: keep the part from the engine on.
  const at = rel.indexOf(`${ ENGINE }/`);

  return at >= 0 ? rel.slice(at) : rel;
}

/**
 * One score per engine file, from the newest report (reports come oldest first) that mutated today's source.
 * `sources` maps each engine file (relative to the repository) to its content now.
 */
export function scoreFiles(sources: Map<string, string>, reports: { name: string; report: Report }[]): FileScore[] {
  const chosen = new Map<string, { name: string; file: ReportFile }>();
  const seen = new Set<string>();

  for (const { name, report } of reports) {
    for (const [file, entry] of Object.entries(report.files || {})) {
      const rel = relativeToRoot(file);

      seen.add(rel);
      if (sources.get(rel) === entry.source) {
        chosen.set(rel, { name, file: entry });
      }
    }
  }

  return [...sources.keys()].sort().map((file) => {
    const found = chosen.get(file);
    const out: FileScore = {
      file, killed: 0, survived: 0, noCoverage: 0, invalid: 0
    };

    if (!found) {
      return { ...out, missing: seen.has(file) ? 'stale' : 'none' };
    }
    out.report = found.name;
    for (const { status } of found.file.mutants) {
      if (status === 'Killed' || status === 'Timeout') {
        out.killed++;
      } else if (status === 'Survived') {
        out.survived++;
      } else if (status === 'NoCoverage') {
        out.noCoverage++;
      } else if (status !== 'Ignored') {
        out.invalid++;
      }
    }

    return out;
  });
}

/** True when the file compiles to some JavaScript: a file of types only has nothing to mutate, and no report names it. */
export function hasRuntimeCode(source: string): boolean {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020 } }).outputText;

  return js.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '').replace(/export\s*\{\s*\};?/g, '').trim() !== '';
}

function engineSources(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(ROOT, dir))) {
      const rel = `${ dir }/${ name }`;

      if (statSync(path.join(ROOT, rel)).isDirectory()) {
        if (name !== '__tests__') {
          walk(rel);
        }
      } else if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts') && !NOT_MUTATED.has(rel.slice(ENGINE.length + 1))) {
        const source = readFileSync(path.join(ROOT, rel), 'utf8');

        if (hasRuntimeCode(source)) {
          out.set(rel, source);
        }
      }
    }
  };

  walk(ENGINE);

  return out;
}

function reportPaths(args: string[]): string[] {
  if (args.length) {
    return args;
  }
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) {
      return;
    }
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);

      if (statSync(p).isDirectory()) {
        if (!name.startsWith('.')) {
          walk(p);
        }
      } else if (name.endsWith('.json')) {
        found.push(p);
      }
    }
  };

  walk(path.join(ROOT, 'artifacts/mutation/parts'));

  return found;
}

function main(argv: string[]) {
  const at = argv.indexOf('--threshold');
  const threshold = at >= 0 ? Number(argv[at + 1]) : 90;
  const markdown = argv.includes('--markdown');
  const args = argv.filter((a, i) => a !== '--markdown' && (at < 0 || (i !== at && i !== at + 1)));
  const reports = reportPaths(args)
    .map((p) => ({ p, mtime: statSync(p).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime)
    .map(({ p }) => ({ name: path.relative(ROOT, p), report: JSON.parse(readFileSync(p, 'utf8')) as Report }));
  const files = scoreFiles(engineSources(), reports);
  const pad = Math.max(...files.map((f) => f.file.length - ENGINE.length));

  if (markdown) {
    console.log('| file | killed | survived | no coverage | score |\n|---|--:|--:|--:|--:|');
  }
  for (const f of files) {
    if (markdown) {
      console.log(`| \`${ f.file.slice(ENGINE.length + 1) }\` | ${ f.missing ? `${ f.missing === 'stale' ? 'changed since its last report' : 'no report' } | | | ` : `${ f.killed } | ${ f.survived } | ${ f.noCoverage } | ${ score(f).toFixed(1) }%` } |`);
      continue;
    }
    const name = f.file.slice(ENGINE.length + 1).padEnd(pad);

    console.log(f.missing ? `${ name }  ${ f.missing === 'stale' ? 'changed since its last report' : 'no report' }` : `${ name }  ${ score(f).toFixed(1).padStart(5) }%  ${ String(f.killed).padStart(4) } killed ${ String(f.survived).padStart(3) } survived ${ String(f.noCoverage).padStart(2) } no coverage  (${ f.report })`);
  }
  const total = files.reduce((t, f) => ({ killed: t.killed + f.killed, survived: t.survived + f.survived, noCoverage: t.noCoverage + f.noCoverage }), { killed: 0, survived: 0, noCoverage: 0 });
  const missing = files.filter((f) => f.missing);
  const whole = score(total);

  console.log(`\n${ files.length - missing.length } of ${ files.length } engine files measured on today's source: ${ total.killed } killed, ${ total.survived } survived, ${ total.noCoverage } without coverage`);
  if (missing.length) {
    console.log(`No whole-engine score: ${ missing.length } files have no current report (run \`npm run mutate -- --mutate <file>\` for each).`);
    process.exitCode = 1;
  } else {
    console.log(`Whole engine: ${ whole.toFixed(1) }% (threshold ${ threshold }%)`);
    if (whole < threshold) {
      process.exitCode = 1;
    }
  }
}

if (require.main === module) {
  main(process.argv.slice(2));
}

/**
 * The measuring harness: runs one case a bounded number of times (count AND wall-time budget), reports the
 * median and p95 of the timed part and the retained heap after a forced GC. Figures are printed, never asserted.
 */
import { performance } from 'perf_hooks';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

export interface CaseResult {
  name: string;
  /** What was measured, as a size label (`5000 nodes`, `3 runs`...). */
  n: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  /** Heap still used after the case (last result kept alive) minus before it, after GC; undefined = not measured. */
  heapMb?: number;
}

export interface CaseSpec<S, T> {
  name: string;
  n: string;
  /** Most timed runs. */
  runs: number;
  /** Untimed runs first (JIT warm-up). */
  warmup?: number;
  /** Stop once this much wall time went by (at least one timed run always happens). */
  budgetMs: number;
  /** Untimed set-up before each run (a fresh world, a fresh store...). */
  prepare?: () => S | Promise<S>;
  /** The timed part. Its result is kept until the heap is read, so retained memory counts. */
  run: (input: S) => T | Promise<T>;
  /** Untimed check of one result: throws when the measured code did not do the work (a benchmark of a failure is worthless). */
  verify?: (result: T) => void;
  /** Untimed clean-up after each run. */
  cleanup?: (input: S, result: T) => void | Promise<void>;
  /** Skip the heap column (external processes). */
  noHeap?: boolean;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();

  return process.memoryUsage().heapUsed;
}

/** Nearest-rank percentile of sorted values (p95 of 3 runs is the slowest run). */
export function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);

  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export async function measure<S, T>(spec: CaseSpec<S, T>): Promise<CaseResult> {
  for (let i = 0; i < (spec.warmup || 0); i++) {
    const input = await (spec.prepare ? spec.prepare() : (undefined as S));
    const result = await spec.run(input);

    spec.verify?.(result);
    await spec.cleanup?.(input, result);
  }
  const before = spec.noHeap ? 0 : heapUsed();
  const started = performance.now();
  const times: number[] = [];
  let kept: { input: S; result: T } | undefined;

  while (times.length < spec.runs && (times.length === 0 || performance.now() - started < spec.budgetMs)) {
    if (kept) {
      await spec.cleanup?.(kept.input, kept.result);
      kept = undefined;
    }
    const input = await (spec.prepare ? spec.prepare() : (undefined as S));
    const t0 = performance.now();
    const result = await spec.run(input);

    times.push(performance.now() - t0);
    spec.verify?.(result);
    kept = { input, result };
  }
  const heapMb = spec.noHeap ? undefined : (heapUsed() - before) / (1024 * 1024);

  if (kept) {
    await spec.cleanup?.(kept.input, kept.result);
  }
  const sorted = [...times].sort((a, b) => a - b);

  return {
    name: spec.name, n: spec.n, runs: times.length, medianMs: percentile(sorted, 50), p95Ms: percentile(sorted, 95), heapMb
  };
}

/** Throws when a benchmark input or result is not what the case claims to measure. */
export function expectThat(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`bench: ${ what }`);
  }
}

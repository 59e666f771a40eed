/**
 * Simulated time for the world's controllers: every duration is divided by the speed factor, every
 * timer is tracked so that `idle()` can tell tests when nothing is pending, and `stop()` clears them all.
 *
 * Work items are keyed and de-duplicated like a client-go workqueue (k8s.io/client-go util/workqueue:
 * a key queued twice before it is processed runs once).
 */
export class Scheduler {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly background = new Set<ReturnType<typeof setInterval>>();
  private readonly queued = new Map<string, () => void>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private running = 0;
  private stopped = false;

  constructor(public speed: number) {}

  /** Realistic milliseconds scaled by the speed factor. */
  scaled(ms: number): number {
    return Math.max(0, Math.round(ms / (this.speed > 0 ? this.speed : 1)));
  }

  /** Run fn after a realistic duration (scaled). */
  after(ms: number, fn: () => void): void {
    if (this.stopped) {
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) {
        this.guard(fn);
      }
    }, this.scaled(ms));

    this.timers.add(t);
  }

  /** A promise that resolves after a realistic duration (scaled); never resolves once stopped. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  /** Queue a keyed reconcile; the same key queued again before it runs is run once. */
  enqueue(key: string, fn: () => void): void {
    if (this.stopped) {
      return;
    }
    this.queued.set(key, fn);
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), 0);
    }
  }

  /** Track an async task (a rollout) so that idle() waits for it. */
  run(task: () => Promise<void>): void {
    if (this.stopped) {
      return;
    }
    this.running++;
    task().catch((e) => this.report(e)).finally(() => {
      this.running--;
    });
  }

  /**
   * Run fn every `ms` realistic milliseconds (scaled, but never more often than every `minRealMs`) until
   * stopped. Background work such as lease renewals: NOT counted by idle(), so the world can settle.
   */
  every(ms: number, minRealMs: number, fn: () => void): void {
    if (this.stopped) {
      return;
    }
    const t = setInterval(() => {
      if (!this.stopped) {
        this.guard(fn);
      }
    }, Math.max(minRealMs, this.scaled(ms)));

    (t as any).unref?.();
    this.background.add(t);
  }

  idle(): boolean {
    return this.timers.size === 0 && this.queued.size === 0 && this.running === 0 && !this.flushTimer;
  }

  isStopped(): boolean {
    return this.stopped;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) {
      clearTimeout(t);
    }
    this.timers.clear();
    for (const t of this.background) {
      clearInterval(t);
    }
    this.background.clear();
    this.queued.clear();
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
  }

  /** Errors thrown by controllers; kept for tests and the server's logs. */
  readonly errors: unknown[] = [];

  private flush(): void {
    this.flushTimer = undefined;
    // Items queued while flushing run in the next round (a controller's writes re-trigger others).
    const batch = [...this.queued.values()];

    this.queued.clear();
    for (const fn of batch) {
      if (this.stopped) {
        return;
      }
      this.guard(fn);
    }
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.report(e);
    }
  }

  private report(e: unknown): void {
    if (this.errors.length < 100) {
      this.errors.push(e);
    }
  }
}

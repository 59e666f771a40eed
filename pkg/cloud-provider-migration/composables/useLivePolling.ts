/**
 * When the tab re-reads the live cluster by itself: every LIVE_POLL_MS while the migration is under way and a live
 * step is open, the page is visible and the tab is on screen, one read at a time. Stops with the component.
 */
import { onScopeDispose } from 'vue';
import type { PlanStep } from '../engine';

/**
 * How often the tab re-reads the live cluster while a live step is still open. Downstream changes (a cordon, the
 * CCM DaemonSet rolling out, ProviderIDs, the lease) do not touch the cluster object the page is subscribed to.
 */
export const LIVE_POLL_MS = 10000;

/**
 * Poll while the migration is under way (a step is done) and a required live step is still open; the optional
 * tail's live step only once its change is made. A cluster nobody has started on, or one whose admin skipped the
 * optional cleanup, is not polled; changes to the cluster object itself arrive over the websocket anyway.
 */
export function hasOpenLiveStep(steps: PlanStep[]): boolean {
  if (!steps.some((s) => s.done)) {
    return false;
  }

  return steps.some((s, i) => s.live && !s.done && (!s.optional || !!steps[i - 1]?.done));
}

/** After a failed read, how many turns the polling sits out at most (a read about every minute at the default period). */
export const MAX_BACKOFF_TURNS = 5;

/**
 * Calls `poll` every `pollMs` (0: never) when `wanted()` holds and the page is visible, skipping a turn while the
 * previous poll is still under way. A poll that reports failure (`false`: the downstream apiserver restarting, Rancher
 * unreachable) backs off: the turns after it are sat out, one, then two, then four, up to MAX_BACKOFF_TURNS, until a
 * poll succeeds again. `turnsPerPoll()` above 1 polls only every that many turns (a websocket tells of the changes
 * meanwhile); back at 1, the next turn polls.
 */
export function useLivePolling(poll: () => Promise<boolean | void>, wanted: () => boolean, pollMs = LIVE_POLL_MS, turnsPerPoll: () => number = () => 1): void {
  let polling = false;
  let backoff = 0;
  let sitOut = 0;
  let turnsSince = 0;
  const timer = pollMs > 0 ? setInterval(async () => {
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';

    if (polling || hidden || !wanted()) {
      return;
    }
    if (sitOut > 0) {
      sitOut--;

      return;
    }
    if (++turnsSince < turnsPerPoll()) {
      return;
    }
    turnsSince = 0;
    polling = true;
    try {
      const ok = await poll();

      backoff = ok === false ? Math.min(MAX_BACKOFF_TURNS, Math.max(1, backoff * 2)) : 0;
      sitOut = backoff;
    } finally {
      polling = false;
    }
  }, pollMs) : undefined;

  onScopeDispose(() => {
    if (timer) {
      clearInterval(timer);
    }
  });
}

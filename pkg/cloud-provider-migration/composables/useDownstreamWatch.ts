/**
 * Hears about downstream changes over Steve's websocket instead of waiting for the next poll: while `wanted()` holds
 * (a live step open, the tab on screen) and the page is visible, ONE socket to the cluster's subscribe endpoint
 * (api/downstreamWatch.ts) watches what the live steps judge. A notification schedules one re-read after a short
 * debounce; a burst of them is one read; never more than one read is under way, and the socket never makes the tab
 * read more often than the poll would. While the socket is healthy the poll only backs it up (`pollTurns`); a socket
 * that cannot be opened, closes, falls silent or reports an error hands back to the poll at its normal period and is
 * tried again with backoff. Closed while the page is hidden, the tab not shown, no live step open, and with the
 * component. Nothing is written over the socket.
 */
import { onScopeDispose, ref, watch } from 'vue';
import { openDownstreamWatch, type DownstreamWatch, type SocketFactory } from '../api';

/** A notification waits this long for the rest of its burst before the cluster is read again. */
export const WATCH_DEBOUNCE_MS = 1000;
/** While the socket is healthy, the poll still reads about this often (changes missed while it reconnected). */
export const WATCHED_POLL_MS = 60000;
/** The first retry of a lost socket; each further loss without a healthy socket in between doubles it, up to … */
export const WATCH_RETRY_MS = 5000;
/** … this (about every three minutes at most). */
export const WATCH_MAX_RETRY_MS = 160000;
/** Steve pings every 30 s; a socket silent for this long is taken for lost (a half-open connection). */
export const WATCH_SILENCE_MS = 90000;
/** How often what is not reactive (the tab shown, the page visible, the socket silent) is looked at again. */
export const WATCH_CHECK_MS = 1000;

export interface DownstreamWatchOptions {
  /** The management cluster to watch (undefined: none). */
  clusterId: () => string | undefined;
  /** Watch now: a live step is open and the tab is shown. */
  wanted: () => boolean;
  /** Reads the observations again; false when the read failed. */
  read: () => Promise<boolean | void>;
  /** The poll's period: socket-driven reads are never closer together than this (more after failed reads). */
  minGapMs: number;
  /** Opens a socket (default: the browser's WebSocket). */
  open?: SocketFactory;
  /** The page's origin (default: its location). */
  origin?: { protocol: string; host: string };
}

function pageVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

export function useDownstreamWatch(opts: DownstreamWatchOptions) {
  /** The socket is open and every watch has started. */
  const healthy = ref(false);
  /** The socket under way (its identity; `socket` is its handle once created). */
  let current: object | undefined;
  let socket: DownstreamWatch | undefined;
  let socketCluster: string | undefined;
  let losses = 0;
  let retryAt = 0;
  let lastHeard = 0;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<boolean | void> | undefined;
  let again = false;
  let lastReadAt = -Infinity;
  let readFailures = 0;
  let disposed = false;

  const watchedCluster = () => (!disposed && opts.wanted() && pageVisible() ? opts.clusterId() : undefined);

  /** One read at a time: a read asked for while one is under way gets that one. */
  function read(): Promise<boolean | void> {
    if (inFlight) {
      return inFlight;
    }
    lastReadAt = Date.now();
    const mine = opts.read().then((ok) => {
      readFailures = ok === false ? readFailures + 1 : 0;

      return ok;
    }, () => {
      readFailures++;

      return false;
    }).finally(() => {
      inFlight = undefined;
      if (again) {
        again = false;
        schedule();
      }
    });

    inFlight = mine;

    return mine;
  }

  /** Schedules one read for the notifications heard so far (none if one is already scheduled). */
  function schedule(): void {
    if (debounce || disposed) {
      return;
    }
    const gap = opts.minGapMs * Math.min(8, 2 ** readFailures);
    const delay = Math.max(WATCH_DEBOUNCE_MS, lastReadAt + gap - Date.now());

    debounce = setTimeout(() => {
      debounce = undefined;
      if (!watchedCluster()) {
        return;
      }
      if (inFlight) {
        again = true;

        return;
      }
      read();
    }, delay);
  }

  function cancelScheduled(): void {
    if (debounce) {
      clearTimeout(debounce);
      debounce = undefined;
    }
    again = false;
  }

  function closeSocket(): void {
    const open = socket;

    current = undefined;
    socket = undefined;
    socketCluster = undefined;
    healthy.value = false;
    open?.close();
  }

  /** The socket is of no more use: back to the poll, and the next one after a backoff. */
  function lose(): void {
    closeSocket();
    losses++;
    retryAt = Date.now() + Math.min(WATCH_MAX_RETRY_MS, WATCH_RETRY_MS * 2 ** (losses - 1));
  }

  function openSocket(clusterId: string): void {
    const mine = {};

    current = mine;
    socketCluster = clusterId;
    const handle = openDownstreamWatch(clusterId, {
      started: () => {
        if (current === mine) {
          healthy.value = true;
          losses = 0;
          lastHeard = Date.now();
          // What changed between the last read and the watches starting was not notified.
          schedule();
        }
      },
      changed: () => {
        if (current === mine) {
          schedule();
        }
      },
      heard: () => {
        lastHeard = Date.now();
      },
      lost: () => {
        if (current === mine) {
          lose();
        }
      },
    }, opts.open, opts.origin);

    // A socket that could not even be created has reported its loss already.
    if (current === mine) {
      socket = handle;
    }
  }

  /** Opens, keeps or closes the socket for what is wanted now. */
  function sync(): void {
    const want = watchedCluster();

    if (current && socketCluster !== want) {
      // Not wanted any more (or another cluster): a deliberate close, so the next open is not held back.
      closeSocket();
      cancelScheduled();
      losses = 0;
      retryAt = 0;
    }
    if (current && healthy.value && Date.now() - lastHeard > WATCH_SILENCE_MS) {
      lose();
    }
    if (!current && want && Date.now() >= retryAt) {
      openSocket(want);
    }
  }

  const timer = setInterval(sync, WATCH_CHECK_MS);
  const onVisibility = () => sync();

  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', onVisibility);
  }
  watch(() => watchedCluster(), () => sync(), { immediate: true });

  onScopeDispose(() => {
    disposed = true;
    clearInterval(timer);
    if (typeof document !== 'undefined') {
      document.removeEventListener('visibilitychange', onVisibility);
    }
    cancelScheduled();
    closeSocket();
  });

  /** How many poll turns make one poll: the safety net while the socket is healthy, every turn otherwise. */
  const pollTurns = (pollMs: number) => (healthy.value && pollMs > 0 ? Math.max(1, Math.round(WATCHED_POLL_MS / pollMs)) : 1);

  return { healthy, read, pollTurns };
}

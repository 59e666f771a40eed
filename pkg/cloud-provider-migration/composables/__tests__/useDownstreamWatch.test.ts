/**
 * @jest-environment jsdom
 *
 * jsdom for the page's visibility; the socket is a fake one handed in.
 */
import { effectScope } from 'vue';
import type { SocketLike } from '../../api';
import { subscribeUrl, WATCHED } from '../../api';
import {
  useDownstreamWatch, WATCH_CHECK_MS, WATCH_DEBOUNCE_MS, WATCH_RETRY_MS, WATCH_SILENCE_MS, WATCHED_POLL_MS,
} from '../useDownstreamWatch';
import { useLivePolling } from '../useLivePolling';

const POLL_MS = 10000;

/** A WebSocket that opens only when the test says so, and records what the client sends. */
class FakeSocket implements SocketLike {
  static made: FakeSocket[] = [];
  onopen: ((ev: any) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: any) => void) | null = null;
  onerror: ((ev: any) => void) | null = null;
  sent: Record<string, any>[] = [];
  closed = false;

  constructor(public url: string) {
    FakeSocket.made.push(this);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(): void {
    this.closed = true;
  }

  /** The server accepts the socket and starts every watch it was sent. */
  accept(): void {
    this.onopen?.({});
    for (const w of this.sent) {
      this.frame({ name: 'resource.start', ...w });
    }
  }

  frame(f: Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(f) });
  }

  notify(resourceType = 'node', namespace?: string): void {
    this.frame({
      name: 'resource.changes', resourceType, namespace, mode: 'resource.changes', data: { revision: '1' }
    });
  }

  drop(): void {
    this.onclose?.({ code: 1006 });
  }
}

const ORIGIN = { protocol: 'https:', host: 'rancher.example' };

let visibility: DocumentVisibilityState = 'visible';

Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });

function setVisibility(v: DocumentVisibilityState): void {
  visibility = v;
  document.dispatchEvent(new Event('visibilitychange'));
}

async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await Promise.resolve();
  }
}

/** Advances `ms` in steps of a second, letting reads settle in between. */
async function advance(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 1000) {
    jest.advanceTimersByTime(Math.min(1000, ms - t));
    await settle();
  }
}

function setup(opts: { poll?: boolean; wanted?: boolean } = {}) {
  const state = { wanted: opts.wanted ?? true, clusterId: 'c-m-prod0001' as string | undefined };
  let finish: (() => void) | undefined;
  const read = jest.fn(() => new Promise<boolean>((resolve) => {
    finish = () => resolve(true);
  }));
  const scope = effectScope();
  const w = scope.run(() => {
    const watch = useDownstreamWatch({
      clusterId: () => state.clusterId,
      wanted:    () => state.wanted,
      read,
      minGapMs:  POLL_MS,
      open:      (url) => new FakeSocket(url),
      origin:    ORIGIN,
    });

    if (opts.poll) {
      useLivePolling(watch.read, () => state.wanted, POLL_MS, () => watch.pollTurns(POLL_MS));
    }

    return watch;
  })!;

  return {
    state, read, scope, watch: w, finish: async () => {
      finish?.();
      await settle();
    },
    socket: () => FakeSocket.made[FakeSocket.made.length - 1],
  };
}

/** Reads answer at once. */
function answerAtOnce(read: jest.Mock): void {
  read.mockImplementation(() => Promise.resolve(true));
}

describe('useDownstreamWatch', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    FakeSocket.made = [];
    visibility = 'visible';
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('opens no socket while nothing live is wanted, then one, and sends only the watch frames (notification mode but for leases)', async () => {
    const u = setup({ wanted: false });

    await advance(3 * WATCH_CHECK_MS);
    expect(FakeSocket.made).toHaveLength(0);

    u.state.wanted = true;
    await advance(WATCH_CHECK_MS);
    expect(FakeSocket.made).toHaveLength(1);
    const s = u.socket();

    expect(s.url).toBe('wss://rancher.example/k8s/clusters/c-m-prod0001/v1/subscribe');
    expect(s.sent).toEqual([]);
    s.accept();
    expect(s.sent).toEqual([
      { resourceType: 'node', mode: 'resource.changes' },
      {
        resourceType: 'apps.daemonset', namespace: 'kube-system', mode: 'resource.changes'
      },
      { resourceType: 'coordination.k8s.io.lease', namespace: 'kube-system' },
      {
        resourceType: 'pod', namespace: 'kube-system', mode: 'resource.changes'
      },
      {
        resourceType: 'batch.job', namespace: 'kube-system', mode: 'resource.changes'
      },
    ]);
    expect(s.sent.some((f) => f.stop || f.id || f.resourceVersion)).toBe(false);
    expect(u.watch.healthy.value).toBe(true);
    await advance(5 * WATCH_CHECK_MS);
    expect(FakeSocket.made).toHaveLength(1);
    u.scope.stop();
  });

  it('reads once, a debounce after a notification, and once for a burst of them', async () => {
    const t = setup();

    answerAtOnce(t.read);
    await settle();
    t.socket().accept();
    // The watches started: one read for what changed before they did.
    await advance(WATCH_DEBOUNCE_MS);
    expect(t.read).toHaveBeenCalledTimes(1);

    // Quiet for longer than the poll's period: a notification is read a debounce later, not before.
    await advance(POLL_MS);
    t.socket().notify('node');
    jest.advanceTimersByTime(WATCH_DEBOUNCE_MS - 1);
    await settle();
    expect(t.read).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(t.read).toHaveBeenCalledTimes(2);

    // A burst: twenty notifications of every watched type, one read.
    await advance(POLL_MS);
    for (let i = 0; i < 20; i++) {
      const w = WATCHED[i % WATCHED.length];

      t.socket().notify(w.resourceType, w.namespace);
    }
    // A server without notification mode sends the objects: those count as notifications too.
    t.socket().frame({ name: 'resource.change', resourceType: 'node', data: { id: 'n1' } });
    await advance(2 * WATCH_DEBOUNCE_MS);
    expect(t.read).toHaveBeenCalledTimes(3);
    await advance(3 * POLL_MS);
    expect(t.read).toHaveBeenCalledTimes(3);
    t.scope.stop();
  });

  it('counts a lease frame only when its holder changes, not its renewals', async () => {
    const t = setup();
    const lease = (holder: string, name = 'resource.change') => t.socket().frame({
      name,
      resourceType: 'coordination.k8s.io.lease',
      namespace:    'kube-system',
      data:         {
        id: 'kube-system/cloud-provider-extraction-migration', metadata: { name: 'cloud-provider-extraction-migration', namespace: 'kube-system' }, spec: { holderIdentity: holder }
      },
    });

    answerAtOnce(t.read);
    await settle();
    t.socket().accept();
    lease('cp-1_aaa');
    await advance(POLL_MS);
    expect(t.read).toHaveBeenCalledTimes(1);

    // Renewals by the same holder: no read.
    for (let i = 0; i < 10; i++) {
      lease('cp-1_aaa');
      await advance(2000);
    }
    expect(t.read).toHaveBeenCalledTimes(1);

    // The CCM takes the lease over: one read; the lease removed: one more.
    lease('cp-1_bbb');
    await advance(2 * WATCH_DEBOUNCE_MS);
    expect(t.read).toHaveBeenCalledTimes(2);
    await advance(POLL_MS);
    lease('cp-1_bbb', 'resource.remove');
    await advance(2 * WATCH_DEBOUNCE_MS);
    expect(t.read).toHaveBeenCalledTimes(3);
    t.scope.stop();
  });

  it('keeps one read in flight at most, and never reads more often than the poll would', async () => {
    const t = setup();

    await settle();
    t.socket().accept();
    await advance(WATCH_DEBOUNCE_MS);
    expect(t.read).toHaveBeenCalledTimes(1);

    // The read is slow; notifications meanwhile wait for it, then make one more read, a poll period after the first.
    t.socket().notify('pod', 'kube-system');
    await advance(3 * WATCH_DEBOUNCE_MS);
    t.socket().notify('apps.daemonset', 'kube-system');
    await advance(3 * WATCH_DEBOUNCE_MS);
    expect(t.read).toHaveBeenCalledTimes(1);
    await t.finish();
    await advance(POLL_MS);
    expect(t.read).toHaveBeenCalledTimes(2);
    await t.finish();
    await advance(2 * POLL_MS);
    expect(t.read).toHaveBeenCalledTimes(2);
    t.scope.stop();
  });

  it('slows the poll to a safety net while the socket is healthy, and polls at the normal period once it closes', async () => {
    const t = setup({ poll: true });

    answerAtOnce(t.read);
    await settle();
    // Not open yet: the poll reads every period.
    await advance(2 * POLL_MS);
    expect(t.read).toHaveBeenCalledTimes(2);

    t.socket().accept();
    // The read for what changed before the watches started comes a poll period after the last poll.
    await advance(POLL_MS);
    expect(t.read).toHaveBeenCalledTimes(3);
    t.read.mockClear();
    // Healthy, quiet (pings only): about one read a minute.
    for (let i = 0; i < 6; i++) {
      t.socket().frame({ name: 'ping', data: { version: 'v2.13.0' } });
      await advance(POLL_MS);
    }
    expect(t.read).toHaveBeenCalledTimes(1);
    expect(WATCHED_POLL_MS).toBe(6 * POLL_MS);

    // The socket drops: the poll is back at its period at once, and the socket is tried again after a backoff.
    t.read.mockClear();
    t.socket().drop();
    expect(t.watch.healthy.value).toBe(false);
    expect(t.socket().closed).toBe(true);
    await advance(3 * POLL_MS);
    expect(t.read).toHaveBeenCalledTimes(3);
    expect(FakeSocket.made).toHaveLength(2);
    t.scope.stop();
  });

  it('tries a lost socket again with backoff, and takes a watch error or a silent socket for a lost one', async () => {
    const t = setup();

    answerAtOnce(t.read);
    await settle();
    t.socket().drop();
    await advance(WATCH_RETRY_MS - WATCH_CHECK_MS);
    expect(FakeSocket.made).toHaveLength(1);
    await advance(WATCH_CHECK_MS);
    expect(FakeSocket.made).toHaveLength(2);

    // The second loss in a row (no healthy socket between) waits twice as long.
    t.socket().onerror?.({});
    expect(t.socket().closed).toBe(true);
    await advance(2 * WATCH_RETRY_MS - WATCH_CHECK_MS);
    expect(FakeSocket.made).toHaveLength(2);
    await advance(WATCH_CHECK_MS);
    expect(FakeSocket.made).toHaveLength(3);

    // A watch the server refuses: the socket is closed and the poll takes over.
    t.socket().onopen?.({});
    t.socket().frame({ name: 'resource.error', resourceType: 'coordination.k8s.io.lease', data: { error: 'forbidden' } });
    expect(t.socket().closed).toBe(true);
    expect(t.watch.healthy.value).toBe(false);
    await advance(4 * WATCH_RETRY_MS);
    expect(FakeSocket.made).toHaveLength(4);

    // Healthy, then silent past Steve's pings: lost, and tried again at the first backoff (healthy reset it).
    t.socket().accept();
    expect(t.watch.healthy.value).toBe(true);
    await advance(WATCH_SILENCE_MS + WATCH_CHECK_MS);
    expect(t.socket().closed).toBe(true);
    expect(t.watch.healthy.value).toBe(false);
    await advance(WATCH_RETRY_MS);
    expect(FakeSocket.made).toHaveLength(5);
    t.scope.stop();
  });

  it('closes the socket while the page is hidden, and opens a new one when it is shown again', async () => {
    const t = setup();

    answerAtOnce(t.read);
    await settle();
    t.socket().accept();
    setVisibility('hidden');
    expect(t.socket().closed).toBe(true);
    expect(t.watch.healthy.value).toBe(false);
    t.socket().notify();
    await advance(2 * POLL_MS);
    expect(FakeSocket.made).toHaveLength(1);

    setVisibility('visible');
    expect(FakeSocket.made).toHaveLength(2);
    expect(t.socket().closed).toBe(false);
    t.scope.stop();
  });

  it('closes the socket when no live step is open or the tab is not shown, and when the component goes', async () => {
    const t = setup();

    answerAtOnce(t.read);
    await settle();
    t.socket().accept();
    t.state.wanted = false;
    await advance(WATCH_CHECK_MS);
    expect(t.socket().closed).toBe(true);
    await advance(3 * POLL_MS);
    expect(FakeSocket.made).toHaveLength(1);

    t.state.wanted = true;
    await advance(WATCH_CHECK_MS);
    expect(FakeSocket.made).toHaveLength(2);
    const last = t.socket();

    last.accept();
    t.scope.stop();
    expect(last.closed).toBe(true);
    await advance(3 * POLL_MS);
    expect(FakeSocket.made).toHaveLength(2);
  });

  it('closes the socket of one cluster when another one is watched', async () => {
    const t = setup();

    await settle();
    const first = t.socket();

    t.state.clusterId = 'c-abcde';
    await advance(WATCH_CHECK_MS);
    expect(first.closed).toBe(true);
    expect(t.socket().url).toBe('wss://rancher.example/k8s/clusters/c-abcde/v1/subscribe');
    t.scope.stop();
  });
});

describe('subscribeUrl', () => {
  it('is the page origin with ws (wss on https) under the cluster prefix', () => {
    expect(subscribeUrl('c-m-1', { protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/k8s/clusters/c-m-1/v1/subscribe');
    expect(subscribeUrl('c-m-1', ORIGIN)).toBe('wss://rancher.example/k8s/clusters/c-m-1/v1/subscribe');
  });
});

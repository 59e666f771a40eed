/**
 * Steve's websocket for one downstream cluster (docs/rancher-behaviour.md#steve-subscribe): one socket at
 * `/k8s/clusters/<id>/v1/subscribe`, watching the types the live steps judge (in notification mode, but the leases).
 * It only says that something changed; what changed is read again over HTTP by the caller. Nothing is ever written
 * over it, and no watch is ever stopped one by one: the caller closes the whole socket.
 */
import { clusterPrefix } from './downstream';

/** The part of the browser's WebSocket used here (a test hands in a fake one). */
export interface SocketLike {
  onopen: ((ev: any) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: any) => void) | null;
  onerror: ((ev: any) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

/** A watch frame the client sends. */
export interface WatchFrame {
  resourceType: string;
  namespace?: string;
  mode?: 'resource.changes';
}

const CHANGES = 'resource.changes' as const;

/**
 * What the live steps judge, by Steve schema id: every node (provider IDs, taints, cordons), and in kube-system the
 * CCM DaemonSet, the leases (who holds the migration lease), the CCM pods and the RKE2 helm install Job. Data-less
 * notifications, as the observations are re-read as a whole; except the leases: their holders renew them every few
 * seconds, so a notice of every renewal would read the cluster as often as polling. Their objects come with the
 * frames and only a change of holder (or a lease created or removed) counts.
 */
export const WATCHED: readonly WatchFrame[] = [
  { resourceType: 'node', mode: CHANGES },
  {
    resourceType: 'apps.daemonset', namespace: 'kube-system', mode: CHANGES
  },
  { resourceType: 'coordination.k8s.io.lease', namespace: 'kube-system' },
  {
    resourceType: 'pod', namespace: 'kube-system', mode: CHANGES
  },
  {
    resourceType: 'batch.job', namespace: 'kube-system', mode: CHANGES
  },
];

/**
 * The socket's address as the dashboard builds its own: same origin, `ws:` (`wss:` on an https page), the Steve
 * prefix of the cluster.
 */
export function subscribeUrl(clusterId: string, origin: { protocol: string; host: string }): string {
  const scheme = origin.protocol === 'https:' ? 'wss:' : 'ws:';

  return `${ scheme }//${ origin.host }${ clusterPrefix(clusterId) }/v1/subscribe`;
}

export interface WatchEvents {
  /** Every watch has started: from now on a change is reported. */
  started(): void;
  /** Something watched changed (a notification, or on a server without notification mode, a full change frame). */
  changed(): void;
  /**
   * The socket is of no more use: it could not be opened, it closed, or a watch failed or stopped. Called once; the
   * socket is closed by then.
   */
  lost(reason: string): void;
  /** Any frame arrived (pings included): the socket is alive. */
  heard?(): void;
}

export interface DownstreamWatch {
  /** Closes the socket; no event is reported after this. */
  close(): void;
}

function browserSocket(url: string): SocketLike {
  return new WebSocket(url) as unknown as SocketLike;
}

function sameWatch(frame: Record<string, any>, w: WatchFrame): boolean {
  return frame.resourceType === w.resourceType && (frame.namespace || '') === (w.namespace || '');
}

/**
 * Opens one socket to the cluster's subscribe endpoint and sends the watch frames once it is open. `origin` defaults
 * to the page's location; `open` to the browser's WebSocket.
 */
export function openDownstreamWatch(clusterId: string, events: WatchEvents, open: SocketFactory = browserSocket, origin: { protocol: string; host: string } = globalThis.location): DownstreamWatch {
  let done = false;
  const started = new Set<number>();
  /** Lease id → holder, as last heard. */
  const holders = new Map<string, string>();

  /** Whether a frame with an object tells of a change that counts (for leases: of holder, or created or removed). */
  function counts(frame: Record<string, any>): boolean {
    if (frame.resourceType !== 'coordination.k8s.io.lease' || !frame.data) {
      return true;
    }
    const meta = frame.data.metadata || {};
    const id = String(frame.data.id || `${ meta.namespace }/${ meta.name }`);

    if (frame.name === 'resource.remove') {
      holders.delete(id);

      return true;
    }
    const holder = String(frame.data.spec?.holderIdentity ?? '');
    const before = holders.get(id);

    holders.set(id, holder);

    return before !== holder;
  }
  let socket: SocketLike | undefined;

  function detach(): void {
    if (socket) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
    }
  }

  function shut(): void {
    detach();
    try {
      socket?.close();
    } catch {
      // Closing a socket that never opened may throw in some browsers; it is gone either way.
    }
  }

  function lose(reason: string): void {
    if (done) {
      return;
    }
    done = true;
    shut();
    events.lost(reason);
  }

  function onFrame(raw: unknown): void {
    let frame: Record<string, any>;

    try {
      frame = JSON.parse(String(raw));
    } catch {
      return;
    }
    if (!frame || typeof frame.name !== 'string') {
      return;
    }
    events.heard?.();
    const which = WATCHED.findIndex((w) => sameWatch(frame, w));

    switch (frame.name) {
      case 'resource.start':
        if (which >= 0 && !started.has(which)) {
          started.add(which);
          if (started.size === WATCHED.length) {
            events.started();
          }
        }
        break;
      case 'resource.changes':
      case 'resource.create':
      case 'resource.change':
      case 'resource.remove':
        if (which >= 0 && counts(frame) && started.size === WATCHED.length) {
          events.changed();
        }
        break;
      case 'resource.error':
        lose(`${ frame.resourceType || 'socket' }: ${ frame.data?.error || 'error' }`);
        break;
      case 'resource.stop':
      // Never asked for: the server ended a watch (its watch timed out, a slow consumer, a failure).
        if (which >= 0) {
          lose(`${ frame.resourceType }: stopped`);
        }
        break;
      default:
      // ping: liveness only.
    }
  }

  try {
    socket = open(subscribeUrl(clusterId, origin));
  } catch (e: any) {
    done = true;
    events.lost(String(e?.message || e));

    return { close: () => undefined };
  }
  socket.onopen = () => {
    for (const w of WATCHED) {
      socket?.send(JSON.stringify(w));
    }
  };
  socket.onmessage = (ev) => onFrame(ev.data);
  socket.onerror = () => lose('socket error');
  socket.onclose = () => lose('socket closed');

  return {
    close() {
      if (!done) {
        done = true;
        shut();
      }
    }
  };
}

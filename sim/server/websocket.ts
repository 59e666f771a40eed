/**
 * Websocket subscriptions.
 * Steve (`/v1/subscribe`, `/k8s/clusters/<id>/v1/subscribe`; rancher/apiserver pkg/subscribe/{handler,watcher}.go):
 * the client sends watch frames `{resourceType, namespace?, id?, selector?, mode?, resourceVersion?, stop?}`;
 * the server answers `resource.start`, then streams `resource.create|change|remove` with `data` = the object
 * as a GET would return it; `stop:true` → `resource.stop`; an unknown type → `resource.error`
 * (`failed to find schema …`) then `resource.stop`; `mode:'resource.changes'` → data-less `resource.changes`
 * notifications; `ping` every 30 s with `{version}`.
 * Norman (`/v3/subscribe`; rancher/norman pkg/subscribe): push-only, every change of the Norman types it
 * serves (clusters, nodes), `ping` every 5 s with `{}`; client frames are ignored.
 */
import type { IncomingMessage, Server } from 'http';
import type { Duplex } from 'stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { StoreEvent } from '../store';
import type { SimContext } from './context';
import { parseLabelSelector } from './label-selector';
import { normanCluster } from './norman-api';
import { relationshipsOf } from './relationships';
import { LinkContext, steveId, steveObject } from './steve-format';
import { lookupType, type TypeInfo } from './type-registry';
import type { SimUser } from './types';
import { clusterAvailability } from './downstream';

interface Watch {
  resourceType: string;
  namespace?: string;
  id?: string;
  selector?: string;
  mode?: string;
}

function baseOf(req: IncomingMessage): string {
  const host = (req.headers['x-api-host'] as string) || req.headers.host || '127.0.0.1';
  const proto = (req.headers['x-forwarded-proto'] as string) || 'http';

  return `${ proto }://${ host }`;
}

function send(ws: WebSocket, frame: Record<string, unknown>): void {
  if (ws.readyState === WebSocket.OPEN) {
    ws.send(JSON.stringify(frame));
  }
}

function sameWatch(a: Watch, b: Watch): boolean {
  return a.resourceType === b.resourceType && (a.namespace || '') === (b.namespace || '') && (a.id || '') === (b.id || '') && (a.selector || '') === (b.selector || '') && (a.mode || '') === (b.mode || '');
}

function echo(w: Watch): Record<string, unknown> {
  const out: Record<string, unknown> = { resourceType: w.resourceType };

  for (const k of ['namespace', 'id', 'selector', 'mode'] as const) {
    if (w[k]) {
      out[k] = w[k];
    }
  }

  return out;
}

function matches(w: Watch, e: StoreEvent): boolean {
  const o = e.obj;

  if (w.namespace && o.metadata.namespace !== w.namespace) {
    return false;
  }
  if (w.id && w.id !== steveId(o) && w.id !== o.metadata.name) {
    return false;
  }

  return parseLabelSelector(w.selector)(o.metadata.labels);
}

function steveConnection(ctx: SimContext, ws: WebSocket, scope: string, prefix: string, user: SimUser, base: string): () => void {
  const watches: Watch[] = [];
  const lc: LinkContext = { base, prefix, user };

  ws.on('message', (raw) => {
    let msg: any;

    try {
      msg = JSON.parse(raw.toString());
    } catch {
      return;
    }
    if (!msg || typeof msg.resourceType !== 'string') {
      return;
    }
    const w: Watch = {
      resourceType: msg.resourceType, namespace: msg.namespace || undefined, id: msg.id || undefined, selector: msg.selector || undefined, mode: msg.mode || undefined
    };

    if (msg.stop) {
      for (let i = watches.length - 1; i >= 0; i--) {
        if (sameWatch(watches[i], w)) {
          watches.splice(i, 1);
        }
      }
      send(ws, { name: 'resource.stop', ...echo(w) });

      return;
    }
    const info = lookupType(scope, w.resourceType);

    if (!info || !(info.verbs || ['watch']).includes('watch')) {
      const error = info ? `the server does not allow this method on the requested resource (${ w.resourceType })` : `failed to find schema ${ w.resourceType }`;

      send(ws, { name: 'resource.error', ...echo(w), data: { error } });
      send(ws, { name: 'resource.stop', ...echo(w) });

      return;
    }
    if (!watches.some((x) => sameWatch(x, w))) {
      watches.push(w);
    }
    send(ws, { name: 'resource.start', ...echo(w) });
    replaySince(w, info, Number(msg.resourceVersion));
  });

  /**
   * A watch from a resourceVersion receives every change made after it (k8s.io/apiserver watch cache; Steve
   * passes the revision through), so a write that lands between the UI's list and its watch is not lost:
   * objects changed after it as `resource.change` with their current state, objects removed after it as
   * `resource.remove`, in revision order. A revision older than the store's removal window is answered as the
   * apiserver does, `resource.error` "too old resource version" then `resource.stop` (the shell re-lists and
   * watches again from the new revision).
   */
  function replaySince(w: Watch, info: TypeInfo, since: number): void {
    if (!Number.isFinite(since) || w.mode === 'resource.changes') {
      return;
    }
    const removed = ctx.store.removedSince(scope, info.id, since);

    if (removed === 'too-old') {
      watches.splice(watches.findIndex((x) => sameWatch(x, w)), 1);
      send(ws, { name: 'resource.error', ...echo(w), data: { error: `too old resource version: ${ since } (${ ctx.store.revision() })` } });
      send(ws, { name: 'resource.stop', ...echo(w) });

      return;
    }
    const frames: { rev: number; frame: Record<string, unknown> }[] = [];

    for (const obj of ctx.store.listShared(scope, info.id)) {
      if (Number(obj.metadata.resourceVersion) > since && matches(w, { kind: 'change', scope, type: info.id, obj })) {
        const copy = structuredClone(obj);

        frames.push({
          rev:   Number(copy.metadata.resourceVersion),
          frame: {
            name: 'resource.change', ...echo(w), revision: copy.metadata.resourceVersion, data: steveObject(info, copy, lc, relationshipsOf(ctx.store, scope, info.id, copy))
          }
        });
      }
    }
    for (const r of removed) {
      // A removal is replayed even when the name exists again: the apiserver sends DELETED, then the new object.
      if (matches(w, { kind: 'remove', scope, type: info.id, obj: r.obj })) {
        frames.push({
          rev:   Number(r.obj.metadata.resourceVersion),
          frame: {
            name: 'resource.remove', ...echo(w), revision: r.obj.metadata.resourceVersion, data: steveObject(info, r.obj, lc, [])
          }
        });
      }
    }
    frames.sort((a, b) => a.rev - b.rev).forEach((f) => send(ws, f.frame));
  }

  const offStore = ctx.store.on((e) => {
    if (e.scope !== scope) {
      return;
    }
    for (const w of watches) {
      const info = lookupType(scope, w.resourceType);

      if (!info || info.id !== e.type || !matches(w, e)) {
        continue;
      }
      if (w.mode === 'resource.changes') {
        send(ws, { name: 'resource.changes', ...echo(w), data: { type: info.id, revision: e.obj.metadata.resourceVersion } });
        continue;
      }
      const data = steveObject(info, e.obj, lc, e.kind === 'remove' ? [] : relationshipsOf(ctx.store, scope, e.type, e.obj));

      send(ws, {
        name: `resource.${ e.kind }`, ...echo(w), revision: e.obj.metadata.resourceVersion, data
      });
    }
  });
  const ping = setInterval(() => send(ws, { name: 'ping', data: { version: ctx.world.serverVersion } }), ctx.opts.stevePingMs);

  return () => {
    clearInterval(ping);
    offStore();
  };
}

function normanConnection(ctx: SimContext, ws: WebSocket, user: SimUser, base: string): () => void {
  const lc: LinkContext = { base, prefix: '', user };
  const offStore = ctx.store.on((e) => {
    if (e.scope !== 'local' || e.type !== 'management.cattle.io.cluster') {
      return;
    }
    send(ws, { name: e.kind === 'remove' ? 'resource.remove' : 'resource.change', resourceType: 'cluster', data: normanCluster(e.obj, lc) });
  });
  const ping = setInterval(() => send(ws, { name: 'ping', data: {} }), ctx.opts.normanPingMs);

  return () => {
    clearInterval(ping);
    offStore();
  };
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${ status } ${ text }\r\nContent-Type: application/json\r\nx-api-cattle-auth: false\r\nConnection: close\r\n\r\n${ JSON.stringify({ type: 'error', status, code: text.replace(/ /g, '') }) }`);
  socket.destroy();
}

export function attachWebsockets(server: Server, ctx: SimContext): { close(): void } {
  const wss = new WebSocketServer({ noServer: true });
  const open = new Set<WebSocket>();

  ctx.dropSockets = () => {
    for (const ws of open) {
      ws.terminate();
    }
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url || '/', 'http://x').pathname.replace(/\/+$/, '');
    const user = ctx.sessions.userOf(req.headers);
    // The request log shows every upgrade with the status it got (101 once switched), as an access log does.
    const log = (status: number) => ctx.logRequest({
      method: 'GET', url: req.url || '/', status, user: user?.username
    });
    const m = /^\/k8s\/clusters\/([^/]+)\/v1\/subscribe$/.exec(path);
    let kind: 'steve' | 'norman';
    let scope = 'local';

    if (path === '/v1/subscribe') {
      kind = 'steve';
    } else if (path === '/v3/subscribe') {
      kind = 'norman';
    } else if (m) {
      kind = 'steve';
      scope = decodeURIComponent(m[1]);
    } else {
      log(404);

      return refuse(socket, 404, 'Not Found');
    }
    if (!user) {
      log(401);

      return refuse(socket, 401, 'Unauthorized');
    }
    if (scope !== 'local') {
      const avail = clusterAvailability(ctx, scope);

      if (avail !== 'ready') {
        log(avail === 'missing' ? 404 : 503);

        return refuse(socket, avail === 'missing' ? 404 : 503, avail === 'missing' ? 'Not Found' : 'Service Unavailable');
      }
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      log(101);
      open.add(ws);
      const base = baseOf(req);
      const stop = kind === 'norman' ? normanConnection(ctx, ws, user, base) : steveConnection(ctx, ws, scope, scope === 'local' ? '' : `/k8s/clusters/${ scope }`, user, base);

      ws.on('close', () => {
        open.delete(ws);
        stop();
      });
      ws.on('error', () => ws.terminate());
    });
  });

  return {
    close() {
      for (const ws of open) {
        ws.terminate();
      }
      wss.close();
    }
  };
}

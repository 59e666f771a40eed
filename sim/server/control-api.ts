/**
 * The simulator's own control API under `/__sim` (no auth; loopback clients only): health, reset, speed,
 * faults, the request log and settle. Not part of Rancher; tests and the browser harness drive it. Beside it,
 * `/__sim/charts/…` serves the `--chart-repo` folder, standing in for the host a chart repository lives on.
 */
import { chartRepoFile } from './chart-repos';
import type { SimContext } from './context';
import { json } from './replies';
import { ApiError, Reply, SimRequest } from './types';
import { seedUiPlugins } from './uiplugins';

function body(req: SimRequest): any {
  try {
    return req.rawBody ? JSON.parse(req.rawBody) : {};
  } catch {
    throw new ApiError(400, 'BadRequest', 'request body is not valid JSON');
  }
}

function positiveInt(v: unknown, dflt: number): number {
  const n = Number(v);

  return Number.isFinite(n) && n > 0 ? Math.floor(n) : dflt;
}

function faultsView(ctx: SimContext): Record<string, unknown> {
  return {
    conflictNext:        ctx.faults.conflictNext,
    status5xx:           ctx.faults.status5xx,
    latencyMs:           ctx.faults.latencyMs,
    daemonSetNeverReady: [...ctx.world.faults.daemonSetNeverReady],
    nodeNeverProviderId: [...ctx.world.faults.nodeNeverProviderId],
    ccmImagePullBackOff: [...ctx.world.faults.ccmImagePullBackOff],
  };
}

function setFaults(ctx: SimContext, b: any): void {
  if (b.clear) {
    ctx.clearFaults();
  }
  if (b.conflictNext) {
    const c = b.conflictNext;

    if (typeof c.type !== 'string' || typeof c.id !== 'string') {
      throw new ApiError(400, 'BadRequest', 'conflictNext needs {type, id}');
    }
    if (c.mergePatch !== undefined && (!c.mergePatch || typeof c.mergePatch !== 'object' || Array.isArray(c.mergePatch))) {
      throw new ApiError(400, 'BadRequest', 'conflictNext.mergePatch must be an object');
    }
    ctx.faults.conflictNext.push({
      scope: typeof c.scope === 'string' ? c.scope : '*', type: c.type, id: c.id, count: positiveInt(c.count, 1), ...(c.mergePatch ? { mergePatch: c.mergePatch } : {}), ...(positiveInt(c.skip, 0) ? { skip: positiveInt(c.skip, 0) } : {}),
    });
  }
  if (b.status5xx) {
    const s = b.status5xx;

    if (typeof s.pathPrefix !== 'string') {
      throw new ApiError(400, 'BadRequest', 'status5xx needs {pathPrefix}');
    }
    ctx.faults.status5xx.push({ pathPrefix: s.pathPrefix, status: positiveInt(s.status, 503), count: positiveInt(s.count, 1) });
  }
  if (b.latencyMs !== undefined) {
    ctx.faults.latencyMs = Math.max(0, Number(b.latencyMs) || 0);
  }
  if (b.dropSockets) {
    ctx.dropSockets();
  }
  if (typeof b.daemonSetNeverReady === 'string') {
    ctx.world.faults.daemonSetNeverReady.add(b.daemonSetNeverReady);
  }
  if (typeof b.nodeNeverProviderId === 'string') {
    ctx.world.faults.nodeNeverProviderId.add(b.nodeNeverProviderId);
  }
  if (typeof b.ccmImagePullBackOff === 'string') {
    ctx.world.faults.ccmImagePullBackOff.add(b.ccmImagePullBackOff);
  }
}

export async function handleControl(ctx: SimContext, req: SimRequest): Promise<Reply> {
  const p = req.path.slice('/__sim'.length);
  const m = req.method;

  if ((p === '/charts' || p.startsWith('/charts/')) && (m === 'GET' || m === 'HEAD')) {
    return chartRepoFile(ctx, req.path);
  }
  if (p === '/health' && m === 'GET') {
    return json(200, {
      ok: true, rancher: ctx.opts.rancher, serverVersion: ctx.world.serverVersion, revision: ctx.store.revision()
    });
  }
  if (p === '/reset' && m === 'POST') {
    ctx.clearFaults();
    ctx.dropSockets();
    ctx.prefs.clear();
    ctx.settingValues.clear();
    ctx.world.reset();
    ctx.repoIndexes.clear();
    ctx.pluginCache.clear();
    seedUiPlugins(ctx);

    return json(200, { ok: true, revision: ctx.store.revision() });
  }
  if (p === '/speed' && m === 'POST') {
    const factor = Number(body(req).factor);

    if (!(factor > 0)) {
      throw new ApiError(400, 'BadRequest', 'speed needs {factor > 0}');
    }
    ctx.world.setSpeed(factor);

    return json(200, { ok: true, factor });
  }
  if (p === '/faults') {
    if (m === 'POST') {
      setFaults(ctx, body(req));
    } else if (m === 'DELETE') {
      ctx.clearFaults();
    }

    return json(200, faultsView(ctx));
  }
  if (p === '/requests' && m === 'GET') {
    const since = Number(req.url.searchParams.get('since') || 0);

    return json(200, { requests: ctx.requests.filter((r) => r.seq > since) });
  }
  if (p === '/clear-requests' && m === 'POST') {
    ctx.requests.length = 0;

    return json(200, { ok: true });
  }
  if (p === '/settle' && m === 'POST') {
    const timeout = positiveInt(body(req).timeoutMs, 30000);

    await ctx.world.settle(timeout);

    return json(200, { ok: true, revision: ctx.store.revision() });
  }
  throw new ApiError(404, 'NotFound', `no control endpoint ${ m } ${ req.path }`);
}

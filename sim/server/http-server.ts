/**
 * The HTTP front door: reads the request, applies the control API's transport faults (latency, 5xx),
 * dispatches to the control API, static files, public endpoints, and — for a logged-in user — Steve,
 * Norman, the downstream proxy and the raw Kubernetes API. Every API reply carries `x-api-cattle-auth`
 * (`true` with a session, `false` without: rancher/rancher pkg/auth/requests/authenticate.go), and an API
 * request without a session is a 401 JSON error.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { gzipSync } from 'zlib';
import type { SimContext } from './context';
import { clusterAvailability } from './downstream';
import { handleControl } from './control-api';
import { handleK8s } from './k8s-api';
import { handleNorman } from './norman-api';
import { handlePublic } from './public-api';
import { errorReply, json, toApiError } from './replies';
import { isApiPath, resolveStatic, sendFile } from './static-files';
import { handleSteve } from './steve-api';
import { ApiError, Reply, SimRequest } from './types';
import { uiPluginFile } from './uiplugins';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];

    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks as unknown as Uint8Array[]).toString('utf8')));
    req.on('error', reject);
  });
}

function baseOf(req: IncomingMessage): string {
  const host = (req.headers['x-api-host'] as string) || req.headers.host || '127.0.0.1';
  const proto = (req.headers['x-forwarded-proto'] as string) || 'http';

  return `${ proto }://${ host }`;
}

function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.'));
}

function segmentsOf(path: string, prefix: string): string[] {
  return path.slice(prefix.length).split('/').filter((s) => s !== '').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A reply of Steve or of the apiserver, errors included, marked with its writer (for compression). */
async function writtenBy(writer: 'steve' | 'k8s', style: 'rancher' | 'k8s', reply: () => Promise<Reply>): Promise<Reply> {
  try {
    return { ...await reply(), writer };
  } catch (e) {
    return { ...errorReply(toApiError(e, style)), writer };
  }
}

async function dispatchApi(ctx: SimContext, sr: SimRequest): Promise<Reply> {
  const pub = handlePublic(ctx, sr);

  if (pub) {
    return pub;
  }
  if (!sr.user) {
    throw new ApiError(401, 'Unauthorized', 'must authenticate');
  }
  const p = sr.path;

  if (p === '/v1' || p.startsWith('/v1/')) {
    return writtenBy('steve', 'rancher', () => handleSteve(ctx, sr, { scope: 'local', prefix: '' }, segmentsOf(p, '/v1')));
  }
  if (p === '/v3' || p.startsWith('/v3/')) {
    return handleNorman(ctx, sr, segmentsOf(p, '/v3'));
  }
  if (p.startsWith('/api/') || p.startsWith('/apis/')) {
    return writtenBy('k8s', 'k8s', () => handleK8s(ctx, sr, 'local', segmentsOf(p, '')));
  }
  const m = /^\/k8s\/clusters\/([^/]+)(\/.*)?$/.exec(p);

  if (m) {
    const id = decodeURIComponent(m[1]);
    const rest = m[2] || '';
    const avail = clusterAvailability(ctx, id);
    const k8sStyle = rest.startsWith('/api');

    if (avail === 'missing') {
      throw new ApiError(404, 'NotFound', `clusters.management.cattle.io "${ id }" not found`, k8sStyle ? 'k8s' : 'rancher');
    }
    if (avail === 'unavailable') {
      throw new ApiError(503, 'ClusterUnavailable', `cluster agent disconnected: cluster ${ id } is not ready`, 'rancher');
    }
    if (rest === '/v1' || rest.startsWith('/v1/')) {
      return writtenBy('steve', 'rancher', () => handleSteve(ctx, sr, { scope: id, prefix: `/k8s/clusters/${ id }` }, segmentsOf(rest, '/v1')));
    }
    if (rest.startsWith('/api/') || rest.startsWith('/apis/')) {
      return writtenBy('k8s', 'k8s', () => handleK8s(ctx, sr, id, segmentsOf(rest, '')));
    }
  }
  throw new ApiError(404, 'NotFound', `no handler for ${ sr.method } ${ p }`);
}

/** The apiserver compresses a body only from this size on (k8s.io/apiserver responsewriters defaultGzipThresholdBytes). */
export const K8S_GZIP_THRESHOLD = 128 * 1024;

function acceptsGzip(accept: string | string[] | undefined): boolean {
  return (Array.isArray(accept) ? accept.join(',') : accept || '').includes('gzip');
}

function write(res: ServerResponse, reply: Reply, authed: boolean, api: boolean, acceptEncoding?: string | string[]): void {
  const headers: Record<string, string | string[]> = { 'cache-control': 'no-cache, no-store, must-revalidate', ...(reply.headers || {}) };

  if (api) {
    headers['x-api-cattle-auth'] = authed ? 'true' : 'false';
  }
  if (reply.raw !== undefined) {
    headers['content-type'] = reply.contentType || 'application/octet-stream';
    res.writeHead(reply.status, headers);
    res.end(reply.raw);

    return;
  }
  headers['content-type'] = 'application/json';
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);

  // rancher/apiserver pkg/writer/gzip.go: Steve gzips whatever it writes when the client accepts gzip; the
  // apiserver (responsewriters SerializeObject) only a body over its threshold, and then says Vary.
  if (reply.writer && acceptsGzip(acceptEncoding) && (reply.writer === 'steve' || Buffer.byteLength(text) > K8S_GZIP_THRESHOLD)) {
    headers['content-encoding'] = 'gzip';
    if (reply.writer === 'k8s') {
      headers.vary = 'Accept-Encoding';
    }
    res.writeHead(reply.status, headers);
    res.end(gzipSync(text));

    return;
  }
  res.writeHead(reply.status, headers);
  res.end(text);
}

async function handle(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawBody = await readBody(req);
  const url = new URL(req.url || '/', 'http://sim.local');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const user = ctx.sessions.userOf(req.headers);
  const sr: SimRequest = {
    method: (req.method || 'GET').toUpperCase(), url, path, headers: req.headers, rawBody, base: baseOf(req), user
  };

  if (path === '/__sim' || path.startsWith('/__sim/')) {
    let reply: Reply;

    try {
      if (!isLoopback(req.socket.remoteAddress)) {
        throw new ApiError(403, 'Forbidden', 'the control API only answers loopback clients');
      }
      reply = await handleControl(ctx, sr);
    } catch (e) {
      reply = errorReply(toApiError(e, 'rancher'));
    }
    write(res, reply, !!user, false);

    return;
  }
  const pluginFile = sr.method === 'GET' ? uiPluginFile(ctx.opts.uipluginsDir, path) : undefined;

  if (pluginFile) {
    sendFile(res, pluginFile, sr.method, true);

    return;
  }
  if (!isApiPath(path) && !path.startsWith('/pkg/')) {
    const file = ctx.opts.staticDir && (sr.method === 'GET' || sr.method === 'HEAD') ? resolveStatic(ctx.opts.staticDir, url.pathname) : undefined;

    if (file) {
      sendFile(res, file, sr.method);
    } else {
      write(res, json(404, { type: 'error', status: 404, code: 'NotFound', message: `no file for ${ path }` }), !!user, false);
    }

    return;
  }
  if (ctx.faults.latencyMs > 0) {
    await sleep(ctx.faults.latencyMs);
  }
  let reply: Reply;
  const fault = ctx.faults.status5xx.find((f) => path.startsWith(f.pathPrefix));

  if (fault) {
    fault.count--;
    if (fault.count <= 0) {
      ctx.faults.status5xx.splice(ctx.faults.status5xx.indexOf(fault), 1);
    }
    reply = errorReply(new ApiError(fault.status, fault.status === 503 ? 'ServiceUnavailable' : 'ServerError', `simulated ${ fault.status } (control API fault)`));
  } else {
    try {
      reply = await dispatchApi(ctx, sr);
    } catch (e) {
      reply = errorReply(toApiError(e, 'rancher'));
    }
  }
  // The user after the request (a login sets a session; the header then reflects it).
  const authed = !!user || (reply.status < 300 && /login/.test(path));

  write(res, reply, authed && !(reply.status === 401), true, req.headers['accept-encoding']);
  let logged: unknown;

  if (sr.method !== 'GET' && rawBody) {
    try {
      logged = JSON.parse(rawBody);
    } catch {
      logged = rawBody;
    }
    if (logged && typeof logged === 'object' && 'password' in (logged as any)) {
      logged = { ...(logged as any), password: '***' };
    }
  }
  ctx.logRequest({
    method: sr.method, url: req.url || '/', status: reply.status, user: user?.username, body: logged
  });
}

export function createHttpServer(ctx: SimContext): Server {
  return createServer((req, res) => {
    handle(ctx, req, res).catch((e) => {
      if (!res.headersSent) {
        write(res, errorReply(toApiError(e, 'rancher')), false, true);
      } else {
        res.end();
      }
    });
  });
}

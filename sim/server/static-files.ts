/**
 * Same-origin serving of a prebuilt dashboard (`dist-devbuild`): every GET outside the API prefixes serves
 * the file at that path, or `index.html` (single-page-app fallback), with a content type from the extension.
 */
import { createReadStream, existsSync, statSync } from 'fs';
import type { ServerResponse } from 'http';
import { extname, join, resolve, sep } from 'path';

export const API_PREFIXES = ['/v1', '/v3', '/v1-public', '/v3-public', '/k8s', '/api', '/apis', '/rancherversion', '/version', '/meta', '/v1-rke2-release', '/v1-k3s-release', '/__sim'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js':   'application/javascript; charset=utf-8',
  '.mjs':  'application/javascript; charset=utf-8',
  '.css':  'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map':  'application/json; charset=utf-8',
  '.svg':  'image/svg+xml',
  '.png':  'image/png',
  '.jpg':  'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif':  'image/gif',
  '.webp': 'image/webp',
  '.ico':  'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf':  'font/ttf',
  '.eot':  'application/vnd.ms-fontobject',
  '.txt':  'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] || 'application/octet-stream';
}

export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((p) => path === p || path.startsWith(`${ p }/`));
}

/** The file to serve for a path under `root`, falling back to index.html; undefined when neither exists. */
export function resolveStatic(root: string, urlPath: string): string | undefined {
  const abs = resolve(root);
  let decoded: string;

  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    decoded = urlPath;
  }
  const candidate = resolve(join(abs, decoded));

  if ((candidate === abs || candidate.startsWith(abs + sep)) && existsSync(candidate) && statSync(candidate).isFile()) {
    return candidate;
  }
  const index = join(abs, 'index.html');

  return existsSync(index) ? index : undefined;
}

export function sendFile(res: ServerResponse, file: string, method: string, noCache = false): void {
  const size = statSync(file).size;

  res.writeHead(200, {
    'content-type': contentTypeOf(file), 'content-length': String(size), 'cache-control': noCache || file.endsWith('index.html') ? 'no-cache' : 'max-age=3600'
  });
  if (method === 'HEAD') {
    res.end();

    return;
  }
  createReadStream(file).pipe(res);
}

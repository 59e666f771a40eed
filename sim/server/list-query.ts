/**
 * List options Steve honours without the SQL cache (rancher/steve pkg/stores/proxy/proxy_store.go
 * ParseListOptions / pkg/stores/partition): `labelSelector`, `fieldSelector`, `limit` + `continue`
 * (the collection then carries `pagination:{partial:true, next}` and `continue`), `exclude=<path>` (drop
 * fields from each object, pkg/resources/common/formatter.go excludeFields). Unknown parameters are ignored.
 */
import type { KObj } from '../store';
import { parseFieldSelector, parseLabelSelector } from './label-selector';
import { ApiError } from './types';

export interface ListPage {
  items: KObj[];
  continueToken?: string;
}

function encodeToken(offset: number, revision: string): string {
  return Buffer.from(JSON.stringify({ o: offset, r: revision })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString());

    if (typeof v.o === 'number' && v.o >= 0) {
      return v.o;
    }
  } catch {
    // fall through
  }
  throw new ApiError(400, 'BadRequest', 'invalid continue token', 'rancher');
}

export function selectAndPage(all: KObj[], q: URLSearchParams, revision: string): ListPage {
  const byLabels = parseLabelSelector(q.get('labelSelector'));
  const byFields = parseFieldSelector(q.get('fieldSelector'));
  const sorted = all
    .filter((o) => byLabels(o.metadata.labels) && byFields(o))
    .sort((a, b) => `${ a.metadata.namespace || '' }/${ a.metadata.name }`.localeCompare(`${ b.metadata.namespace || '' }/${ b.metadata.name }`));
  const limit = parseInt(q.get('limit') || '', 10);
  const start = q.get('continue') ? decodeToken(q.get('continue') as string) : 0;

  if (!(limit > 0)) {
    return { items: sorted.slice(start) };
  }
  const items = sorted.slice(start, start + limit);

  return { items, continueToken: start + limit < sorted.length ? encodeToken(start + limit, revision) : undefined };
}

/** Drop `exclude=a.b.c` paths (repeatable) from a formatted object. */
export function applyExcludes(obj: Record<string, any>, q: URLSearchParams): Record<string, any> {
  for (const path of q.getAll('exclude')) {
    const parts = path.split('.');
    let cur: any = obj;

    for (let i = 0; cur && i < parts.length - 1; i++) {
      cur = cur[parts[i]];
    }
    if (cur && typeof cur === 'object') {
      delete cur[parts[parts.length - 1]];
    }
  }

  return obj;
}

export function nextUrl(self: string, q: URLSearchParams, token: string): string {
  const n = new URLSearchParams(q);

  n.set('continue', token);

  return `${ self }?${ n.toString() }`;
}

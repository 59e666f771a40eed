/**
 * List options of the simulator's Steve (without the SQL cache, as the `ui-sql-cache` feature is off) and of the raw
 * Kubernetes API. docs/rancher-behaviour.md#steve-list-parameters has the rules and their sources:
 * - Kubernetes (raw lists, and what Steve passes on to it): `labelSelector`, `fieldSelector`, `limit` + `continue`
 *   (k8s.io/apimachinery ListOptions; selectAndPage);
 * - Steve's partition store (rancher/steve pkg/stores/partition/store.go List, listprocessor/processor.go): `limit`
 *   is the chunk asked of Kubernetes (100000 when absent or not a number, none when 0 or negative), then on that
 *   chunk `filter` (substring match, `,` = or, repeated = and, `!=` negates, arrays searched), `sort`, then
 *   `pagesize` + `page` (the collection's `count` is the filtered chunk, `pages` how many pages it makes);
 * - Steve's formatter (rancher/steve pkg/resources/common/formatter.go): `include`, `exclude`, `excludeValues` on
 *   the Kubernetes object of each item (id, type and links stay).
 * Unknown parameters are ignored.
 */
import type { KObj } from '../store';
import { parseFieldSelector, parseLabelSelector } from './label-selector';
import { ApiError } from './types';

export interface ListPage {
  items: KObj[];
  continueToken?: string;
}

/** Steve's list: the items of the page, the chunk's count, the number of pages when `pagesize` was given. */
export interface SteveListPage extends ListPage {
  count: number;
  pages?: number;
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

function chunk(all: KObj[], q: URLSearchParams, limit: number, revision: string): ListPage {
  const byLabels = parseLabelSelector(q.get('labelSelector'));
  const byFields = parseFieldSelector(q.get('fieldSelector'));
  const sorted = all
    .filter((o) => byLabels(o.metadata.labels) && byFields(o))
    .sort((a, b) => `${ a.metadata.namespace || '' }/${ a.metadata.name }`.localeCompare(`${ b.metadata.namespace || '' }/${ b.metadata.name }`));
  const start = q.get('continue') ? decodeToken(q.get('continue') as string) : 0;

  if (!(limit > 0)) {
    return { items: sorted.slice(start) };
  }
  const items = sorted.slice(start, start + limit);

  return { items, continueToken: start + limit < sorted.length ? encodeToken(start + limit, revision) : undefined };
}

/** A raw Kubernetes list: selectors, then `limit` + `continue` (no limit unless asked). */
export function selectAndPage(all: KObj[], q: URLSearchParams, revision: string): ListPage {
  return chunk(all, q, parseInt(q.get('limit') || '', 10), revision);
}

/** Steve's default chunk when `limit` is absent or not a number (listprocessor getLimit). */
export const STEVE_DEFAULT_LIMIT = 100000;

interface Filter { field: string[]; match: string; negate: boolean }

/** `filter=` values: each parameter is an or-group of `field=value` / `field!=value`; a malformed one matches nothing. */
function parseFilters(q: URLSearchParams): Filter[][] {
  return q.getAll('filter').map((group) => group.split(',').flatMap((term) => {
    const parts = term.split(/!?=/);

    return parts.length === 2 ? [{ field: parts[0].split('.'), match: parts[1], negate: term.includes('!=') }] : [];
  }));
}

/** A scalar as Steve's filter sees it: strings and booleans by their text; numbers decode as int64 and never match. */
function scalarMatches(v: unknown, match: string): boolean {
  return (typeof v === 'string' || typeof v === 'boolean') && String(v).includes(match);
}

function listMatches(items: unknown[], field: string[], match: string): boolean {
  return items.some((v) => {
    if (Array.isArray(v)) {
      return listMatches(v, field, match);
    }
    if (v && typeof v === 'object') {
      return fieldMatches(v as Record<string, unknown>, field, match);
    }

    return scalarMatches(v, match);
  });
}

/**
 * listprocessor matchesOne: the longest prefix of the path that leads to a value; a scalar must be the end of the
 * path, a list is searched with the rest of the path.
 */
function fieldMatches(obj: Record<string, unknown>, field: string[], match: string): boolean {
  for (let n = field.length; n > 0; n--) {
    let cur: unknown = obj;

    for (const key of field.slice(0, n)) {
      cur = cur && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>)[key] : undefined;
    }
    if (cur === undefined) {
      continue;
    }
    if (Array.isArray(cur)) {
      // The processor collects the rest of the path from its end, so it searches the list with it reversed.
      return listMatches(cur, field.slice(n).reverse(), match);
    }

    return n === field.length && scalarMatches(cur, match);
  }

  return false;
}

function valueAt(obj: unknown, path: string[]): string {
  let cur: any = obj;

  for (const key of path) {
    cur = cur && typeof cur === 'object' ? cur[key] : undefined;
  }

  return cur === undefined || cur === null ? '' : typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** Steve's list (partition store, no SQL cache) over the stored objects of one type. */
export function steveList(all: KObj[], q: URLSearchParams, revision: string): SteveListPage {
  const limitParam = parseInt(q.get('limit') || '', 10);
  const page = chunk(all, q, Number.isNaN(limitParam) ? STEVE_DEFAULT_LIMIT : limitParam, revision);
  const filters = parseFilters(q);
  let items = page.items.filter((o) => filters.every((group) => group.some((f) => fieldMatches(o, f.field, f.match) !== f.negate)));
  const sortKeys = (q.get('sort') || '').split(',').filter((k) => k.replace(/^-/, '')).map((k) => ({ desc: k.startsWith('-'), path: k.replace(/^-/, '').split('.') }));

  if (sortKeys.length) {
    const keyed = items.map((o) => ({ o, keys: sortKeys.map((k) => valueAt(o, k.path)) }));

    keyed.sort((a, b) => {
      for (let i = 0; i < sortKeys.length; i++) {
        const d = a.keys[i] < b.keys[i] ? -1 : a.keys[i] > b.keys[i] ? 1 : 0;

        if (d) {
          return sortKeys[i].desc ? -d : d;
        }
      }

      return 0;
    });
    items = keyed.map((k) => k.o);
  }
  const count = items.length;
  const pageSize = parseInt(q.get('pagesize') || '', 10);

  if (!(pageSize > 0)) {
    return { items, count, continueToken: page.continueToken };
  }
  const pageNo = Math.max(1, parseInt(q.get('page') || '', 10) || 1);
  const pages = Math.ceil(count / pageSize);

  return {
    items: items.slice((pageNo - 1) * pageSize, pageNo * pageSize), count, pages, continueToken: page.continueToken
  };
}

function getPath(obj: any, path: string[]): unknown {
  let cur = obj;

  for (const key of path) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) {
      return undefined;
    }
    cur = cur[key];
  }

  return cur;
}

function putPath(obj: any, path: string[], value: unknown): void {
  let cur = obj;

  for (const key of path.slice(0, -1)) {
    if (!cur[key] || typeof cur[key] !== 'object' || Array.isArray(cur[key])) {
      cur[key] = {};
    }
    cur = cur[key];
  }
  cur[path[path.length - 1]] = value;
}

/** The fields of a formatted object that sit outside its Kubernetes object (apiserver RawResource). */
const RESOURCE_FIELDS = ['id', 'type', 'links', 'actions'];

/**
 * Steve's formatter on one formatted object: `include=a.b` (repeatable) keeps only those paths of the Kubernetes
 * object, then `exclude=a.b` drops paths, then `excludeValues=a.b` blanks every value of the map at that path.
 */
export function applyFieldParams(formatted: Record<string, any>, q: URLSearchParams): Record<string, any> {
  const outer: Record<string, any> = {};
  let obj: Record<string, any> = {};

  for (const [k, v] of Object.entries(formatted)) {
    (RESOURCE_FIELDS.includes(k) ? outer : obj)[k] = v;
  }
  const include = q.getAll('include');

  if (include.length) {
    const kept: Record<string, any> = {};

    for (const path of include) {
      const parts = path.split('.');
      const v = getPath(obj, parts);

      if (v !== undefined) {
        putPath(kept, parts, v);
      }
    }
    obj = kept;
  }
  for (const path of q.getAll('exclude')) {
    const parts = path.split('.');
    const parent = getPath(obj, parts.slice(0, -1));

    if (parent && typeof parent === 'object' && !Array.isArray(parent)) {
      delete (parent as Record<string, unknown>)[parts[parts.length - 1]];
    }
  }
  for (const path of q.getAll('excludeValues')) {
    const parts = path.split('.');
    const map = getPath(obj, parts);

    if (map && typeof map === 'object' && !Array.isArray(map)) {
      for (const k of Object.keys(map)) {
        (map as Record<string, unknown>)[k] = '';
      }
    }
  }

  return { ...outer, ...obj };
}

/** The URL of the next chunk: the request's own parameters with `continue` set (apiserver urlbuilder Marker). */
export function nextUrl(self: string, q: URLSearchParams, token: string): string {
  const n = new URLSearchParams(q);

  n.set('continue', token);

  return `${ self }?${ n.toString() }`;
}

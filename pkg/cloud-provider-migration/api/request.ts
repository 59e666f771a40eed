/**
 * The one door to the shell store: `management/request` (Steve, `/v1/...` and `/k8s/clusters/<id>/...`) and
 * `rancher/request` (Norman, `/v3/...`). The store is passed in by the caller, never imported. Failures come out as
 * MigrationError (errors.ts); answers come out as plain JSON (the store's non-enumerable `_status`… are dropped).
 */
import { toMigrationError } from './errors';

/** The part of the Vuex store the api layer uses. */
export interface StoreLike {
  dispatch(type: string, payload?: any): Promise<any>;
}

export type RequestStore = 'management' | 'rancher';

export interface RequestOptions {
  url: string;
  method?: 'get' | 'put' | 'patch' | 'post' | 'delete';
  data?: unknown;
  headers?: Record<string, string>;
}

export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export async function request(store: StoreLike, which: RequestStore, opt: RequestOptions): Promise<any> {
  const payload: Record<string, unknown> = { url: opt.url, method: opt.method || 'get' };

  if (opt.data !== undefined) {
    payload.data = opt.data;
  }
  if (opt.headers) {
    payload.headers = opt.headers;
  }
  try {
    const res = await store.dispatch(`${ which }/request`, payload);

    return res === undefined || res === null ? res : JSON.parse(JSON.stringify(res));
  } catch (e) {
    throw toMigrationError(e, { method: payload.method as string, url: opt.url });
  }
}

/**
 * The shell store's `management/request` / `rancher/request` actions over HTTP (fetch), with a session cookie, for
 * tests that drive the product's api layer against the simulated Rancher. A failure rejects like steve/actions.js
 * does: the parsed error body with `_status` (non-enumerable).
 */
import { JSON_HEADERS } from '../pkg/cloud-provider-migration/api';
import type { StoreLike } from '../pkg/cloud-provider-migration/api';

export function httpStore(baseUrl: string, cookie: string, log: string[] = []): StoreLike {
  return {
    async dispatch(type: string, payload: any) {
      if (type !== 'management/request' && type !== 'rancher/request') {
        throw new Error(`httpStore: unsupported action ${ type }`);
      }
      const method = (payload.method || 'get').toUpperCase();
      const r = await fetch(`${ baseUrl }${ payload.url }`, {
        method,
        headers: { ...JSON_HEADERS, ...(payload.headers || {}), cookie },
        body:    payload.data === undefined ? undefined : JSON.stringify(payload.data),
      });
      const text = await r.text();
      let body: any = text;

      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // keep the text
      }
      log.push(`${ method } ${ payload.url } ${ r.status }`);
      if (!r.ok) {
        const err = body && typeof body === 'object' ? body : { message: String(body || r.statusText) };

        Object.defineProperty(err, '_status', { value: r.status, enumerable: false });
        throw err;
      }

      return body;
    },
  };
}


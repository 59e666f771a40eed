/**
 * Turning a failed store request into a MigrationError. The shell's `request` action rejects with the parsed JSON
 * body of the error response, carrying the HTTP status as `_status` (steve/actions.js `responseObject`); Steve and
 * Norman bodies look like `{type: 'error', status, code: 'Conflict', message}`, a raw Kubernetes error (through
 * `/k8s/clusters/<id>/api/...`) like `{kind: 'Status', status: 'Failure', code: 409, reason, message}`. A request that
 * never got an answer rejects with the axios error (no response: network error or timeout).
 */
import { MigrationError, isMigrationError, type MigrationErrorCode } from '../engine';

export interface RequestContext {
  method?: string;
  url?: string;
}

/** HTTP status of a rejected request, or undefined when the server never answered. */
export function statusOf(e: any): number | undefined {
  const candidates = [e?._status, e?.response?.status, e?.status, e?.code];

  return candidates.find((c) => typeof c === 'number' && c >= 100 && c < 600);
}

function codeFor(status: number | undefined): MigrationErrorCode {
  if (status === undefined || status >= 500 || status === 408 || status === 429) {
    return 'API_UNAVAILABLE';
  }
  if (status === 401 || status === 403) {
    return 'FORBIDDEN';
  }
  if (status === 404) {
    return 'NOT_FOUND';
  }
  if (status === 409) {
    return 'SPEC_CONFLICT';
  }

  return 'MALFORMED_INPUT'; // 400/422: the server rejected the body we sent
}

const KEYS: Record<string, string> = {
  API_UNAVAILABLE: 'api.errors.unavailable',
  FORBIDDEN:       'api.errors.forbidden',
  NOT_FOUND:       'api.errors.notFound',
  SPEC_CONFLICT:   'api.errors.conflict',
  MALFORMED_INPUT: 'api.errors.rejected',
};

const ADVICE: Record<string, string> = {
  API_UNAVAILABLE: 'Rancher or the cluster did not answer; check that both are reachable and try again.',
  FORBIDDEN:       'Your Rancher user is not allowed to do this; ask a cluster owner or an administrator.',
  NOT_FOUND:       'The object does not exist (any more); reload the page.',
  SPEC_CONFLICT:   'Someone else changed the object; reload it and review the change again.',
  MALFORMED_INPUT: 'The server rejected the request body.',
};

function serverMessage(e: any): string {
  const message = e?.message || e?.statusText || e?._statusText || (typeof e === 'string' ? e : '');

  return String(message || 'no answer');
}

export function toMigrationError(e: unknown, ctx: RequestContext = {}): MigrationError {
  if (isMigrationError(e)) {
    return e;
  }
  const status = statusOf(e);
  const code = codeFor(status);
  const message = serverMessage(e);
  const request = ctx.url ? `${ (ctx.method || 'get').toUpperCase() } ${ ctx.url }` : 'request';
  const params = {
    status: status ?? 0, message, request
  };

  return new MigrationError(code, `${ request } failed (${ status ?? 'no answer' }): ${ message }. ${ ADVICE[code] }`, { key: KEYS[code], params, cause: e });
}

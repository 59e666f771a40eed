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

  return 'REQUEST_REJECTED'; // 400, 422 and any other 4xx: the server refused the request as we sent it
}

/**
 * The text for a failed request, under `api.errors.` in the l10n files: one per code, and a few more where the same
 * code covers faults a user must act on differently (no answer at all, a server error, a login that is no longer valid).
 */
function keyFor(status: number | undefined): string {
  if (status === undefined) {
    return 'api.errors.noAnswer';
  }
  if (status === 502 || status === 503 || status === 504 || status === 408 || status === 429) {
    return 'api.errors.unavailable';
  }
  if (status >= 500) {
    return 'api.errors.serverError';
  }

  return {
    401: 'api.errors.unauthenticated', 403: 'api.errors.forbidden', 404: 'api.errors.notFound', 409: 'api.errors.conflict'
  }[status] || 'api.errors.rejected';
}

function serverMessage(e: any): string {
  const message = e?.message || e?.statusText || e?._statusText || (typeof e === 'string' ? e : '');

  return String(message || 'no answer');
}

/** The MigrationError of a failed request; its `message` is the developer detail (request, status, server message). */
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

  return new MigrationError(code, `${ request } failed (${ status ?? 'no answer' }): ${ message }`, { key: keyFor(status), params, cause: e });
}

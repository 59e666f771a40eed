/**
 * Reply helpers and error bodies.
 * Rancher (Steve/Norman) errors: `{type:'error', status, code, message}` (rancher/apiserver pkg/apierror,
 * rancher/norman httperror). Kubernetes errors: a `Status` object (k8s.io/apimachinery pkg/api/errors).
 */
import { ApiError, Reply } from './types';
import { ConflictError, NotFoundError, AlreadyExistsError } from '../store';

export function json(status: number, body: unknown, headers?: Record<string, string | string[]>): Reply {
  return { status, body, headers };
}

const K8S_REASON: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 409: 'Conflict', 415: 'UnsupportedMediaType', 422: 'Invalid', 500: 'InternalError', 503: 'ServiceUnavailable',
};

export function errorReply(e: ApiError): Reply {
  if (e.style === 'k8s') {
    return json(e.status, {
      kind:       'Status',
      apiVersion: 'v1',
      metadata:   {},
      status:     'Failure',
      message:    e.message,
      reason:     e.code || K8S_REASON[e.status] || 'Unknown',
      ...(e.details ? { details: e.details } : {}),
      code:       e.status,
    });
  }

  return json(e.status, {
    type: 'error', status: e.status, code: e.code, message: e.message
  });
}

/** Map store errors (and anything thrown) to an ApiError in the given style. */
export function toApiError(e: unknown, style: 'rancher' | 'k8s'): ApiError {
  if (e instanceof ApiError) {
    return e;
  }
  if (e instanceof ConflictError) {
    return new ApiError(409, 'Conflict', e.message, style);
  }
  if (e instanceof AlreadyExistsError) {
    return new ApiError(409, style === 'k8s' ? 'AlreadyExists' : 'AlreadyExists', e.message, style);
  }
  if (e instanceof NotFoundError) {
    return new ApiError(404, 'NotFound', e.message, style);
  }

  return new ApiError(500, style === 'k8s' ? 'InternalError' : 'ServerError', e instanceof Error ? e.message : String(e), style);
}

export function notFound(what: string, style: 'rancher' | 'k8s' = 'rancher'): ApiError {
  return new ApiError(404, 'NotFound', `${ what } not found`, style);
}

export function forbidden(user: string, verb: string, resource: string, style: 'rancher' | 'k8s' = 'rancher'): ApiError {
  return new ApiError(403, 'Forbidden', `${ resource } is forbidden: User "${ user }" cannot ${ verb } resource`, style);
}

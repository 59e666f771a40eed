import { MigrationError } from '../../engine';
import { statusOf, toMigrationError } from '../errors';

function rejected(status: number, body: Record<string, any>): any {
  return Object.defineProperty({ ...body }, '_status', { value: status, enumerable: false });
}

describe('toMigrationError', () => {
  it.each([
    ['a 401 means the user may not do it', rejected(401, { type: 'error', status: 401, code: 'Unauthorized', message: 'must authenticate' }), 'FORBIDDEN', 401, 'must authenticate'],
    ['a 403 from Steve is FORBIDDEN', rejected(403, { type: 'error', status: 403, code: 'Forbidden', message: 'clusters.provisioning.cattle.io "prod" is forbidden' }), 'FORBIDDEN', 403, 'clusters.provisioning.cattle.io "prod" is forbidden'],
    ['a 404 is NOT_FOUND', rejected(404, { type: 'error', status: 404, code: 'NotFound', message: 'daemonsets.apps "x" not found' }), 'NOT_FOUND', 404, 'daemonsets.apps "x" not found'],
    ['a Steve 409 is SPEC_CONFLICT', rejected(409, { type: 'error', status: 409, code: 'Conflict', message: 'the object has been modified' }), 'SPEC_CONFLICT', 409, 'the object has been modified'],
    ['a raw Kubernetes Status 409 (numeric code, string status) is SPEC_CONFLICT', rejected(409, {
      kind: 'Status', status: 'Failure', code: 409, reason: 'Conflict', message: 'Operation cannot be fulfilled'
    }), 'SPEC_CONFLICT', 409, 'Operation cannot be fulfilled'],
    ['a Kubernetes Status body without _status still gives its code', {
      kind: 'Status', status: 'Failure', code: 403, reason: 'Forbidden', message: 'nodes "cp-1" is forbidden'
    }, 'FORBIDDEN', 403, 'nodes "cp-1" is forbidden'],
    ['a 503 is API_UNAVAILABLE', rejected(503, { type: 'error', status: 503, code: 'ServiceUnavailable', message: 'cluster agent disconnected' }), 'API_UNAVAILABLE', 503, 'cluster agent disconnected'],
    ['a 500 is API_UNAVAILABLE', rejected(500, { message: 'internal error' }), 'API_UNAVAILABLE', 500, 'internal error'],
    ['a 429 is API_UNAVAILABLE', rejected(429, { message: 'too many requests' }), 'API_UNAVAILABLE', 429, 'too many requests'],
    ['a 422 is the server rejecting the body', rejected(422, { type: 'error', status: 422, code: 'InvalidBodyContent', message: 'spec.rkeConfig: invalid' }), 'REQUEST_REJECTED', 422, 'spec.rkeConfig: invalid'],
    ['a network error without an answer is API_UNAVAILABLE', Object.assign(new Error('Network Error'), { code: 'ERR_NETWORK' }), 'API_UNAVAILABLE', 0, 'Network Error'],
    ['a timeout is API_UNAVAILABLE', Object.assign(new Error('timeout of 30000ms exceeded'), { code: 'ECONNABORTED' }), 'API_UNAVAILABLE', 0, 'timeout of 30000ms exceeded'],
    ['an axios error with a response carries its status', Object.assign(new Error('Request failed with status code 403'), { response: { status: 403 } }), 'FORBIDDEN', 403, 'Request failed with status code 403'],
  ])('%s', (_name, input, code, status, message) => {
    const err = toMigrationError(input, { method: 'put', url: '/v1/provisioning.cattle.io.clusters/fleet-default/prod' });

    expect(err).toBeInstanceOf(MigrationError);
    expect(err.code).toBe(code);
    expect(err.params).toEqual({ status, message, request: 'PUT /v1/provisioning.cattle.io.clusters/fleet-default/prod' });
    expect(err.messageKey.startsWith('api.errors.')).toBe(true);
    expect(err.cause).toBe(input);
  });

  it('returns a MigrationError unchanged', () => {
    const original = new MigrationError('INVALID_MANIFEST', 'bad yaml');

    expect(toMigrationError(original)).toBe(original);
  });
});

describe('statusOf', () => {
  it.each([
    ['the Steve status field', { status: 409 }, 409],
    ['not the Kubernetes "Failure" string', { status: 'Failure', code: 404 }, 404],
    ['not a Norman string code', { code: 'NotFound' }, undefined],
    ['nothing for a network error', new Error('Network Error'), undefined],
  ])('reads %s', (_name, input, expected) => {
    expect(statusOf(input)).toBe(expected);
  });
});

// Each HTTP fault gets its code and the text that tells the user what to do; objects that cannot be saved safely
// are refused with their own code. Every key is a string in both l10n files and renders with its params filled.
import { renderMessage } from '../../engine';
import { l10n } from '../../engine/__tests__/fixtures';
import { toMigrationError } from '../errors';
import { putNormanCluster } from '../norman';
import { putProvisioningCluster } from '../steve';

const dicts = [l10n('en-us'), l10n('zh-hans')];

function rejected(status: number, message: string): any {
  return Object.defineProperty({ type: 'error', status, message }, '_status', { value: status, enumerable: false });
}

function expectRendered(e: { toMessage(): { key: string; params?: Record<string, string | number> } }): void {
  dicts.forEach((dict) => {
    const text = renderMessage(e.toMessage(), dict);

    expect(text).not.toBe(e.toMessage().key);
    expect(text).not.toMatch(/\{\w+\}/);
  });
}

describe('an HTTP fault', () => {
  it.each([
    ['400 bad request', 'REQUEST_REJECTED', 'api.errors.rejected', rejected(400, 'request body is not valid JSON')],
    ['405 method not allowed', 'REQUEST_REJECTED', 'api.errors.rejected', rejected(405, 'method PUT not allowed')],
    ['422 invalid', 'REQUEST_REJECTED', 'api.errors.rejected', rejected(422, 'spec.rkeConfig: invalid')],
    ['401 unauthenticated', 'FORBIDDEN', 'api.errors.unauthenticated', rejected(401, 'must authenticate')],
    ['403 forbidden', 'FORBIDDEN', 'api.errors.forbidden', rejected(403, 'is forbidden')],
    ['404 not found', 'NOT_FOUND', 'api.errors.notFound', rejected(404, 'not found')],
    ['409 conflict', 'SPEC_CONFLICT', 'api.errors.conflict', rejected(409, 'the object has been modified')],
    ['500 server error', 'API_UNAVAILABLE', 'api.errors.serverError', rejected(500, 'internal error')],
    ['503 unavailable', 'API_UNAVAILABLE', 'api.errors.unavailable', rejected(503, 'cluster agent disconnected')],
    ['504 gateway timeout', 'API_UNAVAILABLE', 'api.errors.unavailable', rejected(504, 'upstream timed out')],
    ['429 too many requests', 'API_UNAVAILABLE', 'api.errors.unavailable', rejected(429, 'slow down')],
    ['a network failure', 'API_UNAVAILABLE', 'api.errors.noAnswer', Object.assign(new Error('Network Error'), { code: 'ERR_NETWORK' })],
  ])('%s is %s, worded by %s', (_name, code, key, input) => {
    const e = toMigrationError(input, { method: 'get', url: '/v1/nodes' });

    expect([e.code, e.messageKey]).toEqual([code, key]);
    expectRendered(e);
  });

  it('says in English what the request was, what the server said, and what to do', () => {
    const e = toMigrationError(rejected(401, 'must authenticate'), { method: 'put', url: '/v3/clusters/c-1' });

    expect(renderMessage(e.toMessage(), dicts[0])).toBe('PUT /v3/clusters/c-1 was refused (401): must authenticate. Your Rancher login is no longer valid; log in again and retry.');
  });

  it('keeps the request and the server message as the developer detail', () => {
    expect(toMigrationError(rejected(422, 'spec: invalid'), { method: 'put', url: '/x' }).message).toBe('PUT /x failed (422): spec: invalid');
    expect(toMigrationError(new Error('Network Error')).message).toBe('request failed (no answer): Network Error');
  });
});

describe('an object that cannot be saved safely', () => {
  /** A store that answers every request; the refusals below must come before any. */
  const store = () => ({ dispatch: jest.fn(() => Promise.resolve({})) });

  it('is refused with INCOMPLETE_OBJECT, without a write, when a provisioning cluster has no resourceVersion', async () => {
    const s = store();
    const err = await putProvisioningCluster(s, { metadata: { namespace: 'fleet-default', name: 'prod' } }).catch((e) => e);

    expect([err.code, err.messageKey, err.params]).toEqual(['INCOMPLETE_OBJECT', 'api.errors.unsaveable', { missing: 'metadata.resourceVersion' }]);
    expect(s.dispatch).not.toHaveBeenCalled();
    expectRendered(err);
  });

  it('is refused with INCOMPLETE_OBJECT, without a write, when a Norman cluster has no id', async () => {
    const s = store();
    const err = await putNormanCluster(s, { type: 'cluster', name: 'legacy-west', rancherKubernetesEngineConfig: {} }).catch((e) => e);

    expect([err.code, err.messageKey, err.params]).toEqual(['INCOMPLETE_OBJECT', 'api.errors.unsaveable', { missing: 'id' }]);
    expect(s.dispatch).not.toHaveBeenCalled();
    expectRendered(err);
  });
});

// MigrationError: the code, l10n key, params and cause every engine failure carries.
import { MigrationError, isMigrationError } from '../errors';

describe('MigrationError', () => {
  it('carries code, message, the default key errors.<code>, empty params and a cause', () => {
    const cause = new Error('socket hang up');
    const e = new MigrationError('API_UNAVAILABLE', 'Rancher did not answer.', { cause });

    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('MigrationError');
    expect(e.message).toBe('Rancher did not answer.');
    expect(e.code).toBe('API_UNAVAILABLE');
    expect(e.messageKey).toBe('errors.API_UNAVAILABLE');
    expect(e.params).toEqual({});
    expect(e.cause).toBe(cause);
    expect(String(e)).toBe('MigrationError: Rancher did not answer.');
  });

  it('keeps a given key and params', () => {
    const e = new MigrationError('FORBIDDEN', 'No.', { key: 'errors.custom', params: { user: 'u' } });

    expect([e.messageKey, e.params]).toEqual(['errors.custom', { user: 'u' }]);
  });

  it('isMigrationError tells it from other errors', () => {
    expect(isMigrationError(new MigrationError('NOT_FOUND', 'x'))).toBe(true);
    expect(isMigrationError(Object.assign(new Error('x'), { code: 'NOT_FOUND' }))).toBe(false);
    expect(isMigrationError(undefined)).toBe(false);
  });
});

import { needsLegacyTabLocation } from '../tabLocations';

describe('needsLegacyTabLocation', () => {
  it.each([
    ['a 2.10 host without plugin.environment', undefined, true],
    ['a host whose version fetch failed', { version: '' }, true],
    ['Rancher v2.10.3', { version: 'v2.10.3' }, true],
    ['Rancher v2.11.3', { version: 'v2.11.3' }, true],
    ['Rancher v2.12.5', { version: 'v2.12.5' }, true],
    ['Rancher v2.12.6', { version: 'v2.12.6' }, false],
    ['Rancher v2.13.0', { version: 'v2.13.0' }, true],
    ['Rancher v2.13.1', { version: 'v2.13.1' }, true],
    ['Rancher v2.13.2', { version: 'v2.13.2' }, false],
    ['a release candidate of 2.13.2', { version: 'v2.13.2-rc3' }, false],
    ['Rancher v2.14.0', { version: 'v2.14.0' }, false],
    ['a development build', { version: 'dev' }, false],
  ])('%s → legacy location %s', (_name, env, expected) => {
    expect(needsLegacyTabLocation(env)).toBe(expected);
  });
});

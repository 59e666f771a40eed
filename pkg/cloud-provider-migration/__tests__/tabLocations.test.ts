import fc from 'fast-check';
import semver from 'semver';
import { coerceRelease, HostEnvironment, needsLegacyTabLocation } from '../tabLocations';

/** The gate as it was written with semver, before it moved out of the entry chunk's way: the reference. */
function bySemver(env: HostEnvironment | undefined): boolean {
  const raw = env?.version?.trim();

  if (!raw) {
    return true;
  }
  const v = semver.coerce(raw);

  if (!v) {
    return false;
  }

  if (semver.lt(v, '2.12.6')) {
    return true;
  }

  return semver.satisfies(v, '>=2.13.0 <2.13.2');
}

describe('needsLegacyTabLocation', () => {
  it.each([
    ['a 2.10 host without plugin.environment', undefined, true],
    ['a host whose version fetch failed', { version: '' }, true],
    ['a blank version', { version: '  ' }, true],
    ['Rancher v2.10.3', { version: 'v2.10.3' }, true],
    ['Rancher v2.11.3', { version: 'v2.11.3' }, true],
    ['Rancher v2.12.5', { version: 'v2.12.5' }, true],
    ['Rancher v2.12.6', { version: 'v2.12.6' }, false],
    ['Rancher v2.13.0', { version: 'v2.13.0' }, true],
    ['Rancher v2.13.1', { version: 'v2.13.1' }, true],
    ['Rancher v2.13.2', { version: 'v2.13.2' }, false],
    ['a release candidate of 2.13.2', { version: 'v2.13.2-rc3' }, false],
    ['a release candidate of 2.13.1', { version: 'v2.13.1-rc1' }, true],
    ['Rancher v2.14.0', { version: 'v2.14.0' }, false],
    ['Rancher 3.0.0', { version: '3.0.0' }, false],
    ['a version without its patch', { version: 'v2.12' }, true],
    ['a version with a leading zero', { version: 'v2.012.6' }, false],
    ['a development build', { version: 'dev' }, false],
  ])('%s → legacy location %s', (_name, env, expected) => {
    expect(needsLegacyTabLocation(env)).toBe(expected);
  });
});

describe('the gate reads versions as semver did', () => {
  const digits = fc.oneof(
    fc.integer({ min: 0, max: 20 }).map(String),
    fc.constantFrom('00', '01', '012', '9007199254740991', '9007199254740992', '9999999999999999', '12345678901234567'),
  );
  const versionLike = fc.tuple(
    fc.constantFrom('', 'v', 'V', ' v', 'rancher-', '=', 'x'),
    fc.array(digits, { minLength: 1, maxLength: 4 }),
    fc.constantFrom('', '-rc1', '-alpha.2', '+build.7', '-rc1+b', 'x', '.', '..3', ' ', '-9'),
  ).map(([prefix, parts, suffix]) => `${ prefix }${ parts.join('.') }${ suffix }`);
  const anyText = fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '6', '9', '.', 'v', '-', '+', 'a', ' ') });

  it('the same release as semver.coerce', () => {
    fc.assert(fc.property(fc.oneof(versionLike, anyText), (text) => {
      const v = semver.coerce(text);

      expect(coerceRelease(text)).toEqual(v ? [v.major, v.minor, v.patch] : null);
    }), { numRuns: 5000 });
  });

  it('the same location as the semver gate', () => {
    const releases = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 8 }))
      .map(([a, b, c]) => `v${ a }.${ b }.${ c }`);

    fc.assert(fc.property(fc.oneof(versionLike, anyText, releases), (version) => {
      expect(needsLegacyTabLocation({ version })).toBe(bySemver({ version }));
    }), { numRuns: 5000 });
  });
});

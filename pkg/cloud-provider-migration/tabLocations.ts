/**
 * Which tab locations to register on the running Rancher.
 *
 * `TabLocation.RESOURCE_DETAIL_PAGE` exists on Rancher 2.12.6+, 2.13.2+ and 2.14+. Older hosts only know
 * the legacy `RESOURCE_DETAIL`; on newer hosts a legacy tab also leaks into the "Show configuration" drawer
 * (rancher/dashboard#16179), so the legacy location is registered only where the new one is missing:
 * versions older than 2.12.6, 2.13.0–2.13.1, or hosts that do not tell their version (Rancher 2.10 has no
 * `plugin.environment`). A non-semver version such as `dev` or `head` is a development build of a current
 * Rancher: new location only.
 *
 * This runs in the package's entry chunk, which every dashboard load fetches, so it reads the version by
 * itself instead of importing `semver` (with the Node polyfills it pulls in, that was most of the entry).
 * It gives what `semver.coerce` and `semver.lt` / `semver.satisfies` gave: the first run of up to three
 * dot-separated numbers (at most 16 digits each, not part of a longer number), missing parts 0, a prerelease
 * or build suffix ignored; a part with a leading zero or above 2^53 - 1 makes the version unreadable.
 * __tests__/tabLocations.test.ts compares the two over generated versions.
 */

export interface HostEnvironment {
  version?: string;
}

type Release = [number, number, number];

const COERCE = /(^|[^\d])(\d{1,16})(?:\.(\d{1,16}))?(?:\.(\d{1,16}))?(?:$|[^\d])/;
const NUMERIC = /^(0|[1-9]\d*)$/;

/** major.minor.patch of the first version in the text, or null when there is none semver would accept. */
export function coerceRelease(text: string): Release | null {
  const m = text.match(COERCE);

  if (!m) {
    return null;
  }
  const parts = [m[2], m[3] || '0', m[4] || '0'];

  if (!parts.every((p) => NUMERIC.test(p))) {
    return null;
  }
  const release = parts.map(Number) as Release;

  return release.every((n) => n <= Number.MAX_SAFE_INTEGER) ? release : null;
}

function below(v: Release, than: Release): boolean {
  for (let i = 0; i < 3; i++) {
    if (v[i] !== than[i]) {
      return v[i] < than[i];
    }
  }

  return false;
}

export function needsLegacyTabLocation(env: HostEnvironment | undefined): boolean {
  const raw = env?.version?.trim();

  if (!raw) {
    return true;
  }
  const v = coerceRelease(raw);

  if (!v) {
    return false;
  }

  if (below(v, [2, 12, 6])) {
    return true;
  }

  return !below(v, [2, 13, 0]) && below(v, [2, 13, 2]);
}

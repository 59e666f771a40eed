/**
 * Which tab locations to register on the running Rancher.
 *
 * `TabLocation.RESOURCE_DETAIL_PAGE` exists on Rancher 2.12.6+, 2.13.2+ and 2.14+. Older hosts only know
 * the legacy `RESOURCE_DETAIL`; on newer hosts a legacy tab also leaks into the "Show configuration" drawer
 * (rancher/dashboard#16179), so the legacy location is registered only where the new one is missing:
 * versions older than 2.12.6, 2.13.0–2.13.1, or hosts that do not tell their version (Rancher 2.10 has no
 * `plugin.environment`). A non-semver version such as `dev` or `head` is a development build of a current
 * Rancher: new location only.
 */
import semver from 'semver';

export interface HostEnvironment {
  version?: string;
}

export function needsLegacyTabLocation(env: HostEnvironment | undefined): boolean {
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

import semver from 'semver';
import { MigrationError } from '../errors';
import type { Distro } from '../types';

/** `v1.27.16+rke2r1` or `v1.27.16-rancher1-1` → the parsed semver, or null. */
export function parseKubernetesVersion(version: string): semver.SemVer | null {
  return typeof version === 'string' ? semver.parse(version.trim()) : null;
}

/** `v1.27.16+rke2r1` → `1.27`; null when the version does not parse. */
export function kubernetesMinor(version: string): string | null {
  const v = parseKubernetesVersion(version);

  return v ? `${ v.major }.${ v.minor }` : null;
}

/** True when the version is at least the given `major.minor` (patch and suffix ignored). */
export function atLeastMinor(version: string, major: number, minor: number): boolean {
  const v = parseKubernetesVersion(version);

  return !!v && (v.major > major || (v.major === major && v.minor >= minor));
}

/** The distro's release number after the Kubernetes version: `+rke2r2` → [2], `-rancher1-3` → [1, 3], else []. */
function distroRelease(version: string): number[] {
  const m = /\+rke2r(\d+)$/.exec(version) || /-rancher(\d+)(?:-(\d+))?$/.exec(version);

  return m ? m.slice(1).map((n) => Number(n || 0)) : [];
}

/**
 * Orders two Kubernetes versions of a distro: by major, minor and patch, then by the distro's release number
 * (`v1.27.16+rke2r2` is newer than `+rke2r1`, `-rancher1-10` newer than `-rancher1-2`; semver alone ignores build
 * metadata and compares pre-release parts as text). Negative when `a` is older; versions that do not parse sort first.
 */
export function compareKubernetesVersions(a: string, b: string): number {
  const va = parseKubernetesVersion(a);
  const vb = parseKubernetesVersion(b);

  if (!va || !vb) {
    return Number(!!va) - Number(!!vb);
  }
  const pa = [va.major, va.minor, va.patch, ...distroRelease(a.trim())];
  const pb = [vb.major, vb.minor, vb.patch, ...distroRelease(b.trim())];

  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);

    if (d) {
      return d;
    }
  }

  return 0;
}

function distroSuffixMatches(distro: Distro, version: string): boolean {
  return distro === 'rke2' ? /\+rke2r\d+$/.test(version) : /-rancher\d+(-\d+)?$/.test(version);
}

/**
 * Checks a requested target version against the current one: it must be a version of the same distro,
 * not lower than the current one, and at most one minor ahead. Throws INVALID_TARGET_VERSION otherwise (one key per
 * reason), INVALID_CLUSTER_VERSION when the current version itself does not parse.
 */
export function validateTargetVersion(distro: Distro, current: string, target: string): void {
  const from = parseKubernetesVersion(current);
  const to = parseKubernetesVersion(target);
  const params = { current, target };

  if (!to || !distroSuffixMatches(distro, target.trim())) {
    const example = distro === 'rke2' ? 'v1.27.16+rke2r1' : 'v1.27.16-rancher1-1';

    throw new MigrationError('INVALID_TARGET_VERSION', `Target version "${ target }" is not a ${ distro.toUpperCase() } Kubernetes version; use the form ${ example }.`, { key: 'errors.targetVersionFormat', params: { ...params, example } });
  }
  if (!from) {
    throw new MigrationError('INVALID_CLUSTER_VERSION', `The cluster's Kubernetes version "${ current }" does not parse; check spec.kubernetesVersion.`, { params: { version: String(current ?? '') } });
  }
  if (semver.compare(to, from) < 0) {
    throw new MigrationError('INVALID_TARGET_VERSION', `Target version ${ target } is lower than the current version ${ current }; downgrades are not supported.`, { key: 'errors.targetVersionDowngrade', params });
  }
  if (to.major !== from.major || to.minor > from.minor + 1) {
    throw new MigrationError('INVALID_TARGET_VERSION', `Target version ${ target } is more than one minor ahead of ${ current }; upgrade one minor at a time.`, { key: 'errors.targetVersionTooFar', params });
  }
}

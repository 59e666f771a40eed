/**
 * The target Kubernetes versions the tab offers: the versions this Rancher offers for the cluster's distro
 * (docs/rancher-behaviour.md#offered-versions) that the plan would accept as a target.
 */
import type { Distro } from '../types';
import { compareKubernetesVersions, validateTargetVersion } from '../cluster/kubernetesVersion';
import { ccmReleaseFor } from '../ccm/ccmReleases';

/**
 * The versions in Rancher's answer: for RKE2 the KDM release collection (`data[]`, each release's `version`, only
 * releases that carry `serverArgs`, as the dashboard keeps them), for RKE1 the `k8s-versions-current` setting (its
 * `value`, versions separated by commas). Undefined when the answer is not of that shape (an older Rancher answers
 * its UI page instead of the list).
 */
export function offeredKubernetesVersions(distro: Distro, answer: unknown): string[] | undefined {
  const a = answer as Record<string, any> | null | undefined;

  if (distro === 'rke1') {
    return typeof a?.value === 'string' ? a.value.split(',').map((v: string) => v.trim()).filter((v: string) => v) : undefined;
  }
  if (!Array.isArray(a?.data)) {
    return undefined;
  }

  return a.data
    .filter((r: any) => r && typeof r === 'object' && r.serverArgs && typeof r.serverArgs === 'object')
    .map((r: any) => r.version ?? r.id)
    .filter((v: unknown): v is string => typeof v === 'string' && !!v.trim())
    .map((v: string) => v.trim());
}

/** True when planMigration takes `target` as the target version (validateTargetVersion, a CCM release for its minor). */
function acceptedTarget(distro: Distro, current: string, target: string): boolean {
  try {
    validateTargetVersion(distro, current, target);
    ccmReleaseFor(target);

    return true;
  } catch {
    return false;
  }
}

/**
 * The target versions to choose from, newest first: each offered version once, newer than the current one (the
 * distro's release number counts: `+rke2r2` is newer than `+rke2r1`) and accepted by the plan (same distro, the same
 * minor or the next one, a known CCM release). Keeping the current version is not in the list: it is no version change.
 */
export function targetVersionChoices(distro: Distro, current: string, offered: readonly string[]): string[] {
  const unique = [...new Set(offered.map((v) => v.trim()))];

  return unique
    .filter((v) => acceptedTarget(distro, current, v) && compareKubernetesVersions(v, current) > 0)
    .sort((a, b) => compareKubernetesVersions(b, a));
}

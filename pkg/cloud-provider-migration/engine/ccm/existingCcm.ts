import type { DaemonSetLike, ExistingCcm } from '../types';
import type { PlanContext } from '../planning/planContext';
import { CCM_CHART_NAME, CCM_NAMESPACE } from './ccmValues';

/**
 * A CCM already running in the downstream cluster, read from its DaemonSet: Helm writes the release name and
 * namespace on every object it installs (a Rancher app, helm-controller or the helm CLI); anything else was applied
 * by hand or by an operator (docs/rancher-behaviour.md#ccm-existing-install).
 */
export function existingCcmOf(daemonSet: DaemonSetLike | null | undefined): ExistingCcm | null {
  if (!daemonSet) {
    return null;
  }
  const meta = daemonSet.metadata as DaemonSetLike['metadata'] & { labels?: Record<string, string>; annotations?: Record<string, string> };
  const annotations = meta.annotations || {};
  const release = annotations['meta.helm.sh/release-name'];
  const container = daemonSet.spec?.template?.spec?.containers?.[0];
  const out: ExistingCcm = { managedBy: release || meta.labels?.['app.kubernetes.io/managed-by'] === 'Helm' ? 'helm' : 'other' };

  if (release) {
    out.release = release;
    out.releaseNamespace = annotations['meta.helm.sh/release-namespace'] || meta.namespace || CCM_NAMESPACE;
  }
  if (typeof container?.image === 'string') {
    out.image = container.image;
  }
  if (Array.isArray(container?.args)) {
    out.args = container.args.map(String);
  }

  return out;
}

/** True when the CCM found is the Helm release the plan itself installs (kube-system/aws-cloud-controller-manager). */
export function isPlannedRelease(ccm: ExistingCcm): boolean {
  return ccm.managedBy === 'helm' && ccm.release === CCM_CHART_NAME && ccm.releaseNamespace === CCM_NAMESPACE;
}

export type ExistingCcmVerdict = 'none' | 'unknown' | 'ours' | 'upgrade' | 'foreign';

/**
 * What the CCM found means for the plan. RKE2: the HelmChart of the additional manifest installs the release
 * kube-system/aws-cloud-controller-manager, so that release is ours when the manifest has the HelmChart, and a
 * foreign CCM otherwise (the plan would take it over or run a second one). RKE1: the plan installs that same release
 * with Helm, so finding it means the install upgrades it; any other CCM would run beside the plan's.
 */
export function existingCcmVerdict(ctx: PlanContext): ExistingCcmVerdict {
  const ccm = ctx.existingCcm;

  if (ccm === undefined) {
    return 'unknown';
  }
  if (ccm === null) {
    return 'none';
  }
  if (!isPlannedRelease(ccm)) {
    return 'foreign';
  }
  if (ctx.distro === 'rke2') {
    return ctx.detection.ccmManifestPresent ? 'ours' : 'foreign';
  }

  return 'upgrade';
}

/** Message params that name the CCM found. */
export function existingCcmParams(ccm: ExistingCcm): Record<string, string> {
  return {
    owner: ccm.release ? `${ ccm.releaseNamespace }/${ ccm.release }` : '-',
    image: ccm.image || '-',
  };
}

import type { Distro } from '../types';
import type { CcmRelease } from './ccmReleases';
import { splitArg } from '../rke2/componentArgs';
import { controlPlaneLabel } from '../checks/controlPlaneNode';

/** The Helm values of the AWS cloud controller manager the engine installs (docs/rancher-behaviour.md#ccm-chart-values). */

export const CCM_CHART_NAME = 'aws-cloud-controller-manager';
export const CCM_NAMESPACE = 'kube-system';
export const CCM_DEFAULT_REPO = 'https://kubernetes.github.io/cloud-provider-aws';
export const CCM_IMAGE_PATH = 'provider-aws/cloud-controller-manager';
export const CCM_LEADER_MIGRATION_ARG = '--enable-leader-migration=true';

/** The control-plane node label (and node selector) of each distro. */
export const CONTROL_PLANE_LABEL: Record<Distro, string> = {
  rke2: controlPlaneLabel('rke2').key,
  rke1: controlPlaneLabel('rke1').key,
};

export interface CcmSettings {
  distro: Distro;
  release: CcmRelease;
  /** Registry host (and path) the image is pulled from; chart default registry.k8s.io when absent. */
  registry?: string;
  leaderMigration: boolean;
}

const UNINITIALIZED_TOLERATION = { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' };
const MASTER_TOLERATION = { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' };

/**
 * Tolerations replace the chart's list (Helm replaces lists), so they must cover every taint a control-plane node
 * can carry: RKE2 taints control-plane/etcd nodes with EMPTY values (so `operator: Exists`), RKE1 with `true`.
 */
export function ccmTolerations(distro: Distro): Record<string, string>[] {
  if (distro === 'rke2') {
    return [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' },
      UNINITIALIZED_TOLERATION,
      MASTER_TOLERATION,
    ];
  }

  return [
    { key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' },
    { key: 'node-role.kubernetes.io/etcd', value: 'true', effect: 'NoExecute' },
    UNINITIALIZED_TOLERATION,
    MASTER_TOLERATION,
  ];
}

/**
 * RKE2 selects `control-plane: "true"`. RKE1 nodes carry `controlplane`, and the chart default key
 * `control-plane: ""` must be deleted with `null` because Helm merges maps (docs/rancher-behaviour.md#ccm-chart-values).
 */
export function ccmNodeSelector(distro: Distro): Record<string, string | null> {
  if (distro === 'rke2') {
    return { [CONTROL_PLANE_LABEL.rke2]: 'true' };
  }

  return { [CONTROL_PLANE_LABEL.rke1]: 'true', [CONTROL_PLANE_LABEL.rke2]: null };
}

const MANAGED_ARGS = ['configure-cloud-routes', 'v', 'cloud-provider', 'enable-leader-migration'];

/**
 * The CCM container args: the required ones first (an existing `--v=` level is kept), then every other arg the
 * user added, in their order, then the leader-migration flag when wanted.
 */
export function ccmArgs(existing: readonly string[] | undefined, leaderMigration: boolean): string[] {
  const list = (existing || []).map(String);
  const verbosity = list.map(splitArg).filter((a) => a.name === 'v' && a.value).map((a) => a.value).pop() || '2';
  const others = list.filter((a) => !MANAGED_ARGS.includes(splitArg(a).name));

  return [
    '--configure-cloud-routes=false',
    `--v=${ verbosity }`,
    '--cloud-provider=aws',
    ...others,
    ...(leaderMigration ? [CCM_LEADER_MIGRATION_ARG] : []),
  ];
}

export function ccmImage(settings: CcmSettings): Record<string, string> {
  const image: Record<string, string> = {};

  if (settings.registry) {
    image.repository = `${ settings.registry.replace(/\/+$/, '') }/${ CCM_IMAGE_PATH }`;
  }
  image.tag = settings.release.imageTag;

  return image;
}

/** The full values the engine writes for a fresh install. */
export function ccmValues(settings: CcmSettings): Record<string, unknown> {
  return {
    hostNetworking: true,
    image:          ccmImage(settings),
    nodeSelector:   ccmNodeSelector(settings.distro),
    tolerations:    ccmTolerations(settings.distro),
    args:           ccmArgs(undefined, settings.leaderMigration),
  };
}

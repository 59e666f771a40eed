import type { Message } from '../types';
import type { PlanContext } from './planContext';
import type { CcmRelease } from '../ccm/ccmReleases';
import {
  SHARED_STEPS, cordonLayoutWarnings, existingCcmWarnings, leaderMigrationWarnings, type StepDef,
} from './planSteps';
import type { CcmHelmChartTarget } from '../rke2/additionalManifest';
import { configSources } from '../rke2/effectiveConfig';
import { downtimeSteps, leaderMigrationSteps } from './stepLists';
import {
  withCcmHelmChart, withKcmLeaderMigration, withRke2KubernetesVersion, withRke2Switch,
} from '../rke2/rke2Edits';

/** The CCM HelmChart the RKE2 plan writes, with or without `--enable-leader-migration=true`. */
export function rke2ChartTarget(ctx: PlanContext, leaderMigration: boolean, release: CcmRelease = ctx.release): CcmHelmChartTarget {
  return { distro: 'rke2', release, registry: ctx.registry, leaderMigration, repo: ctx.repo };
}

/** RKE2 `cloud-provider-config` anywhere: in-tree settings the CCM does not read. */
export function rke2CloudConfigPaths(rkeConfig: Record<string, any> | undefined): string[] {
  return configSources(rkeConfig).filter((s) => s.config['cloud-provider-config'] !== undefined).map((s) => `${ s.path }.cloud-provider-config`);
}

function switchWarnings(ctx: PlanContext, withVersion: boolean): Message[] {
  const rkeConfig = ctx.obj.spec?.rkeConfig;
  const warnings: Message[] = [];

  rke2CloudConfigPaths(rkeConfig).forEach((path) => warnings.push({ key: 'steps.warnings.cloudConfig', params: { field: path } }));
  if (ctx.rke2Mode === 'external' && ctx.detection.effectiveProvider !== 'external') {
    warnings.push({ key: 'steps.warnings.externalNodeNames' });
  }
  if (ctx.detection.ambiguousSelectors.length) {
    warnings.push({ key: 'steps.warnings.ambiguousSelectors', params: { entries: ctx.detection.ambiguousSelectors.join(', ') } });
  }
  if (withVersion && ctx.upgrading) {
    warnings.push({ key: 'steps.warnings.kubernetesUpgrade', params: { from: ctx.currentVersion, to: ctx.finalVersion } });
  }
  if (ctx.strategy === 'downtime') {
    warnings.push({ key: 'steps.warnings.downtimeGap' });
  }
  if (ctx.drainsControlPlane) {
    warnings.push({ key: 'steps.warnings.rke2DrainOnSwitch' });
  }

  return warnings;
}

/**
 * The Kubernetes upgrade as a step of its own, after the control plane is uncordoned: RKE2's own bootstrap charts
 * (the CNI among them) install through Jobs pinned to control-plane nodes, which wait while those are cordoned
 * (docs/rancher-behaviour.md#rke2-bootstrap-charts).
 */
function versionSteps(ctx: PlanContext): StepDef[] {
  const version = ctx.targetVersion;

  if (!version) {
    return [];
  }

  return [
    {
      id:          'upgrade-kubernetes',
      action:      'update-cluster',
      description: { key: 'steps.upgrade-kubernetes.description', params: { to: version } },
      apply:       (o) => withRke2KubernetesVersion(o, version),
    },
    SHARED_STEPS.waitUpgrade,
  ];
}

/**
 * The CCM follows the Kubernetes minor once the apiservers run it (never before: a cloud controller manager must
 * not be newer than the apiservers, docs/rancher-behaviour.md#version-skew). Chart version and image only; a
 * manifest-only change restarts no node.
 */
function ccmUpgradeSteps(ctx: PlanContext): StepDef[] {
  if (!ctx.ccmUpgrade) {
    return [];
  }
  const release = ctx.finalRelease;

  return [
    {
      id:          'upgrade-ccm',
      action:      'update-cluster',
      description: { key: 'steps.upgrade-ccm.description.rke2', params: { chartVersion: release.chartVersion, imageTag: release.imageTag } },
      apply:       (o) => withCcmHelmChart(o, { ...rke2ChartTarget(ctx, false, release), only: 'image' }),
    },
    SHARED_STEPS.waitCcmUpgrade,
  ];
}

const uncordonStep: StepDef = { id: 'uncordon-control-plane', action: 'uncordon', description: { key: 'steps.uncordon-control-plane.description.rke2' } };

/**
 * RKE2 steps. Deliberate deviation from the Rancher doc order: the CCM is deployed BEFORE the control plane is
 * cordoned. With `bootstrap: true` the helm-controller install Job is pinned to control-plane nodes and does not
 * tolerate `node.kubernetes.io/unschedulable` (docs/rancher-behaviour.md#helm-controller), and DaemonSet pods
 * tolerate cordons anyway, so the doc's cordon-first order leaves the install Job Pending; leader migration keeps
 * the controllers from running twice.
 */
export function rke2StepDefs(ctx: PlanContext): StepDef[] {
  const mode = { mode: ctx.rke2Mode };
  // Every machine already runs out of tree (a switch left to finish only removes leftovers such as AWS gates): the
  // steps before the switch are behind it, and deploying the CCM again with leader migration makes no sense.
  const switched = !!ctx.model.rke2?.switchComplete;

  if (ctx.status === 'migrated' && ctx.targetVersion) {
    // Already out of tree: the version change and the CCM that follows it, nothing else. The provider IDs are
    // checked first, and a control plane still cordoned from the migration is uncordoned before the version moves.
    return [SHARED_STEPS.verifyProviderIds, uncordonStep, ...versionSteps(ctx), ...ccmUpgradeSteps(ctx), ...cleanupSteps(ctx)];
  }
  if (ctx.strategy === 'downtime') {
    const downtimeSwitch = (o: Record<string, any>) => withRke2Switch(o, { mode: ctx.rke2Mode, kubernetesVersion: ctx.targetVersion });

    return downtimeSteps({
      switchStep: {
        id:          'switch-to-external',
        action:      'update-cluster',
        description: { key: 'steps.switch-to-external.description.rke2Downtime', params: mode },
        warnings:    [...switchWarnings(ctx, true), ...existingCcmWarnings(ctx)],
        apply:       (o) => withCcmHelmChart(downtimeSwitch(o), rke2ChartTarget(ctx, false)),
        // Switched, with a CCM and at the final version: the CCM image then follows in upgrade-ccm, so the switch
        // does not count itself undone because the image is of the previous minor.
        doneWhen:    () => ctx.detection.ccmManifestPresent && !ctx.upgrading && switched,
      },
      after: ccmUpgradeSteps(ctx),
    });
  }

  return leaderMigrationSteps({
    enable: {
      id:          'enable-leader-migration',
      action:      'update-cluster',
      description: { key: 'steps.enable-leader-migration.description.rke2' },
      warnings:    leaderMigrationWarnings(ctx),
      apply:       withKcmLeaderMigration,
      doneWhen:    (selfDone) => selfDone('switch-to-external') || switched,
    },
    deployCcm: {
      id:          'deploy-ccm',
      action:      'update-cluster',
      description: { key: 'steps.deploy-ccm.description', params: { chartVersion: ctx.release.chartVersion, imageTag: ctx.release.imageTag } },
      warnings:    existingCcmWarnings(ctx),
      apply:       (o) => withCcmHelmChart(o, rke2ChartTarget(ctx, true)),
      // Once switched with a CCM HelmChart in place, deploying it again with leader migration makes no sense;
      // what is left to change in the HelmChart is the upgrade's and the (optional) cleanup step's business.
      doneWhen:    (selfDone) => (selfDone('switch-to-external') || switched) && ctx.detection.ccmManifestPresent,
    },
    cordon: {
      id:          'cordon-control-plane',
      action:      'cordon',
      description: { key: 'steps.cordon-control-plane.description.rke2' },
      // Rancher uncordons what it drains, whoever cordoned it; without drain it never touches a cordon.
      warnings:    [{ key: ctx.drainsControlPlane ? 'steps.warnings.rke2DrainUncordons' : 'steps.warnings.rke2NoUncordon' }, ...cordonLayoutWarnings(ctx)],
    },
    switchStep: {
      id:          'switch-to-external',
      action:      'update-cluster',
      description: { key: 'steps.switch-to-external.description.rke2', params: mode },
      warnings:    switchWarnings(ctx, false),
      apply:       (o) => withRke2Switch(o, { mode: ctx.rke2Mode }),
    },
    uncordon:      uncordonStep,
    // The version change after the uncordon: RKE2's bootstrap chart Jobs wait while the control plane is cordoned.
    afterUncordon: [...versionSteps(ctx), ...ccmUpgradeSteps(ctx), ...cleanupSteps(ctx)],
  });
}

/** The optional tail: leader migration off on the CCM (done where the CCM never had it). */
function cleanupSteps(ctx: PlanContext): StepDef[] {
  return [
    {
      id:          'cleanup-ccm-leader-migration',
      action:      'update-cluster',
      optional:    true,
      description: { key: 'steps.cleanup-ccm-leader-migration.description.rke2' },
      apply:       (o) => withCcmHelmChart(o, { ...rke2ChartTarget(ctx, false, ctx.finalRelease), only: 'args' }),
    },
    SHARED_STEPS.waitCleanupRollout,
  ];
}

import type { Message } from './types';
import type { PlanContext } from './planContext';
import { SHARED_STEPS, type StepDef } from './planSteps';
import type { CcmHelmChartTarget } from './additionalManifest';
import { configSources } from './effectiveConfig';
import { withCcmHelmChart, withKcmLeaderMigration, withRke2Switch } from './rke2Edits';

/** The CCM HelmChart the RKE2 plan writes, with or without `--enable-leader-migration=true`. */
export function rke2ChartTarget(ctx: PlanContext, leaderMigration: boolean): CcmHelmChartTarget {
  return { distro: 'rke2', release: ctx.release, registry: ctx.registry, leaderMigration, repo: ctx.repo };
}

/** RKE2 `cloud-provider-config` anywhere: in-tree settings the CCM does not read (pitfall 18). */
export function rke2CloudConfigPaths(rkeConfig: Record<string, any> | undefined): string[] {
  return configSources(rkeConfig).filter((s) => s.config['cloud-provider-config'] !== undefined).map((s) => `${ s.path }.cloud-provider-config`);
}

function switchWarnings(ctx: PlanContext): Message[] {
  const rkeConfig = ctx.obj.spec?.rkeConfig;
  const warnings: Message[] = [];

  rke2CloudConfigPaths(rkeConfig).forEach((path) => warnings.push({ key: 'steps.warnings.cloudConfig', params: { field: path } }));
  if (ctx.rke2Mode === 'external' && ctx.detection.effectiveProvider !== 'external') {
    warnings.push({ key: 'steps.warnings.externalNodeNames' });
  }
  if (ctx.detection.ambiguousSelectors.length) {
    warnings.push({ key: 'steps.warnings.ambiguousSelectors', params: { entries: ctx.detection.ambiguousSelectors.join(', ') } });
  }
  if (ctx.targetVersion) {
    warnings.push({ key: 'steps.warnings.kubernetesUpgrade', params: { from: ctx.currentVersion, to: ctx.targetVersion } });
  }
  if (ctx.strategy === 'downtime') {
    warnings.push({ key: 'steps.warnings.downtimeGap' });
  }

  return warnings;
}

/**
 * RKE2 steps. Deliberate deviation from the Rancher doc order: the CCM is deployed BEFORE the control plane is
 * cordoned. With `bootstrap: true` the helm-controller install Job is pinned to control-plane nodes and does not
 * tolerate `node.kubernetes.io/unschedulable` (pitfall 14), and DaemonSet pods tolerate cordons anyway, so the
 * doc's cordon-first order leaves the install Job Pending; leader migration keeps the controllers from running twice.
 */
export function rke2StepDefs(ctx: PlanContext): StepDef[] {
  const switchEdit = (o: Record<string, any>) => withRke2Switch(o, { mode: ctx.rke2Mode, kubernetesVersion: ctx.targetVersion });
  const mode = { mode: ctx.rke2Mode };

  if (ctx.strategy === 'downtime') {
    return [
      {
        id:          'switch-to-external',
        action:      'update-cluster',
        description: { key: 'steps.switch-to-external.description.rke2Downtime', params: mode },
        warnings:    switchWarnings(ctx),
        apply:       (o) => withCcmHelmChart(switchEdit(o), rke2ChartTarget(ctx, false)),
      },
      SHARED_STEPS.waitSwitch,
      SHARED_STEPS.waitCcmRollout,
      SHARED_STEPS.verifyProviderIds,
    ];
  }

  return [
    {
      id:          'enable-leader-migration',
      action:      'update-cluster',
      description: { key: 'steps.enable-leader-migration.description.rke2' },
      apply:       withKcmLeaderMigration,
      doneWhen:    (selfDone) => selfDone('switch-to-external'),
    },
    SHARED_STEPS.waitLeaderMigration,
    {
      id:          'deploy-ccm',
      action:      'update-cluster',
      description: { key: 'steps.deploy-ccm.description', params: { chartVersion: ctx.release.chartVersion, imageTag: ctx.release.imageTag } },
      apply:       (o) => withCcmHelmChart(o, rke2ChartTarget(ctx, true)),
      // Once switched with a CCM HelmChart in place, deploying it again with leader migration makes no sense;
      // what is left to change in the HelmChart is the (optional) cleanup step's business.
      doneWhen:    (selfDone) => selfDone('switch-to-external') && ctx.detection.ccmManifestPresent,
    },
    SHARED_STEPS.waitCcmRollout,
    {
      id:          'cordon-control-plane',
      action:      'cordon',
      description: { key: 'steps.cordon-control-plane.description.rke2' },
      warnings:    [{ key: 'steps.warnings.rke2NoUncordon' }],
    },
    {
      id:          'switch-to-external',
      action:      'update-cluster',
      description: { key: 'steps.switch-to-external.description.rke2', params: mode },
      warnings:    switchWarnings(ctx),
      apply:       switchEdit,
    },
    SHARED_STEPS.waitSwitch,
    SHARED_STEPS.verifyProviderIds,
    SHARED_STEPS.verifyMigrationLease,
    { id: 'uncordon-control-plane', action: 'uncordon', description: { key: 'steps.uncordon-control-plane.description.rke2' } },
    {
      id:          'cleanup-ccm-leader-migration',
      action:      'update-cluster',
      optional:    true,
      description: { key: 'steps.cleanup-ccm-leader-migration.description.rke2' },
      apply:       (o) => withCcmHelmChart(o, { ...rke2ChartTarget(ctx, false), argsOnly: true }),
    },
    SHARED_STEPS.waitCleanupRollout,
  ];
}

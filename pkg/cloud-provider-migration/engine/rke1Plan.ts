import type { ChartSpec, Message } from './types';
import type { PlanContext } from './planContext';
import { SHARED_STEPS, type StepDef } from './planSteps';
import { CCM_CHART_NAME, CCM_NAMESPACE, ccmValues } from './ccmValues';
import { withRke1KcmLeaderMigration, withRke1Switch } from './rke1Edits';

/** The Helm chart the RKE1 plan installs in the downstream cluster. */
export function rke1Chart(ctx: PlanContext, leaderMigration: boolean): ChartSpec {
  return {
    repo:      ctx.repo,
    name:      CCM_CHART_NAME,
    version:   ctx.release.chartVersion,
    namespace: CCM_NAMESPACE,
    values:    ccmValues({ distro: 'rke1', release: ctx.release, registry: ctx.registry, leaderMigration }),
  };
}

/** True when `cloudProvider.awsCloudProvider` holds any setting (empty strings, false and {} do not count). */
export function hasInTreeAwsSettings(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some(hasInTreeAwsSettings);
  }
  if (value && typeof value === 'object') {
    return Object.values(value).some(hasInTreeAwsSettings);
  }

  return value !== undefined && value !== null && value !== '' && value !== false && value !== 0;
}

function switchWarnings(ctx: PlanContext): Message[] {
  const warnings: Message[] = [];

  if (hasInTreeAwsSettings(ctx.obj.rancherKubernetesEngineConfig?.cloudProvider?.awsCloudProvider)) {
    warnings.push({ key: 'steps.warnings.cloudConfig', params: { field: 'rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider' } });
  }
  if (!ctx.instanceMetadataHostname.chosen) {
    warnings.push({ key: 'steps.warnings.chooseHostname', params: { value: String(ctx.instanceMetadataHostname.value) } });
  }
  if (ctx.targetVersion) {
    warnings.push({ key: 'steps.warnings.kubernetesUpgrade', params: { from: ctx.currentVersion, to: ctx.targetVersion } });
  }
  if (ctx.strategy === 'downtime') {
    warnings.push({ key: 'steps.warnings.downtimeGap' });
  }

  return warnings;
}

/** RKE1 steps (Norman object edits, Helm install in the downstream cluster). CCM before cordon, as for RKE2. */
export function rke1StepDefs(ctx: PlanContext): StepDef[] {
  const switchEdit = (o: Record<string, any>) => withRke1Switch(o, { useInstanceMetadataHostname: ctx.instanceMetadataHostname.value, kubernetesVersion: ctx.targetVersion });
  const hostname = { useInstanceMetadataHostname: String(ctx.instanceMetadataHostname.value) };

  if (ctx.strategy === 'downtime') {
    return [
      {
        id:          'switch-to-external',
        action:      'update-cluster',
        description: { key: 'steps.switch-to-external.description.rke1Downtime', params: hostname },
        warnings:    switchWarnings(ctx),
        apply:       switchEdit,
      },
      SHARED_STEPS.waitSwitch,
      { id: 'install-ccm', action: 'install-chart', description: { key: 'steps.install-ccm.description.downtime' }, chart: rke1Chart(ctx, false) },
      SHARED_STEPS.waitCcmRollout,
      SHARED_STEPS.verifyProviderIds,
    ];
  }
  const withFlag = rke1Chart(ctx, true);

  return [
    {
      id:          'enable-leader-migration',
      action:      'update-cluster',
      description: { key: 'steps.enable-leader-migration.description.rke1' },
      apply:       withRke1KcmLeaderMigration,
      doneWhen:    (selfDone) => selfDone('switch-to-external'),
    },
    SHARED_STEPS.waitLeaderMigration,
    {
      id:          'install-ccm',
      action:      'install-chart',
      description: { key: 'steps.install-ccm.description.leaderMigration', params: { chartVersion: ctx.release.chartVersion, imageTag: ctx.release.imageTag } },
      chart:       withFlag,
      // Leader migration installs the chart before the switch, so a switched cluster has it.
      doneWhen:    (selfDone) => selfDone('switch-to-external'),
    },
    SHARED_STEPS.waitCcmRollout,
    {
      id:          'cordon-control-plane',
      action:      'cordon',
      description: { key: 'steps.cordon-control-plane.description.rke1' },
      warnings:    [{ key: 'steps.warnings.rke1CordonedWorkers' }],
    },
    {
      id:          'switch-to-external',
      action:      'update-cluster',
      description: { key: 'steps.switch-to-external.description.rke1', params: hostname },
      warnings:    switchWarnings(ctx),
      apply:       switchEdit,
    },
    SHARED_STEPS.waitSwitch,
    SHARED_STEPS.verifyProviderIds,
    SHARED_STEPS.verifyMigrationLease,
    { id: 'uncordon-control-plane', action: 'uncordon', description: { key: 'steps.uncordon-control-plane.description.rke1' } },
    {
      id:          'cleanup-ccm-leader-migration',
      action:      'install-chart',
      optional:    true,
      description: { key: 'steps.cleanup-ccm-leader-migration.description.rke1' },
      warnings:    [{ key: 'steps.warnings.rke1ChartArgsReplaced' }],
      chart:       rke1Chart(ctx, false),
      chartBefore: withFlag.values,
    },
    SHARED_STEPS.waitCleanupRollout,
  ];
}

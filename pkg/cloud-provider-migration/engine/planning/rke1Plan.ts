import type { ChartSpec, Message } from '../types';
import type { PlanContext } from './planContext';
import type { CcmRelease } from '../ccm/ccmReleases';
import {
  SHARED_STEPS, cordonLayoutWarnings, existingCcmWarnings, leaderMigrationWarnings, type StepDef,
} from './planSteps';
import { CCM_CHART_NAME, CCM_NAMESPACE, ccmValues } from '../ccm/ccmValues';
import { downtimeSteps, leaderMigrationSteps } from './stepLists';
import { withRke1KcmLeaderMigration, withRke1KubernetesVersion, withRke1Switch } from '../rke1/rke1Edits';

/** The Helm chart the RKE1 plan installs in the downstream cluster. */
export function rke1Chart(ctx: PlanContext, leaderMigration: boolean, release: CcmRelease = ctx.release): ChartSpec {
  return {
    repo:      ctx.repo,
    name:      CCM_CHART_NAME,
    version:   release.chartVersion,
    namespace: CCM_NAMESPACE,
    values:    ccmValues({ distro: 'rke1', release, registry: ctx.registry, leaderMigration }),
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

/**
 * The in-tree settings `awsCloudProvider` holds, as `section.key=value` (e.g. `global.vpc=vpc-0a1b`). The CCM reads
 * the same settings from its own cloud config (`[Global]` section), never from the cluster.
 */
export function inTreeAwsSettings(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    // Norman adds `type` (its schema link) to nested objects: not a setting.
    return Object.entries(value).filter(([k]) => k !== 'type').flatMap(([k, v]) => inTreeAwsSettings(v, prefix ? `${ prefix }.${ k }` : k));
  }

  return hasInTreeAwsSettings(value) ? [`${ prefix }=${ Array.isArray(value) ? value.join(',') : String(value) }`] : [];
}

export const AWS_CLOUD_PROVIDER_FIELD = 'rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider';

function switchWarnings(ctx: PlanContext): Message[] {
  const warnings: Message[] = [];
  const settings = inTreeAwsSettings(ctx.obj.rancherKubernetesEngineConfig?.cloudProvider?.awsCloudProvider);

  if (settings.length) {
    warnings.push({ key: 'steps.warnings.awsCloudProvider', params: { field: AWS_CLOUD_PROVIDER_FIELD, settings: settings.join(', ') } });
  }
  if (!ctx.instanceMetadataHostname.chosen) {
    warnings.push({ key: 'steps.warnings.chooseHostname', params: { value: String(ctx.instanceMetadataHostname.value) } });
  }
  if (ctx.upgrading) {
    warnings.push({ key: 'steps.warnings.kubernetesUpgrade', params: { from: ctx.currentVersion, to: ctx.finalVersion } });
  }
  if (ctx.strategy === 'downtime') {
    warnings.push({ key: 'steps.warnings.downtimeGap' });
  }

  return warnings;
}

/** The CCM release upgraded to the final Kubernetes minor after the version change (never before it). */
function ccmUpgradeSteps(ctx: PlanContext, leaderMigration: boolean, before: ChartSpec | undefined): StepDef[] {
  if (!ctx.ccmUpgrade) {
    return [];
  }
  const chart = rke1Chart(ctx, leaderMigration, ctx.finalRelease);

  return [
    {
      id:          'upgrade-ccm',
      action:      'install-chart',
      description: { key: 'steps.upgrade-ccm.description.rke1', params: { chartVersion: chart.version, imageTag: ctx.finalRelease.imageTag } },
      warnings:    [{ key: 'steps.warnings.rke1ChartArgsReplaced' }],
      chart,
      chartBefore: before?.values,
    },
    SHARED_STEPS.waitCcmUpgrade,
  ];
}

/** RKE1 steps (Norman object edits, Helm install in the downstream cluster). CCM before cordon, as for RKE2. */
export function rke1StepDefs(ctx: PlanContext): StepDef[] {
  // RKE uncordons every control-plane host it upgrades, so the version change can ride on the switch.
  const switchEdit = (o: Record<string, any>) => withRke1Switch(o, { useInstanceMetadataHostname: ctx.instanceMetadataHostname.value, kubernetesVersion: ctx.targetVersion });
  const hostname = { useInstanceMetadataHostname: String(ctx.instanceMetadataHostname.value) };
  const version = ctx.targetVersion;

  if (ctx.status === 'migrated' && version) {
    // Already out of tree: the provider IDs checked, the version change and the CCM that follows it, nothing else.
    return [
      SHARED_STEPS.verifyProviderIds,
      {
        id:          'upgrade-kubernetes',
        action:      'update-cluster',
        description: { key: 'steps.upgrade-kubernetes.description', params: { to: version } },
        apply:       (o) => withRke1KubernetesVersion(o, version),
      },
      SHARED_STEPS.waitUpgrade,
      ...ccmUpgradeSteps(ctx, false, undefined),
    ];
  }
  if (ctx.strategy === 'downtime') {
    // The chart is installed after the version change, so it already is the final minor's.
    return downtimeSteps({
      switchStep: {
        id:          'switch-to-external',
        action:      'update-cluster',
        description: { key: 'steps.switch-to-external.description.rke1Downtime', params: hostname },
        warnings:    switchWarnings(ctx),
        apply:       switchEdit,
      },
      installCcm: {
        id: 'install-ccm', action: 'install-chart', description: { key: 'steps.install-ccm.description.downtime' }, warnings: existingCcmWarnings(ctx), chart: rke1Chart(ctx, false, ctx.finalRelease),
      },
      after: [],
    });
  }
  const withFlag = rke1Chart(ctx, true);
  const upgrade = ccmUpgradeSteps(ctx, true, withFlag);
  const cleanupBefore = upgrade.length ? upgrade[0].chart! : withFlag;

  return leaderMigrationSteps({
    enable: {
      id:          'enable-leader-migration',
      action:      'update-cluster',
      description: { key: 'steps.enable-leader-migration.description.rke1' },
      warnings:    leaderMigrationWarnings(ctx),
      apply:       withRke1KcmLeaderMigration,
      doneWhen:    (selfDone) => selfDone('switch-to-external'),
    },
    deployCcm: {
      id:          'install-ccm',
      action:      'install-chart',
      description: { key: 'steps.install-ccm.description.leaderMigration', params: { chartVersion: ctx.release.chartVersion, imageTag: ctx.release.imageTag } },
      warnings:    existingCcmWarnings(ctx),
      chart:       withFlag,
      // Leader migration installs the chart before the switch, so a switched cluster has it.
      doneWhen:    (selfDone) => selfDone('switch-to-external'),
    },
    cordon: {
      id:          'cordon-control-plane',
      action:      'cordon',
      description: { key: 'steps.cordon-control-plane.description.rke1' },
      warnings:    [{ key: 'steps.warnings.rke1CordonedWorkers' }, ...cordonLayoutWarnings(ctx)],
    },
    switchStep: {
      id:          'switch-to-external',
      action:      'update-cluster',
      description: { key: 'steps.switch-to-external.description.rke1', params: hostname },
      warnings:    switchWarnings(ctx),
      apply:       switchEdit,
    },
    uncordon:      { id: 'uncordon-control-plane', action: 'uncordon', description: { key: 'steps.uncordon-control-plane.description.rke1' } },
    // The version change rode on the switch; the CCM follows it, then the optional cleanup.
    afterUncordon: [
      ...upgrade,
      {
        id:          'cleanup-ccm-leader-migration',
        action:      'install-chart',
        optional:    true,
        description: { key: 'steps.cleanup-ccm-leader-migration.description.rke1' },
        warnings:    [{ key: 'steps.warnings.rke1ChartArgsReplaced' }],
        chart:       rke1Chart(ctx, false, ctx.finalRelease),
        chartBefore: cleanupBefore.values,
      },
      SHARED_STEPS.waitCleanupRollout,
    ],
  });
}

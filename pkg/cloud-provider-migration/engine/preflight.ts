import type { MigrationStatus, PreflightCheck } from './types';
import type { PlanContext } from './planContext';
import { atLeastMinor } from './kubernetesVersion';
import { rke2CloudConfigPaths } from './rke2Plan';
import { hasInTreeAwsSettings } from './rke1Plan';
import { rke2EffectiveProviderNames, rke2SwitchComplete } from './rke2Edits';

/** True while some component still runs the in-tree `aws` provider. */
function inTreeStillConfigured(ctx: PlanContext): boolean {
  if (ctx.distro === 'rke1') {
    return ctx.detection.effectiveProvider === 'aws';
  }
  const rkeConfig = ctx.obj.spec?.rkeConfig;

  return rke2EffectiveProviderNames(rkeConfig).includes('aws') && !rke2SwitchComplete(rkeConfig);
}

/** Checks shown before the steps, from the object alone (the live checks are engine/checks). */
export function preflightChecks(ctx: PlanContext, status: MigrationStatus): PreflightCheck[] {
  const checks: PreflightCheck[] = [];
  const add = (id: string, severity: PreflightCheck['severity'], key: string, params?: Record<string, string | number>) => checks.push({ id, severity, message: { key: `preflight.${ key }`, params } });

  if (status === 'migrated') {
    add('migrated', 'ok', 'migrated');
  }
  if (inTreeStillConfigured(ctx) && atLeastMinor(ctx.currentVersion, 1, 27)) {
    add('in-tree-removed', 'blocker', 'inTreeRemoved', { version: ctx.currentVersion });
  }
  const cloudConfig = ctx.distro === 'rke2' ? rke2CloudConfigPaths(ctx.obj.spec?.rkeConfig) : (hasInTreeAwsSettings(ctx.obj.rancherKubernetesEngineConfig?.cloudProvider?.awsCloudProvider) ? ['rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider'] : []);

  cloudConfig.forEach((field) => add('cloud-config', 'warning', 'cloudConfig', { field }));
  if (ctx.detection.ambiguousSelectors.length) {
    add('ambiguous-selectors', 'warning', 'ambiguousSelectors', { entries: ctx.detection.ambiguousSelectors.join(', ') });
  }
  if (ctx.distro === 'rke2' && ctx.rke2Mode === 'external' && ctx.detection.effectiveProvider !== 'external') {
    add('external-node-names', 'warning', 'externalNodeNames');
  }
  if (ctx.distro === 'rke1' && !ctx.instanceMetadataHostname.chosen) {
    add('choose-hostname', 'blocker', 'chooseHostname', { provisioning: ctx.detection.nodeProvisioning || 'unknown' });
  }
  if (ctx.targetVersion) {
    add('kubernetes-upgrade', 'info', 'kubernetesUpgrade', { from: ctx.currentVersion, to: ctx.targetVersion });
  }
  add('ccm-release', 'info', 'ccmRelease', { minor: ctx.release.minor, chartVersion: ctx.release.chartVersion, imageTag: ctx.release.imageTag });
  if (ctx.registry) {
    add('registry', 'info', 'registry', { registry: ctx.registry });
  }
  add('iam-and-tags', 'info', 'iamAndTags');
  add('storage-and-registry-credentials', 'info', 'ebsAndEcr');

  return checks;
}

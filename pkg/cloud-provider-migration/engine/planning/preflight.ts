import type { Detection, MigrationStatus, PreflightCheck } from '../types';
import type { Rke2StatusFacts } from '../cluster/migrationStatus';
import type { PlanContext } from './planContext';
import { atLeastMinor } from '../cluster/kubernetesVersion';
import { rke2CloudConfigPaths } from './rke2Plan';
import { AWS_CLOUD_PROVIDER_FIELD, inTreeAwsSettings } from './rke1Plan';
import { existingCcmParams, existingCcmVerdict } from '../ccm/existingCcm';

/**
 * True while some component is still configured with the in-tree `aws` provider: RKE1's effective provider, or an
 * RKE2 machine before the switch is complete (`rke2`: the facts read from its effective configs, which only an RKE2
 * cluster has).
 */
export function inTreeStillConfigured(detection: Detection, rke2: Rke2StatusFacts | undefined): boolean {
  if (detection.kind === 'rke1') {
    return detection.effectiveProvider === 'aws';
  }

  return !!rke2 && rke2.providerNames.includes('aws') && !rke2.switchComplete;
}

/**
 * The in-tree provider configured on Kubernetes 1.27 or later, where it no longer exists (unless the RKE2 release
 * ignores `aws`, `awsIgnored`): the components configured with it cannot start.
 */
export function inTreeRemoved(detection: Detection, rke2: Rke2StatusFacts | undefined, awsIgnored: boolean): boolean {
  return inTreeStillConfigured(detection, rke2) && atLeastMinor(detection.kubernetesVersion, 1, 27) && !awsIgnored;
}

type Add = (id: string, severity: PreflightCheck['severity'], key: string, params?: Record<string, string | number>) => PreflightCheck;

/** RKE2 machine pools are node-driver machines (their configs name the driver, Amazonec2Config on AWS). */
function isNodeDriver(rkeConfig: Record<string, any>): boolean {
  const pools = rkeConfig.machinePools;

  return Array.isArray(pools) && pools.some((p: any) => !!p?.machineConfigRef);
}

/** One control-plane node, control-plane nodes that also run workloads, and Rancher's drain. */
function topologyChecks(ctx: PlanContext, add: Add): void {
  const t = ctx.topology;

  if (t && t.controlPlane === 1) {
    add('single-control-plane', 'warning', t.total === 1 ? 'singleNode' : 'singleControlPlane');
  }
  if (t && t.total > 1 && t.controlPlaneWorkers > 0 && ctx.strategy === 'leader-migration') {
    add('control-plane-workers', t.workersOnly ? 'info' : 'warning', 'controlPlaneWorkers', { count: t.controlPlaneWorkers, workers: t.workersOnly });
  }
  if (ctx.drainsControlPlane) {
    add('control-plane-drain', 'info', 'controlPlaneDrain');
  }
}

/** A CCM the downstream cluster already runs, and one nobody looked for. */
function existingCcmChecks(ctx: PlanContext, status: MigrationStatus, add: Add): void {
  const verdict = existingCcmVerdict(ctx);

  if (verdict === 'foreign') {
    add('existing-ccm', 'blocker', `existingCcm.${ ctx.distro }`, existingCcmParams(ctx.existingCcm!));
  } else if (verdict === 'upgrade' && status !== 'migrated') {
    add('existing-ccm', 'warning', 'existingCcm.upgrade', existingCcmParams(ctx.existingCcm!));
  } else if (verdict === 'unknown' && status !== 'migrated' && !ctx.detection.ccmManifestPresent) {
    add('existing-ccm', 'info', 'existingCcm.unknown');
  }
}

/** Checks shown before the steps, from the object alone (the live checks are engine/checks). */
export function preflightChecks(ctx: PlanContext, status: MigrationStatus): PreflightCheck[] {
  const checks: PreflightCheck[] = [];
  const add: Add = (id, severity, key, params) => {
    const check: PreflightCheck = { id, severity, message: { key: `preflight.${ key }`, params } };

    checks.push(check);

    return check;
  };

  if (status === 'migrated') {
    add('migrated', 'ok', 'migrated');
  }
  if (inTreeRemoved(ctx.detection, ctx.model.rke2, ctx.awsIgnored)) {
    add('in-tree-removed', 'blocker', 'inTreeRemoved', { version: ctx.currentVersion });
  }
  if (ctx.awsIgnored && status !== 'migrated') {
    add('aws-ignored', 'warning', 'awsIgnored', { version: ctx.currentVersion });
  }
  topologyChecks(ctx, add);
  existingCcmChecks(ctx, status, add);
  if (ctx.distro === 'rke2') {
    rke2CloudConfigPaths(ctx.obj.spec.rkeConfig).forEach((field) => add('cloud-config', 'warning', 'cloudConfig', { field }));
  } else {
    const settings = inTreeAwsSettings(ctx.obj.rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider);

    if (settings.length) {
      add('cloud-config', 'warning', 'awsCloudProvider', { field: AWS_CLOUD_PROVIDER_FIELD, settings: settings.join(', ') });
    }
  }
  if (ctx.detection.ambiguousSelectors.length) {
    add('ambiguous-selectors', 'warning', 'ambiguousSelectors', { entries: ctx.detection.ambiguousSelectors.join(', ') });
  }
  // Only an RKE2 plan has the external mode, and only an RKE1 plan leaves the hostname to choose (from the node
  // provisioning its detection always reads).
  if (ctx.rke2Mode === 'external' && ctx.detection.effectiveProvider !== 'external') {
    // Node-driver machines are named after their machine (pool), and only cloud-provider-name aws names them after
    // EC2 metadata: with external the names change, so it is blocked there (docs/rancher-behaviour.md#node-names).
    if (isNodeDriver(ctx.obj.spec.rkeConfig)) {
      add('external-node-names', 'blocker', 'externalNodeDriver');
    } else {
      add('external-node-names', 'warning', 'externalNodeNames');
    }
  }
  if (!ctx.instanceMetadataHostname.chosen) {
    add('choose-hostname', 'blocker', 'chooseHostname', { provisioning: ctx.detection.nodeProvisioning! });
  }
  if (ctx.targetVersion) {
    add('kubernetes-upgrade', 'info', 'kubernetesUpgrade', { from: ctx.currentVersion, to: ctx.targetVersion });
  }
  add('ccm-release', 'info', 'ccmRelease', { minor: ctx.release.minor, chartVersion: ctx.release.chartVersion, imageTag: ctx.release.imageTag });
  if (ctx.registry) {
    add('registry', 'info', 'registry', { registry: ctx.registry });
  }
  // Whoever keeps the object as their source says puts the migration's edits back at their next sync.
  ctx.owners.forEach((o) => add(`managed-by-${ o.id }`, 'warning', 'managedBy', { owner: o.owner, mark: o.mark }));
  // The tab cannot see the AWS account: the admin ticks the prerequisites before the first step (not once migrated).
  const prerequisites = add('iam-and-tags', 'info', 'iamAndTags');

  if (status !== 'migrated') {
    prerequisites.acknowledge = true;
  }
  add('storage-and-registry-credentials', 'info', 'ebsAndEcr');

  return checks;
}

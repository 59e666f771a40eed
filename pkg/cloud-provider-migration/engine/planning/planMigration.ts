import type {
  Detection, MigrationPlan, MigrationStatus, PlanOptions, Rke2ExternalMode, StepId,
} from '../types';
import type { PlanContext } from './planContext';
import { validatePlanOptions } from './planContext';
import { type ClusterModel, clusterModel } from '../cluster/clusterModel';
import { kubernetesMinor, validateTargetVersion } from '../cluster/kubernetesVersion';
import { awsProviderIgnored, clusterTopology, rke2DrainsControlPlane } from '../cluster/clusterFacts';
import { type CcmRelease, ccmReleaseFor } from '../ccm/ccmReleases';
import { CCM_DEFAULT_REPO } from '../ccm/ccmValues';
import { RKE1_EXTERNAL_PROVIDER } from '../rke1/rke1Edits';
import { assemblePlanSteps, type StepDef } from './planSteps';
import { rke2StepDefs } from './rke2Plan';
import { rke1StepDefs } from './rke1Plan';
import { preflightChecks } from './preflight';
import { docDifferences } from './docDifferences';
import { inputFormat, isPlainObject } from '../cluster/clusterShape';
import { managementPlan, normanViewOfManagement } from '../cluster/managementCluster';
import { clusterOwners } from '../cluster/ownership';

/** The optional tail: drop the CCM's leader-migration flag, then wait for the CCM to roll out again. */
const CLEANUP_STEPS: string[] = ['cleanup-ccm-leader-migration', 'wait-cleanup-rollout'];

function rke2Mode(model: ClusterModel, options: PlanOptions): Rke2ExternalMode {
  if (options.rke2ExternalMode) {
    return options.rke2ExternalMode;
  }
  const names = model.rke2?.providerNames || [];

  // A cluster that already runs `cloud-provider-name: external` stays in that form.
  return names.includes('external') && !names.includes('aws') ? 'external' : 'aws-with-overrides';
}

function instanceMetadataHostname(obj: Record<string, any>, detection: Detection, options: PlanOptions): PlanContext['instanceMetadataHostname'] {
  if (options.useInstanceMetadataHostname !== undefined) {
    return { value: options.useInstanceMetadataHostname, chosen: true };
  }
  const cloudProvider = obj.rancherKubernetesEngineConfig?.cloudProvider || {};

  if (cloudProvider.name === RKE1_EXTERNAL_PROVIDER && typeof cloudProvider.useInstanceMetadataHostname === 'boolean') {
    return { value: cloudProvider.useInstanceMetadataHostname, chosen: true };
  }

  // Node-driver clusters must use it; custom (or unknown) clusters whose nodes may set their own names must choose.
  return { value: true, chosen: detection.nodeProvisioning === 'node-driver' };
}

/**
 * The Kubernetes minor of the CCM when the plan comes to moving it to the final minor. Until the cluster is migrated
 * the plan's own deploy (the RKE2 HelmChart, the RKE1 install, or the downtime switch) puts the current minor's
 * release in place. A migrated cluster keeps the CCM it runs: the image tag its HelmChart pins (RKE2; a migrated RKE2
 * cluster has the HelmChart in its manifest), or the image of the DaemonSet the caller found (RKE1). An image
 * without a version tells no minor.
 */
function ccmMinorBeforeUpgrade(model: ClusterModel, options: PlanOptions, release: CcmRelease): string {
  if (model.verdict.status !== 'migrated') {
    return release.minor;
  }
  const image: unknown = model.rke2 ? model.rke2.ccmChart?.values?.image?.tag : options.existingCcm?.image?.split(':').pop();

  return (typeof image === 'string' && kubernetesMinor(image)) || release.minor;
}

/**
 * Plans the migration of one cluster object (provisioning Cluster in Steve or kubectl shape, Norman RKE1 cluster,
 * or RKE1 management.cattle.io/v3 Cluster) from the in-tree AWS provider to the AWS cloud controller manager.
 * Pure and deterministic. A management cluster is planned as its Norman view and the plan told in its own shape
 * (engine/cluster/managementCluster.ts). Throws MigrationError: NOT_A_CLUSTER, UNKNOWN_PROVIDER, INVALID_MANIFEST,
 * INVALID_OPTION, INVALID_CLUSTER_VERSION, INVALID_TARGET_VERSION, UNSUPPORTED_VERSION.
 */
export function planMigration(obj: Record<string, any>, options: PlanOptions = {}): MigrationPlan {
  validatePlanOptions(options);
  if (isPlainObject(obj) && inputFormat(obj) === 'management') {
    // Its owners are read from the input: the Norman view has its labels and annotations, not its field managers.
    return managementPlan(obj, planCluster(normanViewOfManagement(obj), options, obj));
  }

  return planCluster(obj, options);
}

/** What a plan is made of before its steps are assembled: the plan so far and, where the migration applies, its context. */
interface PlanBasis {
  plan: MigrationPlan;
  ctx?: PlanContext;
}

/**
 * The plan of a provisioning or Norman object up to its steps (options already valid): where it stands and, when the
 * migration applies to it, the context its steps are built from. `input` is the object as given.
 */
function planBasis(obj: Record<string, any>, options: PlanOptions, input: Record<string, any> = obj, model = clusterModel(obj, options)): PlanBasis {
  const { detection, verdict } = model;
  const strategy = options.strategy || 'leader-migration';
  const currentVersion = detection.kubernetesVersion;
  const plan: MigrationPlan = {
    cluster:      { distro: detection.kind, name: detection.name, kubernetesVersion: currentVersion },
    status:       verdict.status,
    strategy,
    finalVersion: currentVersion,
    detection,
    preflight:    [],
    steps:        [],
  };

  if (verdict.reason) {
    plan.reason = verdict.reason;
  }
  if (verdict.status === 'not-applicable' || (detection.kind !== 'rke2' && detection.kind !== 'rke1')) {
    return { plan };
  }
  const distro = detection.kind;
  const target = options.targetVersion?.trim();

  if (target) {
    validateTargetVersion(distro, currentVersion, target);
  }
  const finalVersion = target || currentVersion;
  const release = ccmReleaseFor(currentVersion);
  const finalRelease = ccmReleaseFor(finalVersion);
  const topology = clusterTopology(obj, detection, options.nodes);
  const awsIgnored = awsProviderIgnored(detection);
  const ctx: PlanContext = {
    obj,
    model,
    detection,
    distro,
    strategy,
    status:                   verdict.status,
    currentVersion,
    finalVersion,
    targetVersion:            target || undefined,
    upgrading:                !!target && target !== currentVersion,
    release,
    finalRelease,
    ccmUpgrade:               ccmMinorBeforeUpgrade(model, options, release) !== finalRelease.minor,
    repo:                     options.chartRepo || CCM_DEFAULT_REPO,
    registry:                 options.systemDefaultRegistry || detection.systemDefaultRegistry,
    // A migrated cluster keeps the form it has: the choice of form only decides what the switch writes.
    rke2Mode:                 distro === 'rke2' ? rke2Mode(model, verdict.status === 'migrated' ? {} : options) : 'aws-with-overrides',
    cleanup:                  options.cleanup !== false,
    instanceMetadataHostname: distro === 'rke1' ? instanceMetadataHostname(obj, detection, options) : { value: true, chosen: true },
    existingCcm:              options.existingCcm,
    topology,
    drainsControlPlane:       distro === 'rke2' && rke2DrainsControlPlane(obj, topology),
    awsIgnored,
    recommendedStrategy:      awsIgnored || (topology && topology.controlPlane <= 1) ? 'downtime' : 'leader-migration',
    owners:                   clusterOwners(input),
  };

  plan.finalVersion = finalVersion;
  plan.recommendedStrategy = ctx.recommendedStrategy;
  if (awsIgnored && verdict.status === 'in-tree') {
    plan.reason = { key: 'reasons.awsIgnored', params: { version: currentVersion } };
  }

  return { plan, ctx };
}

/** The step definitions of a plan, in order. */
function stepDefsOf(ctx: PlanContext): StepDef[] {
  return ctx.distro === 'rke2' ? rke2StepDefs(ctx) : rke1StepDefs(ctx);
}

/** Which definitions become steps: all but the optional cleanup when it is turned off. */
function includedIn(ctx: PlanContext): (def: StepDef) => boolean {
  return (def) => ctx.cleanup || !CLEANUP_STEPS.includes(def.id);
}

/** planMigration of a provisioning or Norman object (options already valid); `input` is the object as given. */
function planCluster(obj: Record<string, any>, options: PlanOptions, input: Record<string, any> = obj): MigrationPlan {
  const { plan, ctx } = planBasis(obj, options, input);

  if (!ctx) {
    return plan;
  }
  plan.steps = assemblePlanSteps(stepDefsOf(ctx), ctx, includedIn(ctx));
  plan.differences = docDifferences(ctx, plan.steps);
  plan.preflight = preflightChecks(ctx, ctx.status);

  return plan;
}

/** The steps a plan lists, by id, and which of them are optional. */
export interface PlanOutline {
  status: MigrationStatus;
  steps: { id: StepId; optional: boolean }[];
}

/**
 * The steps planMigration would list for these options, without building them: no step object, diff or command is
 * made, so it costs about what detection costs. Throws what planMigration throws for the same input and options.
 * `model`: the clusterModel of a provisioning object already read (a management cluster is always read again, as
 * its Norman view).
 */
export function planOutline(obj: Record<string, any>, options: PlanOptions = {}, model?: ClusterModel): PlanOutline {
  validatePlanOptions(options);
  const management = isPlainObject(obj) && inputFormat(obj) === 'management';
  const source = management ? normanViewOfManagement(obj) : obj;
  const { plan, ctx } = planBasis(source, options, source, management || !model ? undefined : model);

  return { status: plan.status, steps: ctx ? stepDefsOf(ctx).filter(includedIn(ctx)).map((def) => ({ id: def.id, optional: !!def.optional })) : [] };
}

import type { ChartSpec, Message, PlanStep, StepAction, StepId } from '../types';
import type { PlanContext } from './planContext';
import { jsonEqual } from '../cluster/clusterShape';
import { existingCcmParams, existingCcmVerdict } from '../ccm/existingCcm';
import { objectDiff, valuesDiff } from './objectDiff';
import {
  controlPlaneSelector, cordonCommand, helmInstallCommands, leaseCommands, providerIdCommands, rke1PatchCommand,
  rke2PatchCommand, rolloutCommands, waitClusterCommand,
} from './shellCommands';

/** One step as a distro path defines it; `assemblePlanSteps` turns the list into PlanSteps. */
export interface StepDef {
  id: StepId;
  action: StepAction;
  optional?: boolean;
  description: Message;
  warnings?: Message[];
  /** update-cluster: the edit this step makes (idempotent). */
  apply?: (obj: Record<string, any>) => Record<string, any>;
  /** install-chart: what to install, and the values installed before it (for the diff). */
  chart?: ChartSpec;
  chartBefore?: Record<string, unknown>;
  /**
   * Also done when this holds, given which update steps are done on the input by themselves: a later step
   * undid or superseded this one's change (the switch removes the KCM flag the first step added).
   */
  doneWhen?: (selfDone: (id: StepId) => boolean) => boolean;
  /** verify steps: which check (the command differs). */
  verify?: 'provider-ids' | 'migration-lease';
}

/** The steps whose definition is the same for both distros and both strategies. */
export const SHARED_STEPS = {
  waitLeaderMigration:  { id: 'wait-leader-migration', action: 'wait-cluster', description: { key: 'steps.wait-leader-migration.description' } },
  waitCcmRollout:       { id: 'wait-ccm-rollout', action: 'wait-rollout', description: { key: 'steps.wait-ccm-rollout.description' } },
  waitSwitch:           { id: 'wait-switch', action: 'wait-cluster', description: { key: 'steps.wait-switch.description' } },
  verifyProviderIds:    { id: 'verify-provider-ids', action: 'verify', verify: 'provider-ids', description: { key: 'steps.verify-provider-ids.description' } },
  verifyMigrationLease: { id: 'verify-migration-lease', action: 'verify', verify: 'migration-lease', description: { key: 'steps.verify-migration-lease.description' } },
  waitUpgrade:          { id: 'wait-upgrade', action: 'wait-cluster', description: { key: 'steps.wait-upgrade.description' } },
  waitCcmUpgrade:       { id: 'wait-ccm-upgrade-rollout', action: 'wait-rollout', description: { key: 'steps.wait-ccm-upgrade-rollout.description' } },
  waitCleanupRollout:   {
    id: 'wait-cleanup-rollout', action: 'wait-rollout', optional: true, description: { key: 'steps.wait-cleanup-rollout.description' }
  },
} satisfies Record<string, StepDef>;

/** Warnings about what leader migration and the cordon cost on this cluster's layout (both distros). */
export function leaderMigrationWarnings(ctx: PlanContext): Message[] {
  return ctx.recommendedStrategy === 'downtime' ? [{ key: ctx.awsIgnored ? 'steps.warnings.nothingToHandOver' : 'steps.warnings.singleControlPlane' }] : [];
}

export function cordonLayoutWarnings(ctx: PlanContext): Message[] {
  const t = ctx.topology;

  if (!t) {
    return [];
  }
  if (t.total === 1) {
    return [{ key: 'steps.warnings.cordonSingleNode' }];
  }

  return t.controlPlaneWorkers > 0 ? [{ key: 'steps.warnings.cordonWorkloads', params: { count: t.controlPlaneWorkers, workers: t.workersOnly } }] : [];
}

/** A CCM found in the cluster that the deploy step would take over, run beside, or upgrade. */
export function existingCcmWarnings(ctx: PlanContext): Message[] {
  const verdict = existingCcmVerdict(ctx);

  if (verdict === 'foreign') {
    return [{ key: `preflight.existingCcm.${ ctx.distro }`, params: existingCcmParams(ctx.existingCcm!) }];
  }

  return verdict === 'upgrade' ? [{ key: 'preflight.existingCcm.upgrade', params: existingCcmParams(ctx.existingCcm!) }] : [];
}

const LIVE_ACTIONS: StepAction[] = ['wait-cluster', 'cordon', 'uncordon', 'wait-rollout', 'verify'];

function commandsFor(def: StepDef, ctx: PlanContext, before: Record<string, any>, after: Record<string, any>): string[] {
  const { distro, obj, detection } = ctx;

  switch (def.action) {
    case 'update-cluster':
      return distro === 'rke2' ? rke2PatchCommand(before, after) : rke1PatchCommand(before, after);
    case 'wait-cluster':
      return distro === 'rke2' ? waitClusterCommand('rke2', detection.name, obj.metadata?.namespace || 'fleet-default') : waitClusterCommand('rke1', detection.id, '');
    case 'install-chart':
      return helmInstallCommands(def.chart!);
    case 'cordon':
      return cordonCommand(distro, true);
    case 'uncordon':
      return cordonCommand(distro, false);
    case 'wait-rollout':
      return rolloutCommands();
    case 'verify':
      return def.verify === 'migration-lease' ? leaseCommands() : providerIdCommands();
    default:
      return [];
  }
}

/**
 * Turns step definitions into plan steps. An update step is done when applying it to the input changes nothing,
 * or when its `doneWhen` says a later step superseded it.
 * Live steps are never done from the object alone. `object` is cumulative over the steps not yet done.
 */
export function assemblePlanSteps(defs: StepDef[], ctx: PlanContext, included: (def: StepDef) => boolean): PlanStep[] {
  const input = ctx.obj;
  const selfDone = new Map<StepId, boolean>();

  defs.forEach((def) => {
    if (def.apply) {
      selfDone.set(def.id, jsonEqual(def.apply(input), input));
    }
  });
  let current = input;

  return defs.filter(included).map((def) => {
    const live = LIVE_ACTIONS.includes(def.action);
    const isSelfDone = (id: StepId) => selfDone.get(id) === true;
    const done = !live && (isSelfDone(def.id) || !!def.doneWhen?.(isSelfDone));
    const step: PlanStep = {
      id:          def.id,
      action:      def.action,
      done,
      live,
      optional:    !!def.optional,
      title:       { key: `steps.${ def.id }.title` },
      description: def.description,
      warnings:    def.warnings || [],
    };

    if (def.apply) {
      const before = current;
      const after = done ? current : def.apply(current);

      step.object = after;
      step.diff = objectDiff(ctx.detection.name, before, after, ctx.detection.format);
      step.commands = commandsFor(def, ctx, before, after);
      current = after;
    } else {
      if (def.chart) {
        step.chart = def.chart;
        step.diff = valuesDiff(def.chartBefore, def.chart.values);
      }
      step.commands = commandsFor(def, ctx, current, current);
    }
    step.runsIn = def.action === 'update-cluster' || def.action === 'wait-cluster' ? 'rancher' : 'downstream';
    if (['cordon', 'uncordon', 'verify'].includes(def.action)) {
      step.selector = controlPlaneSelector(ctx.distro);
    }

    return step;
  });
}

import type { Message, PlanStep, StepId } from '../types';
import type { PlanContext } from './planContext';
import type { StepDef } from './stepDef';
import { jsonEqual } from '../cluster/clusterShape';
import { existingCcmParams, existingCcmVerdict } from '../ccm/existingCcm';
import { objectStepDiff, valuesStepDiff } from './objectDiff';
import { controlPlaneSelector } from '../checks/cordon';
import { ACTIONS } from '../actions';

export type { StepDef };

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
    const action = ACTIONS[def.action];
    const live = action.live;
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
      Object.assign(step, objectStepDiff(ctx.detection, before, after));
      step.commands = action.commands({
        def, ctx, before, after
      });
      current = after;
    } else {
      if (def.chart) {
        step.chart = def.chart;
        Object.assign(step, valuesStepDiff(def.chartBefore, def.chart.values));
      }
      step.commands = action.commands({
        def, ctx, before: current, after: current
      });
    }
    step.runsIn = action.runsIn;
    if (action.selectsControlPlane) {
      step.selector = controlPlaneSelector(ctx.distro);
    }

    return step;
  });
}

/**
 * Which steps of the shown plan the tab offers to roll back, and why the others cannot be: the engine's verdict
 * (engine/planning/rollback.ts planRollback) on the object the plan comes from, with what the live cluster reports,
 * for the steps the migration applied itself (the journal says so: a change that was in the cluster before the
 * migration is not the migration's to take out), and only to users who may update the cluster. Pure.
 */
import { planRollback } from '../engine';
import type {
  Journal, MigrationPlan, Observations, PlanOptions, StepId, StepRollback,
} from '../engine';

/** The steps a rollback can concern: the updates before the switch, and RKE1's chart install (its app is uninstalled). */
const ROLLBACK_STEPS: StepId[] = ['enable-leader-migration', 'deploy-ccm', 'install-ccm'];

/**
 * True when the migration applied the step and has not rolled it back since: its last entry that applied it
 * (`applied`, or `done` for a chart install) comes after its last rollback.
 */
export function appliedByMigration(journal: Journal, step: StepId): boolean {
  let applied = false;

  journal.entries.filter((e) => e.step === step).forEach((e) => {
    if (!e.undo && (e.result === 'applied' || e.result === 'done')) {
      applied = true;
    } else if (e.undo === 'rollback' && e.result === 'rolled-back') {
      applied = false;
    }
  });

  return applied;
}

export interface RollbackContext {
  plan: MigrationPlan | undefined;
  /** The object the plan was made from, and the options it was made with. */
  source: Record<string, any> | undefined;
  options: PlanOptions;
  observations: Observations | undefined;
  journal: Journal;
  /** The user may update the cluster (false: not; undefined: not known, as everywhere in the tab). */
  canUpdate: boolean | undefined;
}

/**
 * The rollback of each done step the migration applied: offered (with its diff and commands) or refused (with the
 * reason). Steps not listed get nothing shown. A planning error gives no rollbacks.
 */
export function rollbackOffers(c: RollbackContext): Map<StepId, StepRollback> {
  const out = new Map<StepId, StepRollback>();

  if (!c.plan || !c.source || c.canUpdate === false) {
    return out;
  }
  c.plan.steps.filter((s) => ROLLBACK_STEPS.includes(s.id) && s.done && appliedByMigration(c.journal, s.id)).forEach((s) => {
    try {
      out.set(s.id, planRollback(c.source!, c.options, s.id, { plan: c.plan, observations: c.observations }));
    } catch {
      // The plan itself failed on this object; the tab shows that error already.
    }
  });

  return out;
}

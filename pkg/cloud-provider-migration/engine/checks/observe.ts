/**
 * Merging what the tab has read from the live cluster into a plan (pure).
 *
 * The planner decides update steps from the object alone; every step is then judged by its action's definition
 * (engine/actions/<action>.ts `judge`) on the observations, and a step that gets a verdict gets its CheckResult in
 * `check`. A step whose observations were not read stays not done ("not observed"). Actions judged last (the cordon)
 * look at the verdicts of the steps after them. The observations also add the live pre-flight items.
 */
import type { MigrationPlan, Observations, PlanStep } from '../types';
import type { CheckResult } from '../types';
import { ACTIONS } from '../actions';
import { combine } from './result';
import { passedByLaterStep } from '../actions/judging';
import { withLivePreflight } from './livePreflight';

export { combine, passedByLaterStep };

export function applyObservations(plan: MigrationPlan, obs: Observations): MigrationPlan {
  const steps = plan.steps.map((s) => ({ ...s }));
  const distro = plan.cluster.distro;

  if (distro !== 'rke2' && distro !== 'rke1') {
    return { ...plan, steps };
  }

  const judge = (step: PlanStep, check: CheckResult | undefined) => {
    if (check) {
      step.check = check;
      step.done = check.state === 'done';
    }
  };

  [false, true].forEach((last) => {
    steps.forEach((step, index) => {
      const action = ACTIONS[step.action];

      if (!!action.judgedLast === last) {
        judge(step, action.judge({
          step, index, steps, obs, distro
        }));
      }
    });
  });

  // The live pre-flight (checks/livePreflight.ts): a live blocker blocks like an object one until a step is done.
  return { ...plan, steps, preflight: withLivePreflight(plan.preflight, obs, distro, steps.some((s) => s.done)) };
}

/** The first required step that is not done; undefined when the migration is finished. */
export function currentStep(plan: MigrationPlan): PlanStep | undefined {
  return plan.steps.find((s) => !s.optional && !s.done);
}

/** Progress over the required steps (optional steps are not counted). */
export function progressOf(plan: MigrationPlan): { done: number; total: number } {
  const required = plan.steps.filter((s) => !s.optional);

  return { done: required.filter((s) => s.done).length, total: required.length };
}

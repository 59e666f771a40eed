/** Small rules the action judges share: a value not read yet, and steps that only count after the switch. */
import type { CheckResult, PlanStep } from '../types';
import { verdict } from '../checks/result';

export const SWITCH_STEP = 'switch-to-external';
export const CLEANUP_STEP = 'cleanup-ccm-leader-migration';

/** Before this step the Services' load balancer addresses are recorded, for the verification after it: the switch. */
export function recordsLoadBalancers(step: Pick<PlanStep, 'id'>): boolean {
  return step.id === SWITCH_STEP;
}

export function whenRead<T>(value: T | undefined, check: (v: T) => CheckResult): CheckResult {
  return value === undefined ? verdict('waiting', 'notObserved') : check(value);
}

/** The switch is in: the plan has no switch step left to do (it is done, or the plan starts after it). */
export function switchIsIn(steps: Pick<PlanStep, 'id' | 'done'>[]): boolean {
  const switchStep = steps.find((s) => s.id === SWITCH_STEP);

  return !switchStep || switchStep.done;
}

/** Before the switch, the in-tree provider already satisfies these checks: they wait for it. */
export function afterSwitch(steps: PlanStep[], check: () => CheckResult | undefined): CheckResult | undefined {
  const switchStep = steps.find((s) => s.id === SWITCH_STEP);

  return switchStep && !switchStep.done ? verdict('waiting', 'switchPending') : check();
}

/**
 * A later required step is already done, so this one has happened or no longer applies (a cordon before a
 * finished switch). The tab uses it for live steps with observations, the command-line planner without.
 */
export function passedByLaterStep(steps: PlanStep[], index: number): boolean {
  return steps.slice(index + 1).some((s) => !s.optional && s.done);
}

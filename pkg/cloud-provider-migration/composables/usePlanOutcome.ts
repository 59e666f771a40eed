/**
 * The plan for the user's choices: planned from the source object, what was learnt beside it and what the live
 * cluster shows (re-planned on every change, pure and instant), then judged against the observations. Plus which
 * step is next. No reads, no writes.
 */
import { computed, type Ref } from 'vue';
import { applyObservations, currentStep, existingCcmOf } from '../engine';
import type { MigrationPlan, Observations, PlanStep } from '../engine';
import {
  planWithChoices, type PlanChoices, type PlanOutcome, type SourceFacts
} from './planSource';

export type StepState = 'done' | 'next' | 'pending';

/** What the live cluster tells the planner (undefined fields: not read yet). */
export function observedFacts(obs: Observations | undefined): SourceFacts {
  if (!obs) {
    return {};
  }

  return {
    ...(obs.daemonSet !== undefined ? { existingCcm: existingCcmOf(obs.daemonSet) } : {}),
    ...(obs.nodes ? { nodes: obs.nodes } : {}),
  };
}

export function usePlanOutcome(source: Ref<Record<string, any> | undefined>, choices: Ref<PlanChoices>, facts: Ref<SourceFacts>, observations: Ref<Observations | undefined>) {
  const liveFacts = computed<SourceFacts>(() => observedFacts(observations.value));

  /** The plan (or why there is none) before the observations judge its live steps. */
  const outcome = computed<PlanOutcome>(() => (source.value ? planWithChoices(source.value, choices.value, { ...facts.value, ...liveFacts.value }) : {}));

  const plan = computed<MigrationPlan | undefined>(() => {
    const planned = outcome.value.plan;

    if (!planned || !observations.value) {
      return planned;
    }

    return applyObservations(planned, observations.value);
  });

  const nextStep = computed<PlanStep | undefined>(() => (plan.value ? currentStep(plan.value) : undefined));

  function stepState(step: PlanStep): StepState {
    if (step.done) {
      return 'done';
    }

    return nextStep.value?.id === step.id ? 'next' : 'pending';
  }

  return {
    outcome, plan, nextStep, stepState
  };
}

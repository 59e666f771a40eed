/**
 * The tab's state, composed of its parts: the object the plan comes from (useClusterSource), the plan for the
 * user's choices (usePlanOutcome), what the live cluster says about the steps (useLiveObservations), re-read while a
 * live step is open (useLivePolling), sooner when the downstream websocket tells of a change (useDownstreamWatch).
 * Returns refs and one verb, `reload()`. Nothing here writes.
 */
import { computed, watch, type Ref } from 'vue';
import type { SocketFactory, StoreLike } from '../api';
import type { Journal } from '../engine';
import {
  cordonedByMigration, loadBalancersBefore, switchIsIn, waitsStartedAt,
} from '../engine';
import {
  managementClusterId, sourceRevision, type ById, type ClusterResource, type PlanChoices
} from './planSource';
import { useClusterSource } from './useClusterSource';
import { usePlanOutcome } from './usePlanOutcome';
import { observationTarget, useLiveObservations } from './useLiveObservations';
import { hasOpenLiveStep, LIVE_POLL_MS, useLivePolling } from './useLivePolling';
import { useDownstreamWatch } from './useDownstreamWatch';

export type { StepState } from './usePlanOutcome';
export { LIVE_POLL_MS };

/** What the tab's state works from. */
export interface MigrationPlanInput {
  /** The live cluster model (see `liveResource`). */
  resource: () => ClusterResource;
  /** The user's choices, or the ones the journal fixed once the migration started. */
  choices: Ref<PlanChoices>;
  /** The migration's journal on the live cluster, as the page read it (it also fixes the choices, so the page reads it first). */
  journal: Ref<Journal>;
  /** The store's `management/byId`, used to follow the management cluster of RKE1 clusters. */
  byId?: ById;
  /**
   * Whether the tab is on screen (the shell keeps unselected tabs mounted, hidden): polling skips its turn when it is
   * not. Default: always.
   */
  isShown?: () => boolean;
  pollMs?: number;
  /** Opens the downstream websocket (useDownstreamWatch; default: the browser's WebSocket). */
  openSocket?: SocketFactory;
}

export function useMigrationPlan(store: StoreLike, input: MigrationPlanInput) {
  const {
    resource, choices, journal, byId, isShown = () => true, pollMs = LIVE_POLL_MS, openSocket,
  } = input;
  const {
    source, facts, loading, loadError, load
  } = useClusterSource(resource, store, byId);
  const live = useLiveObservations(store);
  const {
    outcome, plan, nextStep, stepState
  } = usePlanOutcome(source, choices, facts, live.observations);
  /**
   * The plan before the observations judge it says which cluster to observe (and, once the switch is in, to read the
   * Services too); the journal on the cluster says since when each wait has waited, which nodes the migration
   * cordoned and which load balancer addresses the Services had before the switch.
   */
  const readLive = () => {
    const planned = outcome.value.plan;
    const target = observationTarget(planned, managementClusterId(resource()));

    if (target && planned) {
      const cordoned = cordonedByMigration(journal.value);

      target.stepStartedAt = waitsStartedAt(journal.value, planned.steps);
      if (cordoned) {
        target.cordonedByMigration = cordoned;
      }
      if (switchIsIn(planned.steps)) {
        const before = loadBalancersBefore(journal.value);

        target.services = true;
        if (before) {
          target.loadBalancersBefore = before;
        }
      }
    }

    return live.read(target);
  };

  const error = computed<unknown>(() => loadError.value || outcome.value.error);
  const optionError = computed(() => outcome.value.optionError);
  /** The options the shown plan was made with: carrying out a step re-plans with the same. */
  const planOptions = computed(() => outcome.value.options || {});

  async function reload(): Promise<void> {
    live.restart();
    if (await load()) {
      await readLive();
    }
  }

  watch(() => sourceRevision(byId, resource()), () => {
    reload();
  }, { immediate: true });

  const watchingLive = computed(() => hasOpenLiveStep(plan.value?.steps || []));

  const liveWanted = () => !loading.value && isShown() && watchingLive.value;
  // One socket to the downstream cluster while a live step is open; the poll backs it up, or stands in for it.
  // (kept open across a reload of the cluster object: only the poll waits for it)
  const downstream = useDownstreamWatch({
    clusterId: () => observationTarget(outcome.value.plan, managementClusterId(resource()))?.clusterId,
    wanted:    () => isShown() && watchingLive.value,
    read:      readLive,
    minGapMs:  pollMs,
    open:      openSocket,
  });

  useLivePolling(downstream.read, liveWanted, pollMs, () => downstream.pollTurns(pollMs));

  return {
    plan, planOptions, error, optionError, loading, observations: live.observations, liveError: live.liveError, nextStep, stepState, reload, source
  };
}

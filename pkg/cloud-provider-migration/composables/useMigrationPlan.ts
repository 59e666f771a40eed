/**
 * The tab's state: the object the plan comes from (the provisioning cluster, or the Norman cluster for
 * RKE1), the plan for the user's choices (re-planned on every change, pure and instant), and what the
 * live cluster says about the steps, re-read every LIVE_POLL_MS while a live step is open and the page is visible.
 * Returns refs and one verb, `reload()`. Nothing here writes.
 */
import { computed, onScopeDispose, ref, watch, type Ref } from 'vue';
import { applyObservations, currentStep, existingCcmOf } from '../engine';
import type { MigrationPlan, Observations, PlanStep } from '../engine';
import {
  getNormanCluster, readRke1NodeProvisioning, readObservations, toMigrationError, type StoreLike
} from '../api';
import {
  managementClusterId, normanNeed, planWithChoices, sourceRevision, toPlainObject, type ById, type ClusterResource, type PlanChoices, type PlanOutcome, type SourceFacts
} from './planSource';

export type StepState = 'done' | 'next' | 'pending';

/**
 * How often the tab re-reads the live cluster while a live step is still open. Downstream changes (a cordon, the
 * CCM DaemonSet rolling out, ProviderIDs, the lease) do not touch the cluster object the page is subscribed to.
 */
export const LIVE_POLL_MS = 10000;

/**
 * `resource` returns the live cluster model (see `liveResource`); `byId` is the store's `management/byId`,
 * used to follow the management cluster of RKE1 clusters; `isShown` says whether the tab is on screen (the shell
 * keeps unselected tabs mounted, hidden), and polling skips its turn when it is not.
 */
export function useMigrationPlan(resource: () => ClusterResource, store: StoreLike, choices: Ref<PlanChoices>, byId?: ById, isShown: () => boolean = () => true, pollMs = LIVE_POLL_MS) {
  /** The object the plan is computed from; undefined until loaded or when it could not be loaded. */
  const source = ref<Record<string, any>>();
  const facts = ref<SourceFacts>({});
  const loading = ref(true);
  const loadError = ref<unknown>();
  const observations = ref<Observations>();
  const liveError = ref<unknown>();
  let generation = 0;

  /** What the live cluster tells the planner (undefined fields: not read yet). */
  const liveFacts = computed<SourceFacts>(() => {
    const obs = observations.value;

    if (!obs) {
      return {};
    }

    return {
      ...(obs.daemonSet !== undefined ? { existingCcm: existingCcmOf(obs.daemonSet) } : {}),
      ...(obs.nodes ? { nodes: obs.nodes } : {}),
    };
  });

  const outcome = computed<PlanOutcome>(() => (source.value ? planWithChoices(source.value, choices.value, { ...facts.value, ...liveFacts.value }) : {}));

  const plan = computed<MigrationPlan | undefined>(() => {
    const planned = outcome.value.plan;

    if (!planned || !observations.value) {
      return planned;
    }

    return applyObservations(planned, observations.value);
  });

  const error = computed<unknown>(() => loadError.value || outcome.value.error);
  const optionError = computed(() => outcome.value.optionError);

  const nextStep = computed<PlanStep | undefined>(() => (plan.value ? currentStep(plan.value) : undefined));

  function stepState(step: PlanStep): StepState {
    if (step.done) {
      return 'done';
    }

    return nextStep.value?.id === step.id ? 'next' : 'pending';
  }

  async function readSource(res: ClusterResource, gen: number): Promise<Record<string, any> | undefined> {
    const need = normanNeed(res);

    if (need === 'none') {
      return toPlainObject(res);
    }
    try {
      const id = managementClusterId(res)!;
      const [norman, provisioning] = await Promise.all([getNormanCluster(store, id), readRke1NodeProvisioning(store, id)]);

      if (gen === generation) {
        facts.value = provisioning ? { rke1NodeProvisioning: provisioning } : {};
      }

      return toPlainObject(norman);
    } catch (e) {
      if (gen === generation && need === 'required') {
        loadError.value = toMigrationError(e);

        return undefined;
      }

      // Not an RKE1 cluster as far as the model knows: plan the provisioning object (not applicable).
      return toPlainObject(res);
    }
  }

  /** Which cluster the observations are of, and the newest live read (an older answer never overwrites it). */
  let observedCluster: string | undefined;
  let liveSeq = 0;

  async function readLive(gen: number): Promise<void> {
    const planned = outcome.value.plan;
    const distro = planned?.detection.kind;
    const clusterId = planned?.detection.managementClusterId || managementClusterId(resource());
    const seq = ++liveSeq;

    if (!planned || (distro !== 'rke2' && distro !== 'rke1') || !clusterId) {
      observations.value = undefined;
      observedCluster = undefined;

      return;
    }
    try {
      const obs = await readObservations(store, { clusterId, distro });

      if (gen === generation && seq === liveSeq) {
        observations.value = obs;
        observedCluster = clusterId;
        liveError.value = undefined;
      }
    } catch (e) {
      if (gen === generation && seq === liveSeq) {
        liveError.value = toMigrationError(e);
        // A failed read (the downstream apiserver restarting mid-switch) keeps what was last seen of this
        // cluster: dropping it would send the steps back to "to do" and invite repeating an action.
        if (observedCluster !== clusterId) {
          observations.value = undefined;
          observedCluster = undefined;
        }
      }
    }
  }

  async function reload(): Promise<void> {
    const gen = ++generation;

    loading.value = true;
    loadError.value = undefined;
    liveError.value = undefined;

    const loaded = await readSource(resource(), gen);

    if (gen !== generation) {
      return;
    }
    source.value = loaded;
    loading.value = false;
    await readLive(gen);
  }

  watch(() => sourceRevision(byId, resource()), () => {
    reload();
  }, { immediate: true });

  /**
   * Poll while the migration is under way (a step is done) and a required live step is still open; the optional
   * tail's live step only once its change is made. A cluster nobody has started on, or one whose admin skipped the
   * optional cleanup, is not polled; changes to the cluster object itself arrive over the websocket anyway.
   */
  const watchingLive = computed(() => {
    const steps = plan.value?.steps || [];

    if (!steps.some((s) => s.done)) {
      return false;
    }

    return steps.some((s, i) => s.live && !s.done && (!s.optional || !!steps[i - 1]?.done));
  });
  let polling = false;
  const timer = pollMs > 0 ? setInterval(async () => {
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';

    if (polling || loading.value || hidden || !isShown() || !watchingLive.value) {
      return;
    }
    polling = true;
    try {
      await readLive(generation);
    } finally {
      polling = false;
    }
  }, pollMs) : undefined;

  onScopeDispose(() => {
    if (timer) {
      clearInterval(timer);
    }
  });

  return {
    plan, error, optionError, loading, observations, liveError, nextStep, stepState, reload, source
  };
}

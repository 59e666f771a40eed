/**
 * What the live cluster says: the observations of the cluster the plan is for, read on every `read()` (the live
 * pre-flight's own reads at most every PREFLIGHT_REUSE_MS). An answer that a later read (or a `restart()`) overtook
 * changes nothing; a failed read keeps what was last seen of the same cluster. Nothing here writes.
 */
import { ref } from 'vue';
import type { MigrationPlan, Observations } from '../engine';
import { readObservations, toMigrationError, type ObservationTarget, type StoreLike } from '../api';

/**
 * Whether a rollout wait of the plan can be judged from the live cluster: its change step before it is done (until
 * then the wait says the previous step is not done, engine actions/waitRollout.ts), so its pods or install Job say why
 * it stalls. Before that they are not read.
 */
export function rolloutEvidenceNeeded(planned: MigrationPlan): boolean {
  return planned.steps.some((step, i) => {
    if (step.action !== 'wait-rollout') {
      return false;
    }
    const change = planned.steps.slice(0, i).reverse().find((s) => s.action === 'update-cluster' || s.action === 'install-chart');

    return !change || change.done;
  });
}

/**
 * The cluster to observe for a plan: RKE2 and RKE1 plans only, by the plan's management cluster id, else `fallbackId`;
 * for an RKE2 provisioning cluster also its Steve id. The live pre-flight's reads are asked for as well, the rollout's
 * evidence while a rollout wait can be judged.
 */
export function observationTarget(planned: MigrationPlan | undefined, fallbackId: string | undefined): ObservationTarget | undefined {
  const distro = planned?.detection.kind;
  const clusterId = planned?.detection.managementClusterId || fallbackId;

  if (!planned || (distro !== 'rke2' && distro !== 'rke1') || !clusterId) {
    return undefined;
  }

  // RKE2: the provisioning cluster too, so that "Rancher has taken the spec in" follows its generation and conditions.
  const provisioningId = distro === 'rke2' && planned.detection.format === 'steve' && planned.detection.id.includes('/') ? planned.detection.id : undefined;

  // The tab reads what the live pre-flight judges too (storage classes, CSI drivers, ECR images), from the first read
  // on; what a stalled rollout shows only once a rollout wait can be judged.
  const rolloutEvidence = rolloutEvidenceNeeded(planned);

  return provisioningId ? {
    clusterId, distro, provisioningId, preflight: true, rolloutEvidence
  } : {
    clusterId, distro, preflight: true, rolloutEvidence
  };
}

/** What the live pre-flight reads apart from the rest (and what it takes from the cluster objects). */
const PREFLIGHT_FIELDS = ['storageClasses', 'csiDrivers', 'ecrNodes', 'clusterManagers'] as const;
/**
 * How long the pre-flight's reads are reused by the reads that follow (polling, the socket's changes): storage
 * classes, CSI drivers and the nodes' images change seldom, and while a step waits they would double what each read
 * costs. Reading the tab again (`restart()`) reads them at once.
 */
export const PREFLIGHT_REUSE_MS = 5 * 60 * 1000;

export function useLiveObservations(store: StoreLike, now: () => number = Date.now) {
  const observations = ref<Observations>();
  const liveError = ref<unknown>();
  /** Which cluster the observations are of, and the newest read (an older answer never overwrites it). */
  let observedCluster: string | undefined;
  let seq = 0;
  /** When the pre-flight's reads last came back whole for `observedCluster`; 0: read them with the next read. */
  let preflightAt = 0;

  /** The pre-flight part of the last observations, when the next read of `wanted` may reuse it instead of reading it. */
  function reusablePreflight(wanted: ObservationTarget): Partial<Observations> | undefined {
    const last = observations.value;

    if (!wanted.preflight || !last || observedCluster !== wanted.clusterId || !preflightAt || now() - preflightAt >= PREFLIGHT_REUSE_MS) {
      return undefined;
    }

    return Object.fromEntries(PREFLIGHT_FIELDS.filter((f) => last[f] !== undefined).map((f) => [f, last[f]]));
  }

  /**
   * Reads the observations of `wanted`; undefined = nothing to observe (what was seen is dropped). False when the
   * read failed (the error is in `liveError`), so that polling can back off.
   */
  async function read(wanted: ObservationTarget | undefined): Promise<boolean> {
    const mine = ++seq;

    if (!wanted) {
      observations.value = undefined;
      observedCluster = undefined;

      return true;
    }
    const reused = reusablePreflight(wanted);

    try {
      const obs = await readObservations(store, reused ? { ...wanted, preflight: false } : wanted);

      if (mine === seq) {
        if (reused) {
          Object.assign(obs, reused);
        } else if (wanted.preflight) {
          // A part that could not be read is asked for again by the next read.
          preflightAt = obs.preflightUnread || !obs.ecrNodes ? 0 : now();
        }
        observations.value = obs;
        observedCluster = wanted.clusterId;
        liveError.value = undefined;
      }

      return true;
    } catch (e) {
      if (mine === seq) {
        liveError.value = toMigrationError(e);
        // A failed read (the downstream apiserver restarting mid-switch) keeps what was last seen of this
        // cluster: dropping it would send the steps back to "to do" and invite repeating an action.
        if (observedCluster !== wanted.clusterId) {
          observations.value = undefined;
          observedCluster = undefined;
        }
      }

      return false;
    }
  }

  /** Drops the reads under way and the last error (the source is being read again). */
  function restart(): void {
    seq++;
    liveError.value = undefined;
    preflightAt = 0;
  }

  return {
    observations, liveError, read, restart
  };
}

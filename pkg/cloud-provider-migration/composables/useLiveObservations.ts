/**
 * What the live cluster says: the observations of the cluster the plan is for, read on every `read()`. An answer
 * that a later read (or a `restart()`) overtook changes nothing; a failed read keeps what was last seen of the same
 * cluster. Nothing here writes.
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

export function useLiveObservations(store: StoreLike) {
  const observations = ref<Observations>();
  const liveError = ref<unknown>();
  /** Which cluster the observations are of, and the newest read (an older answer never overwrites it). */
  let observedCluster: string | undefined;
  let seq = 0;

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
    try {
      const obs = await readObservations(store, wanted);

      if (mine === seq) {
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
  }

  return {
    observations, liveError, read, restart
  };
}

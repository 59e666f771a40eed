/**
 * The target versions the tab offers: what this Rancher offers for the cluster's distro (read once per distro, again
 * on `reload()`), narrowed by the engine to the targets the plan accepts from the cluster's current version.
 * Nothing here writes.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { readOfferedVersions, toMigrationError, type StoreLike } from '../api';
import { targetVersionChoices, type Distro, type MigrationError, type MigrationPlan } from '../engine';

export type TargetVersionOffer =
  /** Rancher's list is being read (or the plan, which says the distro, is not there yet). */
  | { state: 'loading' }
  /** The valid targets, newest first; keeping the current version is not among them. */
  | { state: 'offered'; current: string; versions: string[] }
  /** Rancher's list could not be read: the version is typed, and the error says why. */
  | { state: 'unavailable'; error: MigrationError };

type Read = { distro: Distro; versions: string[] } | { distro: Distro; error: MigrationError };

function distroOf(plan: MigrationPlan | undefined): Distro | undefined {
  const kind = plan?.detection.kind;

  return kind === 'rke2' || kind === 'rke1' ? kind : undefined;
}

export function useTargetVersions(store: StoreLike, plan: Ref<MigrationPlan | undefined>) {
  const read = ref<Read>();
  let generation = 0;

  async function load(distro: Distro | undefined): Promise<void> {
    const gen = ++generation;

    if (!distro) {
      return;
    }
    let answer: Read;

    try {
      answer = { distro, versions: await readOfferedVersions(store, distro) };
    } catch (e) {
      answer = { distro, error: toMigrationError(e) };
    }
    // A later read (another distro, a reload) owns the answer.
    if (gen === generation) {
      read.value = answer;
    }
  }

  watch(() => distroOf(plan.value), (distro) => {
    load(distro);
  }, { immediate: true });

  const offer = computed<TargetVersionOffer>(() => {
    const distro = distroOf(plan.value);
    const got = read.value;

    if (!distro || !got || got.distro !== distro) {
      return { state: 'loading' };
    }
    if ('error' in got) {
      return { state: 'unavailable', error: got.error };
    }
    const current = plan.value!.detection.kubernetesVersion;

    return { state: 'offered', current, versions: targetVersionChoices(distro, current, got.versions) };
  });

  /** Reads Rancher's list again (the tab's reload). */
  function reload(): Promise<void> {
    return load(distroOf(plan.value));
  }

  return { offer, reload };
}

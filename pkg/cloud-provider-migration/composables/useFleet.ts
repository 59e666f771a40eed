/**
 * What the fleet page shows: every provisioning cluster of the store as a row (composables/fleetVerdicts.ts), after
 * one load of the provisioning and the management cluster lists (api/fleet.ts). The rows follow the store, so a
 * cluster that changes while the page is open shows its new state.
 */
import { computed, onMounted, ref } from 'vue';
import type { Message } from '../engine';
import { loadFleet, PROVISIONING_CLUSTER } from '../api/fleet';
import type { StoreLike } from '../api/request';
import { errorMessage } from './useMessages';
import {
  fleetCounts, fleetRow, translator, type ById, type FleetCluster, type FleetRow,
} from './fleetVerdicts';

export interface FleetStore extends StoreLike {
  getters: Record<string, any>;
}

export function useFleet(store: FleetStore) {
  const loading = ref(true);
  const loadError = ref<Message>();
  const managementError = ref<Message>();
  const tr = translator(store.getters['i18n/t']);
  const byId: ById = (type, id) => store.getters['management/byId'](type, id);

  async function load(): Promise<void> {
    loading.value = true;
    loadError.value = undefined;
    try {
      const result = await loadFleet(store);

      managementError.value = result.managementError ? errorMessage(result.managementError) : undefined;
    } catch (e) {
      loadError.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  const rows = computed<FleetRow[]>(() => {
    if (loading.value || loadError.value) {
      return [];
    }
    const clusters: FleetCluster[] = store.getters['management/all'](PROVISIONING_CLUSTER) || [];

    return clusters.map((c) => fleetRow(c, byId, tr));
  });
  const counts = computed(() => fleetCounts(rows.value));

  onMounted(load);

  return {
    loading, loadError, managementError, rows, counts, load,
  };
}

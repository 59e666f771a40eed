/**
 * Which object the plan comes from: the provisioning cluster, or the Norman cluster for RKE1 (with how its nodes were
 * provisioned), read again on every `load()`. A cluster without rkeConfig that is not RKE1 (imported, hosted) is
 * planned from its management cluster as the store holds it: that one says what the cluster is (EKS, K3s, …), where
 * the provisioning object alone looks like an RKE1 cluster's. A load that a later one overtook changes nothing.
 * Nothing here writes.
 */
import { ref } from 'vue';
import { getNormanCluster, readRke1NodeProvisioning, toMigrationError, type StoreLike } from '../api';
import {
  managementClusterId, normanNeed, toPlainObject, type ById, type ClusterResource, type SourceFacts
} from './planSource';

const MANAGEMENT_CLUSTER = 'management.cattle.io.cluster';

export function useClusterSource(resource: () => ClusterResource, store: StoreLike, byId?: ById) {
  /** The object the plan is computed from; undefined until loaded or when it could not be loaded. */
  const source = ref<Record<string, any>>();
  /** What the load learnt beside the object (RKE1 node pools). */
  const facts = ref<SourceFacts>({});
  const loading = ref(true);
  const loadError = ref<unknown>();
  let generation = 0;

  async function read(res: ClusterResource, gen: number): Promise<Record<string, any> | undefined> {
    const need = normanNeed(res);

    if (need === 'none') {
      return toPlainObject(res);
    }
    const mgmt = need === 'maybe' && byId ? byId(MANAGEMENT_CLUSTER, managementClusterId(res)!) : undefined;

    // Not RKE1 (the model says so, and no RKE1 configuration): the management cluster tells what it is instead.
    if (mgmt && !(mgmt.spec as Record<string, unknown> | undefined)?.rancherKubernetesEngineConfig) {
      return toPlainObject(mgmt);
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

  /** Reads the source afresh. False when a later load started meanwhile: this one's answer was dropped. */
  async function load(): Promise<boolean> {
    const gen = ++generation;

    loading.value = true;
    loadError.value = undefined;

    const loaded = await read(resource(), gen);

    if (gen !== generation) {
      return false;
    }
    source.value = loaded;
    loading.value = false;

    return true;
  }

  return {
    source, facts, loading, loadError, load
  };
}

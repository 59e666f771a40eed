/**
 * Reading what the engine needs to judge the live steps (engine/checks/observe.ts `applyObservations`): every node,
 * the CCM DaemonSet (null when it is not there yet), the kube-system leases, and whether Rancher reports the
 * cluster reconciled; while the CCM is not rolled out, what says why (rolloutEvidence.ts: its pods, or the RKE2
 * install Job). Any other failure propagates as a MigrationError: a half-read cluster is not reported as a healthy one.
 */
import type { ClusterObjects, Distro, Observations, StepId } from '../engine';
import { CCM_DAEMONSET, checkRancherReconciled } from '../engine';
import { getProvisioningCluster } from './steve';
import { getDaemonSet, listLeases, listNodes } from './downstream';
import { request, type StoreLike } from './request';
import { readRolloutEvidence } from './rolloutEvidence';

export interface ObservationTarget {
  /** Management cluster id: `c-m-…` (RKE2) or `c-…` (RKE1). */
  clusterId: string;
  distro: Distro;
  /** RKE2: the provisioning cluster (`fleet-default/<name>`); its generation and conditions then count too. */
  provisioningId?: string;
  /**
   * When the caller started waiting for each live step (ISO time). Given, the observations carry it with the time
   * they were read, and a stalled wait says how long it has waited.
   */
  stepStartedAt?: Partial<Record<StepId, string>>;
  /** From the journal: the nodes the migration cordoned and has not given back (the uncordon is judged on those). */
  cordonedByMigration?: string[];
}

/**
 * Rancher reports the cluster reconciled (the engine's one rule, checkRancherReconciled): with the management cluster
 * alone, Ready and not Updating; with the provisioning cluster too, that one has also seen and applied its spec.
 */
export function isClusterReady(management: Record<string, any> | undefined, provisioning?: Record<string, any>): boolean {
  return checkRancherReconciled({ management, provisioning }).state === 'done';
}

export function getManagementCluster(store: StoreLike, clusterId: string): Promise<Record<string, any>> {
  return request(store, 'management', { url: `/v1/management.cattle.io.clusters/${ encodeURIComponent(clusterId) }` });
}

/**
 * The cluster objects Rancher's reconcile rule reads: the management cluster and, when its id is given, the RKE2
 * provisioning cluster (fetched together).
 */
export async function readClusterObjects(store: StoreLike, clusterId: string, provisioningId?: string): Promise<ClusterObjects> {
  const [management, provisioning] = await Promise.all([
    getManagementCluster(store, clusterId),
    provisioningId ? getProvisioningCluster(store, provisioningId) : undefined,
  ]);

  return { management, provisioning };
}

export async function readObservations(store: StoreLike, target: ObservationTarget): Promise<Observations> {
  const { clusterId } = target;
  const [{ management, provisioning }, nodes, daemonSet, leases] = await Promise.all([
    readClusterObjects(store, clusterId, target.distro === 'rke2' ? target.provisioningId : undefined),
    listNodes(store, clusterId),
    getDaemonSet(store, clusterId, CCM_DAEMONSET.namespace, CCM_DAEMONSET.name),
    listLeases(store, clusterId),
  ]);

  const evidence = await readRolloutEvidence(store, clusterId, target.distro, daemonSet, nodes);
  const obs: Observations = {
    clusterReady: isClusterReady(management, provisioning), nodes, daemonSet, leases
  };

  if (evidence.pods) {
    obs.ccmPods = evidence.pods;
  }
  if (evidence.installJob !== undefined) {
    obs.ccmInstallJob = evidence.installJob;
  }
  if (evidence.installJobPods) {
    obs.ccmInstallJobPods = evidence.installJobPods;
  }
  if (target.cordonedByMigration) {
    obs.cordonedByMigration = target.cordonedByMigration;
  }
  if (target.stepStartedAt) {
    obs.stepStartedAt = target.stepStartedAt;
    obs.observedAt = new Date().toISOString();
  }

  return obs;
}

/**
 * Reading what the engine needs to judge the live steps (engine/checks/observe.ts `applyObservations`): every node,
 * the CCM DaemonSet (null when it is not there yet), the kube-system leases, and whether Rancher reports the
 * cluster reconciled. Any other failure propagates as a MigrationError: a half-read cluster is not reported as
 * a healthy one.
 */
import type { Distro, Observations } from '../engine';
import { CCM_DAEMONSET } from '../engine';
import { getDaemonSet, listLeases, listNodes } from './downstream';
import { request, type StoreLike } from './request';

export interface ObservationTarget {
  /** Management cluster id: `c-m-…` (RKE2) or `c-…` (RKE1). */
  clusterId: string;
  distro: Distro;
}

interface Condition {
  type: string;
  status: string;
}

/**
 * Rancher reports the cluster reconciled: the management cluster's `Ready` condition is True and its `Updated`
 * condition is not Unknown (Rancher sets Updated=Unknown while it applies a change).
 */
export function isClusterReady(mgmtCluster: { status?: { conditions?: Condition[] } } | undefined): boolean {
  const conditions = mgmtCluster?.status?.conditions || [];
  const status = (type: string) => conditions.find((c) => c.type === type)?.status;

  return status('Ready') === 'True' && status('Updated') !== 'Unknown';
}

export function getManagementCluster(store: StoreLike, clusterId: string): Promise<Record<string, any>> {
  return request(store, 'management', { url: `/v1/management.cattle.io.clusters/${ encodeURIComponent(clusterId) }` });
}

export async function readObservations(store: StoreLike, target: ObservationTarget): Promise<Observations> {
  const { clusterId } = target;
  const [mgmt, nodes, daemonSet, leases] = await Promise.all([
    getManagementCluster(store, clusterId),
    listNodes(store, clusterId),
    getDaemonSet(store, clusterId, CCM_DAEMONSET.namespace, CCM_DAEMONSET.name),
    listLeases(store, clusterId),
  ]);

  return {
    clusterReady: isClusterReady(mgmt), nodes, daemonSet, leases
  };
}

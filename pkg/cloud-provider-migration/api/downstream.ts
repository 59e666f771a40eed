/**
 * Downstream cluster resources through Rancher's proxy (docs/rancher-behaviour.md#downstream-proxy): Steve lists at
 * `/k8s/clusters/<id>/v1/<type>`, raw Kubernetes writes at `/k8s/clusters/<id>/api/v1/...`.
 */
import type {
  CsiDriverLike, DaemonSetLike, JobLike, LeaseLike, NodeLike, PodLike, ServiceLike, StorageClassLike,
} from '../engine';
import { request, type StoreLike } from './request';

export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';

export function clusterPrefix(clusterId: string): string {
  return `/k8s/clusters/${ encodeURIComponent(clusterId) }`;
}

/** Every item of a Steve collection, following `pagination.next` until the last page. */
async function listAll<T>(store: StoreLike, firstUrl: string): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let url: string | undefined = firstUrl;

  while (url && !seen.has(url)) {
    seen.add(url);
    const page: any = await request(store, 'management', { url });

    items.push(...(page?.data || []));
    url = page?.pagination?.next;
  }

  return items;
}

/** Nodes of the downstream cluster, optionally filtered by a label selector (`key=value`). */
export function listNodes(store: StoreLike, clusterId: string, selector?: string): Promise<NodeLike[]> {
  const query = selector ? `?labelSelector=${ encodeURIComponent(selector) }` : '';

  return listAll<NodeLike>(store, `${ clusterPrefix(clusterId) }/v1/nodes${ query }`);
}

/**
 * One namespaced object of the downstream cluster through Steve (`/v1/<type>/<namespace>/<name>`), or null when it does
 * not exist (404); any other failure propagates.
 */
export async function getDownstreamObject<T = Record<string, any>>(store: StoreLike, clusterId: string, type: string, namespace: string, name: string): Promise<T | null> {
  try {
    return await request(store, 'management', { url: `${ clusterPrefix(clusterId) }/v1/${ type }/${ encodeURIComponent(namespace) }/${ encodeURIComponent(name) }` });
  } catch (e: any) {
    if (e?.code === 'NOT_FOUND') {
      return null;
    }
    throw e;
  }
}

/** The DaemonSet, or null when it does not exist (404). */
export function getDaemonSet(store: StoreLike, clusterId: string, namespace: string, name: string): Promise<DaemonSetLike | null> {
  return getDownstreamObject<DaemonSetLike>(store, clusterId, 'apps.daemonsets', namespace, name);
}

/** The pods of a namespace that carry every label of `selector` (`key=value,key=value`). */
export function listPods(store: StoreLike, clusterId: string, namespace: string, selector: string): Promise<PodLike[]> {
  return listAll<PodLike>(store, `${ clusterPrefix(clusterId) }/v1/pods/${ encodeURIComponent(namespace) }?labelSelector=${ encodeURIComponent(selector) }`);
}

/** A Job, or null when it does not exist (404). */
export function getJob(store: StoreLike, clusterId: string, namespace: string, name: string): Promise<JobLike | null> {
  return getDownstreamObject<JobLike>(store, clusterId, 'batch.jobs', namespace, name);
}

/**
 * Every item of a raw Kubernetes list (`/k8s/clusters/<id>/apis/<group>/<version>/<resource>`), following
 * `metadata.continue` until the last chunk (the apiserver only cuts a list when asked to with `limit`).
 */
async function listRaw<T>(store: StoreLike, clusterId: string, path: string): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;

  do {
    const url = `${ clusterPrefix(clusterId) }${ path }${ token ? `?continue=${ encodeURIComponent(token) }` : '' }`;
    const page: any = await request(store, 'management', { url });

    items.push(...(page?.items || []));
    token = page?.metadata?.continue || undefined;
  } while (token);

  return items;
}

/** The StorageClasses of the downstream cluster (storage.k8s.io/v1, raw API). */
export function listStorageClasses(store: StoreLike, clusterId: string): Promise<StorageClassLike[]> {
  return listRaw<StorageClassLike>(store, clusterId, '/apis/storage.k8s.io/v1/storageclasses');
}

/** The CSIDrivers of the downstream cluster (storage.k8s.io/v1, raw API). */
export function listCsiDrivers(store: StoreLike, clusterId: string): Promise<CsiDriverLike[]> {
  return listRaw<CsiDriverLike>(store, clusterId, '/apis/storage.k8s.io/v1/csidrivers');
}

/** The leases of kube-system (leader election and leader migration). */
export function listLeases(store: StoreLike, clusterId: string): Promise<LeaseLike[]> {
  return listAll<LeaseLike>(store, `${ clusterPrefix(clusterId) }/v1/coordination.k8s.io.leases/kube-system`);
}

/**
 * Every Service of the downstream cluster (the verification judges those of type LoadBalancer); undefined when
 * Kubernetes refuses the read (403) or Steve does not serve it (404). Any other failure propagates.
 */
export async function listServices(store: StoreLike, clusterId: string): Promise<ServiceLike[] | undefined> {
  try {
    return await listAll<ServiceLike>(store, `${ clusterPrefix(clusterId) }/v1/services`);
  } catch (e: any) {
    if (e?.code === 'FORBIDDEN' || e?.code === 'NOT_FOUND') {
      return undefined;
    }
    throw e;
  }
}

/**
 * Cordon (true) or uncordon (false) one node, as `kubectl cordon` does: a strategic-merge PATCH of
 * `spec.unschedulable`; uncordon sends null, which removes the field (false is its default).
 */
export function setUnschedulable(store: StoreLike, clusterId: string, nodeName: string, value: boolean): Promise<NodeLike> {
  return request(store, 'management', {
    url:     `${ clusterPrefix(clusterId) }/api/v1/nodes/${ encodeURIComponent(nodeName) }`,
    method:  'patch',
    data:    { spec: { unschedulable: value ? true : null } },
    headers: { 'content-type': STRATEGIC_MERGE_PATCH, accept: 'application/json' },
  });
}

/**
 * Downstream cluster resources through Rancher's proxy (docs/rancher-behaviour.md#downstream-proxy): Steve lists at
 * `/k8s/clusters/<id>/v1/<type>`, raw Kubernetes writes at `/k8s/clusters/<id>/api/v1/...`.
 */
import type {
  CsiDriverLike, DaemonSetLike, EcrNodesRead, JobLike, LeaseLike, NodeLike, PodLike, ServiceLike, StorageClassLike,
} from '../engine';
import { withLabels } from './labels';
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

/**
 * The fields of a node nothing here reads, left out of every node list (Steve's `exclude=`, applied by its formatter
 * to each object; docs/rancher-behaviour.md#steve-list-parameters): on a real node they are most of its bytes
 * (`status.images` lists up to 50 images, `managedFields` every writer's field set, the annotations the distro
 * and Rancher put there). What is read: names, labels (roles), taints, providerID, unschedulable, conditions (Ready)
 * and Steve's links (who may patch a node). The ECR check reads the images apart (readEcrNodes).
 */
export const NODE_UNREAD_FIELDS = [
  'metadata.managedFields', 'metadata.annotations', 'metadata.relationships', 'spec.podCIDR', 'spec.podCIDRs',
  'status.images', 'status.nodeInfo', 'status.addresses', 'status.allocatable', 'status.capacity', 'status.daemonEndpoints',
];

/** `exclude=…` for a Steve URL. */
function excluding(fields: string[]): string {
  return fields.map((f) => `exclude=${ encodeURIComponent(f) }`).join('&');
}

/** Steve's exclusion of what no object here needs: the field managers (the dashboard's own lists leave them out too). */
const NO_MANAGED_FIELDS = excluding(['metadata.managedFields']);

/** Nodes of the downstream cluster, optionally filtered by a label selector (`key=value`), without NODE_UNREAD_FIELDS. */
export function listNodes(store: StoreLike, clusterId: string, selector?: string): Promise<NodeLike[]> {
  const query = `${ selector ? `labelSelector=${ encodeURIComponent(selector) }&` : '' }${ excluding(NODE_UNREAD_FIELDS) }`;

  const nodes = listAll<NodeLike>(store, `${ clusterPrefix(clusterId) }/v1/nodes?${ query }`);

  return selector ? nodes.then((all) => withLabels(all, selector)) : nodes;
}

/** What every image name from a private Amazon ECR registry contains (`<account>.dkr.ecr[-fips].<region>…`). */
export const ECR_NAME_PART = '.dkr.ecr';

/** At most this many of the nodes that name ECR are read with their images (their registries are named). */
export const ECR_NODES_READ = 20;

/** Only the node's name and its images (Steve's `include=`). */
const NAME_AND_IMAGES = 'include=metadata.name&include=status.images';

/**
 * The nodes whose images name Amazon ECR, for the live pre-flight (docs/rancher-behaviour.md#ecr-images-read): one
 * Steve list filtered on the image names (`filter=status.images.names=.dkr.ecr`, which searches the lists) with
 * `pagesize`, so Steve counts every such node (`count`) and sends the first ECR_NODES_READ of them, name and images
 * only. Steve with its SQL cache cannot filter on images (422); then every node's images are read.
 */
export async function readEcrNodes(store: StoreLike, clusterId: string): Promise<EcrNodesRead> {
  const filter = `filter=${ encodeURIComponent(`status.images.names=${ ECR_NAME_PART }`) }`;

  try {
    const page: any = await request(store, 'management', { url: `${ clusterPrefix(clusterId) }/v1/nodes?${ filter }&pagesize=${ ECR_NODES_READ }&${ NAME_AND_IMAGES }` });
    const read: NodeLike[] = page?.data || [];

    // Steve leaves `count` out when it is zero.
    return { matching: Math.max(page?.count || 0, read.length), read };
  } catch (e: any) {
    if (e?.code !== 'REQUEST_REJECTED') {
      throw e;
    }
  }
  const all = await listAll<NodeLike>(store, `${ clusterPrefix(clusterId) }/v1/nodes?${ NAME_AND_IMAGES }`);
  const read = all.filter((n) => (n.status?.images || []).some((i) => (i.names || []).some((name) => name.includes(ECR_NAME_PART))));

  return { matching: read.length, read };
}

/**
 * One namespaced object of the downstream cluster through Steve (`/v1/<type>/<namespace>/<name>`), or null when it does
 * not exist (404); any other failure propagates.
 */
export async function getDownstreamObject<T = Record<string, any>>(store: StoreLike, clusterId: string, type: string, namespace: string, name: string): Promise<T | null> {
  try {
    return await request(store, 'management', { url: `${ clusterPrefix(clusterId) }/v1/${ type }/${ encodeURIComponent(namespace) }/${ encodeURIComponent(name) }?${ NO_MANAGED_FIELDS }` });
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
  return listAll<PodLike>(store, `${ clusterPrefix(clusterId) }/v1/pods/${ encodeURIComponent(namespace) }?labelSelector=${ encodeURIComponent(selector) }&${ NO_MANAGED_FIELDS }`)
    .then((pods) => withLabels(pods, selector));
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
  return listAll<LeaseLike>(store, `${ clusterPrefix(clusterId) }/v1/coordination.k8s.io.leases/kube-system?${ NO_MANAGED_FIELDS }`);
}

/**
 * Every Service of the downstream cluster (the verification judges those of type LoadBalancer); undefined when
 * Kubernetes refuses the read (403) or Steve does not serve it (404). Any other failure propagates.
 */
export async function listServices(store: StoreLike, clusterId: string): Promise<ServiceLike[] | undefined> {
  try {
    return await listAll<ServiceLike>(store, `${ clusterPrefix(clusterId) }/v1/services?${ NO_MANAGED_FIELDS }`);
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

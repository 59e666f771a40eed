/**
 * RKE1 clusters through Norman v3 (docs/rancher-behaviour.md#norman-update). Norman deep-merges a PUT into the current object and never
 * answers 409 (last write wins), so after writing we read the cluster back and confirm the fields the migration
 * owns hold what we sent. A mismatch means someone else wrote in between: SPEC_CONFLICT.
 */
import { MigrationError, RKE1_GATED_SERVICES, jsonEqual } from '../engine';
import { JSON_HEADERS, request, type StoreLike } from './request';

/** The RKE1 fields the migration steps write (dotted paths in the Norman cluster). */
export const NORMAN_OWNED_PATHS = [
  'rancherKubernetesEngineConfig.cloudProvider.name',
  'rancherKubernetesEngineConfig.cloudProvider.useInstanceMetadataHostname',
  // Sent as null by the switch: while the block is set RKE keeps the in-tree provider.
  'rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider',
  'rancherKubernetesEngineConfig.kubernetesVersion',
  // extraArgs of every service whose feature gates the switch edits (engine/rke1Edits.ts RKE1_GATED_SERVICES).
  ...RKE1_GATED_SERVICES.map((service) => `rancherKubernetesEngineConfig.services.${ service }.extraArgs`),
  ...RKE1_GATED_SERVICES.map((service) => `rancherKubernetesEngineConfig.services.${ service }.extraArgsArray`),
];

export function normanClusterUrl(id: string): string {
  return `/v3/clusters/${ encodeURIComponent(id) }`;
}

export function getNormanCluster(store: StoreLike, id: string): Promise<Record<string, any>> {
  return request(store, 'rancher', { url: normanClusterUrl(id) });
}

/**
 * The RKE1 cluster's node pools (`/v3/nodePools?clusterId=`): node-driver clusters have them, custom clusters do
 * not. The engine needs this to decide useInstanceMetadataHostname (docs/rancher-behaviour.md#rke1-cloud-provider).
 */
export async function listNormanNodePools(store: StoreLike, clusterId: string): Promise<Record<string, any>[]> {
  const res = await request(store, 'rancher', { url: `/v3/nodePools?clusterId=${ encodeURIComponent(clusterId) }` });

  return Array.isArray(res?.data) ? res.data : [];
}

/**
 * How an RKE1 cluster's nodes were provisioned: node pools mean node-driver, none means custom (nodes registered
 * with the agent command). A failed read answers undefined: the engine then asks the user.
 */
export async function readRke1NodeProvisioning(store: StoreLike, clusterId: string): Promise<'node-driver' | 'custom' | undefined> {
  try {
    return (await listNormanNodePools(store, clusterId)).length ? 'node-driver' : 'custom';
  } catch {
    return undefined;
  }
}

function valueAt(obj: any, path: string): unknown {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

/** Norman's body: the object without the links and actions the server generates. */
export function normanBody(obj: Record<string, any>): Record<string, any> {
  const body = JSON.parse(JSON.stringify(obj));

  for (const key of ['links', 'actions', '__clone', '__rehydrate']) {
    delete body[key];
  }

  return body;
}

/** An empty map reads back absent (Go `omitempty`); both mean "no entries". */
function orAbsent(value: unknown): unknown {
  return value && typeof value === 'object' && !Array.isArray(value) && !Object.keys(value).length ? undefined : value;
}

/**
 * The read-back holds what was sent. A block sent as null must be gone (absent or null): an empty block is not the
 * same, since RKE runs the in-tree provider while `awsCloudProvider` is there at all.
 */
function holds(sent: unknown, got: unknown): boolean {
  return sent === null ? got === undefined || got === null : jsonEqual(orAbsent(sent), orAbsent(got));
}

/**
 * PUT the cluster, read it back, and return the read-back object once every owned path we sent a value for holds
 * that value. Paths we did not send are kept by Norman's merge and are not compared.
 */
export async function putNormanCluster(store: StoreLike, obj: Record<string, any>, ownedPaths: string[] = NORMAN_OWNED_PATHS): Promise<Record<string, any>> {
  if (!obj.id) {
    throw new MigrationError('INCOMPLETE_OBJECT', 'The Norman cluster object has no id; reload it before saving.', { key: 'api.errors.unsaveable', params: { missing: 'id' } });
  }
  await request(store, 'rancher', {
    url: normanClusterUrl(obj.id), method: 'put', data: normanBody(obj), headers: JSON_HEADERS
  });
  const readBack = await getNormanCluster(store, obj.id);
  const overwritten = ownedPaths.filter((p) => valueAt(obj, p) !== undefined && !holds(valueAt(obj, p), valueAt(readBack, p)));

  if (overwritten.length) {
    throw new MigrationError('SPEC_CONFLICT', `Cluster ${ obj.id } was saved, but ${ overwritten.join(', ') } changed again right after (another write won). Reload and review the step again.`, {
      key: 'api.errors.normanOverwritten', params: { id: obj.id, paths: overwritten.join(', ') }, cause: { readBack }
    });
  }

  return readBack;
}

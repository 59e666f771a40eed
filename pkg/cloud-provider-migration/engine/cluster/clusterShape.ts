import type { InputFormat } from '../types';

/** What shape a cluster object has, and the views the engine shows of it. */

export const PROVISIONING_API_VERSION = 'provisioning.cattle.io/v1';
export const STEVE_CLUSTER_TYPE = 'provisioning.cattle.io.cluster';
export const MANAGEMENT_API_VERSION = 'management.cattle.io/v3';
export const STEVE_MANAGEMENT_CLUSTER_TYPE = 'management.cattle.io.cluster';

export function isPlainObject(value: unknown): value is Record<string, any> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** A provisioning.cattle.io/v1 Cluster, Steve-shaped (id/type/links) or kubectl-shaped. */
export function isProvisioningCluster(obj: Record<string, any>): boolean {
  const byType = obj.type === STEVE_CLUSTER_TYPE;
  const byKind = obj.apiVersion === PROVISIONING_API_VERSION && obj.kind === 'Cluster';

  return (byType || byKind) && isPlainObject(obj.metadata) && typeof obj.metadata.name === 'string' && isPlainObject(obj.spec);
}

/** A Norman v3 cluster (`type: "cluster"`, id `c-…` or `local`). */
export function isNormanCluster(obj: Record<string, any>): boolean {
  return obj.type === 'cluster' && typeof obj.id === 'string' && !obj.metadata?.namespace && !obj.spec;
}

/**
 * A management.cattle.io/v3 Cluster as kubectl (or Steve) prints it: cluster-scoped `metadata.name` (`c-…`,
 * `c-m-…`, `local`), the Norman fields under `spec`, the read-only ones under `status`.
 */
export function isManagementCluster(obj: Record<string, any>): boolean {
  const byType = obj.type === STEVE_MANAGEMENT_CLUSTER_TYPE;
  const byKind = obj.apiVersion === MANAGEMENT_API_VERSION && obj.kind === 'Cluster';

  return (byType || byKind) && isPlainObject(obj.metadata) && typeof obj.metadata.name === 'string' && !!obj.metadata.name &&
    !obj.metadata.namespace && isPlainObject(obj.spec);
}

/** What is wrong with an object that names a cluster type (apiVersion and kind, or type) but is not a whole cluster. */
export type ClusterShapeProblem = 'metadata' | 'name' | 'spec' | 'id' | 'namespace' | 'mixed';

/**
 * For an object whose apiVersion/kind or type say it is a cluster of a shape the engine reads, but which
 * `inputFormat` does not recognise: the cluster type it names (as a user reads it) and what it lacks or has too many.
 * Undefined for any other object.
 */
export function clusterShapeProblem(obj: Record<string, any>): { what: string; problem: ClusterShapeProblem } | undefined {
  const provisioning = obj.type === STEVE_CLUSTER_TYPE || (obj.apiVersion === PROVISIONING_API_VERSION && obj.kind === 'Cluster');
  const management = obj.type === STEVE_MANAGEMENT_CLUSTER_TYPE || (obj.apiVersion === MANAGEMENT_API_VERSION && obj.kind === 'Cluster');

  if (provisioning || management) {
    const what = provisioning ? `${ PROVISIONING_API_VERSION } Cluster` : `${ MANAGEMENT_API_VERSION } Cluster`;
    const metadata = obj.metadata;

    if (!isPlainObject(metadata)) {
      return { what, problem: 'metadata' };
    }
    if (typeof metadata.name !== 'string' || !metadata.name) {
      return { what, problem: 'name' };
    }
    if (management && metadata.namespace) {
      return { what, problem: 'namespace' };
    }

    return isPlainObject(obj.spec) ? undefined : { what, problem: 'spec' };
  }
  if (obj.type === 'cluster') {
    return { what: 'Norman v3 cluster', problem: typeof obj.id === 'string' ? 'mixed' : 'id' };
  }

  return undefined;
}

export function inputFormat(obj: Record<string, any>): InputFormat | null {
  if (isProvisioningCluster(obj)) {
    return obj.type === STEVE_CLUSTER_TYPE || isPlainObject(obj.links) ? 'steve' : 'kubectl';
  }
  if (isManagementCluster(obj)) {
    return 'management';
  }

  return isNormanCluster(obj) ? 'norman' : null;
}

/** Formats that carry an RKE1 cluster's own configuration (`rancherKubernetesEngineConfig`), Norman or management. */
export function holdsRke1Config(format: InputFormat): boolean {
  return format === 'norman' || format === 'management';
}

/** Deep copy of JSON data. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/**
 * Equality of JSON values as an API server sees them: key order does not matter, array order does, and a key
 * whose value is `undefined` is the same as a missing key. The one equality the engine, checks and api use.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);

    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }

  return false;
}

/**
 * The object as a user edits it: Steve/kubectl/management without `status`, `links`, `metadata.managedFields`
 * (and Steve's read-only `metadata.relationships`/`metadata.state`); Norman without `links`/`actions`.
 */
export function editableView(obj: Record<string, any>, format: InputFormat): Record<string, any> {
  const view = cloneJson(obj);

  if (format === 'norman') {
    delete view.links;
    delete view.actions;

    return view;
  }
  delete view.status;
  delete view.links;
  if (isPlainObject(view.metadata)) {
    delete view.metadata.managedFields;
    delete view.metadata.relationships;
    delete view.metadata.state;
  }

  return view;
}

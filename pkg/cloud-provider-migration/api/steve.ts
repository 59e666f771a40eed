/**
 * RKE2 provisioning clusters through Steve (docs/rancher-behaviour.md#steve-update). A PUT carries the whole object with the
 * `metadata.resourceVersion` it was derived from, so a concurrent change answers 409 instead of being overwritten.
 */
import { MigrationError } from '../engine';
import { JSON_HEADERS, request, type StoreLike } from './request';

export const PROVISIONING_CLUSTERS = '/v1/provisioning.cattle.io.clusters';

/** `fleet-default/<name>` → `/v1/provisioning.cattle.io.clusters/fleet-default/<name>`. */
export function provisioningClusterUrl(id: string): string {
  const [namespace, name] = id.includes('/') ? id.split('/', 2) : ['fleet-default', id];

  return `${ PROVISIONING_CLUSTERS }/${ encodeURIComponent(namespace) }/${ encodeURIComponent(name) }`;
}

export function getProvisioningCluster(store: StoreLike, id: string): Promise<Record<string, any>> {
  return request(store, 'management', { url: provisioningClusterUrl(id) });
}

/**
 * The body Steve should receive, like steve-class `cleanForSave`: without what the server owns or Steve adds
 * (status, links, actions, managedFields, relationships, state), with `resourceVersion` kept as a string.
 * Finalizers, uid and ownerReferences are kept: a Kubernetes update replaces them with what is sent.
 */
export function cleanForSave(obj: Record<string, any>): Record<string, any> {
  const body = JSON.parse(JSON.stringify(obj));

  for (const key of ['status', 'links', 'actions', '__clone', '__rehydrate']) {
    delete body[key];
  }
  if (body.metadata) {
    for (const key of ['managedFields', 'relationships', 'state']) {
      delete body.metadata[key];
    }
    if (body.metadata.resourceVersion !== undefined && body.metadata.resourceVersion !== null) {
      body.metadata.resourceVersion = `${ body.metadata.resourceVersion }`;
    }
  }

  return body;
}

export function putProvisioningCluster(store: StoreLike, obj: Record<string, any>): Promise<Record<string, any>> {
  const { namespace, name, resourceVersion } = obj.metadata || {};

  if (!namespace || !name || !resourceVersion) {
    const missing = !resourceVersion ? 'metadata.resourceVersion' : 'metadata.namespace/name';

    // Without a resourceVersion the PUT would overwrite whatever is there: refuse rather than write blind.
    return Promise.reject(new MigrationError('INCOMPLETE_OBJECT', `The cluster object has no ${ missing }; reload it before saving.`, { key: 'api.errors.unsaveable', params: { missing } }));
  }

  return request(store, 'management', {
    url: provisioningClusterUrl(`${ namespace }/${ name }`), method: 'put', data: cleanForSave(obj), headers: JSON_HEADERS
  });
}

/**
 * Writes shared by the Steve and raw Kubernetes APIs.
 * - Steve-only fields (id, type, links, actions, metadata.state/relationships/fields) are dropped from a
 *   body, as Steve's store does before calling the apiserver (rancher/steve pkg/stores/proxy/proxy_store.go
 *   toUnstructured / moveFromUnderscore).
 * - A PUT keeps the stored `status` (status subresource: k8s registry strategies PrepareForUpdate reset it).
 * - A PUT with a stale `metadata.resourceVersion` is a 409 (store.update).
 * - The control API's `conflictNext` fault makes "another admin" edit the object first: an annotation the
 *   caller does not own changes (and, with `mergePatch`, whatever that patch changes, e.g. a field the caller's
 *   step owns) and the resourceVersion moves on, so the caller's PUT is stale.
 */
import jsonMergePatch from 'json-merge-patch';
import type { KObj } from '../store';
import type { SimContext } from './context';
import { apiVersionOf, TypeInfo } from './type-registry';
import { ApiError } from './types';

export const CONCURRENT_EDIT_ANNOTATION = 'sim.cattle.io/concurrent-edit';

export function cleanIncoming(body: any, info: TypeInfo): KObj {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'BadRequest', 'request body must be a JSON object', 'rancher');
  }
  const { id, type, links, actions, _type, ...rest } = body; // eslint-disable-line @typescript-eslint/no-unused-vars
  const meta = { ...(rest.metadata || {}) };

  delete meta.state;
  delete meta.relationships;
  delete meta.fields;
  delete meta.managedFields;

  return {
    ...rest, apiVersion: rest.apiVersion || apiVersionOf(info), kind: rest.kind || info.kind, metadata: meta
  };
}

/** Arm-and-fire of the `conflictNext` fault for one object. */
export function fireConflictFault(ctx: SimContext, scope: string, type: string, ns: string | undefined, name: string): void {
  const id = ns ? `${ ns }/${ name }` : name;
  const f = ctx.faults.conflictNext.find((x) => x.type === type && x.id === id && (x.scope === scope || x.scope === '*'));

  if (!f) {
    return;
  }
  if (f.skip) {
    f.skip--;

    return;
  }
  f.count--;
  if (f.count <= 0) {
    ctx.faults.conflictNext.splice(ctx.faults.conflictNext.indexOf(f), 1);
  }
  ctx.store.mutate(scope, type, ns, name, (o) => {
    if (f.mergePatch) {
      const patched = jsonMergePatch.apply(JSON.parse(JSON.stringify(o)), f.mergePatch);

      Object.keys(o).forEach((k) => delete (o as any)[k]);
      Object.assign(o, patched);
    }
    o.metadata.annotations = { ...(o.metadata.annotations || {}), [CONCURRENT_EDIT_ANNOTATION]: `${ Date.now() }-${ Math.random().toString(36).slice(2, 8) }` };
  });
}

export function replaceObject(ctx: SimContext, scope: string, info: TypeInfo, ns: string | undefined, name: string, incoming: KObj): KObj {
  const current = ctx.store.get(scope, info.id, ns, name);

  if (!current) {
    throw new ApiError(404, 'NotFound', `${ info.resource }.${ info.group || 'core' } "${ name }" not found`, 'rancher');
  }
  fireConflictFault(ctx, scope, info.id, ns, name);
  const next: KObj = { ...incoming, metadata: { ...incoming.metadata, name, ...(ns ? { namespace: ns } : {}) } };

  if (current.status !== undefined) {
    next.status = current.status;
  } else {
    delete next.status;
  }

  return ctx.store.update(scope, info.id, next);
}

export function createObject(ctx: SimContext, scope: string, info: TypeInfo, ns: string | undefined, incoming: KObj): KObj {
  const meta = { ...incoming.metadata };

  if (!meta.name && meta.generateName) {
    meta.name = `${ meta.generateName }${ Math.random().toString(36).slice(2, 7) }`;
  }
  if (!meta.name) {
    throw new ApiError(422, 'Invalid', `${ info.kind } "" is invalid: metadata.name: Required value: name or generateName is required`, 'rancher');
  }
  if (info.namespaced) {
    meta.namespace = ns || meta.namespace || 'default';
  } else {
    delete meta.namespace;
  }
  delete meta.resourceVersion;
  delete meta.uid;

  return ctx.store.create(scope, info.id, { ...incoming, metadata: meta });
}

/**
 * The raw Kubernetes API (through Rancher's proxy `/k8s/clusters/<id>/api|apis/...`, and `/api|apis` of the
 * local cluster): paths of k8s.io/apiserver pkg/endpoints/installer.go
 * (`/api/v1/[namespaces/<ns>/]<resource>[/<name>]`, `/apis/<group>/<version>/…`), lists as `<Kind>List`
 * with `metadata.resourceVersion`/`continue`, errors as `Status` objects, PUT with resourceVersion
 * preconditions (409 Conflict), PATCH in the three content types (patch.ts), label and field selectors.
 * Node rule: `spec.providerID` may only change from "" (pkg/apis/core/validation ValidateNodeUpdate).
 */
import type { KObj } from '../store';
import type { SimContext } from './context';
import { selectAndPage } from './list-query';
import { cleanIncoming, createObject, fireConflictFault } from './object-writes';
import { applyPatch } from './patch';
import { json, toApiError } from './replies';
import { canWrite } from './steve-format';
import { apiVersionOf, TypeInfo, typeByResource } from './type-registry';
import { ApiError, Reply, SimRequest } from './types';

interface Target {
  info: TypeInfo;
  namespace?: string;
  name?: string;
}

function k8sNotFound(info: TypeInfo, name: string): ApiError {
  const res = info.group ? `${ info.resource }.${ info.group }` : info.resource;

  return new ApiError(404, 'NotFound', `${ res } "${ name }" not found`, 'k8s', { name, group: info.group, kind: info.resource });
}

/** Parse the segments after `api`/`apis` into a target. */
function parseTarget(scope: string, segments: string[]): Target {
  let group = '';
  let rest: string[];

  if (segments[0] === 'api') {
    if (segments[1] !== 'v1') {
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', 'k8s');
    }
    rest = segments.slice(2);
  } else {
    group = segments[1] || '';
    rest = segments.slice(3);
  }
  let namespace: string | undefined;

  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, sub] = rest;
  const info = resource ? typeByResource(scope, group, resource) : undefined;

  if (!info || sub) {
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', 'k8s');
  }

  return { info, namespace: info.namespaced ? namespace : undefined, name };
}

function body(req: SimRequest): any {
  try {
    return req.rawBody ? JSON.parse(req.rawBody) : {};
  } catch (e) {
    throw new ApiError(400, 'BadRequest', `error decoding request body: ${ (e as Error).message }`, 'k8s');
  }
}

function withTypeMeta(info: TypeInfo, o: KObj): KObj {
  return { apiVersion: apiVersionOf(info), kind: info.kind, ...o };
}

function requireWrite(req: SimRequest, t: Target, verb: string): void {
  if (!canWrite(req.user)) {
    const res = t.info.group ? `${ t.info.resource }.${ t.info.group }` : t.info.resource;

    throw new ApiError(403, 'Forbidden', `${ res } "${ t.name || '' }" is forbidden: User "${ req.user?.username }" cannot ${ verb } resource "${ t.info.resource }" in API group "${ t.info.group }"${ t.namespace ? ` in the namespace "${ t.namespace }"` : '' }`, 'k8s');
  }
}

function checkImmutable(info: TypeInfo, current: KObj, next: KObj): void {
  if (info.id === 'node') {
    const was = current.spec?.providerID || '';
    const now = next.spec?.providerID || '';

    if (was !== '' && was !== now) {
      throw new ApiError(422, 'Invalid', `Node "${ current.metadata.name }" is invalid: spec.providerID: Forbidden: node updates may not change providerID except from "" to valid`, 'k8s');
    }
  }
}

function write(ctx: SimContext, scope: string, t: Target, current: KObj, next: KObj): KObj {
  checkImmutable(t.info, current, next);
  const keep: KObj = { ...next, metadata: { ...next.metadata, name: current.metadata.name, ...(current.metadata.namespace ? { namespace: current.metadata.namespace } : {}) } };

  if (current.status !== undefined) {
    keep.status = current.status;
  }

  return ctx.store.update(scope, t.info.id, keep);
}

export async function handleK8s(ctx: SimContext, req: SimRequest, scope: string, segments: string[]): Promise<Reply> {
  try {
    return route(ctx, req, scope, segments);
  } catch (e) {
    throw toApiError(e, 'k8s');
  }
}

function route(ctx: SimContext, req: SimRequest, scope: string, segments: string[]): Reply {
  const t = parseTarget(scope, segments);
  const { info, namespace, name } = t;

  if (!name) {
    if (req.method === 'GET') {
      const all = ctx.store.list(scope, info.id, namespace);
      const revision = ctx.store.revision();
      const page = selectAndPage(all, req.url.searchParams, revision);

      return json(200, {
        kind: `${ info.kind }List`, apiVersion: apiVersionOf(info), metadata: { resourceVersion: revision, ...(page.continueToken ? { continue: page.continueToken } : {}) }, items: page.items.map((o) => withTypeMeta(info, o))
      });
    }
    if (req.method === 'POST') {
      requireWrite(req, t, 'create');

      return json(201, withTypeMeta(info, createObject(ctx, scope, info, namespace, cleanIncoming(body(req), info))));
    }
    throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`, 'k8s');
  }
  const current = ctx.store.get(scope, info.id, namespace, name);

  if (!current) {
    throw k8sNotFound(info, name);
  }
  switch (req.method) {
    case 'GET':
      return json(200, withTypeMeta(info, current));
    case 'PUT': {
      requireWrite(req, t, 'update');
      fireConflictFault(ctx, scope, info.id, namespace, name);
      const fresh = ctx.store.get(scope, info.id, namespace, name) as KObj;

      return json(200, withTypeMeta(info, write(ctx, scope, t, fresh, cleanIncoming(body(req), info))));
    }
    case 'PATCH': {
      requireWrite(req, t, 'patch');
      fireConflictFault(ctx, scope, info.id, namespace, name);
      const fresh = ctx.store.get(scope, info.id, namespace, name) as KObj;
      const patched = applyPatch(String(req.headers['content-type'] || ''), fresh, body(req));

      return json(200, withTypeMeta(info, write(ctx, scope, t, fresh, patched)));
    }
    case 'DELETE':
      requireWrite(req, t, 'delete');

      return json(200, withTypeMeta(info, ctx.store.delete(scope, info.id, namespace, name)));
    default:
      throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', 'k8s');
  }
}

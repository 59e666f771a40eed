/**
 * The Steve API of one scope: `/v1/...` for the local cluster and `/k8s/clusters/<id>/v1/...` downstream.
 * URL forms (rancher/apiserver pkg/urlbuilder + pkg/server/handler): `/v1/<type>` list,
 * `/v1/<type>/<namespace>` list in a namespace (namespaced types), `/v1/<type>/<ns>/<name>` or
 * `/v1/<type>/<name>` one object, `?action=<name>` actions (POST). Permissions follow the user: a read-only
 * user gets 403 on every write (rancher/steve pkg/accesscontrol).
 */
import type { KObj } from '../store';
import type { SimContext } from './context';
import { appAction, clusterRepoAction } from './catalog-actions';
import { clusterRepoLink } from './chart-repos';
import { applyFieldParams, nextUrl, steveList } from './list-query';
import { cleanIncoming, createObject, replaceObject } from './object-writes';
import { relationshipsOf } from './relationships';
import { forbidden, json, notFound, toApiError } from './replies';
import { samplesFor, schemaDefinition, steveSchema, steveSchemaCollection } from './schemas';
import { featureObject, FEATURES, settingObject, settingSeeds } from './settings';
import { canWrite, collectionUrl, LinkContext, steveCollection, steveObject } from './steve-format';
import { lookupType, TypeInfo, typesIn } from './type-registry';
import { ApiError, Reply, SimRequest } from './types';

export interface SteveScope {
  scope: string;
  prefix: string;
}

function linkCtx(req: SimRequest, s: SteveScope): LinkContext {
  return { base: req.base, prefix: s.prefix, user: req.user };
}

function parseBody(req: SimRequest): any {
  try {
    return req.rawBody ? JSON.parse(req.rawBody) : {};
  } catch {
    throw new ApiError(400, 'BadRequest', 'request body is not valid JSON', 'rancher');
  }
}

function requireWrite(req: SimRequest, info: TypeInfo, verb: string, id: string): void {
  if (!canWrite(req.user)) {
    throw forbidden(req.user?.username || 'system:anonymous', verb, `${ info.resource }.${ info.group || 'core' } "${ id }"`);
  }
}

/** Objects of a virtual type (answered by the server, not stored in the world). */
function virtualObjects(ctx: SimContext, info: TypeInfo): KObj[] {
  switch (info.id) {
    case 'management.cattle.io.setting':
      return Object.entries(settingSeeds(ctx.world.serverVersion)).map(([name, seed]) => {
        const o = settingObject(name, seed);
        const v = ctx.settingValues.get(name);

        if (v !== undefined) {
          o.value = v;
          o.customized = true;
        }

        return o;
      });
    case 'management.cattle.io.feature':
      return FEATURES.map(featureObject);
    default:
      return [];
  }
}

/** Settings visible without a session (the login page reads them). */
export function publicSettingsCollection(ctx: SimContext, req: SimRequest): Reply {
  const info = lookupType('local', 'management.cattle.io.setting') as TypeInfo;
  const lc = linkCtx(req, { scope: 'local', prefix: '' });
  const seeds = settingSeeds(ctx.world.serverVersion);
  const data = virtualObjects(ctx, info).filter((o) => seeds[o.metadata.name]?.public).map((o) => steveObject(info, o, lc));

  return json(200, steveCollection(info, data, lc, { revision: ctx.store.revision() }));
}

function preferenceObject(ctx: SimContext, req: SimRequest, s: SteveScope): Record<string, any> {
  const user = req.user!;
  const self = `${ req.base }${ s.prefix }/v1/userpreferences/${ user.id }`;

  return {
    id: user.id, type: 'userpreference', links: { self, update: self }, data: ctx.preferencesOf(user.id)
  };
}

function countsObject(ctx: SimContext, req: SimRequest, s: SteveScope): Record<string, any> {
  const counts: Record<string, any> = {};

  for (const info of typesIn(s.scope)) {
    const objs = info.virtual ? virtualObjects(ctx, info) : ctx.store.list(s.scope, info.id);

    if (info.id === 'count' || info.id === 'userpreference') {
      continue;
    }
    const namespaces: Record<string, { count: number }> = {};

    if (info.namespaced) {
      for (const o of objs) {
        const ns = o.metadata.namespace || '';

        namespaces[ns] = { count: (namespaces[ns]?.count || 0) + 1 };
      }
    }
    counts[info.id] = { summary: { count: objs.length }, ...(info.namespaced ? { namespaces } : {}), revision: ctx.store.revision() };
  }

  return {
    id: 'count', type: 'count', links: { self: `${ req.base }${ s.prefix }/v1/counts/count` }, counts
  };
}

export function formatOne(ctx: SimContext, req: SimRequest, s: SteveScope, info: TypeInfo, obj: KObj): Record<string, any> {
  return applyFieldParams(steveObject(info, obj, linkCtx(req, s), relationshipsOf(ctx.store, s.scope, info.id, obj)), req.url.searchParams);
}

function list(ctx: SimContext, req: SimRequest, s: SteveScope, info: TypeInfo, ns?: string): Reply {
  const lc = linkCtx(req, s);
  const revision = ctx.store.revision();

  if (info.id === 'userpreference') {
    return json(200, steveCollection(info, [preferenceObject(ctx, req, s)], lc, { revision }));
  }
  if (info.id === 'count') {
    return json(200, steveCollection(info, [countsObject(ctx, req, s)], lc, { revision }));
  }
  // Filter and page over the stored objects, then copy only the page (Store.listShared).
  const all = (info.virtual ? virtualObjects(ctx, info) : ctx.store.listShared(s.scope, info.id, ns) as KObj[]).filter((o) => !ns || o.metadata.namespace === ns);
  const page = steveList(all, req.url.searchParams, revision);
  const data = page.items.map((o) => formatOne(ctx, req, s, info, structuredClone(o)));
  const self = collectionUrl(info, lc) + (ns ? `/${ ns }` : '');
  const query = req.url.searchParams.toString();

  return json(200, steveCollection(info, data, lc, {
    revision,
    count:         page.count,
    pages:         page.pages,
    continueToken: page.continueToken,
    nextUrl:       page.continueToken ? nextUrl(self, req.url.searchParams, page.continueToken) : undefined,
    continued:     req.url.searchParams.has('continue'),
    selfUrl:       query ? `${ self }?${ query }` : self,
  }));
}

function findOne(ctx: SimContext, s: SteveScope, info: TypeInfo, ns: string | undefined, name: string): KObj {
  const o = info.virtual ? virtualObjects(ctx, info).find((x) => x.metadata.name === name && (!ns || x.metadata.namespace === ns)) : ctx.store.get(s.scope, info.id, ns, name);

  if (!o) {
    throw notFound(`${ info.resource }.${ info.group || 'core' } "${ ns ? `${ ns }/` : '' }${ name }"`);
  }

  return o;
}

function putVirtual(ctx: SimContext, req: SimRequest, s: SteveScope, info: TypeInfo, name: string): Reply {
  const body = parseBody(req);

  if (info.id === 'userpreference') {
    const prefs = ctx.preferencesOf(req.user!.id);

    if (body && typeof body.data === 'object' && body.data) {
      for (const [k, v] of Object.entries(body.data)) {
        prefs[k] = typeof v === 'string' ? v : JSON.stringify(v);
      }
    }

    return json(200, preferenceObject(ctx, req, s));
  }
  if (info.id === 'management.cattle.io.setting') {
    requireWrite(req, info, 'update', name);
    findOne(ctx, s, info, undefined, name);
    ctx.settingValues.set(name, String(body.value ?? ''));

    return json(200, formatOne(ctx, req, s, info, findOne(ctx, s, info, undefined, name)));
  }
  throw new ApiError(405, 'MethodNotAllowed', `method PUT not allowed on ${ info.id }`, 'rancher');
}

/** `segments` is the path after `/v1/` (already split and decoded). */
export async function handleSteve(ctx: SimContext, req: SimRequest, s: SteveScope, segments: string[]): Promise<Reply> {
  try {
    return await route(ctx, req, s, segments);
  } catch (e) {
    throw toApiError(e, 'rancher');
  }
}

async function route(ctx: SimContext, req: SimRequest, s: SteveScope, segments: string[]): Promise<Reply> {
  const [head, ...rest] = segments;
  const lc = linkCtx(req, s);

  if (head === 'schemas') {
    if (!rest.length) {
      return json(200, steveSchemaCollection(s.scope, lc, ctx.store.revision()));
    }
    const info = lookupType(s.scope, rest[0]);

    if (!info) {
      throw notFound(`schema "${ rest[0] }"`);
    }

    return json(200, steveSchema(info, lc));
  }
  if (head === 'schemaDefinitions') {
    const info = rest[0] ? lookupType(s.scope, rest[0]) : undefined;

    if (!info) {
      throw notFound(`schemaDefinition "${ rest[0] || '' }"`);
    }

    return json(200, schemaDefinition(info, samplesFor(ctx.store, s.scope, info), lc));
  }
  const info = head ? lookupType(s.scope, head) : undefined;

  if (!info) {
    throw notFound(`schema "${ head || '' }"`);
  }
  const action = req.url.searchParams.get('action');
  let ns: string | undefined;
  let name: string | undefined;

  if (info.namespaced) {
    [ns, name] = rest;
  } else {
    [name] = rest;
  }
  if (info.id === 'userpreference' || info.id === 'count') {
    if (req.method === 'GET') {
      return rest.length ? json(200, info.id === 'count' ? countsObject(ctx, req, s) : preferenceObject(ctx, req, s)) : list(ctx, req, s, info);
    }
    if (req.method === 'PUT' && info.id === 'userpreference') {
      return putVirtual(ctx, req, s, info, rest[0] || '');
    }
    throw new ApiError(405, 'MethodNotAllowed', `method ${ req.method } not allowed`, 'rancher');
  }
  if (req.method === 'GET') {
    if (!name) {
      return list(ctx, req, s, info, ns);
    }

    const one = findOne(ctx, s, info, ns, name);
    const link = req.url.searchParams.get('link');
    // The link handlers of a local ClusterRepo (rancher/rancher pkg/api/steve/catalog/catalog.go); other links return the object.
    const linked = link && s.scope === 'local' && info.id === 'catalog.cattle.io.clusterrepo' ? await clusterRepoLink(ctx, req, name, link) : undefined;

    return linked || json(200, formatOne(ctx, req, s, info, one));
  }
  if (req.method === 'POST' && action) {
    if (info.id === 'catalog.cattle.io.app' && ns && name) {
      // Checked only as a read of the app (appAction reads it); the helm pod then runs as the user.
      return json(201, appAction(ctx, s.scope, ns, name, action, req.rawBody || '', canWrite(req.user)));
    }
    requireWrite(req, info, action, name || ns || info.id);
    if (info.id === 'catalog.cattle.io.clusterrepo' && (ns || name)) {
      return json(201, clusterRepoAction(ctx, s.scope, (name || ns) as string, action, parseBody(req)));
    }
    throw new ApiError(404, 'NotFound', `action ${ action } not found on ${ info.id }`, 'rancher');
  }
  if (info.virtual) {
    if (req.method === 'PUT' && name) {
      return putVirtual(ctx, req, s, info, name);
    }
    requireWrite(req, info, req.method.toLowerCase(), name || info.id);
    throw new ApiError(405, 'MethodNotAllowed', `method ${ req.method } not allowed on ${ info.id }`, 'rancher');
  }
  if (req.method === 'POST') {
    requireWrite(req, info, 'create', info.id);
    const created = createObject(ctx, s.scope, info, info.namespaced ? (ns || parseBody(req).metadata?.namespace) : undefined, cleanIncoming(parseBody(req), info));

    return json(201, formatOne(ctx, req, s, info, created));
  }
  if (!name) {
    throw new ApiError(405, 'MethodNotAllowed', `method ${ req.method } not allowed on a collection`, 'rancher');
  }
  if (req.method === 'PUT') {
    requireWrite(req, info, 'update', ns ? `${ ns }/${ name }` : name);
    const incoming = cleanIncoming(parseBody(req), info);

    // rancher/steve pkg/stores/proxy/proxy_store.go Update: a plain error before the apiserver is called,
    // which rancher/apiserver pkg/handlers/error.go turns into 500 ServerError.
    if (!incoming.metadata.resourceVersion) {
      throw new ApiError(500, 'ServerError', 'metadata.resourceVersion is required for update', 'rancher');
    }
    const saved = replaceObject(ctx, s.scope, info, ns, name, incoming);

    return json(200, formatOne(ctx, req, s, info, saved));
  }
  if (req.method === 'DELETE') {
    requireWrite(req, info, 'delete', ns ? `${ ns }/${ name }` : name);
    const gone = ctx.store.delete(s.scope, info.id, ns, name);

    return json(200, formatOne(ctx, req, s, info, gone));
  }
  throw new ApiError(405, 'MethodNotAllowed', `method ${ req.method } not allowed`, 'rancher');
}

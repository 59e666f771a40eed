/**
 * Turning stored Kubernetes objects into Steve JSON (rancher/steve pkg/resources/common/formatter.go and
 * rancher/apiserver pkg/types/server_types.go RawResource / GenericCollection):
 * - `id` is `<namespace>/<name>` or `<name>`; `type` is the schema id;
 * - `links`: `self` always, `update`/`remove` only when the user may write (formatter.go drops them when the
 *   access set lacks update/delete), `view` = the raw Kubernetes path (formatter.go selfLink);
 * - `metadata.state` from the summary (summary-state.ts), `metadata.relationships` (relationships.ts);
 * - collections carry `revision` (the store's resourceVersion), `resourceType`, `createTypes`, `count` and
 *   `pages` when not zero and, when cut by `limit` or continuing, `pagination: {first, partial, next}` with `continue`
 *   (rancher/apiserver pkg/writer/encoding.go newCollection).
 */
import type { KObj } from '../store';
import { catalogLinks } from './chart-repos';
import { summarize } from './summary-state';
import { apiVersionOf, pluralOf, TypeInfo } from './type-registry';
import type { SimUser } from './types';

export interface LinkContext {
  /** `proto://host` the client used. */
  base: string;
  /** '' for the local cluster, `/k8s/clusters/<id>` downstream. */
  prefix: string;
  user?: SimUser;
}

export interface Relationship {
  toId?: string;
  toType?: string;
  fromId?: string;
  fromType?: string;
  rel: string;
  state?: string;
  message?: string;
}

export function steveId(obj: KObj): string {
  return obj.metadata.namespace ? `${ obj.metadata.namespace }/${ obj.metadata.name }` : obj.metadata.name;
}

export function canWrite(user: SimUser | undefined): boolean {
  return !!user && !user.readOnly;
}

/** The raw Kubernetes URL of an object (`/api/v1/...` for the core group, `/apis/<g>/<v>/...` otherwise). */
export function rawPath(info: TypeInfo, namespace: string | undefined, name?: string): string {
  const root = info.group ? `/apis/${ info.group }/${ info.version }` : `/api/${ info.version }`;
  const ns = info.namespaced && namespace ? `/namespaces/${ encodeURIComponent(namespace) }` : '';

  return `${ root }${ ns }/${ info.resource }${ name ? `/${ encodeURIComponent(name) }` : '' }`;
}

export function collectionUrl(info: TypeInfo, ctx: LinkContext): string {
  return `${ ctx.base }${ ctx.prefix }/v1/${ pluralOf(info.id) }`;
}

export function steveObject(info: TypeInfo, obj: KObj, ctx: LinkContext, relationships: Relationship[] = []): Record<string, any> {
  const id = steveId(obj);
  const self = `${ collectionUrl(info, ctx) }/${ id }`;
  const links: Record<string, string> = { self };

  if (canWrite(ctx.user)) {
    links.update = self;
    links.remove = self;
  }
  if (!info.virtual) {
    links.view = `${ ctx.base }${ ctx.prefix }${ rawPath(info, obj.metadata.namespace, obj.metadata.name) }`;
  }
  // The catalog schemas' link and action handlers (rancher/apiserver pkg/writer/encoding.go adds one per handler).
  const catalog = catalogLinks(info.id, obj, self);

  Object.assign(links, catalog.links);
  const { metadata: meta, ...rest } = obj;

  // Steve serves the object as Kubernetes has it, managedFields included (a list drops them only when asked:
  // exclude=metadata.managedFields, as the dashboard's own lists do).
  return {
    id,
    type:       info.id,
    links,
    ...(catalog.actions ? { actions: catalog.actions } : {}),
    apiVersion: obj.apiVersion || apiVersionOf(info),
    kind:       obj.kind || info.kind,
    ...rest,
    metadata:   {
      ...meta,
      relationships,
      state: summarize(obj),
    },
  };
}

export interface CollectionExtra {
  revision: string;
  /** Set when the list was cut by `limit`. */
  continueToken?: string;
  nextUrl?: string;
  /** The list's count (Steve: the filtered chunk, before `pagesize`); the number of items when not given. */
  count?: number;
  /** The number of pages `pagesize` makes. */
  pages?: number;
  /** The request asked to continue a list (the collection is then partial too). */
  continued?: boolean;
  /** The URL of this request (`pagination.first`). */
  selfUrl?: string;
}

export function steveCollection(info: TypeInfo, data: unknown[], ctx: LinkContext, extra: CollectionExtra): Record<string, any> {
  const url = collectionUrl(info, ctx);
  const out: Record<string, any> = {
    type:         'collection',
    links:        { self: url },
    createTypes:  canWrite(ctx.user) ? { [info.id]: url } : {},
    actions:      {},
    resourceType: info.id,
    revision:     extra.revision,
    data,
  };
  const count = extra.count ?? data.length;

  // apiserver pkg/types Collection: `count` and `pages` are omitempty.
  if (count) {
    out.count = count;
  }
  if (extra.pages) {
    out.pages = extra.pages;
  }
  if (extra.continueToken || extra.continued) {
    out.pagination = { first: extra.selfUrl || url, partial: true, ...(extra.continueToken ? { next: extra.nextUrl } : {}) };
  }
  if (extra.continueToken) {
    out.continue = extra.continueToken;
  }

  return out;
}

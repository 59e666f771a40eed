/**
 * The Norman API `/v3/...` (rancher/norman api + rancher/rancher pkg/api/norman): schemas, the current
 * user (`/v3/users?me=true`, with `uuid`), principals, settings, and the Norman view of management clusters
 * (`/v3/clusters`), plus management nodes (`/v3/nodes`) and, for RKE1, the etcd backup actions and objects
 * (norman-etcd.ts).
 *
 * Norman view of a management.cattle.io.cluster (rancher/norman types/mapper: spec and status fields move
 * to the top level, `metadata.name` → `id`, `spec.displayName` → `name`, creationTimestamp → `created`,
 * labels/annotations on top; `state`/`transitioning`/`transitioningMessage` from the wrangler summary,
 * rancher/rancher pkg/schemas/status/status.go).
 * PUT (rancher/norman store/proxy/proxy_store.go Update): read the current object, deep-merge the body into it
 * (norman-merge.ts), write without a resourceVersion check: last write wins, never 409.
 */
import type { KObj } from '../store';
import type { SimContext } from './context';
import { mergeProtected, normanMerge } from './norman-merge';
import { clusterAction, etcdBackupActions, etcdBackups } from './norman-etcd';
import { forbidden, json, notFound, toApiError } from './replies';
import { normanSchemaCollection, NORMAN_TYPES } from './schemas';
import { settingSeeds } from './settings';
import { canWrite, LinkContext } from './steve-format';
import { summarize } from './summary-state';
import { ApiError, Reply, SimRequest, SimUser } from './types';
import { USERS } from './users';

/** Spec fields of a management cluster that a Norman PUT may change (besides those already set). */
const UPDATABLE_SPEC = new Set(['description', 'rancherKubernetesEngineConfig', 'enableNetworkPolicy', 'dockerRootDir', 'localClusterAuthEndpoint', 'agentEnvVars', 'defaultPodSecurityAdmissionConfigurationTemplateName', 'clusterAgentDeploymentCustomization', 'fleetAgentDeploymentCustomization']);
const READONLY_SPEC = new Set(['displayName', 'internal', 'fleetWorkspaceName']);

function collection(base: string, type: string, data: unknown[], extra: Record<string, unknown> = {}): Record<string, any> {
  return {
    type: 'collection', resourceType: type, links: { self: `${ base }/v3/${ NORMAN_TYPES[type] || `${ type }s` }` }, createTypes: {}, actions: {}, pagination: { limit: 1000, total: data.length }, sort: { order: 'asc', reverse: `${ base }/v3/${ NORMAN_TYPES[type] }?order=desc` }, filters: {}, ...extra, data
  };
}

function userView(base: string, u: SimUser, me: boolean): Record<string, any> {
  return {
    id: u.id, type: 'user', baseType: 'user', links: { self: `${ base }/v3/users/${ u.id }` }, actions: {}, uuid: u.uuid, username: u.username, name: u.displayName, me, enabled: true, mustChangePassword: false, principalIds: [`local://${ u.id }`], state: 'active', created: '2025-11-01T10:00:00Z',
  };
}

function principalView(base: string, u: SimUser, me: boolean): Record<string, any> {
  const id = `local://${ u.id }`;

  return {
    id, type: 'principal', baseType: 'principal', links: { self: `${ base }/v3/principals/${ encodeURIComponent(id) }` }, me, memberOf: false, loginName: u.username, name: u.displayName, principalType: 'user', provider: 'local',
  };
}

export function normanCluster(obj: KObj, ctx: LinkContext): Record<string, any> {
  const id = obj.metadata.name;
  const self = `${ ctx.base }/v3/clusters/${ id }`;
  const s = summarize(obj);
  const { displayName, ...spec } = obj.spec || {};
  const write = canWrite(ctx.user);
  const links: Record<string, string> = {
    self,
    nodes:                      `${ self }/nodes`,
    nodePools:                  `${ self }/nodepools`,
    projects:                   `${ self }/projects`,
    namespaces:                 `${ self }/namespaces`,
    clusterRegistrationTokens:  `${ self }/clusterregistrationtokens`,
    clusterRoleTemplateBindings: `${ self }/clusterroletemplatebindings`,
  };

  if (write) {
    links.update = self;
    links.remove = self;
  }
  const actions: Record<string, string> = {};

  if (write) {
    // The etcd backup actions only with a backupConfig (norman-etcd.ts).
    for (const a of ['generateKubeconfig', 'exportYaml', 'importYaml'].concat(spec.rancherKubernetesEngineConfig ? ['rotateCertificates', 'rotateEncryptionKey', ...etcdBackupActions(spec), 'runSecurityScan', 'saveAsTemplate'] : [])) {
      actions[a] = `${ self }?action=${ a }`;
    }
  }

  return {
    ...(obj.status || {}),
    ...spec,
    id,
    type:                 'cluster',
    baseType:             'cluster',
    name:                 displayName || id,
    labels:               obj.metadata.labels || {},
    annotations:          obj.metadata.annotations || {},
    created:              obj.metadata.creationTimestamp,
    createdTS:            Date.parse(obj.metadata.creationTimestamp || '') || 0,
    creatorId:            obj.metadata.annotations?.['field.cattle.io/creatorId'] || null,
    uuid:                 obj.metadata.uid,
    state:                s.name,
    transitioning:        s.error ? 'error' : s.transitioning ? 'yes' : 'no',
    transitioningMessage: s.message,
    links,
    actions,
  };
}

function putCluster(ctx: SimContext, req: SimRequest, lc: LinkContext, id: string): Reply {
  if (!canWrite(req.user)) {
    throw forbidden(req.user!.username, 'update', `clusters.management.cattle.io "${ id }"`);
  }
  let body: any;

  try {
    body = JSON.parse(req.rawBody || '{}');
  } catch {
    throw new ApiError(400, 'InvalidBodyContent', 'request body is not valid JSON');
  }
  const current = ctx.store.get('local', 'management.cattle.io.cluster', undefined, id);

  if (!current) {
    throw notFound(`clusters.management.cattle.io "${ id }"`);
  }
  const replace = req.url.searchParams.get('_replace') === 'true';
  const spec: Record<string, any> = { ...(current.spec || {}) };
  const updatable = (k: string) => !READONLY_SPEC.has(k) && (UPDATABLE_SPEC.has(k) || k in spec);

  if (replace) {
    for (const k of Object.keys(spec)) {
      if (updatable(k) && !(k in body)) {
        delete spec[k];
      }
    }
  }
  const specPart: Record<string, any> = {};

  for (const [k, v] of Object.entries(body)) {
    if (updatable(k)) {
      specPart[k] = v;
    }
  }
  const mergedSpec = normanMerge(spec, specPart);

  if (typeof body.name === 'string' && body.name) {
    mergedSpec.displayName = body.name;
  }
  const next: KObj = {
    ...current,
    metadata: {
      ...current.metadata,
      labels:      body.labels ? mergeProtected(current.metadata.labels, body.labels) : current.metadata.labels,
      annotations: body.annotations ? mergeProtected(current.metadata.annotations, body.annotations) : current.metadata.annotations,
    },
    spec: mergedSpec,
  };

  delete next.metadata.resourceVersion;
  const saved = ctx.store.update('local', 'management.cattle.io.cluster', next, { checkResourceVersion: false });

  return json(200, normanCluster(saved, lc));
}

function clusterRegistrationToken(clusterId: string, ctx: LinkContext): Record<string, any> {
  const id = `${ clusterId }:default-token`;
  const self = `${ ctx.base }/v3/clusterRegistrationTokens/${ id }`;
  const token = `sim${ clusterId.replace(/[^a-z0-9]/g, '') }token`;

  return {
    id,
    type:               'clusterRegistrationToken',
    baseType:           'clusterRegistrationToken',
    name:               'default-token',
    namespaceId:        clusterId,
    clusterId,
    token,
    command:            `kubectl apply -f ${ ctx.base }/v3/import/${ token }_${ clusterId }.yaml`,
    insecureCommand:    `curl --insecure -sfL ${ ctx.base }/v3/import/${ token }_${ clusterId }.yaml | kubectl apply -f -`,
    nodeCommand:        `sudo docker run -d --privileged --restart=unless-stopped --net=host -v /etc/kubernetes:/etc/kubernetes -v /var/run:/var/run rancher/rancher-agent:v2.11.3 --server ${ ctx.base } --token ${ token }`,
    insecureNodeCommand: '',
    manifestUrl:        `${ ctx.base }/v3/import/${ token }_${ clusterId }.yaml`,
    state:              'active',
    links:              { self },
  };
}

/**
 * Norman view of a management NodePool (rancher/rancher pkg/apis/management.cattle.io/v3 NodePool; the Norman id is
 * `<cluster id>:<name>` and `clusterId`/`nodeTemplateId` are the spec's references, as for nodes).
 */
function normanNodePool(obj: KObj, ctx: LinkContext): Record<string, any> {
  const id = `${ obj.metadata.namespace }:${ obj.metadata.name }`;
  const self = `${ ctx.base }/v3/nodePools/${ id }`;
  const { clusterName, nodeTemplateName, ...spec } = obj.spec || {};

  return {
    ...spec,
    id,
    type:           'nodePool',
    baseType:       'nodePool',
    name:           obj.metadata.name,
    namespaceId:    obj.metadata.namespace,
    clusterId:      clusterName,
    nodeTemplateId: nodeTemplateName,
    created:        obj.metadata.creationTimestamp,
    uuid:           obj.metadata.uid,
    state:          'active',
    links:          canWrite(ctx.user) ? { self, update: self, remove: self } : { self },
  };
}

function normanNode(obj: KObj, ctx: LinkContext): Record<string, any> {
  const id = `${ obj.metadata.namespace }:${ obj.metadata.name }`;
  const self = `${ ctx.base }/v3/nodes/${ id }`;
  const s = summarize(obj);
  const worker = !!obj.spec?.worker;
  const actions: Record<string, string> = {};

  // rancher/rancher pkg/api/norman/customization/node/node.go Formatter: cordon/drain only for workers.
  if (canWrite(ctx.user) && worker) {
    for (const a of ['cordon', 'uncordon', 'drain', 'stopDrain']) {
      actions[a] = `${ self }?action=${ a }`;
    }
  }

  return {
    ...(obj.status || {}),
    ...(obj.spec || {}),
    id,
    type:        'node',
    baseType:    'node',
    clusterId:   obj.metadata.namespace,
    name:        obj.spec?.displayName || obj.status?.nodeName || obj.metadata.name,
    nodeName:    obj.status?.nodeName,
    labels:      obj.metadata.labels || {},
    annotations: obj.metadata.annotations || {},
    created:     obj.metadata.creationTimestamp,
    uuid:        obj.metadata.uid,
    state:       s.name,
    transitioning: s.error ? 'error' : s.transitioning ? 'yes' : 'no',
    links:       canWrite(ctx.user) ? { self, update: self, remove: self } : { self },
    actions,
  };
}

export async function handleNorman(ctx: SimContext, req: SimRequest, segments: string[]): Promise<Reply> {
  try {
    return route(ctx, req, segments);
  } catch (e) {
    throw toApiError(e, 'rancher');
  }
}

function route(ctx: SimContext, req: SimRequest, segments: string[]): Reply {
  const base = req.base;
  const lc: LinkContext = { base, prefix: '', user: req.user };
  const me = req.user!;
  const [head, id, sub] = segments;
  const q = req.url.searchParams;

  const tokenCreate = req.method === 'POST' && !id && /^clusterregistrationtokens$/i.test(head || '');
  const action = req.method === 'POST' && head === 'clusters' && id && !sub ? q.get('action') : null;

  if (action) {
    return clusterAction(ctx, req, id, action);
  }
  if (req.method !== 'GET' && !(head === 'clusters' && id && req.method === 'PUT') && !tokenCreate) {
    if (!canWrite(req.user)) {
      throw forbidden(me.username, req.method.toLowerCase(), `/v3/${ segments.join('/') }`);
    }
    throw new ApiError(405, 'MethodNotAllowed', `method ${ req.method } not allowed on /v3/${ segments.join('/') }`);
  }
  switch (head) {
    case 'schemas':
      if (id) {
        const s = normanSchemaCollection(lc).data.find((x: any) => x.id.toLowerCase() === id.toLowerCase());

        if (!s) {
          throw notFound(`schema "${ id }"`);
        }

        return json(200, s);
      }

      return json(200, normanSchemaCollection(lc));
    case 'users': {
      const all = q.get('me') === 'true' || me.readOnly ? [me] : USERS;
      const views = all.map((u) => userView(base, u, u.id === me.id));

      if (id) {
        const v = views.find((u) => u.id === id);

        if (!v) {
          throw notFound(`users.management.cattle.io "${ id }"`);
        }

        return json(200, v);
      }

      return json(200, collection(base, 'user', views));
    }
    case 'principals':
      return json(200, collection(base, 'principal', [principalView(base, me, true)]));
    case 'settings': {
      const seeds = settingSeeds(ctx.world.serverVersion);
      const views = Object.entries(seeds).map(([name, s]) => ({
        id: name, type: 'setting', baseType: 'setting', name, value: ctx.settingValues.get(name) ?? s.value, default: s.value, customized: ctx.settingValues.has(name), source: '', links: { self: `${ base }/v3/settings/${ name }` }
      }));

      if (id) {
        const v = views.find((x) => x.id === id);

        if (!v) {
          throw notFound(`settings.management.cattle.io "${ id }"`);
        }

        return json(200, v);
      }

      return json(200, collection(base, 'setting', views));
    }
    case 'clusters': {
      if (id && req.method === 'PUT') {
        return putCluster(ctx, req, lc, id);
      }
      if (id) {
        const o = ctx.store.get('local', 'management.cattle.io.cluster', undefined, id);

        if (!o) {
          throw notFound(`clusters.management.cattle.io "${ id }"`);
        }
        if (sub === 'nodes') {
          return json(200, collection(base, 'node', ctx.store.list('local', 'management.cattle.io.node', id).map((n) => normanNode(n, lc))));
        }

        return json(200, normanCluster(o, lc));
      }

      return json(200, collection(base, 'cluster', ctx.store.list('local', 'management.cattle.io.cluster').map((o) => normanCluster(o, lc))));
    }
    case 'nodes': {
      const all = ctx.store.list('local', 'management.cattle.io.node').filter((n) => !q.get('clusterId') || n.metadata.namespace === q.get('clusterId'));
      const views = all.map((n) => normanNode(n, lc));

      if (id) {
        const v = views.find((n) => n.id === id);

        if (!v) {
          throw notFound(`nodes.management.cattle.io "${ id }"`);
        }

        return json(200, v);
      }

      return json(200, collection(base, 'node', views));
    }
    case 'tokens':
      return json(200, collection(base, 'token', []));
    case 'clusterRegistrationTokens':
    case 'clusterregistrationtokens': {
      // rancher/rancher pkg/api/norman/customization/clusterregistrationtokens: one default token per cluster,
      // with the registration commands the dashboard shows for custom clusters. Creating one returns it.
      const views = ctx.store.list('local', 'management.cattle.io.cluster')
        .filter((c) => !q.get('clusterId') || c.metadata.name === q.get('clusterId'))
        .map((c) => clusterRegistrationToken(c.metadata.name, lc));

      if (tokenCreate) {
        let body: any;

        try {
          body = JSON.parse(req.rawBody || '{}');
        } catch {
          throw new ApiError(400, 'InvalidBodyContent', 'request body is not valid JSON');
        }
        const token = views.find((t) => t.clusterId === body?.clusterId);

        if (!token) {
          throw notFound(`clusters.management.cattle.io "${ body?.clusterId }"`);
        }

        return json(201, token);
      }
      if (id) {
        const v = views.find((t) => t.id === id);

        if (!v) {
          throw notFound(`clusterregistrationtokens.management.cattle.io "${ id }"`);
        }

        return json(200, v);
      }

      return json(200, collection(base, 'clusterRegistrationToken', views));
    }
    case 'nodePools':
    case 'nodepools': {
      const views = ctx.store.list('local', 'management.cattle.io.nodepool')
        .filter((p) => !q.get('clusterId') || p.metadata.namespace === q.get('clusterId'))
        .map((p) => normanNodePool(p, lc));

      if (id) {
        const v = views.find((p) => p.id === id);

        if (!v) {
          throw notFound(`nodepools.management.cattle.io "${ id }"`);
        }

        return json(200, v);
      }

      return json(200, collection(base, 'nodePool', views));
    }
    case 'etcdBackups':
    case 'etcdbackups': {
      const reply = etcdBackups(ctx, req, lc, id);

      return Array.isArray(reply) ? json(200, collection(base, 'etcdBackup', reply)) : reply;
    }
    case 'projects':
      return json(200, collection(base, 'project', []));
    default:
      throw notFound(`/v3/${ head || '' }`);
  }
}

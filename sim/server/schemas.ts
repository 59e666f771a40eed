/**
 * Schemas: the Steve `/v1/schemas` list (rancher/steve pkg/schema/converter + pkg/accesscontrol: methods
 * follow the user's verbs), nested `/v1/schemaDefinitions/<type>` (rancher/steve pkg/schema/definitions:
 * `{definitionType, definitions:{<type>:{resourceFields}, <type>.spec:…}}`, every referenced non-primitive type
 * present), and the Norman `/v3/schemas` list (rancher/norman types/schemas.go, with `links.collection`).
 */
import type { KObj, Store } from '../store';
import { pluralOf, TypeInfo, typesIn, verbsOf } from './type-registry';
import type { LinkContext } from './steve-format';
import { canWrite } from './steve-format';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Types every user may write regardless of role (own preferences). */
const SELF_SERVICE = new Set(['userpreference']);

function methodsFor(info: TypeInfo, ctx: LinkContext): { resourceMethods: string[]; collectionMethods: string[] } {
  const verbs = verbsOf(info);
  const write = canWrite(ctx.user) || SELF_SERVICE.has(info.id);
  const resourceMethods = ['GET'];
  const collectionMethods = ['GET'];

  if (write && verbs.includes('delete')) {
    resourceMethods.push('DELETE');
  }
  if (write && verbs.includes('update')) {
    resourceMethods.push('PUT');
  }
  if (write && verbs.includes('patch')) {
    resourceMethods.push('PATCH');
  }
  if (write && verbs.includes('create')) {
    collectionMethods.push('POST');
  }

  return { resourceMethods, collectionMethods };
}

export function steveSchema(info: TypeInfo, ctx: LinkContext): Record<string, any> {
  const self = `${ ctx.base }${ ctx.prefix }/v1/schemas/${ info.id }`;
  const write = canWrite(ctx.user);
  const verbs = write || SELF_SERVICE.has(info.id) ? verbsOf(info) : verbsOf(info).filter((v) => ['get', 'list', 'watch'].includes(v));

  return {
    id:          info.id,
    type:        'schema',
    links:       { self, collection: `${ ctx.base }${ ctx.prefix }/v1/${ pluralOf(info.id) }` },
    pluralName:  pluralOf(info.id),
    ...methodsFor(info, ctx),
    resourceFields: null,
    attributes:  {
      group:      info.group,
      version:    info.version,
      kind:       info.kind,
      resource:   info.resource,
      namespaced: info.namespaced,
      verbs,
    },
  };
}

export function steveSchemaCollection(scope: string, ctx: LinkContext, revision: string): Record<string, any> {
  const data = typesIn(scope).map((t) => steveSchema(t, ctx));

  return {
    type: 'collection', links: { self: `${ ctx.base }${ ctx.prefix }/v1/schemas` }, createTypes: {}, actions: {}, resourceType: 'schema', revision, count: data.length, data
  };
}

type Field = { type: string; description: string };
type Definition = { type: string; description: string; resourceFields: Record<string, Field> };

/** Object keys whose values are free-form maps, not structs (labels, config maps, chart values…). */
const MAP_KEYS = new Set(['labels', 'annotations', 'config', 'machineGlobalConfig', 'chartValues', 'values', 'extraArgs', 'nodeSelector', 'matchLabels', 'capacity', 'allocatable', 'requested', 'limits', 'data', 'set', 'valuesContent', 'options']);

function primitive(v: unknown): string {
  if (typeof v === 'boolean') {
    return 'boolean';
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) ? 'int' : 'float';
  }

  return 'string';
}

class DefinitionBuilder {
  readonly defs: Record<string, Definition> = {};

  define(name: string, samples: any[]): void {
    const def = this.defs[name] || (this.defs[name] = { type: name, description: '', resourceFields: {} });
    const keys = new Set<string>();

    samples.forEach((s) => s && typeof s === 'object' && Object.keys(s).forEach((k) => keys.add(k)));
    for (const k of keys) {
      const values = samples.map((s) => s?.[k]).filter((v) => v !== undefined && v !== null);

      if (!def.resourceFields[k] || def.resourceFields[k].type === 'string') {
        def.resourceFields[k] = { type: this.fieldType(`${ name }.${ k }`, k, values), description: '' };
      }
    }
  }

  private fieldType(name: string, key: string, values: any[]): string {
    const v = values[0];

    if (v === undefined) {
      return 'string';
    }
    if (Array.isArray(v)) {
      const items = values.flat().filter((x) => x !== undefined && x !== null);

      if (items.length && typeof items[0] === 'object' && !Array.isArray(items[0])) {
        this.define(name, items);

        return `array[${ name }]`;
      }

      return `array[${ items.length ? primitive(items[0]) : 'string' }]`;
    }
    if (typeof v === 'object') {
      if (MAP_KEYS.has(key)) {
        return 'map[string]';
      }
      this.define(name, values);

      return name;
    }

    return primitive(v);
  }
}

/**
 * The nested definitions of one type, inferred from the objects the store holds (plus the fields every
 * object has: metadata, spec, status with conditions), so that every referenced type is defined.
 */
export function schemaDefinition(info: TypeInfo, samples: KObj[], ctx: LinkContext): Record<string, any> {
  const b = new DefinitionBuilder();
  const specs = samples.map((s) => s.spec).filter(Boolean);
  const statuses = samples.map((s) => s.status).filter(Boolean);
  const rest = samples.map(({ metadata, spec, status, ...r }) => r); // eslint-disable-line @typescript-eslint/no-unused-vars

  b.defs[info.id] = {
    type: info.id, description: '', resourceFields: {
      apiVersion: { type: 'string', description: '' },
      kind:       { type: 'string', description: '' },
      metadata:   { type: OBJECT_META, description: '' },
      spec:       { type: `${ info.id }.spec`, description: '' },
      status:     { type: `${ info.id }.status`, description: '' },
    }
  };
  b.define(`${ info.id }.spec`, specs.length ? specs : [{}]);
  b.define(`${ info.id }.status`, [...statuses, { conditions: [{ type: '', status: '', reason: '', message: '', lastUpdateTime: '', lastTransitionTime: '' }] }]);
  b.define(info.id, rest);
  b.defs[info.id].resourceFields.metadata = { type: OBJECT_META, description: '' };
  b.defs[OBJECT_META] = {
    type: OBJECT_META, description: '', resourceFields: {
      name:              { type: 'string', description: '' },
      namespace:         { type: 'string', description: '' },
      labels:            { type: 'map[string]', description: '' },
      annotations:       { type: 'map[string]', description: '' },
      resourceVersion:   { type: 'string', description: '' },
      generation:        { type: 'int', description: '' },
      uid:               { type: 'string', description: '' },
      creationTimestamp: { type: 'string', description: '' },
      finalizers:        { type: 'array[string]', description: '' },
    }
  };

  return {
    id:             info.id,
    type:           'schemaDefinition',
    links:          { self: `${ ctx.base }${ ctx.prefix }/v1/schemaDefinitions/${ info.id }` },
    definitionType: info.id,
    definitions:    b.defs,
  };
}

export function samplesFor(store: Store, scope: string, info: TypeInfo): KObj[] {
  return info.virtual ? [] : store.list(scope, info.id).slice(0, 50);
}

/** Norman (/v3) types the simulator serves, with their plural collection names. */
export const NORMAN_TYPES: Record<string, string> = {
  user: 'users', principal: 'principals', setting: 'settings', cluster: 'clusters', token: 'tokens', node: 'nodes', nodePool: 'nodePools', project: 'projects', clusterRegistrationToken: 'clusterRegistrationTokens',
  etcdBackup: 'etcdBackups',
};

export function normanSchemaCollection(ctx: LinkContext): Record<string, any> {
  const write = canWrite(ctx.user);
  const data = Object.entries(NORMAN_TYPES).map(([id, plural]) => ({
    id,
    type:              'schema',
    baseType:          'schema',
    links:             { self: `${ ctx.base }/v3/schemas/${ id.toLowerCase() }`, collection: `${ ctx.base }/v3/${ plural }` },
    pluralName:        plural,
    resourceMethods:   write ? ['GET', 'PUT', 'DELETE'] : ['GET'],
    collectionMethods: write ? ['GET', 'POST'] : ['GET'],
    resourceFields:    {},
    resourceActions:   {},
    collectionActions: {},
    version:           { group: 'management.cattle.io', version: 'v3', path: '/v3' },
  }));

  return {
    type: 'collection', resourceType: 'schema', links: { self: `${ ctx.base }/v3/schemas` }, createTypes: {}, actions: {}, data
  };
}

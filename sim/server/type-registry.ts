/**
 * The resource types the simulated Rancher knows, with the attributes Steve puts in a schema
 * (rancher/steve pkg/schema/converter: group, version, kind, resource, namespaced, verbs) and the
 * pluralised collection name (rancher/apiserver pkg/types: PluralName via name.GuessPluralName).
 *
 * `where` says in which Steve scope a type is served: 'local' (/v1), 'downstream' (/k8s/clusters/<id>/v1)
 * or both. `virtual` types are answered by the server itself (settings, features, preferences, counts…),
 * all others are read from and written to the Store.
 */
export interface TypeInfo {
  id: string;
  group: string;
  version: string;
  kind: string;
  /** Kubernetes resource name (plural, lower case) used in raw /api and /apis paths. */
  resource: string;
  namespaced: boolean;
  where: 'local' | 'downstream' | 'both';
  virtual?: boolean;
  /** Verbs Steve lists; virtual types without watch get no websocket events. */
  verbs?: string[];
}

const ALL_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

function t(id: string, group: string, version: string, kind: string, resource: string, namespaced: boolean, where: TypeInfo['where'], extra: Partial<TypeInfo> = {}): TypeInfo {
  return {
    id, group, version, kind, resource, namespaced, where, ...extra
  };
}

export const TYPES: TypeInfo[] = [
  // Rancher management / provisioning (local cluster)
  t('management.cattle.io.setting', 'management.cattle.io', 'v3', 'Setting', 'settings', false, 'local', { virtual: true }),
  t('management.cattle.io.feature', 'management.cattle.io', 'v3', 'Feature', 'features', false, 'local', { virtual: true }),
  t('management.cattle.io.cluster', 'management.cattle.io', 'v3', 'Cluster', 'clusters', false, 'local'),
  t('management.cattle.io.project', 'management.cattle.io', 'v3', 'Project', 'projects', true, 'local'),
  t('management.cattle.io.node', 'management.cattle.io', 'v3', 'Node', 'nodes', true, 'local'),
  t('provisioning.cattle.io.cluster', 'provisioning.cattle.io', 'v1', 'Cluster', 'clusters', true, 'local'),
  t('rke.cattle.io.etcdsnapshot', 'rke.cattle.io', 'v1', 'ETCDSnapshot', 'etcdsnapshots', true, 'local'),
  t('management.cattle.io.etcdbackup', 'management.cattle.io', 'v3', 'EtcdBackup', 'etcdbackups', true, 'local'),
  t('catalog.cattle.io.uiplugin', 'catalog.cattle.io', 'v1', 'UIPlugin', 'uiplugins', true, 'local'),
  t('userpreference', '', 'v1', 'UserPreference', 'userpreferences', false, 'local', { virtual: true, verbs: ['get', 'list', 'update'] }),
  // Kubernetes core and apps (both scopes)
  t('namespace', '', 'v1', 'Namespace', 'namespaces', false, 'both'),
  t('count', '', 'v1', 'Count', 'counts', false, 'both', { virtual: true, verbs: ['get', 'list', 'watch'] }),
  t('node', '', 'v1', 'Node', 'nodes', false, 'downstream'),
  t('pod', '', 'v1', 'Pod', 'pods', true, 'downstream'),
  t('service', '', 'v1', 'Service', 'services', true, 'downstream'),
  t('apps.daemonset', 'apps', 'v1', 'DaemonSet', 'daemonsets', true, 'downstream'),
  t('batch.job', 'batch', 'v1', 'Job', 'jobs', true, 'downstream'),
  t('coordination.k8s.io.lease', 'coordination.k8s.io', 'v1', 'Lease', 'leases', true, 'downstream'),
  t('storage.k8s.io.storageclass', 'storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, 'downstream'),
  t('storage.k8s.io.csidriver', 'storage.k8s.io', 'v1', 'CSIDriver', 'csidrivers', false, 'downstream'),
  t('helm.cattle.io.helmchart', 'helm.cattle.io', 'v1', 'HelmChart', 'helmcharts', true, 'downstream'),
  // Rancher's catalog runs in every cluster: the local one holds the extension repositories and releases.
  t('catalog.cattle.io.clusterrepo', 'catalog.cattle.io', 'v1', 'ClusterRepo', 'clusterrepos', false, 'both'),
  t('catalog.cattle.io.app', 'catalog.cattle.io', 'v1', 'App', 'apps', true, 'both'),
  t('catalog.cattle.io.operation', 'catalog.cattle.io', 'v1', 'Operation', 'operations', true, 'both'),
];

const BY_ID = new Map(TYPES.map((x) => [x.id, x]));

/** Steve's pluralisation of a schema id (wrangler pkg/name GuessPluralName). */
export function pluralOf(id: string): string {
  if (/(s|ch|sh|x|z)$/.test(id)) {
    return `${ id }es`;
  }
  if (/[^aeiou]y$/.test(id)) {
    return `${ id.slice(0, -1) }ies`;
  }

  return `${ id }s`;
}

export function verbsOf(info: TypeInfo): string[] {
  return info.verbs || ALL_VERBS;
}

export function apiVersionOf(info: TypeInfo): string {
  return info.group ? `${ info.group }/${ info.version }` : info.version;
}

/** Types served in a Steve scope ('local' or a downstream cluster). */
export function typesIn(scope: string): TypeInfo[] {
  const want = scope === 'local' ? 'local' : 'downstream';

  return TYPES.filter((x) => x.where === want || x.where === 'both');
}

/**
 * Resolve a Steve URL segment (`provisioning.cattle.io.clusters` or the singular id) to a type served in
 * the scope; Steve accepts both (rancher/apiserver pkg/types/schemas.go LookupSchema matches PluralName).
 */
export function lookupType(scope: string, segment: string): TypeInfo | undefined {
  const lower = segment.toLowerCase();

  return typesIn(scope).find((x) => x.id === lower || pluralOf(x.id) === lower);
}

export function typeById(id: string): TypeInfo | undefined {
  return BY_ID.get(id);
}

/** Raw Kubernetes path → type: (group, resource) as in /apis/<group>/<version>/<resource>. */
export function typeByResource(scope: string, group: string, resource: string): TypeInfo | undefined {
  return typesIn(scope).find((x) => x.group === group && x.resource === resource && !x.virtual);
}

/**
 * The fleet verdict (engine fleetVerdict) of the clusters the shell's store holds, and its texts, for the cluster
 * list's column and the fleet page. Computed from the store's objects, never with a request: the provisioning
 * cluster and, for one without rkeConfig, its management cluster (`management/byId`). Kept per object and computed
 * again only when the object's or its management cluster's revision changes, so sorting and searching a list of
 * a thousand clusters, which asks every row many times, judges each cluster once.
 */
import { toRaw } from 'vue';
import type { FleetVerdict, JournalEntry, Message } from '../engine';
import { fleetVerdict } from '../engine';

const MANAGEMENT_CLUSTER = 'management.cattle.io.cluster';

/** The part of a provisioning cluster model (or plain object) the fleet view reads. */
export interface FleetCluster {
  id?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; annotations?: Record<string, string> };
  spec?: Record<string, any>;
  status?: { clusterName?: string };
  /** Shell model getters (absent on plain objects). */
  $rootGetters?: Record<string, any>;
  [k: string]: unknown;
}

export type ById = (type: string, id: string) => Record<string, any> | undefined;
export type Translate = (key: string, params?: Record<string, string | number>) => string;

interface Kept {
  revision: string;
  verdict: FleetVerdict;
}

const kept = new WeakMap<object, Kept>();

/** The store's management cluster of a provisioning cluster without rkeConfig; undefined when not needed or not held. */
function managementOf(cluster: FleetCluster, byId: ById | undefined): Record<string, any> | undefined {
  const id = cluster.status?.clusterName;

  return !cluster.spec?.rkeConfig && id && byId ? byId(MANAGEMENT_CLUSTER, id) : undefined;
}

/**
 * The fleet verdict of a cluster of the store. Reads the revisions through the (reactive) model, so a view that
 * shows the verdict follows the cluster's changes; judges the plain data underneath.
 */
export function verdictFor(cluster: FleetCluster, byId?: ById): FleetVerdict {
  const getById = byId || cluster.$rootGetters?.['management/byId'];
  const management = managementOf(cluster, getById);
  const revision = `${ cluster.metadata?.resourceVersion || '' }|${ management?.metadata?.resourceVersion ?? '-' }`;
  const raw = toRaw(cluster) as object;
  const hit = kept.get(raw);

  if (hit && hit.revision === revision) {
    return hit.verdict;
  }
  const verdict = fleetVerdict(raw as Record<string, any>, management ? toRaw(management) : undefined);

  kept.set(raw, { revision, verdict });

  return verdict;
}

const L10N = 'cloudProviderMigration';

/** A translator over the shell's i18n getter (keys relative to `cloudProviderMigration.`). */
export function translator(t: (key: string, params?: Record<string, unknown>) => string): Translate {
  return (key, params) => {
    const out = t(`${ L10N }.${ key }`, params);

    return out === undefined || out === null ? `%${ L10N }.${ key }%` : String(out);
  };
}

/** The provider state as the cluster list's column says it: in-tree, migrating (at step N of M), migrated, … */
export function stateText(v: FleetVerdict, tr: Translate): string {
  if (v.state === 'migrating' && v.progress) {
    return tr('fleet.state.migratingAt', { number: v.progress.number, total: v.progress.total });
  }

  return tr(`fleet.state.${ v.state }`);
}

/** The object-only pre-flight verdict, as text ('' where the migration does not apply). */
export function preflightText(v: FleetVerdict, tr: Translate): string {
  return v.preflight ? tr(`fleet.preflight.${ v.preflight }`, { version: v.kubernetesVersion }) : '';
}

export function reasonText(reason: Message | undefined, tr: Translate): string {
  return reason ? tr(reason.key, reason.params) : '';
}

/** The journal's newest entry: who, when, which step, what came of it. */
export function lastEntryText(entry: JournalEntry | undefined, tr: Translate): string {
  if (!entry) {
    return '';
  }
  const result = tr(`ui.step.result.${ entry.result }`);
  const said = entry.undo && entry.result !== 'rolled-back' && entry.result !== 'restored' ? tr(`ui.step.undo.${ entry.undo }`, { result }) : result;

  return tr('fleet.last', {
    at: new Date(entry.at).toLocaleString(), by: entry.by, step: tr(`steps.${ entry.step }.title`), result: said,
  });
}

/** The cluster list's column: the cell's text, from the cluster model the list shows. */
export function columnText(cluster: FleetCluster): string {
  const t = cluster.$rootGetters?.['i18n/t'];

  return t ? stateText(verdictFor(cluster), translator(t)) : '';
}

/** The cluster list's column: what it sorts by (engine sortKey, then the name). */
export function columnSortKey(cluster: FleetCluster): string {
  return `${ verdictFor(cluster).sortKey } ${ cluster.metadata?.name || '' }`;
}

/** The tab the fleet page links to (index.ts TAB.name), selected by the URL hash on the cluster's detail page. */
export const TAB_HASH = '#cloud-provider-migration';

/** One row of the fleet page. */
export interface FleetRow {
  key: string;
  name: string;
  /** The cluster's detail page with the migration tab selected. */
  link: Record<string, unknown>;
  distro: string;
  kubernetesVersion: string;
  /** Sorts versions by their numbers (`v1.9` before `v1.10`). */
  versionSort: string;
  state: string;
  stateKind: FleetVerdict['state'];
  preflight: string;
  preflightKind: FleetVerdict['preflight'] | 'none';
  blocksUpgrade: boolean;
  /** Why the migration does not apply, or why the cluster cannot be read. */
  reason: string;
  last: string;
  lastAt: string;
  /** Default order: upgrade blockers first, then by state and how far the migration got, then by name. */
  order: string;
}

function versionSortOf(version: string): string {
  return version.replace(/\d+/g, (n) => n.padStart(6, '0'));
}

/** The fleet page's row of a provisioning cluster of the store (`byId`: the store's `management/byId`). */
export function fleetRow(cluster: FleetCluster, byId: ById | undefined, tr: Translate): FleetRow {
  const v = verdictFor(cluster, byId);
  const name = String(cluster.nameDisplay || cluster.metadata?.name || '');
  const namespace = cluster.metadata?.namespace || 'fleet-default';

  return {
    key:  cluster.id || `${ namespace }/${ cluster.metadata?.name }`,
    name,
    link: {
      name:   'c-cluster-product-resource-namespace-id',
      params: {
        cluster: '_', product: 'manager', resource: 'provisioning.cattle.io.cluster', namespace, id: cluster.metadata?.name,
      },
      hash: TAB_HASH,
    },
    distro:            tr(`ui.distro.${ v.kind }`),
    kubernetesVersion: v.kubernetesVersion,
    versionSort:       versionSortOf(v.kubernetesVersion),
    state:             stateText(v, tr),
    stateKind:         v.state,
    preflight:         preflightText(v, tr),
    preflightKind:     v.preflight || 'none',
    blocksUpgrade:     v.blocksUpgrade,
    reason:            reasonText(v.reason, tr),
    last:              lastEntryText(v.lastEntry, tr),
    lastAt:            v.lastEntry?.at || '',
    order:             `${ v.sortKey } ${ name }`,
  };
}

/** How many clusters are in each state, and how many hold back a Kubernetes upgrade. */
export function fleetCounts(rows: FleetRow[]): Record<'total' | 'blocking' | 'inTree' | 'migrating' | 'migrated' | 'other', number> {
  const count = (f: (r: FleetRow) => boolean) => rows.filter(f).length;

  return {
    total:     rows.length,
    blocking:  count((r) => r.blocksUpgrade),
    inTree:    count((r) => r.stateKind === 'in-tree'),
    migrating: count((r) => r.stateKind === 'migrating'),
    migrated:  count((r) => r.stateKind === 'migrated'),
    other:     count((r) => r.stateKind === 'not-applicable' || r.stateKind === 'unreadable'),
  };
}

/**
 * `metadata.relationships` of Steve objects (rancher/wrangler pkg/summary Relationship, filled by
 * summarizers.go checkOwner and by Rancher's relationship hooks for clusters).
 * - every ownerReference → an inbound `owner` relationship (`fromType`/`fromId`);
 * - a management cluster points at its provisioning cluster: RKE1, local and hosted clusters with a
 *   `to` relationship, RKE2/K3s (owned by the provisioning cluster) with a `from` one — the dashboard reads
 *   both (shell models/management.cattle.io.cluster.js provClusterId);
 * - a provisioning cluster points `to` its management cluster (status.clusterName).
 */
import type { KObj, Store } from '../store';
import type { Relationship } from './steve-format';

const GROUP_TYPE: Record<string, string> = { 'provisioning.cattle.io/v1': 'provisioning.cattle.io.cluster', 'management.cattle.io/v3': 'management.cattle.io.cluster' };

function ownerType(apiVersion: string, kind: string): string {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';

  if (GROUP_TYPE[apiVersion] && kind === 'Cluster') {
    return GROUP_TYPE[apiVersion];
  }

  return `${ group ? `${ group }.` : '' }${ kind.toLowerCase() }`;
}

export function relationshipsOf(store: Store, scope: string, type: string, obj: KObj): Relationship[] {
  const out: Relationship[] = [];

  for (const o of obj.metadata.ownerReferences || []) {
    const t = ownerType(o.apiVersion || '', o.kind || '');

    if (type === 'management.cattle.io.cluster' && t === 'provisioning.cattle.io.cluster') {
      continue; // handled below with the namespace the reference lacks
    }
    out.push({ fromType: t, fromId: obj.metadata.namespace ? `${ obj.metadata.namespace }/${ o.name }` : o.name, rel: 'owner', state: 'active' });
  }
  if (scope !== 'local') {
    return out;
  }
  if (type === 'provisioning.cattle.io.cluster' && obj.status?.clusterName) {
    out.push({ toType: 'management.cattle.io.cluster', toId: obj.status.clusterName, rel: 'applies', state: 'active' });
  }
  if (type === 'management.cattle.io.cluster') {
    // Read in place: a copy of every provisioning cluster per management cluster made a list of 1,000 take a minute.
    const prov = store.listShared('local', 'provisioning.cattle.io.cluster').find((p) => p.status?.clusterName === obj.metadata.name);

    if (prov) {
      const provId = `${ prov.metadata.namespace }/${ prov.metadata.name }`;
      const isRke1 = !!obj.spec?.rancherKubernetesEngineConfig;
      const owned = !isRke1 && obj.metadata.name !== 'local' && !!prov.spec?.rkeConfig;

      out.push(owned ? { fromType: 'provisioning.cattle.io.cluster', fromId: provId, rel: 'owner', state: 'active' } : { toType: 'provisioning.cattle.io.cluster', toId: provId, rel: 'applies', state: 'active' });
    }
  }

  return out;
}

/**
 * Rancher's cluster proxy gate (rancher/rancher pkg/clusterrouter + pkg/api/steve/proxy): a request under
 * `/k8s/clusters/<id>/…` for a cluster that does not exist is a 404; for a cluster whose management object
 * is not Ready it is a 503 `ClusterUnavailable` ("cluster agent disconnected").
 */
import type { SimContext } from './context';

export type Availability = 'ready' | 'missing' | 'unavailable';

export function clusterAvailability(ctx: SimContext, id: string): Availability {
  if (id === 'local') {
    return 'ready';
  }
  const mgmt = ctx.store.get('local', 'management.cattle.io.cluster', undefined, id);

  if (!mgmt) {
    return 'missing';
  }
  const ready = (mgmt.status?.conditions || []).find((c: any) => c.type === 'Ready');

  return ready?.status === 'True' ? 'ready' : 'unavailable';
}

/** Rancher's own `local` cluster (fleet-local/local, management cluster `local`), as every Rancher has. */
import { WorldContext } from '../context';
import { T } from '../types';
import { mgmtCluster, provCluster } from './rancherObjects';

export function seedLocalCluster(ctx: WorldContext, serverVersion: string): void {
  const now = ctx.now();
  const version = 'v1.30.4+k3s1';
  const mgmt = mgmtCluster({
    id: 'local', displayName: 'local', provider: 'k3s', driver: 'k3s', kubernetesVersion: version, nodeCount: 1, res: { cpu: 4, memoryGi: 16, pods: 110 }, now, internal: true
  });

  for (const name of ['default', 'kube-system', 'cattle-system', 'cattle-global-data', 'fleet-default', 'fleet-local', 'cattle-fleet-system']) {
    ctx.store.create('local', T.namespace, {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' }
    });
  }
  mgmt.status.agentImage = `rancher/rancher-agent:${ serverVersion }`;
  ctx.store.create('local', T.mgmtCluster, mgmt);
  ctx.store.create('local', T.provCluster, provCluster({
    name: 'local', namespace: 'fleet-local', clusterName: 'local', kubernetesVersion: version, now
  }));
}

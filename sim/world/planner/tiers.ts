/**
 * The order and batch size in which the RKE2/K3s planner reconfigures nodes (rancher/rancher
 * pkg/capr/planner/planner.go fullReconcile): the etcd tier first (every node with the etcd role, one at a
 * time), then the control-plane tier (`upgradeStrategy.controlPlaneConcurrency`), then worker-only nodes
 * (`workerConcurrency`). Concurrency is a count or a percentage of the tier ("0"/empty = all at once
 * per planner.go calculateConcurrency; "1" is Rancher's default).
 */
export type Tier = 'etcd' | 'control plane' | 'worker';

export interface TierNode {
  name: string;
  etcd: boolean;
  controlPlane: boolean;
  worker: boolean;
}

export function concurrency(value: unknown, tierSize: number): number {
  const s = String(value ?? '').trim();

  if (!s || s === '0') {
    return Math.max(1, tierSize);
  }
  if (s.endsWith('%')) {
    return Math.max(1, Math.floor(tierSize * parseInt(s, 10) / 100));
  }

  return Math.max(1, parseInt(s, 10) || 1);
}

export function tiers<N extends TierNode>(nodes: N[], upgradeStrategy: Record<string, any> | undefined): { tier: Tier; batches: N[][] }[] {
  const sorted = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
  const etcd = sorted.filter((n) => n.etcd);
  const cp = sorted.filter((n) => n.controlPlane && !n.etcd);
  const workers = sorted.filter((n) => !n.etcd && !n.controlPlane);
  const batch = (list: N[], size: number) => {
    const out: N[][] = [];

    for (let i = 0; i < list.length; i += size) {
      out.push(list.slice(i, i + size));
    }

    return out;
  };

  return [
    { tier: 'etcd' as Tier, batches: batch(etcd, 1) },
    { tier: 'control plane' as Tier, batches: batch(cp, concurrency(upgradeStrategy?.controlPlaneConcurrency, cp.length)) },
    { tier: 'worker' as Tier, batches: batch(workers, concurrency(upgradeStrategy?.workerConcurrency, workers.length)) },
  ].filter((t) => t.batches.length);
}

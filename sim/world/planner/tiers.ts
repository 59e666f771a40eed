/**
 * The order and batch size in which the RKE2/K3s planner reconfigures nodes (rancher/rancher
 * pkg/capr/planner/planner.go fullReconcile): the etcd tier first (every node with the etcd role, one at a
 * time), then the control-plane tier (`upgradeStrategy.controlPlaneConcurrency`), then worker-only nodes
 * (`workerConcurrency`).
 * Concurrency strings as planner.go calculateConcurrency reads them: an integer is taken as is, and `0`
 * means no limit (reconcile: "concurrency == 0 which means infinite concurrency"); `""` is 1; otherwise a
 * percentage of ALL the tier's nodes (not only the changing ones), rounded up — so `"0%"` is 0, no limit
 * too; anything else is an error ("concurrency must be a number or a percentage").
 */
export type Tier = 'etcd' | 'control plane' | 'worker';

export interface TierNode {
  name: string;
  etcd: boolean;
  controlPlane: boolean;
  worker: boolean;
}

/** Nodes per batch; `Infinity` for no limit. Throws for a string that is neither a number nor a percentage. */
export function concurrency(value: unknown, tierSize: number): number {
  const s = value === undefined || value === null ? '' : String(value);

  if (/^[+-]?\d+$/.test(s)) {
    const n = parseInt(s, 10);

    return n === 0 ? Infinity : n;
  }
  if (s === '') {
    return 1;
  }
  const pct = s.endsWith('%') ? s.slice(0, -1) : s;

  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(pct)) {
    throw new Error(`concurrency must be a number or a percentage: strconv.ParseFloat: parsing "${ pct }": invalid syntax`);
  }
  const n = Math.ceil(tierSize * parseFloat(pct) / 100);

  return n === 0 ? Infinity : n;
}

/** How many nodes each tier has in the cluster (percentages are of these, changing or not). */
export interface TierSizes {
  etcd: number;
  controlPlane: number;
  worker: number;
}

export function tierSizes(nodes: TierNode[]): TierSizes {
  return {
    etcd:         nodes.filter((n) => n.etcd).length,
    controlPlane: nodes.filter((n) => n.controlPlane).length,
    worker:       nodes.filter((n) => !n.etcd && !n.controlPlane).length,
  };
}

export function tiers<N extends TierNode>(nodes: N[], upgradeStrategy: Record<string, any> | undefined, sizes: TierSizes = tierSizes(nodes)): { tier: Tier; batches: N[][] }[] {
  const sorted = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
  const etcd = sorted.filter((n) => n.etcd);
  const cp = sorted.filter((n) => n.controlPlane && !n.etcd);
  const workers = sorted.filter((n) => !n.etcd && !n.controlPlane);
  const batch = (list: N[], size: number) => {
    const out: N[][] = [];
    const step = Math.max(1, Math.min(size, list.length || 1));

    for (let i = 0; i < list.length; i += step) {
      out.push(list.slice(i, i + step));
    }

    return out;
  };

  return [
    { tier: 'etcd' as Tier, batches: batch(etcd, 1) },
    { tier: 'control plane' as Tier, batches: batch(cp, concurrency(upgradeStrategy?.controlPlaneConcurrency, sizes.controlPlane)) },
    { tier: 'worker' as Tier, batches: batch(workers, concurrency(upgradeStrategy?.workerConcurrency, sizes.worker)) },
  ].filter((t) => t.batches.length);
}

/**
 * RKE2/K3s provisioning reconcile (rancher/rancher pkg/capr/planner/planner.go, drain.go, config.go):
 * - a provisioning cluster whose `metadata.generation` moves past `status.observedGeneration` turns
 *   Updating (provisioning and management cluster `Updated=Unknown` with the planner's message);
 * - the additionalManifest is applied to the downstream cluster (invalid YAML → `Updated=False`, nothing else);
 * - machine pools are scaled to their `quantity` (new nodes register as their kubelet would);
 * - nodes whose plan (planner-merged config + Kubernetes version) changed are reconfigured tier by tier
 *   (planner/tiers.ts), each taking `durations.rke2Node`;
 * - drain options: when `<tier>DrainOptions.enabled`, the planner cordons a node before and uncordons it
 *   after (only nodes it cordoned itself); otherwise `spec.unschedulable` is never touched (RKE2 never
 *   uncordons by itself — domain.md pitfall 1);
 * - a node whose components fail (planner/componentHealth.ts) stops the rollout: the cluster stays
 *   Updating with "waiting for probes" and the component errors until the spec changes again.
 */
import { KObj, StoreEvent } from '../../store';
import { WorldContext } from '../context';
import { setCondition } from '../k8s/conditions';
import { applyPlanToNode } from '../nodeAgent';
import { NodePlan, planHash } from '../nodePlan';
import { effectiveMachineConfig } from '../planner/mergeConfig';
import { rke2NodePlan } from '../planner/rke2Plan';
import { tiers, Tier } from '../planner/tiers';
import { versionInfo } from '../seed/rancherObjects';
import { syncStaticPods } from '../staticPods';
import { A, L, LOCAL, T } from '../types';
import { Controller } from './controller';
import { HelmChartController } from './helmChart';
import { newMachineNode } from './machines';

export const DRAINED_BY_PLANNER = 'sim.cattle.io/drained-by-planner';

interface Run {
  again: boolean;
}

function machineLabelsOf(node: KObj): Record<string, string> {
  try {
    return JSON.parse(node.metadata.annotations?.[A.machineLabels] || '{}');
  } catch {
    return {};
  }
}

function rolesOf(node: KObj): { etcd: boolean; controlPlane: boolean; worker: boolean } {
  const l = machineLabelsOf(node);

  return { etcd: l[L.machineEtcdRole] === 'true', controlPlane: l[L.machineCpRole] === 'true', worker: l[L.machineWorkerRole] === 'true' };
}

export function nodePlanFor(prov: KObj, node: KObj): NodePlan {
  const rkeConfig = prov.spec?.rkeConfig || {};

  return rke2NodePlan(effectiveMachineConfig(rkeConfig, machineLabelsOf(node)), rolesOf(node).controlPlane, prov.spec?.kubernetesVersion || '');
}

export class ProvisioningController implements Controller {
  readonly name = 'provisioning';
  private readonly runs = new Map<string, Run>();

  constructor(private readonly ctx: WorldContext, private readonly helm: HelmChartController) {}

  onEvent(e: StoreEvent): void {
    if (e.scope !== LOCAL || e.type !== T.provCluster || e.kind === 'remove' || !e.obj.spec?.rkeConfig) {
      return;
    }
    if ((e.obj.metadata.generation || 1) > (e.obj.status?.observedGeneration || 0)) {
      const key = `${ e.obj.metadata.namespace }/${ e.obj.metadata.name }`;

      this.ctx.sched.enqueue(`prov/${ key }`, () => this.start(e.obj.metadata.namespace!, e.obj.metadata.name));
    }
  }

  private start(ns: string, name: string): void {
    const key = `${ ns }/${ name }`;
    const run = this.runs.get(key);

    if (run) {
      run.again = true;

      return;
    }
    const fresh: Run = { again: false };

    this.runs.set(key, fresh);
    this.ctx.sched.run(async () => {
      try {
        do {
          fresh.again = false;
          await this.rollout(ns, name, fresh);
        } while (fresh.again && !this.ctx.sched.isStopped());
      } finally {
        this.runs.delete(key);
      }
    });
  }

  private async rollout(ns: string, name: string, run: Run): Promise<void> {
    const { store, sched, durations } = this.ctx;
    let prov = store.get(LOCAL, T.provCluster, ns, name);

    if (!prov) {
      return;
    }
    const scope = prov.status?.clusterName;

    if (!scope) {
      return;
    }
    this.setStatus(ns, name, scope, 'Unknown', 'configuring bootstrap node(s): waiting for plan to be applied', prov.metadata.generation);
    await sched.sleep(durations.observe);
    prov = store.get(LOCAL, T.provCluster, ns, name);
    if (!prov) {
      return;
    }
    const manifestError = this.helm.applyManifest(scope, prov.spec?.rkeConfig?.additionalManifest);

    if (manifestError) {
      this.setStatus(ns, name, scope, 'False', manifestError, prov.metadata.generation, 'Error');

      return;
    }
    this.scalePools(prov, scope);
    const startGen = prov.metadata.generation;
    const pending = store.list(scope, T.node).filter((n) => n.metadata.annotations?.[A.machineLabels] && n.metadata.annotations?.[A.appliedPlan] !== planHash(nodePlanFor(prov!, n)));
    const plan = tiers(pending.map((n) => ({ ...rolesOf(n), name: n.metadata.name })), prov.spec?.rkeConfig?.upgradeStrategy);

    for (const { tier, batches } of plan) {
      for (const batch of batches) {
        const names = batch.map((b) => b.name);

        this.setStatus(ns, name, scope, 'Unknown', `configuring ${ tier } node(s) ${ this.machineNames(scope, names) }: waiting for plan to be applied`, startGen);
        const results = await Promise.all(names.map((n) => this.reconfigure(ns, name, scope, n, tier)));
        const errors = results.flat();

        if (errors.length) {
          this.setStatus(ns, name, scope, 'Unknown', `configuring ${ tier } node(s) ${ this.machineNames(scope, names) }: waiting for probes: ${ errors.join('; ') }`, startGen, 'Waiting');

          return;
        }
        const cur = store.get(LOCAL, T.provCluster, ns, name);

        if (!cur || cur.metadata.generation !== startGen) {
          run.again = true;

          return;
        }
      }
    }
    const done = store.get(LOCAL, T.provCluster, ns, name);

    if (done && done.metadata.generation === startGen) {
      this.setStatus(ns, name, scope, 'True', '', startGen);
    } else {
      run.again = true;
    }
  }

  /** One node: cordon if the tier drains, wait, apply the latest plan, uncordon what was cordoned. Returns component errors. */
  private async reconfigure(ns: string, name: string, scope: string, nodeName: string, tier: Tier): Promise<string[]> {
    const { store, sched, durations } = this.ctx;
    const prov = store.get(LOCAL, T.provCluster, ns, name);
    const strategy = prov?.spec?.rkeConfig?.upgradeStrategy || {};
    const drain = tier === 'worker' ? strategy.workerDrainOptions?.enabled === true : strategy.controlPlaneDrainOptions?.enabled === true;

    if (drain) {
      store.mutate(scope, T.node, undefined, nodeName, (n) => {
        if (!n.spec?.unschedulable) {
          n.spec = { ...(n.spec || {}), unschedulable: true };
          n.metadata.annotations = { ...(n.metadata.annotations || {}), [DRAINED_BY_PLANNER]: 'true' };
        }
      });
    }
    await sched.sleep(durations.rke2Node);
    const latest = store.get(LOCAL, T.provCluster, ns, name);
    const node = store.get(scope, T.node, undefined, nodeName);

    if (!latest || !node) {
      return [];
    }
    const plan = nodePlanFor(latest, node);
    const updated = store.mutate(scope, T.node, undefined, nodeName, (n) => {
      applyPlanToNode(n, plan, () => this.ctx.ids.uuid(), this.ctx.now());
      if (n.metadata.annotations?.[DRAINED_BY_PLANNER] && !plan.errors.length) {
        delete n.metadata.annotations[DRAINED_BY_PLANNER];
        delete n.spec.unschedulable;
      }
    });

    if (updated) {
      syncStaticPods(this.ctx, scope, updated);
    }

    return plan.errors;
  }

  /** Bring each pool to its quantity: new machines register nodes, extra ones are deleted (newest first). */
  private scalePools(prov: KObj, scope: string): void {
    const { store } = this.ctx;
    const nodes = store.list(scope, T.node).filter((n) => n.metadata.annotations?.[A.machineLabels]);

    for (const pool of prov.spec?.rkeConfig?.machinePools || []) {
      const mine = nodes.filter((n) => machineLabelsOf(n)[L.machinePool] === pool.name).sort((a, b) => (a.metadata.creationTimestamp || '').localeCompare(b.metadata.creationTimestamp || ''));
      const want = Number(pool.quantity ?? 1);

      for (let i = mine.length; i < want; i++) {
        store.create(scope, T.node, newMachineNode(this.ctx, prov, pool, (n) => nodePlanFor(prov, n)));
      }
      for (const extra of mine.slice(want).reverse()) {
        store.delete(scope, T.node, undefined, extra.metadata.name);
      }
    }
  }

  private machineNames(scope: string, nodeNames: string[]): string {
    return nodeNames.map((n) => this.ctx.store.get(scope, T.node, undefined, n)?.metadata.annotations?.['cluster.x-k8s.io/machine'] || n).join(',');
  }

  private setStatus(ns: string, name: string, scope: string, updated: 'True' | 'False' | 'Unknown', message: string, generation: number | undefined, reason = ''): void {
    const { store } = this.ctx;
    const now = this.ctx.now();
    const prov = store.mutate(LOCAL, T.provCluster, ns, name, (p) => {
      p.status = p.status || {};
      if (generation !== undefined && (p.status.observedGeneration || 0) < generation) {
        p.status.observedGeneration = generation;
      }
      setCondition(p.status, 'Updated', updated, message, reason, now);
      setCondition(p.status, 'Reconciling', updated === 'True' ? 'False' : 'True', message, '', now);
    });
    const version = prov?.spec?.kubernetesVersion;

    store.mutate(LOCAL, T.mgmtCluster, undefined, scope, (m) => {
      m.status = m.status || {};
      setCondition(m.status, 'Updated', updated, message, reason, now);
      if (updated === 'True' && version) {
        m.status.version = versionInfo(version);
        m.status.nodeCount = store.list(scope, T.node).length;
      }
    });
  }
}

/**
 * RKE2/K3s provisioning reconcile (rancher/rancher pkg/capr/planner/planner.go, drain.go, config.go):
 * - a provisioning cluster whose `metadata.generation` moves past `status.observedGeneration` turns
 *   Updating (provisioning and management cluster `Updated=Unknown` with the planner's message);
 * - a requested etcd snapshot or restore (`etcdSnapshotCreate`/`etcdSnapshotRestore` generation) runs first
 *   (etcdSnapshot.ts);
 * - invalid additionalManifest YAML → `Updated=False`, nothing else happens;
 * - machine pools are scaled to their `quantity` (new nodes register as their kubelet would);
 * - nodes whose plan (role-filtered config + Kubernetes version + the additionalManifest file on control-plane
 *   machines, planner/rke2Plan.ts) changed are reconfigured tier by tier (planner/tiers.ts), each taking
 *   `durations.rke2Node`; the manifest reaches the cluster when the first control-plane node gets its plan;
 * - drain options: when `<tier>DrainOptions.enabled` and the cluster has more than one machine, a node whose
 *   components restart is cordoned before and uncordoned after, unconditionally (also when an admin had
 *   cordoned it); otherwise `spec.unschedulable` is never touched (RKE2 never uncordons by itself);
 * - a node whose components fail (planner/componentHealth.ts) stops the rollout: the cluster stays
 *   Updating with "waiting for probes" and the component errors until the spec changes again.
 */
import { KObj, StoreEvent } from '../../store';
import { WorldContext } from '../context';
import { setCondition } from '../k8s/conditions';
import { applyPlanToNode } from '../nodeAgent';
import { NodePlan, planHash, restartHash } from '../nodePlan';
import { effectiveMachineConfig } from '../planner/mergeConfig';
import { rke2NodePlan, serverDisablesCcm, specServerDisablesCcm } from '../planner/rke2Plan';
import { tiers, tierSizes, Tier } from '../planner/tiers';
import { parseManifest } from '../chart/manifest';
import { versionInfo } from '../seed/rancherObjects';
import { syncStaticPods } from '../staticPods';
import { A, L, LOCAL, T } from '../types';
import { Controller } from './controller';
import { EtcdOperations } from './etcdSnapshot';
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

function isMachineNode(n: KObj): boolean {
  return !!n.metadata.annotations?.[A.machineLabels];
}

/**
 * k3s DisableCCM of the server an agent joins, as that server runs it now (its applied config): the first
 * etcd machine (Rancher joins agents to the init node, an etcd machine), else the first control-plane one;
 * without any applied server yet, what the spec gives a server.
 */
export function joinedServerDisablesCcm(store: WorldContext['store'], prov: KObj, scope: string): boolean {
  const version = prov.spec?.kubernetesVersion || '';
  const servers = store.list(scope, T.node).filter((n) => isMachineNode(n) && (rolesOf(n).etcd || rolesOf(n).controlPlane))
    .sort((a, b) => Number(rolesOf(b).etcd) - Number(rolesOf(a).etcd) || a.metadata.name.localeCompare(b.metadata.name));
  const applied = servers.find((n) => n.metadata.annotations?.[A.effectiveConfig]);

  if (applied) {
    try {
      return serverDisablesCcm(JSON.parse(applied.metadata.annotations![A.effectiveConfig]), version);
    } catch {
      // fall through to the spec
    }
  }
  return specServerDisablesCcm(prov.spec?.rkeConfig, version);
}

export function nodePlanFor(prov: KObj, node: KObj, serverCcmDisabled = false): NodePlan {
  const rkeConfig = prov.spec?.rkeConfig || {};

  return rke2NodePlan({
    merged:             effectiveMachineConfig(rkeConfig, machineLabelsOf(node)),
    roles:              rolesOf(node),
    kubernetesVersion:  prov.spec?.kubernetesVersion || '',
    additionalManifest: rkeConfig.additionalManifest,
    serverDisablesCcm:  serverCcmDisabled,
  });
}

export class ProvisioningController implements Controller {
  readonly name = 'provisioning';
  private readonly runs = new Map<string, Run>();
  private readonly etcd: EtcdOperations;

  constructor(private readonly ctx: WorldContext, private readonly helm: HelmChartController) {
    this.etcd = new EtcdOperations(ctx);
  }

  onEvent(e: StoreEvent): void {
    if (e.scope !== LOCAL || e.type !== T.provCluster || e.kind === 'remove' || !e.obj.spec?.rkeConfig) {
      return;
    }
    this.etcd.note(e);
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
    // The planner runs a requested etcd snapshot, then a requested restore, before anything else (etcdSnapshot.ts).
    const seen = store.get(LOCAL, T.provCluster, ns, name)?.metadata.generation;

    if (!await this.etcd.run(ns, name, scope, (updated, message, reason) => this.setStatus(ns, name, scope, updated, message, seen, reason))) {
      return;
    }
    prov = store.get(LOCAL, T.provCluster, ns, name);
    if (!prov) {
      return;
    }
    const manifestError = parseManifest(prov.spec?.rkeConfig?.additionalManifest).error;

    if (manifestError) {
      this.setStatus(ns, name, scope, 'False', manifestError, prov.metadata.generation, 'Error');

      return;
    }
    this.scalePools(prov, scope);
    const startGen = prov.metadata.generation;
    const machines = store.list(scope, T.node).filter(isMachineNode);
    const pending = machines.filter((n) => n.metadata.annotations?.[A.appliedPlan] !== planHash(nodePlanFor(prov!, n)));
    let plan: ReturnType<typeof tiers>;

    try {
      plan = tiers(pending.map((n) => ({ ...rolesOf(n), name: n.metadata.name })), prov.spec?.rkeConfig?.upgradeStrategy, tierSizes(machines.map((n) => ({ ...rolesOf(n), name: n.metadata.name }))));
    } catch (e: any) {
      this.setStatus(ns, name, scope, 'False', e.message, startGen, 'Error');

      return;
    }

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

  /**
   * One node. With the tier's drain option (and more than one machine in the cluster) a node whose restart
   * stamp changes is drained — cordoned, whether or not it was cordoned already — before its plan is
   * updated, and once the plan is applied and healthy it is uncordoned unconditionally (planner drain.go
   * drain/undrain; machinedrain.go runs kubectl's RunCordonOrUncordon). A plan change that restarts nothing
   * (only the manifest) drains nothing (drain.go shouldDrain compares the drain hash). A control-plane plan
   * writes the additionalManifest file, which the node's deploy controller applies. Returns component errors.
   */
  private async reconfigure(ns: string, name: string, scope: string, nodeName: string, tier: Tier): Promise<string[]> {
    const { store, sched, durations } = this.ctx;
    const prov = store.get(LOCAL, T.provCluster, ns, name);
    const strategy = prov?.spec?.rkeConfig?.upgradeStrategy || {};
    const enabled = tier === 'worker' ? strategy.workerDrainOptions?.enabled === true : strategy.controlPlaneDrainOptions?.enabled === true;
    const current = store.get(scope, T.node, undefined, nodeName);
    const machineCount = store.list(scope, T.node).filter(isMachineNode).length;
    const drain = !!prov && !!current && enabled && machineCount > 1 &&
      current.metadata.annotations?.[A.restartStamp] !== restartHash(nodePlanFor(prov, current, joinedServerDisablesCcm(store, prov, scope)));

    if (drain) {
      store.mutate(scope, T.node, undefined, nodeName, (n) => {
        n.spec = { ...(n.spec || {}), unschedulable: true };
        n.metadata.annotations = { ...(n.metadata.annotations || {}), [DRAINED_BY_PLANNER]: 'true' };
      });
    }
    await sched.sleep(durations.rke2Node);
    const latest = store.get(LOCAL, T.provCluster, ns, name);
    const node = store.get(scope, T.node, undefined, nodeName);

    if (!latest || !node) {
      return [];
    }
    const plan = nodePlanFor(latest, node, joinedServerDisablesCcm(store, latest, scope));
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
    if (plan.addons !== undefined) {
      this.helm.applyManifest(scope, plan.addons);
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
        store.create(scope, T.node, newMachineNode(this.ctx, prov, pool, (n) => nodePlanFor(prov, n, joinedServerDisablesCcm(store, prov, scope))));
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

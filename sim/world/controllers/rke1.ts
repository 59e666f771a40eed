/**
 * RKE1 reconcile as Rancher's cluster provisioner drives `rke up` (rancher/rancher
 * pkg/controllers/management/clusterprovisioner; rancher/rke services/controlplane.go, workerplane.go):
 * - a `spec.rancherKubernetesEngineConfig` that differs from `status.appliedSpec` is validated first:
 *   `cloudProvider.name: aws` on Kubernetes >= 1.27 is rejected (rancher/rke cluster/defaults.go) →
 *   `Updated=False` with the error, nothing applied;
 * - control-plane hosts are processed `maxUnavailableControlplane` at a time: a host whose components
 *   change is cordoned, upgraded and uncordoned; a host that needs nothing is uncordoned too
 *   ("Upgrade not required" branch) — RKE1 UNCORDONS every control-plane host it processes;
 * - then worker hosts in batches bounded by `maxUnavailableWorker` (count or percentage of worker hosts,
 *   at least 1); worker hosts that are NotReady or cordoned before the run count as unavailable, whether or
 *   not they need the change (docs/rancher-behaviour.md#rke1-upgrade-unavailable):
 *   when they exhaust the budget the update hangs with the RKE message until that changes;
 * - a requested etcd restore (`restore.restore: true`) runs first and resets the flags (etcdSnapshot.ts);
 * - on success `status.appliedSpec` takes the new spec plus the provisioner's `nodes` and `systemImages`
 *   (seed/rke1Applied.ts) and `Updated=True`; change detection ignores those two fields.
 */
import { KObj, StoreEvent } from '../../store';
import { WorldContext } from '../context';
import { setCondition } from '../k8s/conditions';
import { nodeIsReady } from '../k8s/pods';
import { applyPlanToNode } from '../nodeAgent';
import { planHash } from '../nodePlan';
import { rke1NodePlan, rke1Validate } from '../planner/rke1Plan';
import { versionInfo } from '../seed/rancherObjects';
import { appliedUserConfig, rke1AppliedSpec } from '../seed/rke1Applied';
import { L, LOCAL, T, A } from '../types';
import { Controller } from './controller';
import { rke1Restore } from './etcdSnapshot';

function rolesOf(node: KObj) {
  const l = node.metadata.labels || {};

  return { controlPlane: l[L.rke1ControlPlane] === 'true', etcd: l[L.etcd] === 'true', worker: l[L.worker] === 'true' };
}

export function maxUnavailable(value: unknown, total: number): number {
  const s = String(value ?? '').trim();

  if (s.endsWith('%')) {
    return Math.max(1, Math.floor(total * parseInt(s, 10) / 100));
  }

  return Math.max(1, parseInt(s, 10) || 1);
}

/** JSON equality ignoring key order (Go's reflect.DeepEqual on decoded maps). */
function jsonEqual(a: unknown, b: unknown): boolean {
  const norm = (v: any): any => (Array.isArray(v) ? v.map(norm) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm(v[k])])) : v);

  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

function specChanged(m: KObj): boolean {
  const want = m.spec?.rancherKubernetesEngineConfig;

  return !!want && !jsonEqual(want, appliedUserConfig(m.status?.appliedSpec));
}

export class Rke1Controller implements Controller {
  readonly name = 'rke1';
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  /** Clusters waiting for unavailable workers to come back. */
  private readonly blocked = new Set<string>();

  constructor(private readonly ctx: WorldContext) {}

  onEvent(e: StoreEvent): void {
    const configMoved = JSON.stringify(e.obj.spec?.rancherKubernetesEngineConfig) !== JSON.stringify(e.old?.spec?.rancherKubernetesEngineConfig);

    if (e.scope === LOCAL && e.type === T.mgmtCluster && e.kind !== 'remove' && configMoved && specChanged(e.obj)) {
      this.ctx.sched.enqueue(`rke1/${ e.obj.metadata.name }`, () => this.start(e.obj.metadata.name));
    } else if (e.type === T.node && this.blocked.has(e.scope)) {
      this.ctx.sched.enqueue(`rke1/${ e.scope }`, () => this.start(e.scope));
    }
  }

  private start(id: string): void {
    if (this.running.has(id)) {
      this.again.add(id);

      return;
    }
    this.running.add(id);
    this.blocked.delete(id);
    this.ctx.sched.run(async () => {
      try {
        do {
          this.again.delete(id);
          await this.reconcile(id);
        } while (this.again.has(id) && !this.ctx.sched.isStopped());
      } finally {
        this.running.delete(id);
      }
    });
  }

  private async reconcile(id: string): Promise<void> {
    const { store, sched, durations } = this.ctx;

    await sched.sleep(durations.observe);
    let mgmt = store.get(LOCAL, T.mgmtCluster, undefined, id);

    if (!mgmt || !specChanged(mgmt)) {
      return;
    }
    const invalid = rke1Validate(mgmt.spec.rancherKubernetesEngineConfig);

    if (invalid) {
      this.setStatus(id, 'False', invalid, 'Error');

      return;
    }
    // A requested etcd restore comes first; it resets the restore flags (etcdSnapshot.ts).
    if (!await rke1Restore(this.ctx, id, (status, message, reason) => this.setStatus(id, status, message, reason))) {
      return;
    }
    mgmt = store.get(LOCAL, T.mgmtCluster, undefined, id);
    if (!mgmt) {
      return;
    }
    const config = mgmt.spec.rancherKubernetesEngineConfig;
    const snapshot = JSON.stringify(config);
    const nodes = store.list(id, T.node).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const cps = nodes.filter((n) => rolesOf(n).controlPlane);
    const cpBatch = maxUnavailable(config.upgradeStrategy?.maxUnavailableControlplane ?? '1', cps.length);

    this.setStatus(id, 'Unknown', `[controlPlane] Processing controlplane hosts for upgrade ${ cpBatch } at a time`);
    for (let i = 0; i < cps.length; i += cpBatch) {
      const errors = (await Promise.all(cps.slice(i, i + cpBatch).map((n) => this.upgradeHost(id, n.metadata.name, config)))).flat();

      if (errors.length) {
        this.setStatus(id, 'False', `[controlPlane] Failed to upgrade Control Plane: ${ errors.join('; ') }`, 'Error');

        return;
      }
      if (this.superseded(id, snapshot)) {
        this.again.add(id);

        return;
      }
    }
    const workers = store.list(id, T.node).filter((n) => !rolesOf(n).controlPlane).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const workerRoleCount = store.list(id, T.node).filter((n) => rolesOf(n).worker).length;
    const budget = maxUnavailable(config.upgradeStrategy?.maxUnavailableWorker ?? '10%', workerRoleCount);
    const todo = workers.filter((n) => n.metadata.annotations?.[A.appliedPlan] !== planHash(rke1NodePlan(config, rolesOf(n))));

    if (todo.length) {
      const unavailable = store.list(id, T.node).filter((n) => rolesOf(n).worker && !rolesOf(n).controlPlane && (n.spec?.unschedulable || !nodeIsReady(n)));

      if (unavailable.length >= budget) {
        this.blocked.add(id);
        this.setStatus(id, 'Unknown', `[workerPlane] Failed to upgrade Worker Plane: more than allowed nodes upgrading for cluster: unavailable ${ unavailable.length } maxUnavailable ${ budget } (${ unavailable.map((n) => n.metadata.name).join(', ') })`);

        return;
      }
      const size = budget - unavailable.length;

      this.setStatus(id, 'Unknown', `[workerPlane] Upgrading workerplane nodes ${ size } at a time`);
      for (let i = 0; i < todo.length; i += size) {
        const errors = (await Promise.all(todo.slice(i, i + size).map((n) => this.upgradeHost(id, n.metadata.name, config)))).flat();

        if (errors.length) {
          this.setStatus(id, 'False', `[workerPlane] Failed to upgrade Worker Plane: ${ errors.join('; ') }`, 'Error');

          return;
        }
        if (this.superseded(id, snapshot)) {
          this.again.add(id);

          return;
        }
      }
    }
    store.mutate(LOCAL, T.mgmtCluster, undefined, id, (m) => {
      m.status.appliedSpec = rke1AppliedSpec({ ...m.spec, rancherKubernetesEngineConfig: JSON.parse(snapshot) }, store.list(LOCAL, T.mgmtNode, id));
      m.status.version = versionInfo(config.kubernetesVersion || '');
    });
    this.setStatus(id, 'True', '');
  }

  private superseded(id: string, snapshot: string): boolean {
    const m = this.ctx.store.get(LOCAL, T.mgmtCluster, undefined, id);

    return !m || JSON.stringify(m.spec?.rancherKubernetesEngineConfig) !== snapshot;
  }

  /** Cordon, redeploy the host's components, uncordon. A host that needs nothing is only uncordoned. */
  private async upgradeHost(id: string, nodeName: string, config: Record<string, any>): Promise<string[]> {
    const { store, sched, durations } = this.ctx;
    const node = store.get(id, T.node, undefined, nodeName);

    if (!node) {
      return [];
    }
    const plan = rke1NodePlan(config, rolesOf(node));

    if (node.metadata.annotations?.[A.appliedPlan] !== planHash(plan)) {
      store.mutate(id, T.node, undefined, nodeName, (n) => {
        n.spec = { ...(n.spec || {}), unschedulable: true };
      });
      await sched.sleep(durations.rke1Node);
      store.mutate(id, T.node, undefined, nodeName, (n) => applyPlanToNode(n, plan, () => this.ctx.ids.uuid(), this.ctx.now()));
      if (plan.errors.length) {
        return plan.errors;
      }
    }
    store.mutate(id, T.node, undefined, nodeName, (n) => {
      if (n.spec?.unschedulable) {
        delete n.spec.unschedulable;
      }
    });

    return [];
  }

  private setStatus(id: string, status: 'True' | 'False' | 'Unknown', message: string, reason = ''): void {
    this.ctx.store.mutate(LOCAL, T.mgmtCluster, undefined, id, (m) => {
      m.status = m.status || {};
      setCondition(m.status, 'Updated', status, message, reason, this.ctx.now());
    });
  }
}

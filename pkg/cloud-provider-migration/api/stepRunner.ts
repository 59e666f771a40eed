/**
 * Carries out the steps of a migration plan through Rancher's APIs. What each action does lives in its engine
 * definition (engine/actions/<action>.ts `carryOut`); the runner gives it the reads, writes and the clock
 * (`ActionIo`):
 * - update steps re-read the cluster, re-plan from the fresh object and write that plan's step object with the
 *   conflict protocol (writeCluster.ts); a change by someone else to what the step owns ends in `conflict`, for the
 *   user to resolve, never in a blind retry;
 * - live steps poll the engine's checks on what the downstream cluster reports until they are done (never fixed
 *   sleeps), and give up after `timeoutMs`;
 * - a rollback of an update step (engine/planning/rollback.ts) is one more cluster write of the same kind: derived
 *   from a fresh read, refused when the engine no longer offers it, preceded by an etcd snapshot like any update;
 *   RKE1's chart install is rolled back by uninstalling its app, with no cluster write.
 */
import type {
  ActionIo, ChartSpec, CheckResult, ClusterObjects, DaemonSetLike, Distro, LeaseLike, LoadBalancerRecord, MigrationPlan, NodeLike, ServiceLike,
  PlanOptions, PlanStep, RollbackInput, RolloutEvidence, StepId, WriteResult,
} from '../engine';
import {
  actionOf, CCM_DAEMONSET, cordonedByMigration, loadBalancersBefore as recordedLoadBalancers, planMigration, readJournal,
  planRollback, recordLoadBalancers, recordsLoadBalancers, rollbackObject, rollbackObserves,
} from '../engine';
import {
  deployedRelease, getChartApp, getChartRelease, installChartApp, uninstallChartApp,
} from './catalog';
import {
  getDaemonSet, listLeases, listNodes, listServices, setUnschedulable,
} from './downstream';
import { takeEtcdSnapshot, updateWillWrite } from './etcdSnapshot';
import { getNormanCluster, putNormanCluster } from './norman';
import { readClusterObjects } from './observe';
import type { StoreLike } from './request';
import { readRolloutEvidence } from './rolloutEvidence';
import { getProvisioningCluster, putProvisioningCluster } from './steve';
import { applyClusterStep } from './writeCluster';
import { statusOf, toMigrationError } from './errors';

type Obj = Record<string, any>;

/**
 * The field of the cluster object an update step owns (RKE2: the provisioning cluster's spec; RKE1: the Norman
 * cluster's rancherKubernetesEngineConfig): a change to it by someone else during a run is a conflict.
 */
export const OWNED_FIELD: Record<Distro, 'spec' | 'rancherKubernetesEngineConfig'> = {
  rke2: 'spec',
  rke1: 'rancherKubernetesEngineConfig',
};

export interface RunTarget {
  /** Provisioning cluster name in fleet-default (RKE2) or Norman cluster id (RKE1). */
  name: string;
  /** Management cluster id (the downstream cluster's scope). */
  clusterId: string;
  distro: Distro;
  options: PlanOptions;
  /**
   * The provisioning cluster (`namespace/name`) that holds the migration journal (RKE1 clusters have one too): the
   * uncordon reads from it, fresh, which nodes the migration cordoned. Without it, the nodes this runner cordoned.
   */
  journalId?: string;
}

export interface RunnerOptions {
  /** How long a live step may wait (default 45 s). */
  timeoutMs?: number;
  /** Between two reads of a live step (default 100 ms). */
  pollMs?: number;
  /** A verdict as text, for the errors a failed or timed-out wait throws (default: its message key and params). */
  describe?: (check: CheckResult) => string;
  /** Before an update-cluster step that will write: take an etcd snapshot and wait for it (etcdSnapshot.ts). */
  snapshotBeforeUpdate?: boolean;
}

export interface StepRecord {
  id: StepId;
  action: string;
  /** update-cluster: the outcome of the conflict protocol. */
  write?: WriteResult['outcome'];
  /** update-cluster ending in a conflict: both versions, for the user. */
  conflict?: WriteResult;
  /** live steps: the final verdict. */
  check?: CheckResult;
  /** update-cluster with snapshotBeforeUpdate: the etcd snapshot taken before the write (what a restore takes). */
  snapshot?: string;
  /** cordon/uncordon: the nodes it changed. */
  nodes?: string[];
  /** The switch: the Services' load balancer addresses read just before it (for the journal and the verification). */
  loadBalancers?: LoadBalancerRecord;
  /** The record of the step's rollback (rollbackStep), not of the step carried out. */
  rollback?: true;
}

/** A live step failed or timed out; `check` is its last verdict. */
export class StepWaitError extends Error {
  constructor(message: string, readonly check: CheckResult, readonly timedOut: boolean) {
    super(message);
    this.name = 'StepWaitError';
  }
}

function keyOf(check: CheckResult): string {
  return check.message.params ? `${ check.message.key } ${ JSON.stringify(check.message.params) }` : check.message.key;
}

export class StepRunner implements ActionIo {
  readonly records: StepRecord[] = [];
  readonly distro: Distro;
  protected readonly timeoutMs: number;
  protected readonly pollMs: number;
  private readonly describe: (check: CheckResult) => string;
  protected readonly snapshotBeforeUpdate: boolean;

  constructor(readonly store: StoreLike, readonly target: RunTarget, opts: RunnerOptions = {}) {
    this.distro = target.distro;
    this.timeoutMs = opts.timeoutMs ?? 45000;
    this.pollMs = opts.pollMs ?? 100;
    this.describe = opts.describe || keyOf;
    this.snapshotBeforeUpdate = !!opts.snapshotBeforeUpdate;
  }

  // ---- reads ----

  readCluster(): Promise<Obj> {
    return this.target.distro === 'rke2' ? getProvisioningCluster(this.store, `fleet-default/${ this.target.name }`) : getNormanCluster(this.store, this.target.name);
  }

  async plan(obj?: Obj): Promise<MigrationPlan> {
    return planMigration(obj || await this.readCluster(), this.target.options);
  }

  clusterObjects(): Promise<ClusterObjects> {
    return readClusterObjects(this.store, this.target.clusterId, this.target.distro === 'rke2' ? `fleet-default/${ this.target.name }` : undefined);
  }

  nodes(selector?: string): Promise<NodeLike[]> {
    return listNodes(this.store, this.target.clusterId, selector);
  }

  daemonSet(): Promise<DaemonSetLike | null> {
    return getDaemonSet(this.store, this.target.clusterId, CCM_DAEMONSET.namespace, CCM_DAEMONSET.name);
  }

  leases(): Promise<LeaseLike[]> {
    return listLeases(this.store, this.target.clusterId);
  }

  services(): Promise<ServiceLike[] | undefined> {
    return listServices(this.store, this.target.clusterId);
  }

  /** From the journal, read fresh; else what this runner recorded before its switch; else undefined. */
  async loadBalancersBefore(): Promise<LoadBalancerRecord | undefined> {
    if (this.target.journalId) {
      const fromJournal = recordedLoadBalancers(readJournal(await getProvisioningCluster(this.store, this.target.journalId)));

      if (fromJournal) {
        return fromJournal;
      }
    }

    return [...this.records].reverse().find((r) => r.loadBalancers)?.loadBalancers;
  }

  /** The same reads as the tab's observations (rolloutEvidence.ts), so a timed-out wait says why it stalled. */
  rolloutEvidence(daemonSet: DaemonSetLike | null, nodes: NodeLike[]): Promise<RolloutEvidence> {
    return readRolloutEvidence(this.store, this.target.clusterId, this.target.distro, daemonSet, nodes);
  }

  now(): string {
    return new Date().toISOString();
  }

  chartRelease(chart: ChartSpec): Promise<{ version: string; values: Record<string, unknown> } | null> {
    return getChartRelease(this.store, this.target.clusterId, chart);
  }

  // ---- writes ----

  /** Re-plan from the fresh object and write that plan's step object (writeCluster.ts conflict protocol). */
  updateCluster(step: Pick<PlanStep, 'id'>): Promise<WriteResult> {
    return this.writeCluster((fresh) => {
      const planned = planMigration(fresh, this.target.options).steps.find((s) => s.id === step.id);

      if (!planned?.object) {
        throw new Error(`${ this.target.name }: the re-plan has no object for ${ step.id }`);
      }

      return planned.object;
    });
  }

  /** Writes the object `derive` makes of each fresh read, with the conflict protocol on the field the steps own. */
  private writeCluster(derive: (fresh: Obj) => Obj): Promise<WriteResult> {
    const rke2 = this.target.distro === 'rke2';

    return applyClusterStep(this.store, {
      read:      () => this.readCluster(),
      write:     (s, obj) => (rke2 ? putProvisioningCluster(s, obj) : putNormanCluster(s, obj)),
      derive,
      ownedPart: (obj) => obj[OWNED_FIELD[this.target.distro]],
    });
  }

  async setUnschedulable(nodeName: string, value: boolean): Promise<void> {
    await setUnschedulable(this.store, this.target.clusterId, nodeName, value);
  }

  describeFailure(e: unknown): { status: string; reason: string } {
    const err = toMigrationError(e);
    const status = statusOf(e) || Number(err.params.status) || undefined;

    return { status: status ? `HTTP ${ status }` : 'no answer', reason: String(err.params.message ?? err.message) };
  }

  /** From the journal, read fresh; else the nodes this runner's own cordon steps changed; else undefined. */
  async cordonedByMigration(): Promise<string[] | undefined> {
    if (this.target.journalId) {
      return cordonedByMigration(readJournal(await getProvisioningCluster(this.store, this.target.journalId)));
    }
    const cordons = this.records.filter((r) => r.action === 'cordon' && r.nodes);

    return cordons.length ? [...new Set(cordons.flatMap((r) => r.nodes!))] : undefined;
  }

  installChart(chart: ChartSpec): Promise<void> {
    return installChartApp(this.store, this.target.clusterId, chart);
  }

  // ---- the clock ----

  /** Polls `probe` until it returns state done; throws StepWaitError on timeout, or on `failed` unless failFast is false. */
  async until(what: string, probe: () => Promise<CheckResult>, opts: { failFast?: boolean } = {}): Promise<CheckResult> {
    const deadline = Date.now() + this.timeoutMs;

    for (;;) {
      const last = await probe();

      if (last.state === 'done') {
        return last;
      }
      if (last.state === 'failed' && opts.failFast !== false) {
        throw new StepWaitError(`${ this.target.name }: ${ what } failed: ${ this.describe(last) }`, last, false);
      }
      if (Date.now() > deadline) {
        throw new StepWaitError(`${ this.target.name }: ${ what } timed out after ${ this.timeoutMs } ms: ${ this.describe(last) }`, last, true);
      }
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  // ---- steps ----

  /**
   * With snapshotBeforeUpdate, before an update step that will write (the re-plan from a fresh read changes the
   * object): an etcd snapshot, taken and waited for; its name. Undefined when none was taken.
   */
  protected async snapshotBefore(step: PlanStep): Promise<string | undefined> {
    if (!this.snapshotBeforeUpdate || step.action !== 'update-cluster') {
      return undefined;
    }
    const fresh = await this.readCluster();

    if (!updateWillWrite((await this.plan(fresh)).steps.find((s) => s.id === step.id), fresh)) {
      return undefined;
    }

    return (await takeEtcdSnapshot(this.store, this.target, (what, probe) => this.until(what, probe))).name;
  }

  /**
   * What the rollback of `step` judges besides the object (engine rollbackObserves), read now: the CCM DaemonSet and,
   * RKE1, the chart's app (whether it exists, and its deployed release).
   */
  private async rollbackInput(step: StepId, plan: MigrationPlan): Promise<Pick<RollbackInput, 'observations' | 'chartApp'>> {
    if (!rollbackObserves(step)) {
      return {};
    }
    const chart = this.distro === 'rke1' ? plan.steps.find((s) => s.id === 'install-ccm')?.chart : undefined;
    const [daemonSet, app] = await Promise.all([this.daemonSet(), chart ? getChartApp(this.store, this.target.clusterId, chart) : Promise.resolve(undefined)]);

    return app === undefined ? { observations: { daemonSet } } : { observations: { daemonSet, chartRelease: deployedRelease(app) }, chartApp: !!app };
  }

  /**
   * Rolls back one applied step (engine planRollback): checked on a fresh read first (ROLLBACK_REFUSED when the engine
   * does not offer it, before anything is written). RKE1's chart: its app is uninstalled (no cluster write, no
   * snapshot). An update: with snapshotBeforeUpdate, an etcd snapshot, then the rollback object derived from each
   * fresh read and written with the conflict protocol: a change by someone else to what the step owns ends in
   * `conflict`, for the user.
   */
  async rollbackStep(step: Pick<PlanStep, 'id' | 'action'>): Promise<StepRecord> {
    const fresh = await this.readCluster();
    const plan = await this.plan(fresh);
    const input = await this.rollbackInput(step.id, plan);
    const offer = planRollback(fresh, this.target.options, step.id, { ...input, plan });

    if (offer.offered && offer.uninstall) {
      await uninstallChartApp(this.store, this.target.clusterId, offer.uninstall);
      const uninstalled: StepRecord = {
        id: step.id, action: step.action, write: 'applied', rollback: true,
      };

      this.records.push(uninstalled);

      return uninstalled;
    }
    const derive = (obj: Obj) => rollbackObject(obj, this.target.options, step.id, input);

    // Refused (ROLLBACK_REFUSED) before anything is written, judged on the plan of the fresh read made above.
    rollbackObject(fresh, this.target.options, step.id, { ...input, plan });
    const snapshot = this.snapshotBeforeUpdate ? (await takeEtcdSnapshot(this.store, this.target, (what, probe) => this.until(what, probe))).name : undefined;
    const write = await this.writeCluster(derive);
    const record: StepRecord = {
      id: step.id, action: step.action, write: write.outcome, rollback: true,
    };

    if (snapshot) {
      record.snapshot = snapshot;
    }
    if (write.outcome === 'conflict') {
      record.conflict = write;
    }
    this.records.push(record);

    return record;
  }

  /**
   * Before the switch: the Services' load balancer addresses, for the verification after it. A read that fails
   * records nothing (the verification then only asks for an address) and never stops the switch.
   */
  protected async loadBalancersBeforeSwitch(step: PlanStep): Promise<LoadBalancerRecord | undefined> {
    if (!recordsLoadBalancers(step) || step.done) {
      return undefined;
    }
    try {
      const services = await this.services();

      return services ? recordLoadBalancers(services, this.now()) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Carries out one step with its action's definition and records the outcome. */
  async runStep(step: PlanStep): Promise<StepRecord> {
    const snapshot = await this.snapshotBefore(step);
    const loadBalancers = await this.loadBalancersBeforeSwitch(step);
    const outcome = await actionOf(step.action).carryOut(step, this);
    const record: StepRecord = { id: step.id, action: step.action };

    if (snapshot) {
      record.snapshot = snapshot;
    }
    if (loadBalancers) {
      record.loadBalancers = loadBalancers;
    }

    if (outcome.write) {
      record.write = outcome.write.outcome;
      if (outcome.write.outcome === 'conflict') {
        record.conflict = outcome.write;
      }
    }
    if (outcome.check) {
      record.check = outcome.check;
    }
    if (outcome.nodes) {
      record.nodes = outcome.nodes;
    }
    this.records.push(record);

    return record;
  }

  /**
   * Runs every step of the plan made from the cluster as it is now, in order, re-planning before each; stops with an
   * error at a conflict (the user resolves it) or a failed wait.
   */
  async runPlan(afterStep?: (step: PlanStep) => Promise<void>, beforeStep?: (step: PlanStep) => Promise<void>): Promise<MigrationPlan> {
    const initial = await this.plan();

    for (const first of initial.steps) {
      const plan = await this.plan();
      // Once switched, a cluster with a target version is planned as the upgrade alone (the engine cannot tell
      // "migrated long ago" from "switched a minute ago"); an admin following the plan they started still waits,
      // verifies and uncordons, so the live steps of the started plan are carried out as they were.
      const step = plan.steps.find((s) => s.id === first.id) || (plan.status === 'migrated' && first.live ? first : undefined);

      if (!step) {
        throw new Error(`${ this.target.name }: step ${ first.id } vanished from the re-plan`);
      }
      await beforeStep?.(step);
      const record = await this.runStep(step);

      if (record.write === 'conflict') {
        throw new Error(`${ this.target.name }: ${ step.id } ended in a conflict for the user to resolve`);
      }
      await afterStep?.(step);
    }

    return initial;
  }
}

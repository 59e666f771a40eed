/**
 * What the rest of a migration costs, for the tab's header: how many cluster updates are left, which of them
 * restart which nodes and how many at a time (the cluster's upgrade strategy), a rough duration, and what stops
 * meanwhile. Rough by nature: it counts node restarts, it does not know how long this cluster's nodes take.
 */
import type { MigrationPlan, PlanStep, Strategy } from '../types';
import type { Topology } from '../cluster/clusterFacts';

/** Which nodes an update restarts: none (a manifest-only change), the control plane, or every node. */
export type RestartScope = 'none' | 'control-plane' | 'all';

export interface StepCost {
  step: PlanStep['id'];
  restarts: RestartScope;
}

export interface MigrationCost {
  /** Cluster updates still to apply (required steps). */
  updates: number;
  steps: StepCost[];
  /** Nodes restarted at once in each tier (0 = all at once), when the topology is known. */
  controlPlaneAtOnce?: number;
  workersAtOnce?: number;
  /** Rancher drains nodes before it restarts them. */
  drains: boolean;
  /** Rough minutes for what is left, low and high; undefined without a topology. */
  minutes?: { low: number; high: number };
  /**
   * Workers that a step restarts one at a time, when there are so many that they make most of the duration (the
   * cluster's worker concurrency is 1): the admin may raise it before starting. Undefined otherwise.
   */
  workersOneByOne?: number;
  /** What does not run while the migration is under way. */
  stops: 'cloud-controllers' | 'nothing';
  strategy: Strategy;
}

/**
 * Which nodes a step restarts. RKE2: a change of the additional manifest alone restarts nothing (it is a file the
 * planner hands the control plane, docs/rancher-behaviour.md#manifest-rollout); the KCM flag restarts the control
 * plane; the switch and a version change reconfigure every node. RKE1: the chart install restarts nothing; the KCM
 * flag restarts the control plane; the switch and a version change every node.
 */
export function restartScope(step: PlanStep): RestartScope {
  switch (step.id) {
    case 'enable-leader-migration':
      return 'control-plane';
    case 'switch-to-external':
    case 'upgrade-kubernetes':
      return 'all';
    default:
      return 'none';
  }
}

/** A concurrency string as Rancher's planner reads it, for a tier of `size` machines (docs/rancher-behaviour.md#concurrency). */
export function atOnce(value: unknown, size: number): number {
  const text = value === undefined || value === null ? '' : String(value).trim();

  if (text === '') {
    return 1;
  }
  if (/^-?\d+$/.test(text)) {
    return Math.max(0, Number(text));
  }
  const percent = parseFloat(text.replace(/%$/, ''));

  return Number.isFinite(percent) ? Math.ceil(size * percent / 100) : 1;
}

/** Minutes one node takes to restart its components and become Ready again, low and high (a rough guide). */
const NODE_MINUTES = { low: 2, high: 6 };
/** Minutes a manifest-only update or a wait without restarts takes. */
const QUIET_MINUTES = { low: 1, high: 3 };

/** From this many workers restarted one at a time, the header suggests raising the worker concurrency first. */
const MANY_WORKERS = 20;

export type DurationUnit = 'minutes' | 'hours' | 'days';

/**
 * A rough duration in the unit an admin reads it in: minutes below two hours, hours below two days, else days
 * (rounded outwards: the low end down, the high end up, never below 1).
 */
export function roughDuration(minutes: { low: number; high: number }): { low: number; high: number; unit: DurationUnit } {
  const [unit, per]: [DurationUnit, number] = minutes.high < 120 ? ['minutes', 1] : minutes.high < 48 * 60 ? ['hours', 60] : ['days', 24 * 60];

  return { low: Math.max(1, Math.floor(minutes.low / per)), high: Math.max(1, Math.ceil(minutes.high / per)), unit };
}

function rounds(count: number, limit: number): number {
  return count <= 0 ? 0 : limit <= 0 ? 1 : Math.ceil(count / limit);
}

export function migrationCost(plan: MigrationPlan, obj: Record<string, any>, topology?: Topology): MigrationCost {
  const left = plan.steps.filter((s) => !s.optional && !s.done && (s.action === 'update-cluster' || s.action === 'install-chart'));
  const steps = left.map((s) => ({ step: s.id, restarts: s.action === 'install-chart' ? 'none' as const : restartScope(s) }));
  const rke2 = plan.detection.kind === 'rke2';
  const strategyObj = rke2 ? obj.spec?.rkeConfig?.upgradeStrategy : obj.rancherKubernetesEngineConfig?.upgradeStrategy;
  const drains = rke2 ? !!(strategyObj?.controlPlaneDrainOptions?.enabled || strategyObj?.workerDrainOptions?.enabled) : !!strategyObj?.drain;
  const cost: MigrationCost = {
    updates:  left.filter((s) => s.action === 'update-cluster').length,
    steps,
    drains,
    stops:    plan.strategy === 'downtime' ? 'cloud-controllers' : 'nothing',
    strategy: plan.strategy,
  };

  if (topology) {
    const workers = topology.total - topology.controlPlane;
    // RKE2: control-plane machines almost always carry etcd, and the planner restarts the etcd tier one machine at a
    // time whatever controlPlaneConcurrency says. RKE1 takes maxUnavailableControlplane.
    const cpAtOnce = rke2 ? 1 : atOnce(strategyObj?.maxUnavailableControlplane, topology.controlPlane);
    const wAtOnce = rke2 ? atOnce(strategyObj?.workerConcurrency, workers) : atOnce(strategyObj?.maxUnavailableWorker ?? '10%', workers);
    let low = 0;
    let high = 0;

    steps.forEach(({ restarts }) => {
      const n = restarts === 'none' ? 0 : rounds(topology.controlPlane, cpAtOnce) + (restarts === 'all' ? rounds(workers, wAtOnce) : 0);

      low += n ? n * NODE_MINUTES.low : QUIET_MINUTES.low;
      high += n ? n * NODE_MINUTES.high : QUIET_MINUTES.high;
    });
    cost.controlPlaneAtOnce = cpAtOnce;
    cost.workersAtOnce = wAtOnce;
    cost.minutes = { low, high };
    if (wAtOnce === 1 && workers >= MANY_WORKERS && steps.some((s) => s.restarts === 'all')) {
      cost.workersOneByOne = workers;
    }
  }

  return cost;
}

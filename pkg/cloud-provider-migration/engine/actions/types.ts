/**
 * One definition per step action (update-cluster, wait-cluster, install-chart, cordon, uncordon, wait-rollout,
 * verify): how planning prints its commands and where they run, how the tab judges it from what the live cluster
 * reports, and how it is carried out. The engine stays pure: carrying out goes through `ActionIo`, which the api
 * layer's step runner implements over Rancher's APIs (reads, writes and the clock are there, never here).
 */
import type {
  ChartSpec, CheckResult, DaemonSetLike, Distro, LeaseLike, LoadBalancerRecord, NodeLike, Observations, PlanStep, RolloutEvidence,
  ServiceLike, StepAction,
} from '../types';
import type { PlanContext } from '../planning/planContext';
import type { StepDef } from '../planning/stepDef';
import type { ClusterObjects } from '../checks/clusterReconcile';

type Obj = Record<string, any>;

/** What planning knows when it prints a step's commands: the object before and after the step (update steps). */
export interface CommandInput {
  def: StepDef;
  ctx: PlanContext;
  before: Obj;
  after: Obj;
}

/** A live step to judge, among the plan's steps (those before it are judged already, cordon excepted). */
export interface JudgeInput {
  step: PlanStep;
  index: number;
  steps: PlanStep[];
  obs: Observations;
  distro: Distro;
}

export type WriteOutcome = 'applied' | 'unchanged' | 'conflict';

/** The result of a cluster write under the conflict protocol (api/writeCluster.ts). */
export interface WriteResult {
  outcome: WriteOutcome;
  object: Obj;
  /** conflict: the cluster as it is now, what we tried to write, and what we derived it from. */
  theirs?: Obj;
  ours?: Obj;
  base?: Obj;
}

/** What carrying out a step may read, write and wait for (implemented by api/stepRunner.ts). */
export interface ActionIo {
  readonly distro: Distro;
  /** Re-plans from a fresh read of the cluster and writes this step's object with the conflict protocol. */
  updateCluster(step: PlanStep): Promise<WriteResult>;
  /** The management cluster, and for RKE2 the provisioning cluster, as Rancher has them now. */
  clusterObjects(): Promise<ClusterObjects>;
  nodes(): Promise<NodeLike[]>;
  setUnschedulable(nodeName: string, value: boolean): Promise<void>;
  /** A failed request as text for a node's line: its HTTP status (or "no answer") and the server's reason. */
  describeFailure(e: unknown): { status: string; reason: string };
  /**
   * The nodes the migration cordoned and has not given back (from the journal, read fresh), so that the uncordon
   * gives back exactly those; undefined when no cordon was recorded (every control-plane node then).
   */
  cordonedByMigration(): Promise<string[] | undefined>;
  /** The CCM DaemonSet, null when it does not exist. */
  daemonSet(): Promise<DaemonSetLike | null>;
  /** Why that DaemonSet's rollout may stall: its pods, or (RKE2, no DaemonSet yet) the install Job and its pods. */
  rolloutEvidence(daemonSet: DaemonSetLike | null, nodes: NodeLike[]): Promise<RolloutEvidence>;
  /** The runner's clock as an ISO time (the engine has none): how long a wait has taken. */
  now(): string;
  leases(): Promise<LeaseLike[]>;
  /** Every Service of the downstream cluster; undefined when Kubernetes refuses the read or does not serve it. */
  services(): Promise<ServiceLike[] | undefined>;
  /**
   * The load balancer addresses recorded before the switch (from the journal, read fresh; else what this runner
   * recorded); undefined when none was recorded (the verification then only asks for an address).
   */
  loadBalancersBefore(): Promise<LoadBalancerRecord | undefined>;
  /** RKE1: install or upgrade the chart as a Rancher app in the downstream cluster. */
  installChart(chart: ChartSpec): Promise<void>;
  /** RKE1: the deployed release of the chart, null when none is deployed. */
  chartRelease(chart: ChartSpec): Promise<{ version: string; values: Record<string, unknown> } | null>;
  /** Polls `probe` until done; a `failed` verdict ends it at once unless `failFast` is false; a timeout throws. */
  until(what: string, probe: () => Promise<CheckResult>, opts?: { failFast?: boolean }): Promise<CheckResult>;
}

/** What carrying out a step ended with. */
export interface ActionOutcome {
  /** update-cluster: the write's outcome (a conflict goes to the user). */
  write?: WriteResult;
  /** live steps: the final verdict. */
  check?: CheckResult;
  /** cordon/uncordon: the nodes it changed. */
  nodes?: string[];
}

export interface ActionDefinition {
  action: StepAction;
  /** Depends on the live cluster: never done from the object alone. */
  live: boolean;
  /** Where its commands run: the Rancher local cluster (cluster objects) or the downstream cluster. */
  runsIn: 'rancher' | 'downstream';
  /** Its commands select the control-plane nodes by label (the step shows the selector). */
  selectsControlPlane: boolean;
  /** Judged after every other step, since its verdict looks at theirs. */
  judgedLast?: boolean;
  /** What a CLI user types for the step. */
  commands(input: CommandInput): string[];
  /** The verdict on what the live cluster reports; undefined keeps the planner's verdict. */
  judge(input: JudgeInput): CheckResult | undefined;
  /** Carries the step out through the runner. */
  carryOut(step: PlanStep, io: ActionIo): Promise<ActionOutcome>;
}

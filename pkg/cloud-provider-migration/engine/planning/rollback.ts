/**
 * Rolling back one applied cluster update while that is still safe: before the switch to the external provider, and
 * never across Kubernetes 1.27 (a rollback never changes the version; from 1.27 on the in-tree AWS provider is gone,
 * so without the CCM nothing would run the cloud controllers). The updates before the switch are, on the leader-
 * migration path, enable-leader-migration (the KCM flag) and the CCM (RKE2 deploy-ccm: the HelmChart in the
 * additional manifest; RKE1 install-ccm: a Rancher app, which the tab does not uninstall). The downtime path has
 * none: its first update is the switch.
 *
 * Order: the reverse of how they were applied. The CCM runs with leader migration, so the flag on the
 * kube-controller-manager goes only once no CCM runs any more (deploy-ccm rolled back and its DaemonSet gone);
 * otherwise both would run the cloud controllers.
 *
 * The rollback object is the cluster as it is now with exactly that step's change reversed by the distro's own
 * edit (rke2/rke2Edits.ts, rke1/rke1Edits.ts), every other field as it is; its diff and commands are made the way
 * the update steps make theirs. Pure: the plan, the object and what the live cluster reports come from the caller.
 */
import type {
  DiffSides, Distro, Message, MigrationPlan, Observations, PlanOptions, PlanStep, StepId,
} from '../types';
import { MigrationError } from '../errors';
import { inputFormat, isPlainObject, jsonEqual } from '../cluster/clusterShape';
import { normanViewOfManagement, withRke1Config } from '../cluster/managementCluster';
import { atLeastMinor } from '../cluster/kubernetesVersion';
import { rke2AnyExternalArg, withoutCcmHelmChart, withoutKcmLeaderMigration } from '../rke2/rke2Edits';
import { withoutRke1KcmLeaderMigration } from '../rke1/rke1Edits';
import { rke1PatchCommand, rke2PatchCommand } from '../actions/updateCluster';
import { objectStepDiff } from './objectDiff';
import { shellQuote } from './shellCommands';
import { planMigration } from './planMigration';

type Obj = Record<string, any>;

/** Why a step's rollback is not offered; its text is `rollback.refused.<refusal>`. */
export type RollbackRefusal =
  | 'notReversible' // not an update made before the switch (or not in this plan)
  | 'switched' // the switch to the external provider is applied, at least in part
  | 'inTreeRemoved' // Kubernetes 1.27 or later with the in-tree provider: nothing else would run the cloud controllers
  | 'notDone' // the step's change is not in the cluster
  | 'notAnApp' // RKE1 install-ccm: a CCM runs, but not as the chart's Rancher app (installed some other way)
  | 'deployCcmFirst' // RKE2 enable-leader-migration while the CCM HelmChart is deployed
  | 'uninstallCcmFirst' // RKE1 enable-leader-migration while the CCM chart is installed
  | 'ccmRunning' // enable-leader-migration while a CCM DaemonSet still runs
  | 'notObserved'; // enable-leader-migration before the CCM DaemonSet has been read

export interface StepRollback {
  step: StepId;
  /** The rollback can be carried out now. */
  offered: boolean;
  refusal?: RollbackRefusal;
  /** Why it is not offered, as a message. */
  reason?: Message;
  /** What the rollback does (offered, or refused only for what must happen first). */
  description?: Message;
  /** Offered: the whole object with only this step's change reversed, in the input's format. */
  object?: Obj;
  /** Offered: the unified diff of the object a user edits, and its two texts. */
  diff?: string;
  diffSides?: DiffSides;
  /**
   * Offered, RKE1 install-ccm: the Rancher app to uninstall (the chart's release), in place of a cluster write. The
   * rollback has no object and no diff then.
   */
  uninstall?: { namespace: string; name: string };
  /** Offered: what a CLI user runs instead, and where: the Rancher local cluster, or this (downstream) cluster. */
  commands?: string[];
  runsIn?: 'rancher' | 'downstream';
}

export interface RollbackInput {
  /**
   * What the live cluster reports: the CCM DaemonSet (null = read and absent) and, RKE1, the chart's release. The
   * leader-migration flag is rolled back only once no CCM runs; unread, it is not offered.
   */
  observations?: Pick<Observations, 'daemonSet' | 'chartRelease'>;
  /**
   * RKE1 install-ccm: whether the chart's Rancher app exists (read, in whatever state); unread, the plan and the
   * observations say whether the chart is installed.
   */
  chartApp?: boolean;
  /** The plan of the same object with the same options, when the caller has it already. */
  plan?: MigrationPlan;
}

/** The edit that reverses each step a rollback can reverse; undefined = reversed by hand. */
const REVERSALS: Record<Distro, Partial<Record<StepId, ((obj: Obj) => Obj) | undefined>>> = {
  rke2: { 'enable-leader-migration': withoutKcmLeaderMigration, 'deploy-ccm': withoutCcmHelmChart },
  rke1: { 'enable-leader-migration': withoutRke1KcmLeaderMigration, 'install-ccm': undefined },
};

/** The steps whose rollback depends on what the live cluster reports (the caller reads it for them only). */
export function rollbackObserves(step: StepId): boolean {
  return step === 'enable-leader-migration' || step === 'install-ccm';
}

function refused(step: StepId, refusal: RollbackRefusal, params?: Message['params'], description?: Message): StepRollback {
  const reason: Message = params ? { key: `rollback.refused.${ refusal }`, params } : { key: `rollback.refused.${ refusal }` };

  return description ? {
    step, offered: false, refusal, reason, description
  } : {
    step, offered: false, refusal, reason
  };
}

/**
 * The switch is applied, at least in part: its step done, the cluster migrated, or some machine or component already
 * told to run out of tree (a provider `external`/`external-aws`, RKE2 a `cloud-provider=external` arg).
 */
function switchStarted(plan: MigrationPlan, obj: Obj): boolean {
  const switchStep = plan.steps.find((s) => s.id === 'switch-to-external');

  if (switchStep?.done || plan.status === 'migrated') {
    return true;
  }
  if (plan.detection.providerLocations.some((l) => l.value === 'external' || l.value === 'external-aws')) {
    return true;
  }

  return plan.detection.kind === 'rke2' && isPlainObject(obj.spec?.rkeConfig) && rke2AnyExternalArg(obj.spec.rkeConfig);
}

/** The RKE1 chart is in the cluster: its step judged done, or its release or the CCM DaemonSet read. */
function chartInstalled(step: PlanStep | undefined, obs: RollbackInput['observations']): boolean {
  return !!step?.done || step?.check?.state === 'done' || !!obs?.chartRelease || !!obs?.daemonSet;
}

/** Why the leader-migration flag must stay for now (a CCM that needs it, or none known to be gone), or undefined. */
function flagBlocker(distro: Distro, plan: MigrationPlan, obs: RollbackInput['observations']): RollbackRefusal | undefined {
  if (distro === 'rke2' && plan.steps.find((s) => s.id === 'deploy-ccm')?.done) {
    return 'deployCcmFirst';
  }
  if (distro === 'rke1' && chartInstalled(plan.steps.find((s) => s.id === 'install-ccm'), obs)) {
    return 'uninstallCcmFirst';
  }
  if (obs?.daemonSet === undefined) {
    return 'notObserved';
  }

  return obs.daemonSet ? 'ccmRunning' : undefined;
}

/**
 * The rollback of one step for the cluster as it is now (`obj`, planned with `options`): offered with the object,
 * diff and commands, or refused with the reason. Throws what planMigration throws for the object.
 */
export function planRollback(obj: Obj, options: PlanOptions, stepId: StepId, input: RollbackInput = {}): StepRollback {
  const plan = input.plan || planMigration(obj, options);
  const distro = plan.detection.kind;

  if (distro !== 'rke2' && distro !== 'rke1') {
    return refused(stepId, 'notReversible');
  }
  const reversals = REVERSALS[distro];
  const step = plan.steps.find((s) => s.id === stepId);

  if (!step || !(stepId in reversals)) {
    return refused(stepId, 'notReversible');
  }
  const description: Message = { key: `rollback.description.${ stepId }.${ distro }` };

  if (switchStarted(plan, obj)) {
    return refused(stepId, 'switched');
  }
  if (atLeastMinor(plan.cluster.kubernetesVersion, 1, 27)) {
    return refused(stepId, 'inTreeRemoved', { version: plan.cluster.kubernetesVersion });
  }
  const reverse = reversals[stepId];

  if (!reverse) {
    return uninstallRollback(step, input, description);
  }
  if (!step.done) {
    return refused(stepId, 'notDone');
  }
  const blocker = rollbackObserves(stepId) ? flagBlocker(distro, plan, input.observations) : undefined;

  if (blocker) {
    return refused(stepId, blocker, undefined, description);
  }

  return offeredRollback(obj, plan, stepId, reverse, description);
}

/**
 * RKE1 install-ccm: the chart is a Rancher app, so its rollback uninstalls that app (helm uninstall of the release);
 * the cluster object is not written. Refused when nothing is installed, or when a CCM runs that is not the app.
 */
function uninstallRollback(step: PlanStep, input: RollbackInput, description: Message): StepRollback {
  const chart = step.chart;

  if (input.chartApp === false || !chart) {
    return input.observations?.daemonSet ? refused(step.id, 'notAnApp', undefined, description) : refused(step.id, 'notDone');
  }
  if (input.chartApp === undefined && !chartInstalled(step, input.observations)) {
    return refused(step.id, 'notDone');
  }

  return {
    step:      step.id,
    offered:   true,
    description,
    uninstall: { namespace: chart.namespace, name: chart.name },
    commands:  [`helm uninstall ${ shellQuote(chart.name) } -n ${ shellQuote(chart.namespace) }`],
    runsIn:    'downstream',
  };
}

function offeredRollback(obj: Obj, plan: MigrationPlan, stepId: StepId, reverse: (o: Obj) => Obj, description: Message): StepRollback {
  // A management.cattle.io cluster is edited as its Norman view, and told back in its own shape, as its plan is.
  const management = inputFormat(obj) === 'management';
  const before = management ? normanViewOfManagement(obj) : obj;
  const after = reverse(before);

  if (jsonEqual(after, before)) {
    // Done by some other means than this step's edit (nothing of it to take out): nothing to roll back.
    return refused(stepId, 'notDone');
  }
  const object = management ? withRke1Config(obj, after) : after;
  const commands = plan.detection.kind === 'rke2' ? rke2PatchCommand(before, after) : rke1PatchCommand(before, after);

  return {
    step:     stepId,
    offered:  true,
    description,
    object,
    ...objectStepDiff(plan.detection, obj, object, 'after the rollback'),
    commands,
    runsIn:   'rancher',
  };
}

/**
 * The rollback object of a step for the cluster as it is now, for a write: throws ROLLBACK_REFUSED (with the
 * reason's text) when it is not offered.
 */
export function rollbackObject(obj: Obj, options: PlanOptions, stepId: StepId, input: RollbackInput = {}): Obj {
  const rollback = planRollback(obj, options, stepId, input);

  if (!rollback.offered) {
    throw new MigrationError('ROLLBACK_REFUSED', `${ stepId }: no rollback now (${ rollback.refusal })`, { key: rollback.reason!.key, params: rollback.reason!.params });
  }
  if (!rollback.object) {
    throw new MigrationError('ROLLBACK_REFUSED', `${ stepId }: the rollback writes no cluster object (it uninstalls ${ rollback.uninstall?.name })`, { key: 'rollback.refused.notReversible' });
  }

  return rollback.object;
}

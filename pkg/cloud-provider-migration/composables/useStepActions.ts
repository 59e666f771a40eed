/**
 * Carrying out a step from the tab: the product's step runner (api/stepRunner.ts, each action as engine/actions
 * defines it) over the shell store, then one journal entry on the cluster's provisioning object (who, when, the
 * result, the diff digest, the nodes cordoned), then a re-read. The runner re-plans from a fresh read before every
 * write, so what is written is what the cluster needs now, not what this page showed a minute ago.
 *
 * Which steps the tab runs: writes (update-cluster, install-chart) and cordon/uncordon. Waits and verifications are
 * judged from the live cluster as it is polled; they need no button.
 *
 * Two ways back, each journalled on the step with `undo`: `rollback(step)` reverses one applied update while the
 * engine offers it (the runner's rollbackStep: a fresh read, an etcd snapshot, the conflict protocol), and
 * `restore(step, snapshot)`, the last resort, asks Rancher to restore the etcd snapshot taken before the step
 * together with the configuration it recorded. Their outcomes are kept apart from the steps' (`undoOutcome`).
 */
import { ref, type Ref } from 'vue';
import type {
  JournalChoices, JournalEntry, JournalResult, JournalUndo, MigrationPlan, PlanOptions, PlanStep, StepAction,
} from '../engine';
import type { ChangedLoadBalancer, LoadBalancerRecord } from '../engine';
import { acceptedLoadBalancers, diffDigest } from '../engine';
import {
  acceptLoadBalancers as appendAcceptance, appendJournal, restoreEtcdSnapshot, StepRunner, StepWaitError, toMigrationError, type RestoreMode, type StepRecord, type StoreLike,
} from '../api';
import { managementClusterId, type ClusterResource } from './planSource';

/** The actions the tab carries out with a button. */
export const RUNNABLE_ACTIONS: StepAction[] = ['update-cluster', 'install-chart', 'cordon', 'uncordon'];

/** How long a run may wait for the cordon to show or a chart to deploy before it reports where it stands. */
const RUN_TIMEOUT_MS = 10 * 60 * 1000;
const RUN_POLL_MS = 2000;

export type RunOutcome =
  | { kind: 'done'; record: StepRecord }
  | { kind: 'conflict'; record: StepRecord }
  | { kind: 'failed'; error: unknown };

/** How the last acceptance of new load balancer addresses ended, for the step it was on. */
export type AcceptOutcome = { kind: 'done' | 'conflict'; step: string } | { kind: 'failed'; step: string; error: unknown };

/** How the last rollback or restore ended, for the step it was about. */
export type UndoOutcome = RunOutcome & { step: string; undo: JournalUndo };

/**
 * The restore the tab asks for: the snapshot's etcd and the cluster configuration it recorded (RKE2
 * `restoreRKEConfig: all`, RKE1 `restoreRkeConfig: all`), so the step's change does not come back with the spec.
 */
export const RESTORE_MODE: RestoreMode = 'all';

/** A Steve resource link the user may follow: present and not `blocked`. */
function allowed(link: string | undefined): boolean {
  return !!link && link !== 'blocked';
}

/**
 * Whether the user may patch the downstream cluster's nodes, from what Steve returned for them
 * (docs/rancher-behaviour.md#steve-links): its `patch` link where Steve gives one, else its `update` link. Undefined
 * while the nodes are not read.
 */
export function canPatchNodes(nodes: ReadonlyArray<object> | undefined): boolean | undefined {
  if (!nodes?.length) {
    return undefined;
  }

  return nodes.every((n) => {
    // Steve's links are beside the Kubernetes fields of each object it returns.
    const links = (n as { links?: Record<string, string> }).links;

    return links && 'patch' in links ? allowed(links.patch) : allowed(links?.update);
  });
}

/**
 * Why a step cannot be run now, as an l10n key under `ui.act.disabled`, or undefined when it can. `acknowledged`
 * false: a pre-flight item to acknowledge (the AWS prerequisites) is not ticked yet; undefined does not ask.
 * `nodesPatchable` false: the user may not patch the downstream nodes, so a cordon or uncordon cannot be run.
 */
export function runBlocker(plan: MigrationPlan | undefined, step: PlanStep | undefined, canUpdate: boolean | undefined, acknowledged?: boolean, nodesPatchable?: boolean): string | undefined {
  if (!plan || !step) {
    return 'noStep';
  }
  if (canUpdate === false) {
    return 'readOnly';
  }
  if (!RUNNABLE_ACTIONS.includes(step.action)) {
    return 'automatic';
  }
  if (nodesPatchable === false && (step.action === 'cordon' || step.action === 'uncordon')) {
    return 'cannotPatchNodes';
  }
  if (plan.preflight.some((c) => c.severity === 'blocker')) {
    return 'blocked';
  }
  if (acknowledged === false && plan.preflight.some((c) => c.acknowledge)) {
    return 'acknowledge';
  }

  return undefined;
}

function resultOf(record: StepRecord): JournalResult {
  if (record.write) {
    return record.write;
  }

  return record.check?.state === 'done' ? 'done' : 'failed';
}

/** What carrying out steps works from: the page's live cluster and its plan, and what follows a run. */
export interface StepActionsInput {
  /** The live cluster model (see `liveResource`). */
  resource: () => ClusterResource;
  plan: Ref<MigrationPlan | undefined>;
  /** The options the shown plan was made with: the runner re-plans with the same. */
  options: Ref<PlanOptions>;
  /** Called after every run, rollback and restore (the page re-reads the cluster). */
  afterRun: () => Promise<void>;
  /** The object the plan came from (RKE1: the Norman cluster, whose backup configuration decides the snapshot). */
  source?: Ref<Record<string, any> | undefined>;
  /** When the admin ticked the AWS prerequisites on this page (recorded with the choices by the first entry). */
  prerequisitesAt?: () => string | undefined;
  timing?: { timeoutMs?: number; pollMs?: number };
}

export function useStepActions(store: StoreLike & { getters?: Record<string, any> }, input: StepActionsInput) {
  const {
    resource, plan, options, afterRun, source = ref(), timing = {}, prerequisitesAt = () => undefined,
  } = input;
  const running = ref<string>();
  const outcome = ref<RunOutcome & { step: string }>();
  const undoOutcome = ref<UndoOutcome>();
  const acceptOutcome = ref<AcceptOutcome>();

  function user(): string {
    const getters = store.getters || {};

    return getters['auth/v3User']?.username || getters['auth/principalId'] || 'unknown';
  }

  function runner(planned: MigrationPlan): StepRunner {
    const res = resource();
    const distro = planned.detection.kind as 'rke2' | 'rke1';
    // RKE2: the provisioning cluster by name; RKE1: the Norman cluster by id.
    const name = distro === 'rke2' ? (res.metadata?.name || planned.detection.name) : planned.detection.id;

    // An etcd snapshot before every cluster update: RKE2 always; RKE1 where the cluster has a backup configuration
    // (Rancher offers its backupEtcd action only then).
    const snapshotBeforeUpdate = distro === 'rke2' || !!source.value?.rancherKubernetesEngineConfig?.services?.etcd?.backupConfig;

    return new StepRunner(store, {
      name, clusterId: managementClusterId(res) || planned.detection.managementClusterId || '', distro, options: options.value, journalId: res.id,
    }, { timeoutMs: timing.timeoutMs ?? RUN_TIMEOUT_MS, pollMs: timing.pollMs ?? RUN_POLL_MS, snapshotBeforeUpdate });
  }

  /** The choices the first entry records: the strategy the shown plan follows and every other choice made. */
  function journalChoices(): JournalChoices {
    // The strategy the shown plan follows (chosen or the engine's recommendation), and every other choice made.
    const choices: JournalChoices = plan.value ? { strategy: plan.value.strategy } : {};

    (['targetVersion', 'rke2ExternalMode', 'useInstanceMetadataHostname'] as const).forEach((k) => {
      if (options.value[k] !== undefined) {
        (choices as any)[k] = options.value[k];
      }
    });
    const ticked = prerequisitesAt();

    if (ticked) {
      choices.awsPrerequisites = { by: user(), at: ticked };
    }

    return choices;
  }

  function entryOf(step: PlanStep, result: JournalResult, extra: Partial<JournalEntry>, at = new Date().toISOString()): JournalEntry {
    return {
      step: step.id, action: step.action, by: user(), at, result, ...extra,
    };
  }

  async function record(step: PlanStep, result: JournalResult, extra: Partial<JournalEntry>): Promise<void> {
    const id = resource().id;

    if (!id) {
      return;
    }
    await appendJournal(store, id, entryOf(step, result, extra), journalChoices());
  }

  /** Runs one step; never throws (the outcome says what happened). */
  async function run(step: PlanStep): Promise<RunOutcome> {
    const planned = plan.value;

    if (!planned || running.value) {
      return { kind: 'failed', error: new Error('busy') };
    }
    running.value = step.id;
    // Leaving the page stops the run between its reads and writes: the browser asks first.
    const guard = (e: Event) => e.preventDefault();

    if (typeof window !== 'undefined') {
      window.addEventListener('beforeunload', guard);
    }
    let result: RunOutcome;

    try {
      const rec = await runner(planned).runStep(step);

      // A step that ended failed without throwing (some nodes could not be cordoned) reports like a failed wait;
      // what it did change is recorded all the same, so a retry and the uncordon know about it.
      const failed = rec.check?.state === 'failed' ? rec.check : undefined;

      if (rec.write === 'conflict') {
        result = { kind: 'conflict', record: rec };
      } else {
        result = failed ? { kind: 'failed', error: new StepWaitError(`${ step.id } failed`, failed, false) } : { kind: 'done', record: rec };
      }
      await record(step, resultOf(rec), {
        ...(step.action === 'update-cluster' && rec.write === 'applied' ? { digest: diffDigest(step.diff) } : {}),
        ...(rec.nodes?.length ? { nodes: rec.nodes } : {}),
        ...(rec.snapshot ? { snapshot: rec.snapshot } : {}),
        // The switch: the Services' load balancer addresses before it (the journal keeps them for the verification).
        ...(rec.loadBalancers ? { loadBalancers: rec.loadBalancers } : {}),
        ...(failed ? { message: failed.message } : {}),
      });
    } catch (e) {
      result = { kind: 'failed', error: e instanceof StepWaitError ? e : toMigrationError(e) };
      try {
        await record(step, 'failed', e instanceof StepWaitError ? { message: e.check.message } : { message: toMigrationError(e).toMessage() });
      } catch {
        // The step's own failure is what the user needs to see; a journal that could not be written follows it.
      }
    } finally {
      running.value = undefined;
      if (typeof window !== 'undefined') {
        window.removeEventListener('beforeunload', guard);
      }
    }
    outcome.value = { ...result, step: step.id };
    await afterRun();

    return result;
  }

  /** Marks the tab busy (one run, rollback or restore at a time) while `work` runs; leaving the page asks first. */
  async function busy<T>(step: PlanStep, work: () => Promise<T>): Promise<T> {
    running.value = step.id;
    const guard = (e: Event) => e.preventDefault();

    if (typeof window !== 'undefined') {
      window.addEventListener('beforeunload', guard);
    }
    try {
      return await work();
    } finally {
      running.value = undefined;
      if (typeof window !== 'undefined') {
        window.removeEventListener('beforeunload', guard);
      }
    }
  }

  /**
   * A rollback, restore or acceptance: busy until `work` is done and the page has read the cluster again, so that no
   * button offers the same write again from what the page showed before it.
   */
  function busyUntilReread<T>(step: PlanStep, work: () => Promise<T>): Promise<T> {
    return busy(step, async () => {
      const result = await work();

      await afterRun();

      return result;
    });
  }

  /** A rollback or restore that went through takes back what the header's last run outcome says was done. */
  function clearRunOutcome(result: RunOutcome): void {
    if (result.kind === 'done') {
      outcome.value = undefined;
    }
  }

  /** Journals a rollback or restore that threw, then says how it failed (a journal that cannot be written follows it). */
  async function undoFailed(step: PlanStep, undo: JournalUndo, e: unknown): Promise<RunOutcome> {
    const error = e instanceof StepWaitError ? e : toMigrationError(e);

    try {
      await record(step, 'failed', { undo, message: e instanceof StepWaitError ? e.check.message : toMigrationError(e).toMessage() });
    } catch {
      // As for a step: the failure itself is the user's news.
    }

    return { kind: 'failed', error };
  }

  /**
   * Rolls back one applied update step (the engine decides again on a fresh read whether that is safe); `diff` is
   * the rollback's diff as the user confirmed it (its digest is journalled). Never throws.
   */
  async function rollback(step: PlanStep, diff?: string): Promise<RunOutcome> {
    const planned = plan.value;

    if (!planned || running.value) {
      return { kind: 'failed', error: new Error('busy') };
    }
    const result = await busyUntilReread(step, async (): Promise<RunOutcome> => {
      try {
        const rec = await runner(planned).rollbackStep(step);

        await record(step, rec.write === 'applied' ? 'rolled-back' : resultOf(rec), {
          undo: 'rollback',
          ...(rec.write === 'applied' && diff ? { digest: diffDigest(diff) } : {}),
          ...(rec.snapshot ? { snapshot: rec.snapshot } : {}),
        });

        return rec.write === 'conflict' ? { kind: 'conflict', record: rec } : { kind: 'done', record: rec };
      } catch (e) {
        return undoFailed(step, 'rollback', e);
      }
    });

    undoOutcome.value = { ...result, step: step.id, undo: 'rollback' };
    clearRunOutcome(result);

    return result;
  }

  /**
   * Asks Rancher to restore `snapshot` (taken before `step`) with the configuration it recorded: the whole etcd goes
   * back to that moment. Waiting for the cluster afterwards is the live polling's. Never throws.
   */
  async function restore(step: PlanStep, snapshot: string): Promise<RunOutcome> {
    const planned = plan.value;

    if (!planned || running.value) {
      return { kind: 'failed', error: new Error('busy') };
    }
    const result = await busyUntilReread(step, async (): Promise<RunOutcome> => {
      try {
        const restored = await restoreEtcdSnapshot(store, runner(planned).target, snapshot, RESTORE_MODE);
        const rec: StepRecord = {
          id: step.id, action: step.action, write: restored.outcome, snapshot,
        };

        if (restored.write?.outcome === 'conflict') {
          rec.conflict = restored.write;
        }
        await record(step, restored.outcome === 'applied' ? 'restored' : 'conflict', { undo: 'restore', snapshot });

        return restored.outcome === 'conflict' ? { kind: 'conflict', record: rec } : { kind: 'done', record: rec };
      } catch (e) {
        return undoFailed(step, 'restore', e);
      }
    });

    undoOutcome.value = { ...result, step: step.id, undo: 'restore' };
    clearRunOutcome(result);

    return result;
  }

  /**
   * Accepts the load balancer addresses of `changed` as they are after the switch (the verification's step), in place
   * of `comparedWith`, the record the page compared with: one journal entry, written only while the journal still
   * holds that record (api/journal.ts acceptLoadBalancers). Nothing else is written. Never throws.
   */
  async function acceptLoadBalancers(step: PlanStep, changed: ChangedLoadBalancer[], comparedWith: LoadBalancerRecord): Promise<AcceptOutcome> {
    const id = resource().id;

    if (running.value || !id || !changed.length) {
      return { kind: 'failed', step: step.id, error: new Error('busy') };
    }
    const result = await busyUntilReread(step, async (): Promise<AcceptOutcome> => {
      const at = new Date().toISOString();
      const accepted = acceptedLoadBalancers(comparedWith, changed, at, user());

      try {
        const written = await appendAcceptance(store, id, entryOf(step, 'accepted', { loadBalancers: accepted }, at), comparedWith, journalChoices());

        return { kind: written === 'applied' ? 'done' : 'conflict', step: step.id };
      } catch (e) {
        return { kind: 'failed', step: step.id, error: toMigrationError(e) };
      }
    });

    acceptOutcome.value = result;

    return result;
  }

  return {
    run, running, outcome, rollback, restore, undoOutcome, acceptLoadBalancers, acceptOutcome
  };
}

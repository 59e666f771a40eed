/**
 * Merging what the tab has read from the live cluster into a plan (pure).
 *
 * The planner decides update steps from the object alone; the steps that depend on the live cluster (`live: true`,
 * plus RKE1's chart install, which only the cluster can confirm) are judged here with engine/checks, and each gets
 * its CheckResult in `check`. A step whose observations were not read stays not done ("not observed").
 *
 * Rules, per action:
 * - wait-cluster: done when the nearest update step before it is done AND `clusterReady` (checks/clusterReconcile).
 * - wait-rollout: checkDaemonSetRollout against the number of control-plane nodes.
 * - install-chart: checkChartRelease when the release was read; else, for install-ccm only, a present CCM DaemonSet
 *   counts as installed; otherwise the planner's verdict stands (it is not a live step for the planner).
 * - cordon: all control-plane nodes cordoned, OR the plan has moved past it (a later required step is done), so a
 *   cluster that was switched and uncordoned does not ask to be cordoned again.
 * - verify (provider ids: checkProviderIds + checkUninitializedTaint; migration lease: checkMigrationLease 'ccm')
 *   and uncordon (no control-plane node cordoned): only once the switch-to-external step is done, since before the
 *   switch the in-tree provider already satisfies them. The migration lease counts as verified once the optional
 *   cleanup step (leader migration off on the CCM) is done: from then on nobody renews that lease.
 */
import type {
  ChartSpec, CheckResult, DaemonSetLike, Distro, MigrationPlan, Observations, PlanStep
} from '../types';
import { jsonEqual } from '../cluster/clusterShape';
import { checkChartRelease } from './chartRelease';
import { checkClusterReconciled } from './clusterReconcile';
import { checkDaemonSetRollout } from './ccmRollout';
import { checkCordon, controlPlaneNodes } from './cordon';
import { checkMigrationLease } from './migrationLease';
import { checkProviderIds } from './providerId';
import { checkUninitializedTaint } from './uninitializedTaint';
import { verdict } from './result';

const SWITCH_STEP = 'switch-to-external';
const CLEANUP_STEP = 'cleanup-ccm-leader-migration';

export function applyObservations(plan: MigrationPlan, obs: Observations): MigrationPlan {
  const steps = plan.steps.map((s) => ({ ...s }));
  const distro = plan.cluster.distro;

  if (distro !== 'rke2' && distro !== 'rke1') {
    return { ...plan, steps };
  }

  const judge = (step: PlanStep, check: CheckResult | undefined) => {
    if (check) {
      step.check = check;
      step.done = check.state === 'done';
    }
  };

  steps.forEach((step, i) => {
    if (step.action !== 'cordon' && (step.live || step.action === 'install-chart')) {
      judge(step, judgeStep(step, i, steps, obs, distro));
    }
  });
  // Cordon last: "moved past it" looks at the verdicts of the later steps.
  steps.forEach((step, i) => {
    if (step.action === 'cordon' && step.live) {
      const movedPast = passedByLaterStep(steps, i);

      judge(step, movedPast ? verdict('done', 'movedPast') : whenRead(obs.nodes, (nodes) => checkCordon(nodes, distro, 'cordoned')));
    }
  });

  return { ...plan, steps };
}

/**
 * A later required step is already done, so this one has happened or no longer applies (a cordon before a
 * finished switch). The tab uses it for live steps with observations, the command-line planner without.
 */
export function passedByLaterStep(steps: PlanStep[], index: number): boolean {
  return steps.slice(index + 1).some((s) => !s.optional && s.done);
}

function judgeStep(step: PlanStep, index: number, steps: PlanStep[], obs: Observations, distro: Distro): CheckResult | undefined {
  switch (step.action) {
    case 'wait-cluster': {
      const update = steps.slice(0, index).reverse().find((s) => s.action === 'update-cluster');

      return checkClusterReconciled(update ? update.done : true, obs.clusterReady);
    }
    case 'wait-rollout': {
      // A rollout wait is about what the step before it changed: until that step is done, keep waiting, even
      // when the DaemonSet is rolled out (it still runs the previous spec).
      const change = steps.slice(0, index).reverse().find((s) => s.action === 'update-cluster' || s.action === 'install-chart');

      if (change && !change.done) {
        return verdict('waiting', 'previousStepNotDone');
      }
      if (obs.daemonSet === undefined) {
        return verdict('waiting', 'notObserved');
      }

      return whenRead(obs.nodes, (nodes) => checkDaemonSetRollout(obs.daemonSet, { controlPlaneNodes: controlPlaneNodes(nodes, distro).length, distro }));
    }
    case 'install-chart':
      if (obs.chartRelease !== undefined && step.chart) {
        return checkChartRelease(obs.chartRelease, step.chart);
      }
      if (obs.daemonSet === undefined) {
        // Not a live step for the planner: with nothing read, its verdict stands.
        return undefined;
      }
      if (step.id === 'install-ccm') {
        return obs.daemonSet ? verdict('done', 'chartRelease.daemonSetPresent') : verdict('waiting', 'chartRelease.daemonSetAbsent');
      }

      // A later upgrade (the CCM following the Kubernetes minor, the cleanup): the DaemonSet runs its image and args.
      return step.chart && obs.daemonSet && daemonSetRunsChart(obs.daemonSet, step.chart) ? verdict('done', 'chartRelease.daemonSetUpgraded') : undefined;
    case 'verify':
      return afterSwitch(steps, () => {
        if (step.id === 'verify-provider-ids') {
          return whenRead(obs.nodes, (nodes) => combine([checkProviderIds(nodes), checkUninitializedTaint(nodes)]));
        }
        if (step.id === 'verify-migration-lease') {
          // Once the CCM runs without leader migration, nobody renews the lease: its holder goes stale.
          if (steps.some((s) => s.id === CLEANUP_STEP && s.done)) {
            return verdict('done', 'movedPast');
          }

          return whenRead(obs.leases, (leases) => checkMigrationLease(leases, 'ccm'));
        }

        return undefined;
      });
    case 'uncordon':
      return afterSwitch(steps, () => whenRead(obs.nodes, (nodes) => checkCordon(nodes, distro, 'uncordoned')));
    default:
      return undefined;
  }
}

/** The DaemonSet's container runs the chart's image tag and exactly its args. */
function daemonSetRunsChart(daemonSet: DaemonSetLike, chart: ChartSpec): boolean {
  const container = daemonSet.spec?.template?.spec?.containers?.[0];
  const tag = (chart.values.image as Record<string, string> | undefined)?.tag;

  return !!container && typeof container.image === 'string' && (!tag || container.image.endsWith(`:${ tag }`)) &&
    jsonEqual(container.args || [], chart.values.args || []);
}

function whenRead<T>(value: T | undefined, check: (v: T) => CheckResult): CheckResult {
  return value === undefined ? verdict('waiting', 'notObserved') : check(value);
}

function afterSwitch(steps: PlanStep[], check: () => CheckResult | undefined): CheckResult | undefined {
  const switchStep = steps.find((s) => s.id === SWITCH_STEP);

  return switchStep && !switchStep.done ? verdict('waiting', 'switchPending') : check();
}

const SEVERITY = { done: 0, waiting: 1, failed: 2 };

/** The worst verdict leads; the other verdicts' messages follow as details. */
export function combine(results: CheckResult[]): CheckResult {
  const lead = results.reduce((worst, r) => (SEVERITY[r.state] > SEVERITY[worst.state] ? r : worst));
  const details = [...(lead.details || []), ...results.filter((r) => r !== lead).flatMap((r) => [r.message, ...(r.details || [])])];

  return details.length ? { ...lead, details } : { ...lead };
}

/** The first required step that is not done; undefined when the migration is finished. */
export function currentStep(plan: MigrationPlan): PlanStep | undefined {
  return plan.steps.find((s) => !s.optional && !s.done);
}

/** Progress over the required steps (optional steps are not counted). */
export function progressOf(plan: MigrationPlan): { done: number; total: number } {
  const required = plan.steps.filter((s) => !s.optional);

  return { done: required.filter((s) => s.done).length, total: required.length };
}

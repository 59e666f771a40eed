import type {
  ClusterKind, MigrationPlan, NodeLike, Observations, PlanStep, StepAction, StepId
} from '../types';
import {
  applyObservations, combine, currentStep, progressOf
} from '../checks/observe';
import {
  ccmDaemonSet, lease, rke1ControlPlane, rke2ControlPlane, rke2Worker
} from '../checks/__tests__/fixtures';
import { expectResultTranslated } from '../checks/__tests__/l10n';

const LIVE: StepAction[] = ['wait-cluster', 'cordon', 'wait-rollout', 'verify', 'uncordon'];

function step(id: StepId, action: StepAction, extra: Partial<PlanStep> = {}): PlanStep {
  return {
    id,
    action,
    done:        false,
    live:        LIVE.includes(action),
    optional:    false,
    title:       { key: `steps.${ id }.title` },
    description: { key: `steps.${ id }.description` },
    warnings:    [],
    ...extra,
  };
}

/** The RKE2 leader-migration step list, with the update steps done as far as `updatesDone` says. */
function rke2Plan(updatesDone: StepId[] = [], distro: ClusterKind = 'rke2'): MigrationPlan {
  const update = (id: StepId, extra: Partial<PlanStep> = {}) => step(id, 'update-cluster', { done: updatesDone.includes(id), ...extra });

  return {
    cluster:      { distro, name: 'prod', kubernetesVersion: 'v1.26.15+rke2r1' },
    status:       'in-tree',
    strategy:     'leader-migration',
    finalVersion: 'v1.26.15+rke2r1',
    detection:    {} as MigrationPlan['detection'],
    preflight:    [],
    steps:        [
      update('enable-leader-migration'),
      step('wait-leader-migration', 'wait-cluster'),
      update('deploy-ccm'),
      step('wait-ccm-rollout', 'wait-rollout'),
      step('cordon-control-plane', 'cordon'),
      update('switch-to-external'),
      step('wait-switch', 'wait-cluster'),
      step('verify-provider-ids', 'verify'),
      step('verify-migration-lease', 'verify'),
      step('uncordon-control-plane', 'uncordon'),
      update('cleanup-ccm-leader-migration', { optional: true }),
    ],
  };
}

const KCM = 'ip-10-0-1-12.us-west-2.compute.internal_5c1d7c53-8f0e-4a4b-9e0f-3b5f2f8c9d10';
const CCM = 'ip-10-0-1-13.us-west-2.compute.internal_0b7e2f4a-6d1c-4e8b-a2f3-9c8d7e6f5a41';

function nodes(cordoned: boolean, extra: NodeLike[] = []): NodeLike[] {
  return [
    rke2ControlPlane('cp-1', { unschedulable: cordoned }),
    rke2ControlPlane('cp-2', { unschedulable: cordoned }),
    rke2ControlPlane('cp-3', { unschedulable: cordoned }),
    rke2Worker('w-1'),
    ...extra,
  ];
}

const leases = (holder: string) => [lease('cloud-provider-extraction-migration', holder), lease('kube-controller-manager', KCM), lease('cloud-controller-manager', CCM)];

/** `<done|not done>: <message key>` per judged step; every judged message must exist in both l10n files. */
function verdicts(plan: MigrationPlan): Record<string, string | undefined> {
  plan.steps.forEach((s) => s.check && expectResultTranslated(s.check));

  return Object.fromEntries(plan.steps.filter((s) => s.check).map((s) => [s.id, `${ s.done ? 'done' : 'not done' }: ${ s.check!.message.key }`]));
}

describe('applyObservations over the RKE2 leader-migration path', () => {
  it.each<[string, StepId[], Observations, Record<string, string>, StepId | undefined]>([
    ['before anything, the wait waits for its update and the later live steps wait for the switch', [], {
      clusterReady: true, nodes: nodes(false), daemonSet: null, leases: []
    }, {
      'wait-leader-migration':  'not done: checks.clusterReconcile.updatePending',
      'wait-ccm-rollout':       'not done: checks.previousStepNotDone',
      'cordon-control-plane':   'not done: checks.cordon.schedulable',
      'wait-switch':            'not done: checks.clusterReconcile.updatePending',
      'verify-provider-ids':    'not done: checks.switchPending',
      'verify-migration-lease': 'not done: checks.switchPending',
      'uncordon-control-plane': 'not done: checks.switchPending',
    }, 'enable-leader-migration'],
    ['leader migration written and the cluster Ready again finishes the first wait', ['enable-leader-migration'], {
      clusterReady: true, nodes: nodes(false), daemonSet: null, leases: leases(KCM)
    }, {
      'wait-leader-migration':  'done: checks.clusterReconcile.ready',
      'wait-ccm-rollout':       'not done: checks.previousStepNotDone',
      'cordon-control-plane':   'not done: checks.cordon.schedulable',
      'wait-switch':            'not done: checks.clusterReconcile.updatePending',
      'verify-provider-ids':    'not done: checks.switchPending',
      'verify-migration-lease': 'not done: checks.switchPending',
      'uncordon-control-plane': 'not done: checks.switchPending',
    }, 'deploy-ccm'],
    ['a rolled-out CCM and cordoned control plane leave the switch as the next step', ['enable-leader-migration', 'deploy-ccm'], {
      clusterReady: true, nodes: nodes(true), daemonSet: ccmDaemonSet({ desired: 3 }), leases: leases(KCM)
    }, {
      'wait-leader-migration':  'done: checks.movedPast',
      'wait-ccm-rollout':       'done: checks.ccmRollout.done',
      'cordon-control-plane':   'done: checks.cordon.allCordoned',
      'wait-switch':            'not done: checks.clusterReconcile.updatePending',
      'verify-provider-ids':    'not done: checks.switchPending',
      'verify-migration-lease': 'not done: checks.switchPending',
      'uncordon-control-plane': 'not done: checks.switchPending',
    }, 'switch-to-external'],
    ['after the switch, the CCM holding the lease and AWS ids everywhere leave only the uncordon', ['enable-leader-migration', 'deploy-ccm', 'switch-to-external'], {
      clusterReady: true, nodes: nodes(true), daemonSet: ccmDaemonSet({ desired: 3 }), leases: leases(CCM)
    }, {
      'wait-leader-migration':  'done: checks.movedPast',
      'wait-ccm-rollout':       'done: checks.ccmRollout.done',
      'cordon-control-plane':   'done: checks.movedPast',
      'wait-switch':            'done: checks.clusterReconcile.ready',
      'verify-provider-ids':    'done: checks.providerId.done',
      'verify-migration-lease': 'done: checks.migrationLease.held',
      'uncordon-control-plane': 'not done: checks.cordon.stillCordoned',
    }, 'uncordon-control-plane'],
    ['an uncordoned, switched cluster is finished and does not ask to be cordoned again', ['enable-leader-migration', 'deploy-ccm', 'switch-to-external'], {
      clusterReady: true, nodes: nodes(false), daemonSet: ccmDaemonSet({ desired: 3 }), leases: leases(CCM)
    }, {
      'wait-leader-migration':  'done: checks.movedPast',
      'wait-ccm-rollout':       'done: checks.ccmRollout.done',
      'cordon-control-plane':   'done: checks.movedPast',
      'wait-switch':            'done: checks.clusterReconcile.ready',
      'verify-provider-ids':    'done: checks.providerId.done',
      'verify-migration-lease': 'done: checks.migrationLease.held',
      'uncordon-control-plane': 'done: checks.cordon.allUncordoned',
    }, undefined],
    ['a node left with an rke2:// id blocks verification after the switch', ['enable-leader-migration', 'deploy-ccm', 'switch-to-external'], {
      clusterReady: true, nodes: nodes(false, [rke2Worker('w-2', { providerID: 'rke2://w-2' })]), daemonSet: ccmDaemonSet({ desired: 3 }), leases: leases(KCM)
    }, {
      'wait-leader-migration':  'done: checks.movedPast',
      'wait-ccm-rollout':       'done: checks.ccmRollout.done',
      'cordon-control-plane':   'done: checks.movedPast',
      'wait-switch':            'done: checks.clusterReconcile.ready',
      'verify-provider-ids':    'not done: checks.providerId.wrong',
      'verify-migration-lease': 'not done: checks.migrationLease.heldByOther',
      'uncordon-control-plane': 'done: checks.cordon.allUncordoned',
    }, 'verify-provider-ids'],
    ['nothing read marks no live step done but those a later change has moved past', ['enable-leader-migration', 'deploy-ccm', 'switch-to-external'], {}, {
      'wait-leader-migration':  'done: checks.movedPast',
      'wait-ccm-rollout':       'not done: checks.notObserved',
      'cordon-control-plane':   'done: checks.movedPast',
      'wait-switch':            'not done: checks.notObserved',
      'verify-provider-ids':    'not done: checks.notObserved',
      'verify-migration-lease': 'not done: checks.notObserved',
      'uncordon-control-plane': 'not done: checks.notObserved',
    }, 'wait-ccm-rollout'],
    ['a cluster still updating keeps the wait open', ['enable-leader-migration'], {
      clusterReady: false, nodes: nodes(false), daemonSet: null, leases: []
    }, {
      'wait-leader-migration':  'not done: checks.clusterReconcile.updating',
      'wait-ccm-rollout':       'not done: checks.previousStepNotDone',
      'cordon-control-plane':   'not done: checks.cordon.schedulable',
      'wait-switch':            'not done: checks.clusterReconcile.updatePending',
      'verify-provider-ids':    'not done: checks.switchPending',
      'verify-migration-lease': 'not done: checks.switchPending',
      'uncordon-control-plane': 'not done: checks.switchPending',
    }, 'wait-leader-migration'],
  ])('%s', (_name, updatesDone, obs, expected, next) => {
    const plan = applyObservations(rke2Plan(updatesDone), obs);

    expect(verdicts(plan)).toEqual(expected);
    expect(currentStep(plan)?.id).toBe(next);
  });

  it('after the optional cleanup, a stale migration lease holder no longer holds verification open', () => {
    const plan = rke2Plan(['enable-leader-migration', 'deploy-ccm', 'switch-to-external', 'cleanup-ccm-leader-migration']);
    const staleCcm = 'ip-10-0-1-13.us-west-2.compute.internal_00000000-dead-4bee-8000-000000000000';
    const out = applyObservations(plan, {
      clusterReady: true, nodes: nodes(false), daemonSet: ccmDaemonSet(), leases: leases(staleCcm)
    });

    expect(verdicts(out)['verify-migration-lease']).toBe('done: checks.movedPast');
    expect(currentStep(out)).toBeUndefined();
  });

  it('before the cleanup, the same stale holder keeps the lease verification waiting', () => {
    const plan = rke2Plan(['enable-leader-migration', 'deploy-ccm', 'switch-to-external']);
    const staleCcm = 'ip-10-0-1-13.us-west-2.compute.internal_00000000-dead-4bee-8000-000000000000';
    const out = applyObservations(plan, {
      clusterReady: true, nodes: nodes(false), daemonSet: ccmDaemonSet(), leases: leases(staleCcm)
    });

    expect(verdicts(out)['verify-migration-lease']).toBe('not done: checks.migrationLease.ambiguous');
  });

  it('does not change the plan it is given', () => {
    const input = rke2Plan(['enable-leader-migration']);
    const before = JSON.stringify(input);
    const out = applyObservations(input, { clusterReady: true, nodes: nodes(true), daemonSet: ccmDaemonSet(), leases: leases(KCM) });

    expect(JSON.stringify(input)).toBe(before);
    expect(out).not.toBe(input);
    expect(out.steps[1]).not.toBe(input.steps[1]);
  });

  it('leaves update steps as the planner decided them', () => {
    const out = applyObservations(rke2Plan(['deploy-ccm']), { clusterReady: true, nodes: nodes(false), daemonSet: null, leases: [] });

    expect(out.steps.filter((s) => s.action === 'update-cluster').map((s) => [s.id, s.done, s.check])).toEqual([
      ['enable-leader-migration', false, undefined],
      ['deploy-ccm', true, undefined],
      ['switch-to-external', false, undefined],
      ['cleanup-ccm-leader-migration', false, undefined],
    ]);
  });

  it('judges nothing on a plan that does not apply', () => {
    const input = rke2Plan([], 'k3s');
    const out = applyObservations(input, { clusterReady: true, nodes: nodes(true) });

    expect(out.steps).toEqual(input.steps);
  });
});

describe('applyObservations on RKE1', () => {
  const chart = {
    repo: 'https://kubernetes.github.io/cloud-provider-aws', name: 'aws-cloud-controller-manager', version: '0.0.8', namespace: 'kube-system', values: { args: ['--v=2'] }
  };
  const rke1Plan = (): MigrationPlan => {
    const plan = rke2Plan(['enable-leader-migration'], 'rke1');

    plan.steps[2] = step('install-ccm', 'install-chart', { chart });

    return plan;
  };
  const rke1Nodes = [rke1ControlPlane('cp-1', { unschedulable: true })];

  it.each<[string, Observations, string]>([
    ['the installed release with the planned version makes the install done', { chartRelease: { version: '0.0.8', values: { args: ['--v=2'] } }, daemonSet: null }, 'done: checks.chartRelease.done'],
    ['a release of another version keeps it open', { chartRelease: { version: '0.0.11', values: {} }, daemonSet: ccmDaemonSet() }, 'not done: checks.chartRelease.version'],
    ['without a release read, the CCM DaemonSet stands for the install', { daemonSet: ccmDaemonSet() }, 'done: checks.chartRelease.daemonSetPresent'],
    ['without a release read and without the DaemonSet, it is not installed', { daemonSet: null }, 'not done: checks.chartRelease.daemonSetAbsent'],
  ])('%s', (_name, obs, expected) => {
    const out = applyObservations(rke1Plan(), { nodes: rke1Nodes, ...obs });

    expect(verdicts(out)['install-ccm']).toBe(expected);
  });

  it.each([
    ['with nothing read, a planner "done" stands', true],
    ['with nothing read, a planner "not done" stands', false],
  ])('%s', (_name, plannerDone) => {
    const plan = rke1Plan();

    plan.steps[2].done = plannerDone;
    const step = applyObservations(plan, { nodes: rke1Nodes }).steps[2];

    expect([step.id, step.done, step.check]).toEqual(['install-ccm', plannerDone, undefined]);
  });

  it('a present DaemonSet does not finish the RKE1 cleanup upgrade of the same chart', () => {
    const plan = rke1Plan();

    plan.steps[10] = step('cleanup-ccm-leader-migration', 'install-chart', { optional: true, chart });
    const out = applyObservations(plan, { nodes: rke1Nodes, daemonSet: ccmDaemonSet() });

    expect([out.steps[10].done, out.steps[10].check]).toEqual([false, undefined]);
  });

  it('a later chart upgrade (the CCM following the Kubernetes minor) is done once the DaemonSet runs its image and args', () => {
    const plan = rke1Plan();
    const upgrade = {
      ...chart, values: { image: { tag: 'v1.27.10' }, args: ['--v=2', '--cloud-provider=aws', '--enable-leader-migration=true'] },
    };
    const judged = (image: string) => {
      const ds = ccmDaemonSet();

      ds.spec!.template!.spec!.containers![0].image = image;
      plan.steps[10] = step('upgrade-ccm', 'install-chart', { chart: upgrade });

      return applyObservations(plan, { nodes: rke1Nodes, daemonSet: ds }).steps[10];
    };

    expect([judged('registry.k8s.io/provider-aws/cloud-controller-manager:v1.27.10').done, judged('registry.k8s.io/provider-aws/cloud-controller-manager:v1.27.10').check?.message.key])
      .toEqual([true, 'checks.chartRelease.daemonSetUpgraded']);
    expect([judged('registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.14').done, judged('registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.14').check]).toEqual([false, undefined]);
  });

  it('the cleanup upgrade is judged on the release values when the release was read', () => {
    const plan = rke1Plan();
    const cleanupChart = { ...chart, values: { args: ['--v=2', '--cloud-provider=aws'] } };

    plan.steps[10] = step('cleanup-ccm-leader-migration', 'install-chart', { optional: true, chart: cleanupChart });
    const out = applyObservations(plan, { nodes: rke1Nodes, chartRelease: { version: '0.0.8', values: { args: ['--v=2'] } } });

    expect(verdicts(out)['cleanup-ccm-leader-migration']).toBe('not done: checks.chartRelease.values');
  });

  it.each([
    ['before the cleanup is written, a rolled-out DaemonSet does not finish the cleanup wait', false, 'not done: checks.previousStepNotDone'],
    ['after the cleanup is written, the wait follows the DaemonSet rollout', true, 'done: checks.ccmRollout.done'],
  ])('%s', (_name, cleanupDone, expected) => {
    const plan = rke2Plan(['enable-leader-migration', 'deploy-ccm', 'switch-to-external', ...(cleanupDone ? ['cleanup-ccm-leader-migration' as StepId] : [])]);

    plan.steps.push(step('wait-cleanup-rollout', 'wait-rollout', { optional: true }));
    const out = applyObservations(plan, {
      clusterReady: true, nodes: nodes(false), daemonSet: ccmDaemonSet({ desired: 3 }), leases: leases(CCM)
    });

    expect(verdicts(out)['wait-cleanup-rollout']).toBe(expected);
  });

  it('counts RKE1 control-plane nodes by the controlplane label for the rollout', () => {
    const out = applyObservations(rke1Plan(), {
      nodes:     [rke1ControlPlane('cp-1'), rke1ControlPlane('cp-2')],
      daemonSet: ccmDaemonSet({ desired: 1, nodeSelector: { 'node-role.kubernetes.io/controlplane': 'true' }, tolerations: [{ operator: 'Exists' }] }),
    });

    expect(out.steps.find((s) => s.id === 'wait-ccm-rollout')!.check!.message).toEqual({
      key: 'checks.ccmRollout.fewerThanControlPlane', params: { name: 'kube-system/aws-cloud-controller-manager', desired: 1, controlPlaneNodes: 2 }
    });
  });
});

describe('combine', () => {
  const done = { state: 'done' as const, message: { key: 'a' } };
  const waiting = { state: 'waiting' as const, message: { key: 'b' }, details: [{ key: 'b1' }] };
  const failed = { state: 'failed' as const, message: { key: 'c' } };

  it.each([
    ['all done keeps the first message and lists the others', [done, { ...done, message: { key: 'a2' } }], 'done', 'a', ['a2']],
    ['a waiting verdict leads over a done one, with its own details first', [done, waiting], 'waiting', 'b', ['b1', 'a']],
    ['a failed verdict leads over a waiting one', [waiting, failed], 'failed', 'c', ['b', 'b1']],
  ] as const)('%s', (_name, results, state, key, details) => {
    const out = combine([...results]);

    expect([out.state, out.message.key, (out.details || []).map((d) => d.key)]).toEqual([state, key, details]);
  });
});

describe('progressOf and currentStep', () => {
  it('counts required steps only and skips an optional step that is not done', () => {
    const plan = rke2Plan(['enable-leader-migration', 'deploy-ccm', 'switch-to-external']);

    plan.steps.forEach((s) => {
      s.done = !s.optional;
    });

    expect(progressOf(plan)).toEqual({ done: 10, total: 10 });
    expect(currentStep(plan)).toBeUndefined();
  });

  it('reports the first required step not done', () => {
    const plan = rke2Plan(['enable-leader-migration']);

    expect(progressOf(plan)).toEqual({ done: 1, total: 10 });
    expect(currentStep(plan)?.id).toBe('wait-leader-migration');
  });
});

/** The order applyObservations judges the steps in: the steps judged last (cordon, waits) see the verdicts of the others, not of each other. */
import type {
  MigrationPlan, PlanStep, StepAction, StepId
} from '../types';
import { applyObservations } from '../checks/observe';
import { rke2ControlPlane, rke2Worker } from '../checks/__tests__/fixtures';

function step(id: StepId, action: StepAction): PlanStep {
  return {
    id,
    action,
    done:        false,
    live:        true,
    optional:    false,
    title:       { key: `steps.${ id }.title` },
    description: { key: `steps.${ id }.description` },
    warnings:    [],
  };
}

/** An RKE2 plan of just these steps (no switch step: the switch counts as in). */
function plan(steps: PlanStep[]): MigrationPlan {
  return {
    cluster:      { distro: 'rke2', name: 'prod', kubernetesVersion: 'v1.26.15+rke2r1' },
    status:       'in-tree',
    strategy:     'leader-migration',
    finalVersion: 'v1.26.15+rke2r1',
    detection:    {} as MigrationPlan['detection'],
    preflight:    [],
    steps,
  };
}

const judged = (p: MigrationPlan) => p.steps.map((s) => [s.id, s.done, s.check?.state, s.check?.message]);

describe('applyObservations judging order', () => {
  it('counts the cordon as moved past when a later verification is judged done from the same reading', () => {
    const out = applyObservations(plan([step('cordon-control-plane', 'cordon'), step('verify-provider-ids', 'verify')]), {
      nodes: [rke2ControlPlane('cp-1'), rke2Worker('w-1')],
    });

    expect(judged(out)).toEqual([
      ['cordon-control-plane', true, 'done', { key: 'checks.movedPast', params: {} }],
      ['verify-provider-ids', true, 'done', { key: 'checks.providerId.done', params: { total: 2 } }],
    ]);
  });

  it('does not count the cordon as moved past because a later wait finds the cluster reconciled', () => {
    const out = applyObservations(plan([step('cordon-control-plane', 'cordon'), step('wait-switch', 'wait-cluster')]), {
      clusterReady: true, nodes: [rke2ControlPlane('cp-1'), rke2Worker('w-1')],
    });

    expect(judged(out)).toEqual([
      ['cordon-control-plane', false, 'waiting', { key: 'checks.cordon.schedulable', params: { count: 1, total: 1, selector: 'node-role.kubernetes.io/control-plane=true' } }],
      ['wait-switch', true, 'done', { key: 'checks.clusterReconcile.ready', params: {} }],
    ]);
  });
});

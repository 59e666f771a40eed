// A rollout wait judges what the change before it did: until that change (a cluster update or a chart install)
// is done, the wait keeps waiting, even on a DaemonSet that is rolled out (it still runs the previous spec).
import type { Observations, PlanStep, StepAction, StepId } from '../../types';
import { waitRollout } from '../../actions/waitRollout';
import { ccmDaemonSet, rke2ControlPlane } from './fixtures';

const step = (id: StepId, action: StepAction, done: boolean): PlanStep => ({
  id, action, done, live: action !== 'update-cluster', optional: false, title: { key: 't' }, description: { key: 'd' }, warnings: [],
});

const rolledOut: Observations = { nodes: [rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2'), rke2ControlPlane('cp-3')], daemonSet: ccmDaemonSet({ desired: 3 }) };

function judgeLast(steps: PlanStep[], obs: Observations) {
  return waitRollout.judge({
    step: steps[steps.length - 1], index: steps.length - 1, steps, obs, distro: 'rke2',
  });
}

describe('wait-rollout judge: the change before it', () => {
  it('is done on a rolled-out DaemonSet once the update before it is done', () => {
    expect(judgeLast([step('deploy-ccm', 'update-cluster', true), step('wait-ccm-rollout', 'wait-rollout', false)], rolledOut)?.state).toBe('done');
  });

  it.each([
    ['a cluster update', 'deploy-ccm', 'update-cluster'],
    ['a chart install', 'install-ccm', 'install-chart'],
  ] as const)('waits while %s before it is not done', (_name, id, action) => {
    expect(judgeLast([step(id, action, false), step('wait-ccm-rollout', 'wait-rollout', false)], rolledOut))
      .toEqual({ state: 'waiting', message: { key: 'checks.previousStepNotDone', params: {} } });
  });

  it('looks at the nearest change only, past steps that change nothing', () => {
    const steps = [
      step('deploy-ccm', 'update-cluster', false),
      step('upgrade-kubernetes', 'update-cluster', true),
      step('wait-upgrade', 'wait-cluster', false),
      step('wait-ccm-rollout', 'wait-rollout', false),
    ];

    expect(judgeLast(steps, rolledOut)?.state).toBe('done');
  });

  it('says the DaemonSet was not observed when it was not read', () => {
    expect(judgeLast([step('deploy-ccm', 'update-cluster', true), step('wait-ccm-rollout', 'wait-rollout', false)], { nodes: rolledOut.nodes }))
      .toEqual({ state: 'waiting', message: { key: 'checks.notObserved', params: {} } });
  });
});

// The wait-rollout action judges the tab's observations with the same diagnosis the runner gives a stalled wait:
// the pods and the install Job it was given, and how long the step has waited when the caller said when it started.
import type { Observations, PlanStep, StepAction, StepId } from '../../types';
import { waitRollout } from '../../actions/waitRollout';
import { ccmDaemonSet, rke2ControlPlane } from './fixtures';
import {
  ccmPod, installJob, installPod, JOB_NAME,
} from './podFixtures';
import { expectResultTranslated } from './l10n';

const step = (id: StepId, action: StepAction, done: boolean): PlanStep => ({
  id, action, done, live: action !== 'update-cluster', optional: false, title: { key: 't' }, description: { key: 'd' }, warnings: [],
});
const steps = [step('deploy-ccm', 'update-cluster', true), step('wait-ccm-rollout', 'wait-rollout', false)];
const judge = (obs: Observations) => {
  const result = waitRollout.judge({
    step: steps[1], index: 1, steps, obs, distro: 'rke2',
  })!;

  expectResultTranslated(result);

  return result;
};

describe('wait-rollout judge: the diagnosis from the observations', () => {
  it('names the control-plane node whose CCM pod cannot pull its image, and the time waited', () => {
    const result = judge({
      nodes:         [rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2')],
      daemonSet:     ccmDaemonSet({ desired: 2, available: 1 }),
      ccmPods:       [ccmPod('ccm-a', 'cp-1', 'ready'), ccmPod('ccm-b', 'cp-2', 'imagePullBackOff')],
      stepStartedAt: { 'wait-ccm-rollout': '2026-05-04T10:00:00Z' },
      observedAt:    '2026-05-04T10:12:03Z',
    });

    expect(result.message.key).toBe('checks.ccmRollout.available');
    expect(result.details!.map((d) => [d.key, d.params?.node])).toEqual([['checks.ccmRollout.pod.imagePull', 'cp-2'], ['checks.ccmRollout.elapsed', undefined]]);
    expect(result.details![1].params).toEqual({ minutes: 12, seconds: 3 });
  });

  it('before the DaemonSet exists, says the install Job waits for a schedulable control-plane node', () => {
    const result = judge({
      nodes:             [rke2ControlPlane('cp-1', { unschedulable: true })],
      daemonSet:         null,
      ccmInstallJob:     installJob('active'),
      ccmInstallJobPods: [installPod('pending-cordoned', 1)],
    });

    expect(result.state).toBe('waiting');
    expect(result.details!.map((d) => d.key)).toEqual(['checks.ccmRollout.job.cordoned', 'checks.ccmRollout.pod.unschedulable']);
    expect(result.details![0].params).toMatchObject({ job: `kube-system/${ JOB_NAME }`, count: 1 });
  });

  it('another step\'s start time is not this step\'s', () => {
    const result = judge({
      nodes: [rke2ControlPlane('cp-1')], daemonSet: null, stepStartedAt: { 'wait-switch': '2026-05-04T10:00:00Z' }, observedAt: '2026-05-04T10:12:03Z',
    });

    expect(result.details).toBeUndefined();
  });
});

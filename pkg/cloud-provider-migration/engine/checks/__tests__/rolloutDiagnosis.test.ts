// Why a CCM rollout stalls: the verdict keeps kubectl's message and adds what is wrong and what to check, from the
// nodes, the DaemonSet's pods, helm-controller's install Job (RKE2, before the DaemonSet exists) and the clock.
import type { NodeLike } from '../../types';
import { checkDaemonSetRollout, type RolloutOptions } from '../ccmRollout';
import { imageRegistry, podProblem, MAX_POD_DETAILS } from '../rolloutDiagnosis';
import { ccmDaemonSet, rke1ControlPlane, rke2ControlPlane, rke2Worker } from './fixtures';
import {
  CCM_IMAGE, ccmPod, installJob, installPod, JOB_NAME,
} from './podFixtures';
import { expectResultTranslated } from './l10n';

const NAME = 'kube-system/aws-cloud-controller-manager';
const JOB = `kube-system/${ JOB_NAME }`;
const cps = (...names: string[]) => names.map((n) => rke2ControlPlane(n));
const keys = (opts: Partial<RolloutOptions>, ds = ccmDaemonSet({ desired: 3, updated: 3, available: 1 })) => {
  const result = checkDaemonSetRollout(ds, { controlPlaneNodes: 3, distro: 'rke2', ...opts });

  expectResultTranslated(result);

  return result;
};

describe('rollout diagnosis: the pods on the control-plane nodes', () => {
  it('names the node whose pod cannot pull its image, the image, the registry and the kubelet message', () => {
    const pods = [ccmPod('ccm-a', 'cp-1', 'ready'), ccmPod('ccm-b', 'cp-2', 'imagePullBackOff'), ccmPod('ccm-c', 'cp-3', 'ready')];
    const result = keys({ nodes: cps('cp-1', 'cp-2', 'cp-3'), pods });

    expect(result.message.key).toBe('checks.ccmRollout.available');
    expect(result.details).toEqual([{
      key:    'checks.ccmRollout.pod.imagePull',
      params: {
        node: 'cp-2', pod: 'ccm-b', reason: 'ImagePullBackOff', image: CCM_IMAGE, registry: 'registry.k8s.io', message: pods[1].status!.containerStatuses![0].state!.waiting!.message!,
      },
    }]);
  });

  it('gives a crash-looping pod\'s restarts, exit code and last termination message', () => {
    const result = keys({ nodes: cps('cp-1'), pods: [ccmPod('ccm-a', 'cp-1', 'crashLoop')] }, ccmDaemonSet({ desired: 1, available: 0 }));

    expect(result.details).toEqual([{
      key:    'checks.ccmRollout.pod.crashLoop',
      params: {
        node: 'cp-1', pod: 'ccm-a', restarts: 6, exitCode: 1, message: 'error building AWS cloud provider: could not init metadata service: no EC2 IMDS role found',
      },
    }]);
  });

  it('without a termination message, points at the previous run\'s log', () => {
    const result = keys({ nodes: cps('cp-1'), pods: [ccmPod('ccm-a', 'cp-1', 'crashLoopNoMessage')] }, ccmDaemonSet({ desired: 1, available: 0 }));

    expect(result.details).toEqual([{
      key:    'checks.ccmRollout.pod.crashLoopNoMessage',
      params: {
        node: 'cp-1', pod: 'ccm-a', namespace: 'kube-system', restarts: 6, exitCode: 1, reason: 'Error',
      },
    }]);
  });

  it('says which control-plane node has no pod, which is NotReady, and what the others wait for', () => {
    const notReady = rke2ControlPlane('cp-3');

    notReady.status = { conditions: [{ type: 'Ready', status: 'Unknown' }] };
    const pods = [ccmPod('ccm-b', 'cp-2', 'containerCreating'), ccmPod('ccm-c', 'cp-3', 'notReady'), ccmPod('ccm-d', 'cp-4', 'notReady')];
    const result = keys({ nodes: [...cps('cp-1', 'cp-2', 'cp-4'), notReady], pods }, ccmDaemonSet({ desired: 4, updated: 4, available: 0 }));

    expect(result.details).toEqual([
      { key: 'checks.ccmRollout.node.noPod', params: { node: 'cp-1' } },
      { key: 'checks.ccmRollout.pod.waitingReason', params: { node: 'cp-2', pod: 'ccm-b', reason: 'ContainerCreating' } },
      { key: 'checks.ccmRollout.pod.notReady', params: { node: 'cp-4', pod: 'ccm-d' } },
      { key: 'checks.ccmRollout.node.notReady', params: { node: 'cp-3' } },
    ]);
  });

  it('names the control-plane nodes the template cannot run on, by their own labels and taints, once per reason', () => {
    const tainted = rke2ControlPlane('cp-3', { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] });
    const unlabelled = (name: string): NodeLike => {
      const n = rke2ControlPlane(name);

      n.metadata.labels = { ...n.metadata.labels, 'kubernetes.io/os': 'windows' };

      return n;
    };
    const ds = ccmDaemonSet({ desired: 0, nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true', 'kubernetes.io/os': 'linux' } });
    const result = keys({ nodes: [unlabelled('cp-1'), unlabelled('cp-2'), tainted, rke2Worker('w-1')], pods: [] }, ds);

    expect(result.message.key).toBe('checks.ccmRollout.fewerThanControlPlane');
    expect(result.details).toEqual([
      { key: 'checks.ccmRollout.node.selectorMismatch', params: { labels: 'kubernetes.io/os=linux', nodes: 'cp-1, cp-2' } },
      { key: 'checks.ccmRollout.node.taintNotTolerated', params: { taint: 'dedicated=infra:NoSchedule', nodes: 'cp-3' } },
    ]);
  });

  it('a cordoned or NotReady-tainted control-plane node does not keep a daemon pod away (the controller tolerates it)', () => {
    const cordoned = rke2ControlPlane('cp-1', {
      unschedulable: true,
      taints:        [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }],
    });
    const result = keys({ nodes: [cordoned], pods: [] }, ccmDaemonSet({ desired: 1, available: 0 }));

    expect(result.details).toEqual([{ key: 'checks.ccmRollout.node.noPod', params: { node: 'cp-1' } }]);
  });

  it('0 pods desired: says when the nodeSelector matches no node of the cluster at all', () => {
    const ds = ccmDaemonSet({ desired: 0, nodeSelector: { 'node-role.kubernetes.io/control-plane': '' } });
    const result = keys({ nodes: [...cps('cp-1', 'cp-2'), rke2Worker('w-1')] }, ds);

    expect(result.message.key).toBe('checks.ccmRollout.notScheduled');
    expect(result.details![0].key).toBe('checks.ccmRollout.cause.selectorValue');
    expect(result.details).toContainEqual({ key: 'checks.ccmRollout.cause.selectorMatchesNoNode', params: { selector: 'node-role.kubernetes.io/control-plane=', total: 3 } });
    expect(result.details).toContainEqual({ key: 'checks.ccmRollout.node.selectorMismatch', params: { labels: 'node-role.kubernetes.io/control-plane=', nodes: 'cp-1, cp-2' } });
  });

  it('RKE1: judges the nodes by the controlplane label', () => {
    const result = checkDaemonSetRollout(ccmDaemonSet({ desired: 1, available: 0, nodeSelector: { 'node-role.kubernetes.io/controlplane': 'true' }, tolerations: [{ operator: 'Exists' }] }), {
      controlPlaneNodes: 1, distro: 'rke1', nodes: [rke1ControlPlane('cp-1')], pods: [ccmPod('ccm-a', 'cp-1', 'errImagePull')],
    });

    expect(result.details!.map((d) => [d.key, d.params!.node, d.params!.reason])).toEqual([['checks.ccmRollout.pod.imagePull', 'cp-1', 'ErrImagePull']]);
  });

  it('without the nodes, diagnoses the pods alone; a pod of another owner is left out', () => {
    const foreign = ccmPod('other', 'cp-9', 'crashLoop');

    foreign.metadata.ownerReferences = [{ kind: 'DaemonSet', name: 'something-else' }];
    const result = keys({ pods: [ccmPod('ccm-a', 'cp-1', 'ready'), ccmPod('ccm-b', 'cp-2', 'crashLoopNoMessage'), foreign] });

    expect(result.details!.map((d) => d.key)).toEqual(['checks.ccmRollout.pod.crashLoopNoMessage']);
  });

  it('keeps the list short: after the first details, one more counts the rest', () => {
    const names = Array.from({ length: 9 }, (_, i) => `cp-${ i }`);
    const result = keys({ nodes: cps(...names), pods: names.map((n) => ccmPod(`ccm-${ n }`, n, 'imagePullBackOff')) }, ccmDaemonSet({ desired: 9, available: 0 }));

    expect(result.details).toHaveLength(MAX_POD_DETAILS);
    expect(result.details![MAX_POD_DETAILS - 1]).toEqual({ key: 'checks.ccmRollout.more', params: { count: 9 - MAX_POD_DETAILS + 1 } });
  });

  it('a rolled-out DaemonSet gets no diagnosis, whatever was read', () => {
    const result = checkDaemonSetRollout(ccmDaemonSet({ desired: 3 }), {
      controlPlaneNodes: 3, distro: 'rke2', nodes: cps('cp-1', 'cp-2', 'cp-3'), pods: [ccmPod('x', 'cp-1', 'crashLoop')], since: '2026-05-04T10:00:00Z', now: '2026-05-04T10:10:00Z',
    });

    expect(result).toEqual({ state: 'done', message: { key: 'checks.ccmRollout.done', params: { name: NAME, desired: 3, controlPlaneNodes: 3 } } });
  });
});

describe('rollout diagnosis: helm-controller\'s install Job before the DaemonSet exists (RKE2)', () => {
  const absent = (opts: Partial<RolloutOptions>) => {
    const result = checkDaemonSetRollout(null, { controlPlaneNodes: 3, distro: 'rke2', ...opts });

    expect(result.message).toEqual({ key: 'checks.ccmRollout.absent', params: { name: NAME } });
    expectResultTranslated(result);

    return result;
  };

  it('the install Job is Pending because every control-plane node is cordoned, with the scheduler\'s message', () => {
    const nodes = ['cp-1', 'cp-2', 'cp-3'].map((n) => rke2ControlPlane(n, { unschedulable: true }));
    const pod = installPod('pending-cordoned');
    const result = absent({ nodes, installJob: installJob('active'), installJobPods: [pod] });

    expect(result.state).toBe('waiting');
    expect(result.details).toEqual([
      { key: 'checks.ccmRollout.job.cordoned', params: { job: JOB, count: 3, selector: 'node-role.kubernetes.io/control-plane=true' } },
      { key: 'checks.ccmRollout.pod.unschedulable', params: { pod: pod.metadata.name, message: '0/3 nodes are available: 3 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.' } },
    ]);
  });

  it('a Pending install pod with a schedulable control-plane node is not blamed on the cordon', () => {
    const nodes = [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2')];
    const result = absent({ nodes, installJob: installJob('active'), installJobPods: [installPod('pending-cordoned', 2)] });

    expect(result.details!.map((d) => d.key)).toEqual(['checks.ccmRollout.job.pending', 'checks.ccmRollout.pod.unschedulable']);
  });

  it('the install pod cannot pull klipper-helm (the older kubelet message, without the pull error)', () => {
    const result = absent({ nodes: cps('cp-1'), installJob: installJob('active'), installJobPods: [installPod('imagePullBackOff')] });

    expect(result.details![1]).toEqual({
      key:    'checks.ccmRollout.pod.imagePull',
      params: {
        node: 'cp-1', pod: `${ JOB_NAME }-x7k2p`, reason: 'ImagePullBackOff', image: 'rancher/klipper-helm:v0.9.3-build20241008', registry: 'docker.io', message: 'Back-off pulling image "rancher/klipper-helm:v0.9.3-build20241008"',
      },
    });
  });

  it('no Job yet, a running Job, a Job without a pod, and a completed Job without the DaemonSet', () => {
    expect(absent({ installJob: null }).details).toEqual([{ key: 'checks.ccmRollout.job.absent', params: { job: JOB } }]);
    expect(absent({ installJob: installJob('active'), installJobPods: [installPod('running')] }).details).toEqual([
      { key: 'checks.ccmRollout.job.running', params: { job: JOB, pod: `${ JOB_NAME }-x7k2p`, node: 'cp-1' } },
    ]);
    expect(absent({ installJob: installJob('active'), installJobPods: [] }).details).toEqual([{ key: 'checks.ccmRollout.job.noPod', params: { job: JOB } }]);
    expect(absent({ installJob: installJob('complete'), installJobPods: [] }).details).toEqual([
      { key: 'checks.ccmRollout.job.completedNoDaemonSet', params: { job: JOB, name: NAME } },
    ]);
  });

  it('a failed Job fails the wait with the Job controller\'s reason and message', () => {
    const result = absent({ installJob: installJob('failed'), installJobPods: [] });

    expect(result.state).toBe('failed');
    expect(result.details).toEqual([{
      key:    'checks.ccmRollout.job.failed',
      params: {
        job: JOB, jobName: JOB_NAME, namespace: 'kube-system', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit',
      },
    }]);
  });

  it('RKE1 (no Job read) keeps the plain absent verdict', () => {
    expect(checkDaemonSetRollout(null, { controlPlaneNodes: 3, distro: 'rke1', nodes: cps('cp-1') })).toEqual({ state: 'waiting', message: { key: 'checks.ccmRollout.absent', params: { name: NAME } } });
  });
});

describe('rollout diagnosis: time waited', () => {
  it('adds how long the step has waited, last', () => {
    const result = checkDaemonSetRollout(null, {
      controlPlaneNodes: 3, distro: 'rke2', installJob: null, since: '2026-05-04T10:00:00Z', now: '2026-05-04T10:04:10.900Z',
    });

    expect(result.details!.at(-1)).toEqual({ key: 'checks.ccmRollout.elapsed', params: { minutes: 4, seconds: 10 } });
    expectResultTranslated(result);
  });

  it('says nothing about time without both times, or with a clock that went back', () => {
    const at = (since?: string, now?: string) => checkDaemonSetRollout(ccmDaemonSet({ generation: 3, observedGeneration: 2 }), {
      controlPlaneNodes: 3, distro: 'rke2', since, now,
    }).details;

    expect(at(undefined, '2026-05-04T10:00:00Z')).toBeUndefined();
    expect(at('2026-05-04T10:00:00Z', undefined)).toBeUndefined();
    expect(at('2026-05-04T10:00:00Z', '2026-05-04T09:59:00Z')).toBeUndefined();
    expect(at('2026-05-04T10:00:00Z', '2026-05-04T10:00:59Z')).toEqual([{ key: 'checks.ccmRollout.elapsed', params: { minutes: 0, seconds: 59 } }]);
  });
});

describe('podProblem and imageRegistry', () => {
  it('a ready or finished pod has no problem', () => {
    expect(podProblem(ccmPod('a', 'cp-1', 'ready'))).toBeUndefined();
    expect(podProblem({ metadata: { name: 'done' }, spec: { nodeName: 'cp-1' }, status: { phase: 'Succeeded' } })).toBeUndefined();
  });

  it('a pod the scheduler could not place gives the scheduler\'s message', () => {
    expect(podProblem(ccmPod('a', undefined, 'unschedulable'))).toEqual({
      key: 'checks.ccmRollout.pod.unschedulable', params: { pod: 'a', message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.' },
    });
  });

  it('a waiting reason with a message, a stopped container, a pod not started yet', () => {
    const configError = ccmPod('a', 'cp-1', 'containerCreating');

    configError.status!.containerStatuses![0].state = { waiting: { reason: 'CreateContainerConfigError', message: 'secret "aws-creds" not found' } };
    expect(podProblem(configError)).toEqual({
      key: 'checks.ccmRollout.pod.waiting', params: {
        node: 'cp-1', pod: 'a', reason: 'CreateContainerConfigError', message: 'secret "aws-creds" not found',
      },
    });
    const stopped = ccmPod('b', 'cp-1', 'notReady');

    stopped.status!.containerStatuses![0].state = { terminated: { exitCode: 137, reason: 'OOMKilled' } };
    expect(podProblem(stopped)).toEqual({
      key: 'checks.ccmRollout.pod.terminated', params: {
        node: 'cp-1', pod: 'b', reason: 'OOMKilled', exitCode: 137,
      },
    });
    expect(podProblem({ metadata: { name: 'c' }, spec: { nodeName: 'cp-1' }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] } })).toEqual({
      key: 'checks.ccmRollout.pod.starting', params: { node: 'cp-1', pod: 'c', phase: 'Pending' },
    });
  });

  it('takes the registry from the image reference the way container runtimes do', () => {
    expect(imageRegistry('registry.k8s.io/provider-aws/cloud-controller-manager:v1.29.6')).toBe('registry.k8s.io');
    expect(imageRegistry('registry.lab.example.com:5000/provider-aws/cloud-controller-manager:v1.29.6')).toBe('registry.lab.example.com:5000');
    expect(imageRegistry('localhost/ccm:dev')).toBe('localhost');
    expect(imageRegistry('rancher/klipper-helm:v0.9.3')).toBe('docker.io');
    expect(imageRegistry('busybox')).toBe('docker.io');
  });
});

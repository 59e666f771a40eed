/** @jest-environment ./node_modules/jest-environment-node */
// The shapes the world gives the CCM's pods and helm-controller's install Job when a rollout stalls, as the kubelet,
// the scheduler and the Job controller write them (sim/CONFORMANCE.md, docs/rancher-behaviour.md#pod-stall-shapes).
import { KObj } from '../../store';
import { World } from '..';
import {
  ccmHelmChart, condition, cpNodes, makeWorld, PROD, setCordon, updateProv,
} from './helpers';

const JOB = 'helm-install-aws-cloud-controller-manager';

function ccmPods(world: World): KObj[] {
  return world.store.list(PROD, 'pod', 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'aws-cloud-controller-manager');
}

function deployCcm(world: World, helmChart = ccmHelmChart()): void {
  updateProv(world, 'prod-rke2', (p) => {
    p.spec.rkeConfig.additionalManifest = helmChart;
  });
}

describe('stalled CCM rollouts: pod and Job shapes', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('fault ccmImagePullBackOff: the pods stay Pending in ImagePullBackOff with the kubelet\'s message, and start once it is cleared', async () => {
    world.faults.ccmImagePullBackOff.add(PROD);
    deployCcm(world);
    await world.settle();
    const pods = ccmPods(world);

    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      const [status] = pod.status.containerStatuses;
      const image = pod.spec.containers[0].image;

      expect(pod.status.phase).toBe('Pending');
      expect(pod.spec.nodeName).toBeTruthy();
      expect(condition(pod, 'PodScheduled').status).toBe('True');
      expect(condition(pod, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${ status.name }]` });
      expect(status).toMatchObject({
        ready: false, started: false, restartCount: 0, image, state: { waiting: { reason: 'ImagePullBackOff' } },
      });
      expect(status.state.waiting.message).toBe(`Back-off pulling image "${ image }": ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "${ image }": failed to resolve reference "${ image }": ${ image }: not found`);
    }
    expect(world.store.get(PROD, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')!.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 0, numberUnavailable: 3 });

    world.faults.ccmImagePullBackOff.delete(PROD);
    await world.settle();
    expect(ccmPods(world).map((p) => [p.status.phase, condition(p, 'Ready').status])).toEqual([['Running', 'True'], ['Running', 'True'], ['Running', 'True']]);
    expect(world.store.get(PROD, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')!.status.numberReady).toBe(3);
  });

  it('fault daemonSetNeverReady: CrashLoopBackOff with the back-off message and the last run terminated', async () => {
    world.faults.daemonSetNeverReady.add(PROD);
    deployCcm(world);
    await world.settle();

    for (const pod of ccmPods(world)) {
      const [status] = pod.status.containerStatuses;

      expect(pod.status.phase).toBe('Running');
      expect(status.restartCount).toBeGreaterThanOrEqual(1);
      expect(status.state.waiting.reason).toBe('CrashLoopBackOff');
      expect(status.state.waiting.message).toMatch(new RegExp(`^back-off (\\d+m)?\\d+s restarting failed container=${ status.name } pod=${ pod.metadata.name }_kube-system\\(${ pod.metadata.uid }\\)$`));
      expect(status.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
      expect(status.lastState.terminated.message).toBeUndefined();
      expect(condition(pod, 'ContainersReady')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    }
  });

  it('a NotReady node only turns its CCM pod\'s Ready condition False (the container statuses stay as they were)', async () => {
    deployCcm(world);
    await world.settle();
    const node = cpNodes(world, PROD)[0].metadata.name;

    world.store.mutate(PROD, 'node', undefined, node, (n) => {
      n.status.conditions = n.status.conditions.map((c: any) => (c.type === 'Ready' ? { ...c, status: 'Unknown', reason: 'NodeStatusUnknown' } : c));
    });
    await world.settle();
    const pod = ccmPods(world).find((p) => p.spec.nodeName === node)!;

    expect(condition(pod, 'Ready').status).toBe('False');
    expect(pod.status.containerStatuses[0].state.running).toBeDefined();
  });

  it('the install Job\'s pod carries the Job controller\'s labels and, Pending on cordoned nodes, the scheduler\'s message', async () => {
    setCordon(world, PROD, cpNodes(world, PROD).map((n) => n.metadata.name), true);
    deployCcm(world);
    await world.settle();
    const job = world.store.get(PROD, 'batch.job', 'kube-system', JOB)!;
    const pod = world.store.list(PROD, 'pod', 'kube-system').find((p) => p.metadata.labels?.['job-name'] === JOB)!;
    const total = world.store.list(PROD, 'node').length;

    expect(job.status.active).toBe(1);
    expect(pod.metadata.labels).toMatchObject({
      'batch.kubernetes.io/job-name': JOB, 'job-name': JOB, 'controller-uid': job.metadata.uid, 'batch.kubernetes.io/controller-uid': job.metadata.uid,
    });
    expect(pod.status.phase).toBe('Pending');
    expect(condition(pod, 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(condition(pod, 'PodScheduled').message).toMatch(new RegExp(`^0/${ total } nodes are available: 3 node\\(s\\) didn't match Pod's node affinity/selector, 3 node\\(s\\) were unschedulable\\. preemption: 0/${ total } nodes are available: ${ total } Preemption is not helpful for scheduling\\.$`));
  });

  it('a failed install Job has the Job controller\'s condition and a Failed pod; helm\'s error is on the HelmChart', async () => {
    deployCcm(world, ccmHelmChart({ tolerations: '    tolerations: [unclosed\n' }));
    await world.settle();
    const job = world.store.get(PROD, 'batch.job', 'kube-system', JOB)!;
    const pod = world.store.list(PROD, 'pod', 'kube-system').find((p) => p.metadata.labels?.['job-name'] === JOB)!;

    expect(job.status).not.toHaveProperty('active');
    expect(job.status.failed).toBe(1);
    expect(condition(job, 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(pod.status.phase).toBe('Failed');
    expect(pod.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(condition(world.store.get(PROD, 'helm.cattle.io.helmchart', 'kube-system', 'aws-cloud-controller-manager'), 'Failed').message).toMatch(/^Error: failed to parse values/);
  });
});

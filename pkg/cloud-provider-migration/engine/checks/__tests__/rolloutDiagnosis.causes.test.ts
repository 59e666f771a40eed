// The causes a stalled CCM rollout is explained by, checked on each diagnosis function alone: the tolerations the
// DaemonSet controller adds, each shape of a pod that is not ready (and the defaults when the kubelet leaves a field
// out), which nodes the template cannot run on, which pods are counted and in what order, and the install Job's states.
import type {
  DaemonSetLike, JobLike, NodeLike, PodLike,
} from '../../types';
import {
  daemonPodTolerations, elapsedDetail, imageRegistry, jobDiagnosis, MAX_POD_DETAILS, nodeDiagnoses, podDiagnoses, podProblem, selectorMatchesNoNode,
} from '../rolloutDiagnosis';
import { ccmDaemonSet, rke2ControlPlane, rke2Worker } from './fixtures';
import {
  ccmPod, installJob, installPod, JOB_NAME,
} from './podFixtures';

const JOB = `kube-system/${ JOB_NAME }`;
const T0 = '2026-05-04T10:00:00Z';
const CP_SELECTOR = { 'node-role.kubernetes.io/control-plane': 'true' };

/** A control-plane node that is NotReady, with the kubelet's other conditions beside Ready. */
function notReadyNode(name: string): NodeLike {
  const node = rke2ControlPlane(name);

  node.status = {
    conditions: [
      { type: 'MemoryPressure', status: 'False' },
      { type: 'DiskPressure', status: 'True' },
      { type: 'PIDPressure', status: 'False' },
      { type: 'Ready', status: 'False' },
    ],
  };

  return node;
}

/** A pod on `node` whose only container waits with the given state fields. */
function waitingPod(name: string, node: string, waiting: { reason?: string; message?: string }, status: { image?: string; containers?: { name: string; image?: string }[] } = {}): PodLike {
  return {
    metadata: { name, namespace: 'kube-system' },
    spec:     { nodeName: node, ...(status.containers ? { containers: status.containers } : {}) },
    status:   {
      phase:             'Pending',
      conditions:        [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
      containerStatuses: [{
        name: 'aws-cloud-controller-manager', ...(status.image ? { image: status.image } : {}), ready: false, restartCount: 0, state: { waiting },
      }],
    },
  };
}

describe('the tolerations the DaemonSet controller adds to its pods', () => {
  it('tolerates the node-condition taints and the cordon, and network-unavailable only for host-network pods', () => {
    const common = [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ];

    expect(daemonPodTolerations(false)).toEqual(common);
    expect(daemonPodTolerations(true)).toEqual([...common, { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  it('a network-unavailable node keeps away a pod without host network, not one with it', () => {
    const node = rke2ControlPlane('cp-1', { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] });
    const ds = ccmDaemonSet({ desired: 1, available: 0 });

    expect(nodeDiagnoses({
      ds, distro: 'rke2', nodes: [node], pods: [],
    })).toEqual([{ key: 'checks.ccmRollout.node.taintNotTolerated', params: { taint: 'node.kubernetes.io/network-unavailable:NoSchedule', nodes: 'cp-1' } }]);
    ds.spec!.template!.spec!.hostNetwork = true;
    expect(nodeDiagnoses({
      ds, distro: 'rke2', nodes: [node], pods: [],
    })).toEqual([{ key: 'checks.ccmRollout.node.noPod', params: { node: 'cp-1' } }]);
  });
});

describe('imageRegistry on references without a path or with a capitalised host', () => {
  it('an image without a slash is on Docker Hub even with a tag; a capitalised first part is a host', () => {
    expect(imageRegistry('busybox:1.36')).toBe('docker.io');
    expect(imageRegistry('Registry/ccm:v1')).toBe('Registry');
  });
});

describe('podProblem: each shape of a pod that is not ready', () => {
  it('a pod just created, before the scheduler has looked at it, is unschedulable with no message', () => {
    expect(podProblem({ metadata: { name: 'ccm-new', namespace: 'kube-system' } })).toEqual({
      key: 'checks.ccmRollout.pod.unschedulable', params: { pod: 'ccm-new', message: '' },
    });
  });

  it('a bound pod with PodScheduled=False is unschedulable, with the scheduler\'s reason when it gave no message', () => {
    const pod: PodLike = {
      metadata: { name: 'ccm-a' },
      spec:     { nodeName: 'cp-1' },
      status:   { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulerError' }] },
    };

    expect(podProblem(pod)).toEqual({ key: 'checks.ccmRollout.pod.unschedulable', params: { pod: 'ccm-a', message: 'SchedulerError' } });
  });

  it('a bound pod without any status yet is starting, in phase Pending', () => {
    expect(podProblem({ metadata: { name: 'ccm-a' }, spec: { nodeName: 'cp-1' } })).toEqual({
      key: 'checks.ccmRollout.pod.starting', params: { node: 'cp-1', pod: 'ccm-a', phase: 'Pending' },
    });
  });

  it('a pod in phase Unknown (its node stopped reporting) is starting in that phase', () => {
    expect(podProblem({ metadata: { name: 'ccm-a' }, spec: { nodeName: 'cp-1' }, status: { phase: 'Unknown' } })).toEqual({
      key: 'checks.ccmRollout.pod.starting', params: { node: 'cp-1', pod: 'ccm-a', phase: 'Unknown' },
    });
  });

  it('a running pod whose container status has no state yet is not ready', () => {
    const pod: PodLike = {
      metadata: { name: 'ccm-a' },
      spec:     { nodeName: 'cp-1' },
      status:   { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }], containerStatuses: [{ name: 'aws-cloud-controller-manager', restartCount: 0 }] },
    };

    expect(podProblem(pod)).toEqual({ key: 'checks.ccmRollout.pod.notReady', params: { node: 'cp-1', pod: 'ccm-a' } });
  });

  it('the image named in the back-off message comes first, then the container status\'s, then the spec\'s', () => {
    const quoted = waitingPod('ccm-a', 'cp-1', { reason: 'ImagePullBackOff', message: 'Back-off pulling image "mirror.lab.example.com/ccm:v1.29.6"' }, {
      image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.29.6', containers: [{ name: 'aws-cloud-controller-manager', image: 'quay.io/ccm:v1.29.6' }],
    });

    expect(podProblem(quoted)).toEqual({
      key:    'checks.ccmRollout.pod.imagePull',
      params: {
        node: 'cp-1', pod: 'ccm-a', reason: 'ImagePullBackOff', image: 'mirror.lab.example.com/ccm:v1.29.6', registry: 'mirror.lab.example.com', message: 'Back-off pulling image "mirror.lab.example.com/ccm:v1.29.6"',
      },
    });
    const fromStatus = waitingPod('ccm-b', 'cp-1', { reason: 'ErrImagePull', message: 'rpc error: code = Unknown desc = 401 Unauthorized' }, {
      image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.29.6', containers: [{ name: 'aws-cloud-controller-manager', image: 'quay.io/ccm:v1.29.6' }],
    });

    expect(podProblem(fromStatus)).toEqual({
      key:    'checks.ccmRollout.pod.imagePull',
      params: {
        node: 'cp-1', pod: 'ccm-b', reason: 'ErrImagePull', image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.29.6', registry: 'registry.k8s.io', message: 'rpc error: code = Unknown desc = 401 Unauthorized',
      },
    });
  });

  it('without a quoted or reported image, takes the image of the spec container of the same name', () => {
    const pod = waitingPod('ccm-a', 'cp-1', { reason: 'InvalidImageName' }, {
      containers: [{ name: 'log-shipper', image: 'docker.io/fluent/fluent-bit:3.0' }, { name: 'aws-cloud-controller-manager', image: 'quay.io/ccm:v1.29.6' }],
    });

    expect(podProblem(pod)).toEqual({
      key:    'checks.ccmRollout.pod.imagePull',
      params: {
        node: 'cp-1', pod: 'ccm-a', reason: 'InvalidImageName', image: 'quay.io/ccm:v1.29.6', registry: 'quay.io', message: 'InvalidImageName',
      },
    });
  });

  it('with no image anywhere (no spec containers, or none of that name), the image is empty and the registry Docker Hub', () => {
    const expected = (pod: string) => ({
      key:    'checks.ccmRollout.pod.imagePull',
      params: {
        node: 'cp-1', pod, reason: 'ErrImageNeverPull', image: '', registry: 'docker.io', message: 'ErrImageNeverPull',
      },
    });

    expect(podProblem(waitingPod('ccm-a', 'cp-1', { reason: 'ErrImageNeverPull' }))).toEqual(expected('ccm-a'));
    expect(podProblem(waitingPod('ccm-b', 'cp-1', { reason: 'ErrImageNeverPull' }, { containers: [{ name: 'log-shipper', image: 'fluent/fluent-bit:3.0' }] }))).toEqual(expected('ccm-b'));
  });

  it('a crash loop without a previous run read: no restarts, exit code unknown, reason Error, namespace kube-system', () => {
    const pod: PodLike = {
      metadata: { name: 'ccm-a' },
      spec:     { nodeName: 'cp-1' },
      status:   {
        phase: 'Running', containerStatuses: [{ name: 'aws-cloud-controller-manager', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
      },
    };

    expect(podProblem(pod)).toEqual({
      key:    'checks.ccmRollout.pod.crashLoopNoMessage',
      params: {
        node: 'cp-1', pod: 'ccm-a', namespace: 'kube-system', restarts: 0, exitCode: '?', reason: 'Error',
      },
    });
  });

  it('a crash loop whose termination message is only whitespace points at the log, with the last run\'s reason', () => {
    const pod = ccmPod('ccm-a', 'cp-1', 'crashLoop', { message: '\n  \n' });

    pod.status!.containerStatuses![0].lastState!.terminated!.reason = 'OOMKilled';
    pod.status!.containerStatuses![0].lastState!.terminated!.exitCode = 137;
    expect(podProblem(pod)).toEqual({
      key:    'checks.ccmRollout.pod.crashLoopNoMessage',
      params: {
        node: 'cp-1', pod: 'ccm-a', namespace: 'kube-system', restarts: 6, exitCode: 137, reason: 'OOMKilled',
      },
    });
  });

  it('a waiting container without a reason is Waiting, with or without a message', () => {
    expect(podProblem(waitingPod('ccm-a', 'cp-1', { message: 'pulling sandbox image' }))).toEqual({
      key: 'checks.ccmRollout.pod.waiting', params: {
        node: 'cp-1', pod: 'ccm-a', reason: 'Waiting', message: 'pulling sandbox image',
      },
    });
    expect(podProblem(waitingPod('ccm-b', 'cp-1', {}))).toEqual({
      key: 'checks.ccmRollout.pod.waitingReason', params: { node: 'cp-1', pod: 'ccm-b', reason: 'Waiting' },
    });
  });

  it('a terminated container without reason or exit code is an Error with an unknown exit code', () => {
    const pod: PodLike = {
      metadata: { name: 'ccm-a' },
      spec:     { nodeName: 'cp-1' },
      status:   { phase: 'Running', containerStatuses: [{ name: 'aws-cloud-controller-manager', state: { terminated: {} } }] },
    };

    expect(podProblem(pod)).toEqual({
      key: 'checks.ccmRollout.pod.terminated', params: {
        node: 'cp-1', pod: 'ccm-a', reason: 'Error', exitCode: '?',
      },
    });
  });
});

describe('nodeDiagnoses: the control-plane nodes and the pods on them', () => {
  it('without the pods read, names only the NotReady control-plane nodes, a node read without its status among them', () => {
    const ds = ccmDaemonSet({ desired: 3, available: 0 });
    const ready = rke2ControlPlane('cp-1');
    const unread = rke2ControlPlane('cp-3');

    ready.status = { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'DiskPressure', status: 'False' }, { type: 'Ready', status: 'True' }] };
    delete unread.status;
    expect(nodeDiagnoses({ ds, distro: 'rke2', nodes: [ready, notReadyNode('cp-2'), unread] })).toEqual([
      { key: 'checks.ccmRollout.node.notReady', params: { node: 'cp-2' } },
      { key: 'checks.ccmRollout.node.notReady', params: { node: 'cp-3' } },
    ]);
  });

  it('a NotReady node with the pod on it is named as NotReady rather than by its pod', () => {
    const ds = ccmDaemonSet({ desired: 1, available: 0 });

    expect(nodeDiagnoses({
      ds, distro: 'rke2', nodes: [notReadyNode('cp-1')], pods: [ccmPod('ccm-a', 'cp-1', 'notReady')],
    })).toEqual([{ key: 'checks.ccmRollout.node.notReady', params: { node: 'cp-1' } }]);
  });

  it('every nodeSelector label a node lacks is named, comma-separated', () => {
    const ds = ccmDaemonSet({ desired: 0, nodeSelector: { ...CP_SELECTOR, 'kubernetes.io/os': 'windows', 'kubernetes.io/arch': 'arm64' } });

    expect(nodeDiagnoses({
      ds, distro: 'rke2', nodes: [rke2ControlPlane('cp-1')], pods: [],
    })).toEqual([
      { key: 'checks.ccmRollout.node.selectorMismatch', params: { labels: 'kubernetes.io/os=windows, kubernetes.io/arch=arm64', nodes: 'cp-1' } },
    ]);
  });

  it('a NoExecute taint not tolerated keeps the pod away; a PreferNoSchedule taint does not', () => {
    const ds = ccmDaemonSet({ desired: 1, available: 0 });
    const noExecute = rke2ControlPlane('cp-1', { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoExecute' }] });
    const preferNo = rke2ControlPlane('cp-2', { taints: [{ key: 'dedicated', value: 'infra', effect: 'PreferNoSchedule' }] });

    expect(nodeDiagnoses({
      ds, distro: 'rke2', nodes: [noExecute, preferNo], pods: [],
    })).toEqual([
      { key: 'checks.ccmRollout.node.taintNotTolerated', params: { taint: 'dedicated=infra:NoExecute', nodes: 'cp-1' } },
      { key: 'checks.ccmRollout.node.noPod', params: { node: 'cp-2' } },
    ]);
  });

  it('a control-plane node read without its spec has no taints', () => {
    const node: NodeLike = { metadata: { name: 'cp-1', labels: CP_SELECTOR }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };

    expect(nodeDiagnoses({
      ds: ccmDaemonSet({ desired: 1, available: 0 }), distro: 'rke2', nodes: [node], pods: [],
    })).toEqual([{ key: 'checks.ccmRollout.node.noPod', params: { node: 'cp-1' } }]);
  });

  it('a DaemonSet read without its spec or template: no selector and no tolerations of its own', () => {
    const node = rke2ControlPlane('cp-1', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
    const expected = [{ key: 'checks.ccmRollout.node.taintNotTolerated', params: { taint: 'node-role.kubernetes.io/control-plane:NoSchedule', nodes: 'cp-1' } }];

    expect(nodeDiagnoses({
      ds: { metadata: { name: 'aws-cloud-controller-manager' } }, distro: 'rke2', nodes: [node], pods: [],
    })).toEqual(expected);
    expect(nodeDiagnoses({
      ds: { metadata: { name: 'aws-cloud-controller-manager' }, spec: {} }, distro: 'rke2', nodes: [node], pods: [],
    })).toEqual(expected);
  });

  it('a node with a ready pod beside a surge pod that is not ready is fine', () => {
    const ds = ccmDaemonSet({ desired: 1, updated: 0 });

    expect(nodeDiagnoses({
      ds, distro: 'rke2', nodes: [rke2ControlPlane('cp-1')], pods: [ccmPod('ccm-new', 'cp-1', 'imagePullBackOff'), ccmPod('ccm-old', 'cp-1', 'ready')],
    })).toEqual([]);
  });

  it('gives one pod problem per node: the first pod that has one, past a finished pod', () => {
    const done: PodLike = { ...ccmPod('ccm-done', 'cp-1', 'notReady'), status: { phase: 'Succeeded' } };
    const pods = [done, ccmPod('ccm-new', 'cp-1', 'containerCreating'), ccmPod('ccm-old', 'cp-1', 'crashLoop')];

    expect(nodeDiagnoses({
      ds: ccmDaemonSet({ desired: 1, available: 0 }), distro: 'rke2', nodes: [rke2ControlPlane('cp-1')], pods,
    })).toEqual([{ key: 'checks.ccmRollout.pod.waitingReason', params: { node: 'cp-1', pod: 'ccm-new', reason: 'ContainerCreating' } }]);
  });

  it('after the control-plane nodes, the problems of pods elsewhere: unplaced or on a worker', () => {
    const unplaced: PodLike = {
      metadata: { name: 'ccm-x', namespace: 'kube-system', ownerReferences: [{ kind: 'DaemonSet', name: 'aws-cloud-controller-manager' }] },
      status:   { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', message: '0/2 nodes are available: 2 Insufficient memory.' }] },
    };
    const pods = [ccmPod('ccm-a', 'cp-1', 'crashLoopNoMessage'), unplaced, ccmPod('ccm-w', 'w-1', 'errImagePull')];
    const result = nodeDiagnoses({
      ds: ccmDaemonSet({ desired: 3, available: 0 }), distro: 'rke2', nodes: [rke2ControlPlane('cp-1'), rke2Worker('w-1')], pods,
    });

    expect(result.map((m) => [m.key, m.params!.pod])).toEqual([
      ['checks.ccmRollout.pod.crashLoopNoMessage', 'ccm-a'],
      ['checks.ccmRollout.pod.unschedulable', 'ccm-x'],
      ['checks.ccmRollout.pod.imagePull', 'ccm-w'],
    ]);
    expect(result[1]).toEqual({ key: 'checks.ccmRollout.pod.unschedulable', params: { pod: 'ccm-x', message: '0/2 nodes are available: 2 Insufficient memory.' } });
  });

  it('exactly the most details fit without a count of the rest', () => {
    const names = Array.from({ length: MAX_POD_DETAILS }, (_, i) => `cp-${ i }`);
    const result = nodeDiagnoses({
      ds: ccmDaemonSet({ desired: MAX_POD_DETAILS, available: 0 }), distro: 'rke2', nodes: names.map((n) => rke2ControlPlane(n)), pods: [],
    });

    expect(result).toEqual(names.map((node) => ({ key: 'checks.ccmRollout.node.noPod', params: { node } })));
  });
});

describe('podDiagnoses: which pods are the DaemonSet\'s', () => {
  it('a pod without owner references is counted; one owned by the DaemonSet among other owners too; a same-named Job\'s is not', () => {
    const bare = ccmPod('ccm-bare', 'cp-1', 'containerCreating');
    const shared = ccmPod('ccm-shared', 'cp-2', 'containerCreating');
    const other = ccmPod('ccm-other', 'cp-3', 'containerCreating');

    delete bare.metadata.ownerReferences;
    shared.metadata.ownerReferences = [{ kind: 'ConfigMap', name: 'aws-cloud-controller-manager' }, { kind: 'DaemonSet', name: 'aws-cloud-controller-manager' }];
    other.metadata.ownerReferences = [{ kind: 'Job', name: 'aws-cloud-controller-manager' }];
    expect(podDiagnoses(ccmDaemonSet(), [bare, shared, other]).map((m) => m.params!.pod)).toEqual(['ccm-bare', 'ccm-shared']);
  });
});

describe('selectorMatchesNoNode', () => {
  it('names every selector entry, comma-separated, when no node carries them, even nodes without labels', () => {
    const ds = ccmDaemonSet({ desired: 0, nodeSelector: { ...CP_SELECTOR, 'kubernetes.io/os': 'linux' } });

    expect(selectorMatchesNoNode(ds, [{ metadata: { name: 'n-1' } }, rke2Worker('w-1')])).toEqual({
      key: 'checks.ccmRollout.cause.selectorMatchesNoNode', params: { selector: 'node-role.kubernetes.io/control-plane=true,kubernetes.io/os=linux', total: 2 },
    });
  });

  it('a DaemonSet read without spec, template or pod spec has no selector, which every node matches', () => {
    const dss: DaemonSetLike[] = [
      { metadata: { name: 'aws-cloud-controller-manager' } },
      { metadata: { name: 'aws-cloud-controller-manager' }, spec: {} },
      { metadata: { name: 'aws-cloud-controller-manager' }, spec: { template: {} } },
    ];

    for (const ds of dss) {
      expect(selectorMatchesNoNode(ds, [rke2Worker('w-1')])).toBeUndefined();
    }
  });
});

describe('jobDiagnosis: each state of helm-controller\'s install Job', () => {
  const input = (job: JobLike | null, pods: PodLike[] = [], nodes?: NodeLike[]) => ({
    job, pods, distro: 'rke2' as const, nodes, daemonSet: 'kube-system/aws-cloud-controller-manager', jobName: JOB,
  });

  it('no Job does not fail the wait', () => {
    expect(jobDiagnosis(input(null))).toEqual({ failed: false, details: [{ key: 'checks.ccmRollout.job.absent', params: { job: JOB } }] });
  });

  it('a Job read without namespace or status, and no pod yet, is in kube-system and waits for its pod', () => {
    expect(jobDiagnosis(input({ metadata: { name: JOB_NAME } }))).toEqual({ failed: false, details: [{ key: 'checks.ccmRollout.job.noPod', params: { job: JOB } }] });
  });

  it('a Failed condition without reason or message fails the wait with reason Failed, namespace kube-system', () => {
    const job: JobLike = { metadata: { name: JOB_NAME }, status: { failed: 1, conditions: [{ type: 'Failed', status: 'True' }] } };

    expect(jobDiagnosis(input(job))).toEqual({
      failed:  true,
      details: [{
        key:    'checks.ccmRollout.job.failed',
        params: {
          job: JOB, jobName: JOB_NAME, namespace: 'kube-system', reason: 'Failed', message: '',
        },
      }],
    });
  });

  it('the Complete condition alone, or a succeeded count alone, means completed without the DaemonSet', () => {
    const expected = { failed: false, details: [{ key: 'checks.ccmRollout.job.completedNoDaemonSet', params: { job: JOB, name: 'kube-system/aws-cloud-controller-manager' } }] };
    const byCondition: JobLike = { metadata: { name: JOB_NAME, namespace: 'kube-system' }, status: { conditions: [{ type: 'Complete', status: 'True' }] } };
    const byCount: JobLike = { metadata: { name: JOB_NAME, namespace: 'kube-system' }, status: { succeeded: 1 } };

    expect(jobDiagnosis(input(byCondition))).toEqual(expected);
    expect(jobDiagnosis(input(byCount))).toEqual(expected);
  });

  it('conditions that are not True, or of another type, neither fail nor complete the Job', () => {
    const job: JobLike = {
      metadata: { name: JOB_NAME, namespace: 'kube-system' },
      status:   {
        active: 1, conditions: [{ type: 'Failed', status: 'False' }, { type: 'Complete', status: 'False' }, { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded' }],
      },
    };

    expect(jobDiagnosis(input(job, [installPod('running')]))).toEqual({
      failed: false, details: [{ key: 'checks.ccmRollout.job.running', params: { job: JOB, pod: `${ JOB_NAME }-x7k2p`, node: 'cp-1' } }],
    });
  });

  it('a ready pod listed without its spec runs on no named node', () => {
    const pod: PodLike = { metadata: { name: `${ JOB_NAME }-x7k2p` }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } };

    expect(jobDiagnosis(input(installJob('active'), [pod]))).toEqual({
      failed: false, details: [{ key: 'checks.ccmRollout.job.running', params: { job: JOB, pod: `${ JOB_NAME }-x7k2p`, node: '' } }],
    });
  });

  it('looks at the newest pod that is not finished, even when finished ones are newer', () => {
    const pod = (name: string, phase: string, creationTimestamp: string): PodLike => ({
      metadata: { name, namespace: 'kube-system', creationTimestamp },
      spec:     { nodeName: 'cp-1' },
      status:   { phase, conditions: [{ type: 'PodScheduled', status: 'True' }] },
    });
    const pods = [
      pod('p-failed', 'Failed', '2026-05-04T10:03:00Z'), pod('p-old', 'Pending', '2026-05-04T10:00:00Z'), pod('p-done', 'Succeeded', '2026-05-04T10:04:00Z'),
      pod('p-new', 'Pending', '2026-05-04T10:02:00Z'), pod('p-mid', 'Pending', '2026-05-04T10:01:00Z'),
    ];

    expect(jobDiagnosis(input(installJob('active'), pods))).toEqual({
      failed:  false,
      details: [
        { key: 'checks.ccmRollout.job.pending', params: { job: JOB } },
        { key: 'checks.ccmRollout.pod.starting', params: { node: 'cp-1', pod: 'p-new', phase: 'Pending' } },
      ],
    });
  });

  it('the newest pod wins in either order, and a pod without a creation time counts as oldest', () => {
    const pod = (name: string, creationTimestamp?: string): PodLike => ({
      metadata: { name, ...(creationTimestamp ? { creationTimestamp } : {}) },
      spec:     { nodeName: 'cp-1' },
      status:   { phase: 'Pending' },
    });
    const chosen = (pods: PodLike[]) => jobDiagnosis(input(installJob('active'), pods)).details[1].params!.pod;

    expect(chosen([pod('older', T0), pod('newer', '2026-05-04T10:01:00Z')])).toBe('newer');
    expect(chosen([pod('newer', '2026-05-04T10:01:00Z'), pod('older', T0)])).toBe('newer');
    expect(chosen([pod('undated'), pod('dated', T0)])).toBe('dated');
    expect(chosen([pod('dated', T0), pod('undated')])).toBe('dated');
  });

  it('a pod listed before the Job controller filled its status is unplaced, with no message', () => {
    expect(jobDiagnosis(input(installJob('active'), [{ metadata: { name: `${ JOB_NAME }-x7k2p`, creationTimestamp: T0 } }]))).toEqual({
      failed:  false,
      details: [
        { key: 'checks.ccmRollout.job.pending', params: { job: JOB } },
        { key: 'checks.ccmRollout.pod.unschedulable', params: { pod: `${ JOB_NAME }-x7k2p`, message: '' } },
      ],
    });
  });

  it('a pod that cannot pull its image is not blamed on the cordon, even with every control-plane node cordoned', () => {
    const nodes = ['cp-1', 'cp-2'].map((n) => rke2ControlPlane(n, { unschedulable: true }));
    const result = jobDiagnosis(input(installJob('active'), [installPod('imagePullBackOff')], nodes));

    expect(result.details.map((d) => d.key)).toEqual(['checks.ccmRollout.job.pending', 'checks.ccmRollout.pod.imagePull']);
  });

  it('a control-plane node read without its spec is not cordoned', () => {
    const node: NodeLike = { metadata: { name: 'cp-1', labels: CP_SELECTOR } };
    const result = jobDiagnosis(input(installJob('active'), [installPod('pending-cordoned', 1)], [node]));

    expect(result.details.map((d) => d.key)).toEqual(['checks.ccmRollout.job.pending', 'checks.ccmRollout.pod.unschedulable']);
  });
});

describe('elapsedDetail', () => {
  it('a step read at the very time it started has waited no time', () => {
    expect(elapsedDetail(T0, T0)).toEqual({ key: 'checks.ccmRollout.elapsed', params: { minutes: 0, seconds: 0 } });
  });
});

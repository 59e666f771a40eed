/**
 * Real-shaped pods and Jobs as the Steve proxy returns them (docs/rancher-behaviour.md#pod-stall-shapes): the CCM
 * DaemonSet's pods in their stalled states as the kubelet reports them, and helm-controller's install Job with its pod.
 */
import type { JobLike, PodLike } from '../../types';

export const CCM_IMAGE = 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.29.6';
const T0 = '2026-05-04T10:00:00Z';
const T1 = '2026-05-04T10:04:10Z';

export type CcmPodState = 'ready' | 'imagePullBackOff' | 'errImagePull' | 'crashLoop' | 'crashLoopNoMessage' | 'containerCreating' | 'unschedulable' | 'notReady';

function notReadyConditions(containers: string): PodLike['status'] {
  return {
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: T0 },
      { type: 'Initialized', status: 'True', lastTransitionTime: T0 },
      {
        type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${ containers }]`, lastTransitionTime: T0,
      },
      {
        type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${ containers }]`, lastTransitionTime: T0,
      },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: T0 },
    ],
  };
}

/** A pod of the CCM DaemonSet on `node` (undefined: not bound yet), in the given state. */
export function ccmPod(name: string, node: string | undefined, state: CcmPodState, opts: { image?: string; message?: string } = {}): PodLike {
  const image = opts.image ?? CCM_IMAGE;
  const container = 'aws-cloud-controller-manager';
  const uid = `5d0c6f1e-${ name.slice(-5) }-4b7e-9a51-2f1c0d9e8b7a`;
  const pod: PodLike = {
    metadata: {
      name,
      namespace:         'kube-system',
      labels:            { 'k8s-app': 'aws-cloud-controller-manager', 'controller-revision-hash': '7d9c5b8f6d', 'pod-template-generation': '2' },
      creationTimestamp: T0,
      ownerReferences:   [{ kind: 'DaemonSet', name: 'aws-cloud-controller-manager' }],
    },
    spec: { ...(node ? { nodeName: node } : {}), containers: [{ name: container, image }] },
  };
  const base = {
    name: container, image, imageID: '', ready: false, started: false, restartCount: 0,
  };

  switch (state) {
    case 'ready':
      pod.status = {
        phase:             'Running',
        conditions:        [{ type: 'Ready', status: 'True' }, { type: 'ContainersReady', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
        containerStatuses: [{ ...base, ready: true, state: { running: { startedAt: T0 } } }],
      };
      break;
    case 'imagePullBackOff':
      pod.status = {
        ...notReadyConditions(container),
        phase:             'Pending',
        containerStatuses: [{
          ...base,
          state: {
            waiting: {
              reason:  'ImagePullBackOff',
              message: opts.message ?? `Back-off pulling image "${ image }": ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "${ image }": failed to resolve reference "${ image }": ${ image }: not found`,
            },
          },
        }],
      };
      break;
    case 'errImagePull':
      pod.status = {
        ...notReadyConditions(container),
        phase:             'Pending',
        containerStatuses: [{ ...base, state: { waiting: { reason: 'ErrImagePull', message: `rpc error: code = Unknown desc = failed to pull and unpack image "${ image }": failed to resolve reference "${ image }": unexpected status from HEAD request: 401 Unauthorized` } } }],
      };
      break;
    case 'crashLoop':
    case 'crashLoopNoMessage':
      pod.status = {
        ...notReadyConditions(container),
        phase:             'Running',
        containerStatuses: [{
          ...base,
          restartCount: 6,
          state:        { waiting: { reason: 'CrashLoopBackOff', message: `back-off 2m40s restarting failed container=${ container } pod=${ name }_kube-system(${ uid })` } },
          lastState:    {
            terminated: {
              exitCode: 1, reason: 'Error', startedAt: T0, finishedAt: T1, ...(state === 'crashLoop' ? { message: opts.message ?? 'error building AWS cloud provider: could not init metadata service: no EC2 IMDS role found\n' } : {}),
            },
          },
        }],
      };
      break;
    case 'containerCreating':
      pod.status = { ...notReadyConditions(container), phase: 'Pending', containerStatuses: [{ ...base, state: { waiting: { reason: 'ContainerCreating' } } }] };
      break;
    case 'notReady':
      pod.status = { ...notReadyConditions(container), phase: 'Running', containerStatuses: [{ ...base, started: true, state: { running: { startedAt: T0 } } }] };
      break;
    case 'unschedulable':
      pod.status = {
        phase:      'Pending',
        conditions: [{
          type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: opts.message ?? '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.', lastTransitionTime: T0,
        }],
      };
      break;
    default:
      break;
  }

  return pod;
}

export const JOB_NAME = 'helm-install-aws-cloud-controller-manager';

/** helm-controller's install Job: `active` running, `complete` done, `failed` past its backoff limit. */
export function installJob(state: 'active' | 'complete' | 'failed'): JobLike {
  const job: JobLike = { metadata: { name: JOB_NAME, namespace: 'kube-system', creationTimestamp: T0 }, status: { startTime: T0 } };

  if (state === 'active') {
    job.status = { ...job.status, active: 1 };
  } else if (state === 'complete') {
    job.status = {
      ...job.status, succeeded: 1, completionTime: T1, conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: T1 }],
    };
  } else {
    const failure = {
      status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: T1,
    };

    job.status = { ...job.status, failed: 1, conditions: [{ type: 'FailureTarget', ...failure }, { type: 'Failed', ...failure }] };
  }

  return job;
}

/** The install Job's pod (klipper-helm, host network, pinned to control-plane nodes). */
export function installPod(state: 'pending-cordoned' | 'running' | 'imagePullBackOff', nodes = 3): PodLike {
  const image = 'rancher/klipper-helm:v0.9.3-build20241008';
  const pod: PodLike = {
    metadata: {
      name:              `${ JOB_NAME }-x7k2p`,
      namespace:         'kube-system',
      labels:            { 'batch.kubernetes.io/job-name': JOB_NAME, 'job-name': JOB_NAME, 'helmcharts.helm.cattle.io/chart': 'aws-cloud-controller-manager' },
      creationTimestamp: T0,
      ownerReferences:   [{ kind: 'Job', name: JOB_NAME }],
    },
    spec: { containers: [{ name: 'helm', image }] },
  };

  if (state === 'pending-cordoned') {
    pod.status = {
      phase:      'Pending',
      conditions: [{
        type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: `0/${ nodes } nodes are available: ${ nodes } node(s) were unschedulable. preemption: 0/${ nodes } nodes are available: ${ nodes } Preemption is not helpful for scheduling.`, lastTransitionTime: T0,
      }],
    };
  } else if (state === 'running') {
    pod.spec = { ...pod.spec, nodeName: 'cp-1' };
    pod.status = {
      phase:             'Running',
      conditions:        [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
      containerStatuses: [{
        name: 'helm', image, ready: true, restartCount: 0, state: { running: { startedAt: T0 } },
      }],
    };
  } else {
    pod.spec = { ...pod.spec, nodeName: 'cp-1' };
    pod.status = {
      ...notReadyConditions('helm'),
      phase:             'Pending',
      containerStatuses: [{
        name: 'helm', image, ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${ image }"` } },
      }],
    };
  }

  return pod;
}

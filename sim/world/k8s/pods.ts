/** Pod objects as the kubelet reports them (phase, conditions, containerStatuses). */
import { KObj } from '../../store';
import { POD_INSTANCE } from '../ccmPods';

export const POD_STARTED = 'sim.cattle.io/started';

export interface PodOwner {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

export function buildPod(name: string, namespace: string, owner: PodOwner | undefined, template: { metadata?: any; spec?: any }, nodeName: string | undefined, instance: string, now: string, extraLabels: Record<string, string> = {}): KObj {
  const spec = JSON.parse(JSON.stringify(template.spec || {}));

  if (nodeName) {
    spec.nodeName = nodeName;
  }

  return {
    apiVersion: 'v1',
    kind:       'Pod',
    metadata:   {
      name,
      namespace,
      uid:             instance,
      labels:          { ...(template.metadata?.labels || {}), ...extraLabels },
      annotations:     { [POD_INSTANCE]: instance },
      ownerReferences: owner ? [{ ...owner, controller: true, blockOwnerDeletion: true }] : [],
    },
    spec,
    status: {
      phase:      'Pending',
      conditions: [{
        type: 'PodScheduled', status: nodeName ? 'True' : 'False', lastTransitionTime: now, ...(nodeName ? {} : { reason: 'Unschedulable' })
      }],
      qosClass: 'Burstable',
    },
  };
}

/** The kubelet's crash back-off: 10 s doubling per restart up to 5 min, printed as a Go duration. */
function crashBackOff(restarts: number): string {
  const seconds = Math.min(300, 10 * 2 ** Math.max(0, restarts - 1));

  return seconds >= 60 ? `${ Math.floor(seconds / 60) }m${ seconds % 60 }s` : `${ seconds }s`;
}

/** `containers with unready status: [a b]`, the kubelet's Ready/ContainersReady message. */
function unreadyMessage(containers: any[]): string {
  return `containers with unready status: [${ containers.map((c) => c.name).join(' ') }]`;
}

/**
 * The status of a pod bound to a node whose kubelet has taken it up: the sandbox and init done, scheduled, Ready and
 * ContainersReady as given (with the kubelet's ContainersNotReady reason when not).
 */
function scheduledStatus(pod: KObj, phase: 'Running' | 'Pending', hostIP: string, now: string, s: { ready: boolean; containersReady: boolean; notReady: { reason?: string; message?: string } }): Record<string, any> {
  const prev = pod.status || {};

  return {
    ...prev,
    phase,
    hostIP,
    podIP:      pod.spec?.hostNetwork ? hostIP : prev.podIP || '10.42.0.10',
    startTime:  prev.startTime || now,
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: now },
      { type: 'Initialized', status: 'True', lastTransitionTime: now },
      { type: 'Ready', status: s.ready ? 'True' : 'False', lastTransitionTime: now, ...(s.ready ? {} : s.notReady) },
      { type: 'ContainersReady', status: s.containersReady ? 'True' : 'False', lastTransitionTime: now, ...(s.containersReady ? {} : s.notReady) },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
    ],
  };
}

/**
 * Kubelet started the containers. `ready` false: with `why` `crash` (the default) they crash-loop — waiting
 * CrashLoopBackOff with the kubelet's back-off message, the last run terminated with Error/exit code 1 and no
 * termination message (the CCM writes no termination-log file); with `node` the node went NotReady and the node
 * lifecycle controller only turned the pod's Ready condition False (container statuses are left as they were).
 */
export function setPodRunning(pod: KObj, ready: boolean, hostIP: string, now: string, why: 'crash' | 'node' = 'crash'): void {
  const containers: any[] = pod.spec?.containers || [];
  const prev = pod.status || {};

  if (!ready && why === 'node' && prev.phase === 'Running') {
    pod.status = {
      ...prev,
      conditions: (prev.conditions || []).map((c: any) => (c.type === 'Ready' ? { type: 'Ready', status: 'False', lastTransitionTime: now } : c)),
    };

    return;
  }
  const crashing = !ready && why === 'crash';
  const restarts = crashing ? Math.max(1, (prev.containerStatuses?.[0]?.restartCount || 0) + (prev.phase === 'Running' ? 0 : 1)) : 0;
  const notReady = ready ? {} : { reason: 'ContainersNotReady', message: unreadyMessage(containers) };
  const containersReady = ready || !crashing;

  pod.metadata.annotations = { ...(pod.metadata.annotations || {}), [POD_STARTED]: 'true' };
  delete pod.metadata.annotations[POD_IMAGE_PULL_FAILED];
  pod.status = {
    ...scheduledStatus(pod, 'Running', hostIP, now, { ready, containersReady, notReady }),
    containerStatuses: containers.map((c) => ({
      name:         c.name,
      image:        c.image,
      imageID:      '',
      ready:        containersReady,
      started:      containersReady,
      restartCount: restarts,
      state:        crashing ? {
        waiting: { reason: 'CrashLoopBackOff', message: `back-off ${ crashBackOff(restarts) } restarting failed container=${ c.name } pod=${ pod.metadata.name }_${ pod.metadata.namespace }(${ pod.metadata.uid || '' })` },
      } : { running: { startedAt: now } },
      ...(crashing ? {
        lastState: {
          terminated: {
            exitCode: 1, reason: 'Error', startedAt: now, finishedAt: now
          }
        }
      } : {}),
    })),
  };
}

/** Set on a pod whose image the kubelet could not pull (the daemon pods start once the fault is gone). */
export const POD_IMAGE_PULL_FAILED = 'sim.cattle.io/image-pull-failed';

/** The reference containerd resolves: a name without a registry is on Docker Hub (`library/` for a bare name). */
function fullReference(image: string): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);

  if (/[.:]/.test(first) || first === 'localhost') {
    return image;
  }

  return slash < 0 ? `docker.io/library/${ image }` : `docker.io/${ image }`;
}

/**
 * The kubelet cannot pull the image (tag not in the registry): the pod stays Pending, scheduled, its containers
 * waiting with reason ImagePullBackOff and the back-off message that carries the last pull error (kubelet
 * images/image_manager.go; the error is containerd's for a tag the registry does not have).
 */
export function setPodImagePullBackOff(pod: KObj, hostIP: string, now: string): void {
  const containers: any[] = pod.spec?.containers || [];
  const notReady = { reason: 'ContainersNotReady', message: unreadyMessage(containers) };

  pod.metadata.annotations = { ...(pod.metadata.annotations || {}), [POD_IMAGE_PULL_FAILED]: 'true' };
  pod.status = {
    ...scheduledStatus(pod, 'Pending', hostIP, now, { ready: false, containersReady: false, notReady }),
    containerStatuses: containers.map((c) => {
      const ref = fullReference(c.image || '');

      return {
        name:         c.name,
        image:        c.image,
        imageID:      '',
        ready:        false,
        started:      false,
        restartCount: 0,
        state:        {
          waiting: {
            reason:  'ImagePullBackOff',
            message: `Back-off pulling image "${ c.image }": ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "${ ref }": failed to resolve reference "${ ref }": ${ ref }: not found`,
          },
        },
      };
    }),
  };
}

export function setPodPending(pod: KObj, message: string, now: string): void {
  pod.status = {
    ...(pod.status || {}),
    phase:      'Pending',
    conditions: [{
      type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: now
    }],
  };
}

/** The container exited non-zero and the pod will not be restarted (a Job pod past its backoff limit). */
export function setPodFailed(pod: KObj, now: string): void {
  const containers: any[] = pod.spec?.containers || [];

  pod.status = {
    ...(pod.status || {}),
    phase:             'Failed',
    conditions:        [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now }, { type: 'Ready', status: 'False', reason: 'PodFailed', lastTransitionTime: now }],
    containerStatuses: containers.map((c) => ({
      name: c.name, image: c.image, ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error', finishedAt: now } }
    })),
  };
}

export function setPodSucceeded(pod: KObj, now: string): void {
  const containers: any[] = pod.spec?.containers || [];

  pod.status = {
    ...(pod.status || {}),
    phase:             'Succeeded',
    conditions:        [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now }, { type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: now }],
    containerStatuses: containers.map((c) => ({
      name: c.name, image: c.image, ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: now } }
    })),
  };
}

export function nodeIsReady(node: KObj | undefined): boolean {
  return !!node && (node.status?.conditions || []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export function nodeInternalIp(node: KObj | undefined): string {
  return (node?.status?.addresses || []).find((a: any) => a.type === 'InternalIP')?.address || '';
}

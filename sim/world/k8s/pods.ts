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

/** Kubelet started the containers; `ready` false keeps them crash-looping (not ready). */
export function setPodRunning(pod: KObj, ready: boolean, hostIP: string, now: string): void {
  const containers: any[] = pod.spec?.containers || [];
  const prev = pod.status || {};
  const restarts = ready ? 0 : ((prev.containerStatuses?.[0]?.restartCount || 0) + (prev.phase === 'Running' ? 0 : 1));

  pod.metadata.annotations = { ...(pod.metadata.annotations || {}), [POD_STARTED]: 'true' };
  pod.status = {
    ...prev,
    phase:      'Running',
    hostIP,
    podIP:      pod.spec?.hostNetwork ? hostIP : prev.podIP || '10.42.0.10',
    startTime:  prev.startTime || now,
    conditions: [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
      { type: 'Initialized', status: 'True', lastTransitionTime: now },
      { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: now, ...(ready ? {} : { reason: 'ContainersNotReady' }) },
      { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now, ...(ready ? {} : { reason: 'ContainersNotReady' }) },
    ],
    containerStatuses: containers.map((c) => ({
      name:         c.name,
      image:        c.image,
      imageID:      '',
      ready,
      started:      ready,
      restartCount: restarts,
      state:        ready ? { running: { startedAt: now } } : { waiting: { reason: 'CrashLoopBackOff', message: 'back-off restarting failed container' } },
    })),
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

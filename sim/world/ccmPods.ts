/** Recognising CCM pods and their leader-election identity, shared by the lease and cloud-node controllers. */
import { KObj } from '../store';
import { boolFlag } from './planner/componentFlags';

export const POD_INSTANCE = 'sim.cattle.io/instance';
export const POD_WAITING_FOR_LEASE = 'sim.cattle.io/waiting-for-lease';

export function isCcmPod(pod: KObj): boolean {
  return (pod.spec?.containers || []).some((c: any) => /provider-aws\/cloud-controller-manager/.test(c.image || ''));
}

export function podReady(pod: KObj): boolean {
  return pod.status?.phase === 'Running' && (pod.status?.conditions || []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export function ccmArgs(pod: KObj): string[] {
  return (pod.spec?.containers || []).flatMap((c: any) => c.args || []);
}

export function ccmUsesLeaderMigration(pod: KObj): boolean {
  return boolFlag(ccmArgs(pod), 'enable-leader-migration');
}

/** `<host>_<uuid>`: client-go leaderelection identity as the controller managers build it. */
export function ccmIdentity(pod: KObj): string {
  return `${ pod.spec?.nodeName || pod.metadata.name }_${ pod.metadata.annotations?.[POD_INSTANCE] || pod.metadata.uid }`;
}

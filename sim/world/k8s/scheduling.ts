/**
 * A pod's node choice as the kube-scheduler filters nodes (pkg/scheduler/framework/plugins:
 * NodeUnschedulable — a cordoned node only takes pods tolerating `node.kubernetes.io/unschedulable`;
 * NodeAffinity — nodeSelector; TaintToleration — NoSchedule/NoExecute taints), and the
 * "0/N nodes are available: …" message it leaves on a pending pod.
 */
import { KObj } from '../../store';
import { nodeSelectorMatches } from './selector';
import { Toleration, toleratesTaint, untoleratedTaints } from './taints';
import { TAINT_UNSCHEDULABLE } from '../types';

export interface ScheduleResult {
  node?: KObj;
  message: string;
}

export function schedulePod(podSpec: { nodeSelector?: Record<string, string>; tolerations?: Toleration[] }, nodes: KObj[]): ScheduleResult {
  const reasons = new Map<string, number>();
  const fits: KObj[] = [];
  const bump = (r: string) => reasons.set(r, (reasons.get(r) || 0) + 1);

  for (const node of [...nodes].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    const tolerations = podSpec.tolerations || [];

    if (node.spec?.unschedulable && !tolerations.some((t) => toleratesTaint(t, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' }))) {
      bump('node(s) were unschedulable');
      continue;
    }
    if (!nodeSelectorMatches(podSpec.nodeSelector, node.metadata.labels || {})) {
      bump("node(s) didn't match Pod's node affinity/selector");
      continue;
    }
    const bad = untoleratedTaints(node.spec?.taints, tolerations);

    if (bad.length) {
      bump(`node(s) had untolerated taint {${ bad[0].key }: ${ bad[0].value || '' }}`);
      continue;
    }
    const ready = (node.status?.conditions || []).some((c: any) => c.type === 'Ready' && c.status === 'True');

    if (!ready && !tolerations.some((t) => toleratesTaint(t, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }))) {
      bump('node(s) had untolerated taint {node.kubernetes.io/not-ready: }');
      continue;
    }
    fits.push(node);
  }
  if (fits.length) {
    return { node: fits[0], message: '' };
  }
  // Each reason with its count, the strings sorted as such (kube-scheduler FitError.Error sorts "<count> <reason>").
  const parts = [...reasons.entries()].map(([r, n]) => `${ n } ${ r }`).sort();

  return { message: `0/${ nodes.length } nodes are available: ${ parts.join(', ') }. preemption: 0/${ nodes.length } nodes are available: ${ nodes.length } Preemption is not helpful for scheduling.` };
}

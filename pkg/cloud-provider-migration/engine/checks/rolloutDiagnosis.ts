/**
 * Why a CCM rollout does not progress, from what the cluster reports about it (docs/rancher-behaviour.md#pod-stall-shapes):
 * - per control-plane node: whether the DaemonSet's pod template can run there at all (nodeSelector against the
 *   node's labels, the node's taints against the template's tolerations plus those the DaemonSet controller adds),
 *   and when it can, the state of the pod on it (not scheduled, image not pulled, crash-looping with the last
 *   termination message, waiting, not ready) or the node itself NotReady;
 * - RKE2, before the DaemonSet exists: helm-controller's install Job (absent, Pending because every control-plane
 *   node is cordoned, failing, completed without a DaemonSet);
 * - how long the step has been waiting, when the caller says when it started.
 * Every diagnosis is an l10n detail message; nothing here decides whether the rollout is done.
 */
import type {
  DaemonSetLike, Distro, JobLike, Message, NodeLike, PodCondition, PodLike, Taint,
} from '../types';
import { controlPlaneNodes, controlPlaneSelector } from './cordon';
import { detail } from './result';
import { formatTaint, toleratedBy, type Toleration } from './toleration';

/** At most this many per-node and per-pod details; the rest are counted in one more. */
export const MAX_POD_DETAILS = 6;

/** Container waiting reasons the kubelet gives when it cannot get the image (docs/rancher-behaviour.md#pod-stall-shapes). */
const IMAGE_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'ErrImageNeverPull', 'InvalidImageName', 'ImageInspectError', 'RegistryUnavailable', 'SignatureValidationFailed']);

/**
 * The tolerations the DaemonSet controller adds to every pod it creates (docs/rancher-behaviour.md#daemonset-tolerations),
 * so a cordon or a NotReady node does not keep a daemon pod away.
 */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });

  return [
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
    ...(hostNetwork ? [exists('node.kubernetes.io/network-unavailable', 'NoSchedule')] : []),
  ];
}

function condition(conditions: PodCondition[] | undefined, type: string): PodCondition | undefined {
  return (conditions || []).find((c) => c.type === type);
}

export function podReady(pod: PodLike): boolean {
  return condition(pod.status?.conditions, 'Ready')?.status === 'True';
}

function nodeReady(node: NodeLike): boolean {
  return (node.status?.conditions || []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * The registry an image reference is pulled from, the way container runtimes normalise a reference: the part before
 * the first `/` when it looks like a host (has a `.` or a `:`, is `localhost`, or has capitals), else Docker Hub.
 */
export function imageRegistry(image: string): string {
  const slash = image.indexOf('/');

  if (slash < 0) {
    return 'docker.io';
  }
  const first = image.slice(0, slash);

  return /[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase() ? first : 'docker.io';
}

/** The image a back-off message names (`Back-off pulling image "<ref>"…`), else the one the status or spec gives. */
function pulledImage(pod: PodLike, containerName: string, waitingMessage: string, statusImage?: string): string {
  const quoted = /pulling image "([^"]+)"/i.exec(waitingMessage)?.[1];

  return quoted || statusImage || pod.spec?.containers?.find((c) => c.name === containerName)?.image || '';
}

/**
 * What keeps one pod from being ready, or undefined when it is ready. `pod.unschedulable` is the only diagnosis
 * without a node (a pod the scheduler has not placed); every other one names the node the pod is bound to.
 */
export function podProblem(pod: PodLike): Message | undefined {
  if (podReady(pod) || pod.status?.phase === 'Succeeded') {
    return undefined;
  }
  const name = pod.metadata.name;
  const namespace = pod.metadata.namespace || 'kube-system';
  const node = pod.spec?.nodeName || '';
  const scheduled = condition(pod.status?.conditions, 'PodScheduled');

  if (!node || scheduled?.status === 'False') {
    return detail('ccmRollout.pod.unschedulable', { pod: name, message: scheduled?.message || scheduled?.reason || '' });
  }
  for (const status of pod.status?.containerStatuses || []) {
    const waiting = status.state?.waiting;
    const terminated = status.state?.terminated;

    if (waiting?.reason && IMAGE_REASONS.has(waiting.reason)) {
      const image = pulledImage(pod, status.name, waiting.message || '', status.image);

      return detail('ccmRollout.pod.imagePull', {
        node, pod: name, reason: waiting.reason, image, registry: imageRegistry(image), message: waiting.message || waiting.reason,
      });
    }
    if (waiting?.reason === 'CrashLoopBackOff') {
      const last = status.lastState?.terminated || {};
      const restarts = status.restartCount ?? 0;
      const exitCode = last.exitCode ?? '?';

      return last.message?.trim() ? detail('ccmRollout.pod.crashLoop', {
        node, pod: name, restarts, exitCode, message: last.message.trim(),
      }) : detail('ccmRollout.pod.crashLoopNoMessage', {
        node, pod: name, namespace, restarts, exitCode, reason: last.reason || 'Error',
      });
    }
    if (waiting) {
      return waiting.message ? detail('ccmRollout.pod.waiting', {
        node, pod: name, reason: waiting.reason || 'Waiting', message: waiting.message,
      }) : detail('ccmRollout.pod.waitingReason', { node, pod: name, reason: waiting.reason || 'Waiting' });
    }
    if (terminated) {
      return detail('ccmRollout.pod.terminated', {
        node, pod: name, reason: terminated.reason || 'Error', exitCode: terminated.exitCode ?? '?',
      });
    }
  }
  if (pod.status?.phase === 'Running') {
    return detail('ccmRollout.pod.notReady', { node, pod: name });
  }

  return detail('ccmRollout.pod.starting', { node, pod: name, phase: pod.status?.phase || 'Pending' });
}

/** The nodeSelector entries the node's labels do not satisfy, as `key=value`. */
function missingLabels(nodeSelector: Record<string, string>, node: NodeLike): string[] {
  return Object.entries(nodeSelector).filter(([k, v]) => node.metadata.labels?.[k] !== v).map(([k, v]) => `${ k }=${ v }`);
}

/** The first NoSchedule/NoExecute taint of the node that neither the template nor the DaemonSet controller tolerates. */
function untoleratedTaint(node: NodeLike, tolerations: Toleration[]): Taint | undefined {
  return (node.spec?.taints || []).find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !toleratedBy(tolerations, t));
}

/** Details about nodes that share one reason are given once, with the node names joined. */
function groupByReason(items: { key: string; params: Record<string, string>; node: string }[]): Message[] {
  const groups = new Map<string, { key: string; params: Record<string, string>; nodes: string[] }>();

  for (const item of items) {
    const id = `${ item.key } ${ JSON.stringify(item.params) }`;
    const group = groups.get(id) || { key: item.key, params: item.params, nodes: [] };

    group.nodes.push(item.node);
    groups.set(id, group);
  }

  return [...groups.values()].map((g) => detail(g.key, { ...g.params, nodes: g.nodes.join(', ') }));
}

function capped(messages: Message[]): Message[] {
  return messages.length > MAX_POD_DETAILS ? [...messages.slice(0, MAX_POD_DETAILS - 1), detail('ccmRollout.more', { count: messages.length - MAX_POD_DETAILS + 1 })] : messages;
}

export interface NodeDiagnosisInput {
  ds: DaemonSetLike;
  distro: Distro;
  nodes: NodeLike[];
  /** The DaemonSet's pods; undefined when they were not read (only the template is then compared with the nodes). */
  pods?: PodLike[];
}

/**
 * Which nodes have no ready CCM pod, and why: first the control-plane nodes the template cannot run on (grouped by
 * reason), then each control-plane node whose pod is missing or not ready, then any other pod that is not ready.
 */
export function nodeDiagnoses({
  ds, distro, nodes, pods,
}: NodeDiagnosisInput): Message[] {
  const spec = ds.spec?.template?.spec || {};
  const nodeSelector = spec.nodeSelector || {};
  const tolerations = [...((spec.tolerations as Toleration[] | undefined) || []), ...daemonPodTolerations(!!spec.hostNetwork)];
  const ownPods = ownedPods(ds, pods || []);
  const excluded: { key: string; params: Record<string, string>; node: string }[] = [];
  const perNode: Message[] = [];
  const controlPlane = controlPlaneNodes(nodes, distro);

  for (const node of controlPlane) {
    const name = node.metadata.name;
    const missing = missingLabels(nodeSelector, node);
    const taint = missing.length ? undefined : untoleratedTaint(node, tolerations);

    if (missing.length) {
      excluded.push({ key: 'ccmRollout.node.selectorMismatch', params: { labels: missing.join(', ') }, node: name });
      continue;
    }
    if (taint) {
      excluded.push({ key: 'ccmRollout.node.taintNotTolerated', params: { taint: formatTaint(taint) }, node: name });
      continue;
    }
    if (!pods) {
      if (!nodeReady(node)) {
        perNode.push(detail('ccmRollout.node.notReady', { node: name }));
      }
      continue;
    }
    const onNode = ownPods.filter((p) => p.spec?.nodeName === name);

    if (onNode.some(podReady)) {
      continue;
    }
    if (!onNode.length) {
      perNode.push(detail('ccmRollout.node.noPod', { node: name }));
    } else if (!nodeReady(node)) {
      perNode.push(detail('ccmRollout.node.notReady', { node: name }));
    } else {
      perNode.push(...onNode.map(podProblem).filter((m): m is Message => !!m).slice(0, 1));
    }
  }
  const controlPlaneNames = new Set(controlPlane.map((n) => n.metadata.name));
  const others = ownPods.filter((p) => !controlPlaneNames.has(p.spec?.nodeName || '')).map(podProblem).filter((m): m is Message => !!m);

  return [...groupByReason(excluded), ...capped([...perNode, ...others])];
}

/** The pods the DaemonSet owns (a pod without owner references is taken as its own: the list is by its selector). */
function ownedPods(ds: DaemonSetLike, pods: PodLike[]): PodLike[] {
  return pods.filter((p) => !p.metadata.ownerReferences?.length || p.metadata.ownerReferences.some((r) => r.kind === 'DaemonSet' && r.name === ds.metadata.name));
}

/** The pods' own problems, when the nodes were not read. */
export function podDiagnoses(ds: DaemonSetLike, pods: PodLike[]): Message[] {
  return capped(ownedPods(ds, pods).map(podProblem).filter((m): m is Message => !!m));
}

/** `0 pods desired`: the nodeSelector matches none of the cluster's nodes. */
export function selectorMatchesNoNode(ds: DaemonSetLike, nodes: NodeLike[]): Message | undefined {
  const nodeSelector = ds.spec?.template?.spec?.nodeSelector || {};

  if (!nodes.length || nodes.some((n) => !missingLabels(nodeSelector, n).length)) {
    return undefined;
  }

  return detail('ccmRollout.cause.selectorMatchesNoNode', {
    selector: Object.entries(nodeSelector).map(([k, v]) => `${ k }=${ v }`).join(','), total: nodes.length,
  });
}

export interface JobDiagnosisInput {
  job: JobLike | null;
  pods: PodLike[];
  distro: Distro;
  /** The nodes, when read: a Pending install pod with every control-plane node cordoned is named as such. */
  nodes?: NodeLike[];
  /** The DaemonSet the chart should create (`namespace/name`). */
  daemonSet: string;
  /** The Job looked for (`namespace/name`), for the message when it is absent. */
  jobName: string;
}

export interface JobDiagnosis {
  failed: boolean;
  details: Message[];
}

/**
 * RKE2, before the DaemonSet exists: where helm-controller's install Job is (docs/rancher-behaviour.md#helm-controller,
 * #pod-stall-shapes). A failed Job fails the wait; every other state keeps it waiting with the reason.
 */
export function jobDiagnosis(input: JobDiagnosisInput): JobDiagnosis {
  const { job, pods } = input;

  if (!job) {
    return { failed: false, details: [detail('ccmRollout.job.absent', { job: input.jobName })] };
  }
  const name = `${ job.metadata.namespace || 'kube-system' }/${ job.metadata.name }`;
  const failedCondition = (job.status?.conditions || []).find((c) => c.type === 'Failed' && c.status === 'True');

  if (failedCondition) {
    return {
      failed:  true,
      details: [detail('ccmRollout.job.failed', {
        job: name, jobName: job.metadata.name, namespace: job.metadata.namespace || 'kube-system', reason: failedCondition.reason || 'Failed', message: failedCondition.message || '',
      })],
    };
  }
  if ((job.status?.conditions || []).some((c) => c.type === 'Complete' && c.status === 'True') || (job.status?.succeeded ?? 0) > 0) {
    return { failed: false, details: [detail('ccmRollout.job.completedNoDaemonSet', { job: name, name: input.daemonSet })] };
  }
  // The pod that is not finished, newest first (a Job with restartPolicy OnFailure keeps one pod and restarts it).
  const pod = [...pods].filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort((a, b) => (b.metadata.creationTimestamp || '').localeCompare(a.metadata.creationTimestamp || ''))[0];

  if (!pod) {
    return { failed: false, details: [detail('ccmRollout.job.noPod', { job: name })] };
  }
  const problem = podProblem(pod);

  if (!problem) {
    return { failed: false, details: [detail('ccmRollout.job.running', { job: name, pod: pod.metadata.name, node: pod.spec?.nodeName || '' })] };
  }
  const details: Message[] = [];
  const controlPlane = input.nodes ? controlPlaneNodes(input.nodes, input.distro) : [];

  if (problem.key === 'checks.ccmRollout.pod.unschedulable' && controlPlane.length && controlPlane.every((n) => n.spec?.unschedulable === true)) {
    details.push(detail('ccmRollout.job.cordoned', { job: name, count: controlPlane.length, selector: controlPlaneSelector(input.distro) }));
  } else {
    details.push(detail('ccmRollout.job.pending', { job: name }));
  }
  details.push(problem);

  return { failed: false, details };
}

/** `ccmRollout.elapsed` from the step's start and the observation time, when both are known and in order. */
export function elapsedDetail(since: string | undefined, now: string | undefined): Message | undefined {
  const start = since ? Date.parse(since) : NaN;
  const end = now ? Date.parse(now) : NaN;

  if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
    return undefined;
  }
  const seconds = Math.floor((end - start) / 1000);

  return detail('ccmRollout.elapsed', { minutes: Math.floor(seconds / 60), seconds: seconds % 60 });
}

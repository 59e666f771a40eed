/**
 * Is the AWS cloud controller manager DaemonSet rolled out on every control-plane node?
 *
 * kubectl's rule first (`rollout_status.go` DaemonSetStatusViewer, docs/rancher-behaviour.md#rollout-status): only RollingUpdate can be
 * judged; the controller must have observed the current generation; every desired pod must be updated, then
 * available. kubectl calls a DaemonSet with zero desired pods "successfully rolled out"; we do not (docs/rancher-behaviour.md#rollout-status):
 * the DaemonSet must want at least one pod per control-plane node. When it wants fewer, the template's nodeSelector
 * and tolerations are compared with what the distro puts on control-plane nodes to name the likely cause.
 *
 * A verdict that is not done also says why the rollout stalls, from whatever else was read (rolloutDiagnosis.ts):
 * the nodes and the DaemonSet's pods (which control-plane node has no ready pod and why), helm-controller's install
 * Job before the DaemonSet exists (RKE2), and how long the step has waited. The main message stays kubectl's.
 */
import type {
  CheckResult, DaemonSetLike, Distro, JobLike, Message, NodeLike, PodLike,
} from '../types';
import {
  controlPlaneLabel, controlPlaneTaints, otherDistroControlPlaneLabel, UNIVERSAL_NODE_LABELS
} from './controlPlaneNode';
import { detail, objectName, verdict } from './result';
import { formatTaint, toleratedBy, type Toleration } from './toleration';
import {
  elapsedDetail, jobDiagnosis, nodeDiagnoses, podDiagnoses, selectorMatchesNoNode,
} from './rolloutDiagnosis';

export const CCM_DAEMONSET = { namespace: 'kube-system', name: 'aws-cloud-controller-manager' };

/** The Job helm-controller runs to install the CCM HelmChart (RKE2; docs/rancher-behaviour.md#helm-controller). */
export const CCM_INSTALL_JOB = { namespace: 'kube-system', name: `helm-install-${ CCM_DAEMONSET.name }` };

export interface RolloutOptions {
  /** Number of control-plane nodes found in the cluster (cordon.ts `controlPlaneNodes`). */
  controlPlaneNodes: number;
  distro: Distro;
  /** The cluster's nodes, when read: the per-node diagnosis of a stalled rollout. */
  nodes?: NodeLike[];
  /** The DaemonSet's pods, when read. */
  pods?: PodLike[];
  /** RKE2, while the DaemonSet does not exist: the install Job (null = read and absent) and its pods. */
  installJob?: JobLike | null;
  installJobPods?: PodLike[];
  /** When the step started waiting and when this was read (ISO times), for the time it has waited. */
  since?: string;
  now?: string;
}

/** The verdict with the diagnoses added after its own details, and the time waited last. */
function withDiagnosis(result: CheckResult, diagnoses: Message[], opts: RolloutOptions): CheckResult {
  const elapsed = elapsedDetail(opts.since, opts.now);
  const details = [...(result.details || []), ...diagnoses, ...(elapsed ? [elapsed] : [])];

  return details.length ? { ...result, details } : result;
}

/** Why the DaemonSet does not run a ready pod on every control-plane node, from the nodes and pods read. */
function stallDiagnoses(ds: DaemonSetLike, opts: RolloutOptions, desired: number): Message[] {
  if (!opts.nodes) {
    return opts.pods ? podDiagnoses(ds, opts.pods) : [];
  }
  const noNode = desired === 0 ? selectorMatchesNoNode(ds, opts.nodes) : undefined;

  return [...(noNode ? [noNode] : []), ...nodeDiagnoses({
    ds, distro: opts.distro, nodes: opts.nodes, pods: opts.pods,
  })];
}

export function checkDaemonSetRollout(ds: DaemonSetLike | null | undefined, opts: RolloutOptions): CheckResult {
  if (!ds) {
    const params = { name: objectName(CCM_DAEMONSET) };

    if (opts.installJob === undefined) {
      return withDiagnosis(verdict('waiting', 'ccmRollout.absent', params), [], opts);
    }
    const job = jobDiagnosis({
      job: opts.installJob, pods: opts.installJobPods || [], distro: opts.distro, nodes: opts.nodes, daemonSet: params.name, jobName: objectName(CCM_INSTALL_JOB),
    });

    return withDiagnosis(verdict(job.failed ? 'failed' : 'waiting', 'ccmRollout.absent', params), job.details, opts);
  }

  const name = objectName(ds.metadata);
  const strategy = ds.spec?.updateStrategy?.type || 'RollingUpdate'; // the API server defaults it to RollingUpdate

  if (strategy !== 'RollingUpdate') {
    return verdict('failed', 'ccmRollout.notRollingUpdate', { name, strategy });
  }

  const generation = ds.metadata.generation ?? 0;
  const observed = ds.status?.observedGeneration ?? 0;

  if (generation > observed) {
    return withDiagnosis(verdict('waiting', 'ccmRollout.specNotObserved', { name, generation, observed }), [], opts);
  }

  const desired = ds.status?.desiredNumberScheduled ?? 0;
  const updated = ds.status?.updatedNumberScheduled ?? 0;
  const available = ds.status?.numberAvailable ?? 0;
  const controlPlaneNodes = opts.controlPlaneNodes;

  if (desired === 0 || desired < controlPlaneNodes) {
    const causes = schedulingCauses(ds, opts.distro);
    const params = { name, desired, controlPlaneNodes };
    const result = causes.length ? verdict('failed', 'ccmRollout.notScheduled', { ...params, distro: opts.distro.toUpperCase() }, causes) : verdict('waiting', 'ccmRollout.fewerThanControlPlane', params);

    return withDiagnosis(result, stallDiagnoses(ds, opts, desired), opts);
  }
  if (updated < desired) {
    return withDiagnosis(verdict('waiting', 'ccmRollout.updated', { name, updated, desired }), stallDiagnoses(ds, opts, desired), opts);
  }
  if (available < desired) {
    return withDiagnosis(verdict('waiting', 'ccmRollout.available', { name, available, desired }), stallDiagnoses(ds, opts, desired), opts);
  }

  return verdict('done', 'ccmRollout.done', { name, desired, controlPlaneNodes });
}

/**
 * Why the pod template may not fit the distro's control-plane nodes: nodeSelector entries those nodes do not
 * carry, and control-plane taints no toleration matches. Empty when the template looks right.
 */
export function schedulingCauses(ds: DaemonSetLike, distro: Distro): Message[] {
  const podSpec = ds.spec?.template?.spec || {};

  return [
    ...selectorCauses(podSpec.nodeSelector || {}, distro),
    ...tolerationCauses(podSpec.tolerations as Toleration[] | undefined, distro),
  ];
}

function selectorCauses(nodeSelector: Record<string, string>, distro: Distro): Message[] {
  const own = controlPlaneLabel(distro);
  const other = otherDistroControlPlaneLabel(distro);
  const causes: Message[] = [];

  for (const [key, value] of Object.entries(nodeSelector)) {
    if (key === own.key) {
      if (value !== own.value) {
        causes.push(detail('ccmRollout.cause.selectorValue', { key, value: JSON.stringify(value), expected: own.value }));
      }
    } else if (key === other.key) {
      // RKE1: the chart's default key (the RKE2 label) survives an override because Helm merges maps.
      // RKE2: a selector copied from the RKE1 documentation.
      const cause = distro === 'rke1' ? 'ccmRollout.cause.chartDefaultKeyKept' : 'ccmRollout.cause.rke1Key';

      causes.push(detail(cause, { key, expected: `${ own.key }=${ own.value }` }));
    } else if (!UNIVERSAL_NODE_LABELS.includes(key)) {
      causes.push(detail('ccmRollout.cause.unknownKey', { key, value }));
    }
  }

  return causes;
}

function tolerationCauses(tolerations: Toleration[] | undefined, distro: Distro): Message[] {
  const causes: Message[] = [];

  for (const taint of controlPlaneTaints(distro)) {
    if (toleratedBy(tolerations, taint)) {
      continue;
    }
    const sameKey = (tolerations || []).find((t) => t.key === taint.key && (!t.effect || t.effect === taint.effect));

    if (sameKey && taint.value === '' && sameKey.operator !== 'Exists') {
      causes.push(detail('ccmRollout.cause.emptyTaintValue', { key: taint.key, value: sameKey.value ?? '' }));
    } else {
      causes.push(detail('ccmRollout.cause.taintNotTolerated', { taint: formatTaint(taint) }));
    }
  }

  return causes;
}

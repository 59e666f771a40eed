/**
 * What is read besides the CCM DaemonSet to say why its rollout stalls (engine checks/rolloutDiagnosis.ts), for the
 * tab's observations and the step runner alike. Nothing more is read while the rollout is done:
 * - the DaemonSet exists and is not rolled out: its pods, listed by its own selector (the chart's `k8s-app` label);
 * - RKE2, no DaemonSet yet: helm-controller's install Job `helm-install-<chart>` in the chart's namespace
 *   (docs/rancher-behaviour.md#helm-controller; a 404 is "not created yet") and its pods, which the Job controller
 *   labels `job-name=<job>` (docs/rancher-behaviour.md#pod-stall-shapes).
 */
import type {
  DaemonSetLike, Distro, NodeLike, RolloutEvidence,
} from '../engine';
import {
  CCM_CHART_NAME, CCM_NAMESPACE, checkDaemonSetRollout, controlPlaneNodes,
} from '../engine';
import { getJob, listPods } from './downstream';
import type { StoreLike } from './request';

/** The name of helm-controller's install Job of the CCM HelmChart (helm-install-<HelmChart name>). */
export const CCM_INSTALL_JOB_NAME = `helm-install-${ CCM_CHART_NAME }`;

/** `key=value,…` of a DaemonSet's selector; empty when it has none. */
function selectorOf(ds: DaemonSetLike): string {
  return Object.entries(ds.spec?.selector?.matchLabels || {}).map(([k, v]) => `${ k }=${ v }`).join(',');
}

export async function readRolloutEvidence(store: StoreLike, clusterId: string, distro: Distro, daemonSet: DaemonSetLike | null, nodes: NodeLike[]): Promise<RolloutEvidence> {
  if (daemonSet) {
    const selector = selectorOf(daemonSet);
    const rolledOut = checkDaemonSetRollout(daemonSet, { controlPlaneNodes: controlPlaneNodes(nodes, distro).length, distro }).state === 'done';

    return rolledOut || !selector ? {} : { pods: await listPods(store, clusterId, daemonSet.metadata.namespace || CCM_NAMESPACE, selector) };
  }
  if (distro !== 'rke2') {
    return {};
  }
  const installJob = await getJob(store, clusterId, CCM_NAMESPACE, CCM_INSTALL_JOB_NAME);

  return installJob ? { installJob, installJobPods: await listPods(store, clusterId, CCM_NAMESPACE, `job-name=${ CCM_INSTALL_JOB_NAME }`) } : { installJob };
}

/**
 * The node side of applying a plan (rancher/system-agent applying a plan; rke2/kubelet restarting):
 * the node records what its components now run (annotations in types.ts `A`), the kubelet reports the
 * new version, a component that cannot start leaves the node NotReady, and a restarted KCM gets a new
 * process identity (a new leader-election holder id, `<host>_<uuid>`). A plan whose restart stamp did not change
 * (only the additionalManifest file moved, rancher planner config.go restartStamp skips Dynamic files) restarts
 * nothing: only the applied-plan hash moves.
 */
import { KObj } from '../store';
import { setCondition } from './k8s/conditions';
import { flagValue, boolFlag } from './planner/componentFlags';
import { NodePlan, planHash, restartHash } from './nodePlan';
import { A } from './types';

export interface NodeRuntime {
  name: string;
  controlPlane: boolean;
  kubeletCloud: string;
  kcmCloud: string;
  kcmLeaderMigration: boolean;
  kcmInstance: string;
  healthy: boolean;
  errors: string[];
  ready: boolean;
}

export function applyPlanToNode(node: KObj, plan: NodePlan, newUuid: () => string, now: string): void {
  const ann = node.metadata.annotations = node.metadata.annotations || {};
  const stamp = restartHash(plan);

  if (ann[A.restartStamp] === stamp && ann[A.appliedPlan]) {
    // Only Dynamic plan files changed (the additionalManifest): the agent writes them, nothing restarts.
    ann[A.appliedPlan] = planHash(plan);

    return;
  }
  if (ann[A.restartStamp]) {
    ann[A.restarts] = `${ Number(ann[A.restarts] || 0) + 1 }`;
  }
  ann[A.restartStamp] = stamp;
  ann[A.effectiveConfig] = JSON.stringify(plan.config);
  ann[A.kubeletArgs] = JSON.stringify(plan.kubeletArgs);
  ann[A.kubeletCloud] = flagValue(plan.kubeletArgs, 'cloud-provider') || '';
  if (plan.kcmArgs && plan.apiserverArgs) {
    ann[A.apiserverArgs] = JSON.stringify(plan.apiserverArgs);
    ann[A.apiserverCloud] = flagValue(plan.apiserverArgs, 'cloud-provider') || '';
    ann[A.kcmArgs] = JSON.stringify(plan.kcmArgs);
    ann[A.kcmCloud] = flagValue(plan.kcmArgs, 'cloud-provider') || '';
    ann[A.kcmLeaderMigration] = `${ boolFlag(plan.kcmArgs, 'enable-leader-migration') }`;
    ann[A.kcmInstance] = newUuid();
  }
  if (plan.nodeArgs) {
    ann[A.rke2NodeArgs] = JSON.stringify(plan.nodeArgs);
  }
  ann[A.componentErrors] = JSON.stringify(plan.errors);
  ann[A.appliedPlan] = planHash(plan);
  node.status = node.status || {};
  node.status.nodeInfo = { ...(node.status.nodeInfo || {}), kubeletVersion: plan.kubernetesVersion, kubeProxyVersion: plan.kubernetesVersion };
  if (plan.errors.length) {
    setCondition(node.status, 'Ready', 'Unknown', 'Kubelet stopped posting node status.', 'NodeStatusUnknown', now);
  } else {
    setCondition(node.status, 'Ready', 'True', 'kubelet is posting ready status', 'KubeletReady', now);
  }
}

function parseList(s: string | undefined): string[] {
  try {
    return s ? JSON.parse(s) : [];
  } catch {
    return [];
  }
}

export function nodeRuntime(node: KObj): NodeRuntime {
  const ann = node.metadata.annotations || {};
  const errors = parseList(ann[A.componentErrors]);
  const ready = (node.status?.conditions || []).some((c: any) => c.type === 'Ready' && c.status === 'True');

  return {
    name:               node.metadata.name,
    controlPlane:       ann[A.kcmArgs] !== undefined,
    kubeletCloud:       ann[A.kubeletCloud] || '',
    kcmCloud:           ann[A.kcmCloud] || '',
    kcmLeaderMigration: ann[A.kcmLeaderMigration] === 'true',
    kcmInstance:        ann[A.kcmInstance] || '',
    healthy:            errors.length === 0,
    errors,
    ready,
  };
}

/** A KCM that runs the in-tree cloud loops (route, service, cloud-node-lifecycle): aws provider, running. */
export function kcmRunsCloudLoops(rt: NodeRuntime): boolean {
  return rt.controlPlane && rt.healthy && rt.kcmCloud === 'aws' && !rt.errors.some((e) => e.startsWith('kube-controller-manager'));
}

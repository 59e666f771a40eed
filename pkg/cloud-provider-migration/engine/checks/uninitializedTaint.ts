/**
 * Has the CCM finished initialising every node? (docs/rancher-behaviour.md#uninitialized-taint) Kubelet started with `--cloud-provider=external`
 * registers a node with the `node.cloudprovider.kubernetes.io/uninitialized` taint; the CCM's cloud-node controller
 * removes it after setting providerID, addresses and zone labels. Nodes registered before the switch never had it.
 */
import type { CheckResult, NodeLike } from '../types';
import { detail, verdict } from './result';

export const UNINITIALIZED_TAINT = 'node.cloudprovider.kubernetes.io/uninitialized';

export function checkUninitializedTaint(nodes: NodeLike[]): CheckResult {
  if (!nodes.length) {
    return verdict('waiting', 'uninitializedTaint.noNodes');
  }

  const tainted = nodes.filter((n) => (n.spec?.taints || []).some((t) => t.key === UNINITIALIZED_TAINT));

  if (tainted.length) {
    return verdict('waiting', 'uninitializedTaint.present', { count: tainted.length, total: nodes.length, taint: UNINITIALIZED_TAINT }, tainted.map((n) => detail('uninitializedTaint.node', { node: n.metadata.name })));
  }

  return verdict('done', 'uninitializedTaint.done', { total: nodes.length, taint: UNINITIALIZED_TAINT });
}

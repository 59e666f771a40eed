/**
 * Cordoning the control-plane nodes, the way `kubectl cordon -l <selector>` does (kubectl `drain/cordon.go`):
 * the desired state is `spec.unschedulable`, nodes already in that state are skipped, and no control-plane node
 * at all is an error rather than "nothing to do" (the selector is wrong, or the distro is).
 */
import type { CheckResult, Distro, NodeLike } from '../types';
import { controlPlaneLabel, otherDistroControlPlaneLabel } from './controlPlaneNode';
import { detail, verdict } from './result';

export type CordonState = 'cordoned' | 'uncordoned';

/** `node-role.kubernetes.io/control-plane=true` (RKE2) or `node-role.kubernetes.io/controlplane=true` (RKE1). */
export function controlPlaneSelector(distro: Distro): string {
  const label = controlPlaneLabel(distro);

  return `${ label.key }=${ label.value }`;
}

export function controlPlaneNodes(nodes: NodeLike[], distro: Distro): NodeLike[] {
  const label = controlPlaneLabel(distro);

  return nodes.filter((n) => n.metadata.labels?.[label.key] === label.value);
}

function isCordoned(node: NodeLike): boolean {
  return node.spec?.unschedulable === true;
}

/**
 * The control-plane nodes whose `spec.unschedulable` is not yet the wanted state; with `only`, among those nodes
 * alone (the uncordon gives back the nodes the migration cordoned, never one cordoned before it).
 */
export function nodesToChange(nodes: NodeLike[], distro: Distro, want: CordonState, only?: string[]): NodeLike[] {
  const cordon = want === 'cordoned';

  return controlPlaneNodes(nodes, distro).filter((n) => isCordoned(n) !== cordon && (!only || only.includes(n.metadata.name)));
}

/**
 * Whether the control-plane nodes are in the wanted state. With `only` (the nodes the migration cordoned and has not
 * given back), the uncordon looks at those alone; control-plane nodes cordoned before the migration stay cordoned
 * and are named in the details.
 */
export function checkCordon(nodes: NodeLike[], distro: Distro, want: CordonState, only?: string[]): CheckResult {
  const selector = controlPlaneSelector(distro);
  const controlPlane = controlPlaneNodes(nodes, distro);

  if (!controlPlane.length) {
    const other = otherDistroControlPlaneLabel(distro);
    const otherCount = nodes.filter((n) => n.metadata.labels?.[other.key] === other.value).length;
    const details = otherCount ? [detail('cordon.otherDistroLabel', { count: otherCount, selector: `${ other.key }=${ other.value }` })] : [];

    return verdict('failed', 'cordon.noControlPlane', { selector, total: nodes.length }, details);
  }

  const pending = nodesToChange(nodes, distro, want, only);
  const total = controlPlane.length;

  if (only) {
    const kept = controlPlane.filter((n) => isCordoned(n) && !only.includes(n.metadata.name)).map((n) => detail('cordon.keptCordoned', { node: n.metadata.name }));
    const mine = controlPlane.filter((n) => only.includes(n.metadata.name)).length;

    return pending.length ? verdict('waiting', 'cordon.stillCordonedByMigration', { count: pending.length, total: mine, selector }, [...pending.map((n) => detail('cordon.node', { node: n.metadata.name })), ...kept]) : verdict('done', 'cordon.givenBack', { total: mine, selector }, kept);
  }

  if (pending.length) {
    const key = want === 'cordoned' ? 'cordon.schedulable' : 'cordon.stillCordoned';

    return verdict('waiting', key, { count: pending.length, total, selector }, pending.map((n) => detail('cordon.node', { node: n.metadata.name })));
  }

  return verdict('done', want === 'cordoned' ? 'cordon.allCordoned' : 'cordon.allUncordoned', { total, selector });
}

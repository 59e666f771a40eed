import type { NodeLike } from '../../types';
import {
  checkCordon, controlPlaneNodes, controlPlaneSelector, nodesToChange
} from '../cordon';
import {
  rke1ControlPlane, rke1Worker, rke2ControlPlane, rke2Worker
} from './fixtures';
import { expectResultTranslated } from './l10n';

const names = (nodes: NodeLike[]) => nodes.map((n) => n.metadata.name);

describe('controlPlaneSelector', () => {
  it.each([
    ['RKE2 selects control-plane with a dash', 'rke2', 'node-role.kubernetes.io/control-plane=true'],
    ['RKE1 selects controlplane without a dash', 'rke1', 'node-role.kubernetes.io/controlplane=true'],
  ] as const)('%s', (_name, distro, selector) => {
    expect(controlPlaneSelector(distro)).toBe(selector);
  });
});

describe('controlPlaneNodes', () => {
  const mixed = [rke2ControlPlane('rke2-cp'), rke2Worker('rke2-w'), rke1ControlPlane('rke1-cp'), rke1Worker('rke1-w')];

  it.each([
    ['RKE2 picks only nodes labelled control-plane=true', 'rke2', ['rke2-cp']],
    ['RKE1 picks only nodes labelled controlplane=true', 'rke1', ['rke1-cp']],
  ] as const)('%s', (_name, distro, expected) => {
    expect(names(controlPlaneNodes(mixed, distro))).toEqual(expected);
  });
});

describe('nodesToChange', () => {
  const nodes = [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2'), rke2ControlPlane('cp-3'), rke2Worker('w-1')];

  it.each([
    ['cordoning skips the node already cordoned and every worker', 'cordoned', ['cp-2', 'cp-3']],
    ['uncordoning touches only the cordoned control-plane node', 'uncordoned', ['cp-1']],
  ] as const)('%s', (_name, want, expected) => {
    expect(names(nodesToChange(nodes, 'rke2', want))).toEqual(expected);
  });
});

describe('checkCordon', () => {
  it.each([
    ['all RKE2 control-plane nodes cordoned is done', [rke2ControlPlane('cp-1', { unschedulable: true }), rke2Worker('w-1')], 'rke2', 'cordoned', 'done', 'checks.cordon.allCordoned', []],
    ['a schedulable control-plane node keeps cordon waiting', [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2')], 'rke2', 'cordoned', 'waiting', 'checks.cordon.schedulable', ['cp-2']],
    ['uncordon is done when no control-plane node is cordoned, whatever the workers', [rke2ControlPlane('cp-1'), { ...rke2Worker('w-1'), spec: { unschedulable: true } }], 'rke2', 'uncordoned', 'done', 'checks.cordon.allUncordoned', []],
    ['uncordon waits for a node still cordoned', [rke1ControlPlane('cp-1', { unschedulable: true }), rke1ControlPlane('cp-2')], 'rke1', 'uncordoned', 'waiting', 'checks.cordon.stillCordoned', ['cp-1']],
    ['zero control-plane nodes fails rather than doing nothing', [rke2Worker('w-1')], 'rke2', 'cordoned', 'failed', 'checks.cordon.noControlPlane', []],
    ['RKE1 nodes under the RKE2 selector fail and the other label is pointed out', [rke1ControlPlane('cp-1')], 'rke2', 'cordoned', 'failed', 'checks.cordon.noControlPlane', ['checks.cordon.otherDistroLabel']],
  ] as const)('%s', (_name, nodes, distro, want, state, key, detailValues) => {
    const result = checkCordon([...nodes], distro, want);

    expect(result.state).toBe(state);
    expect(result.message.key).toBe(key);
    expect((result.details || []).map((d) => d.params?.node ?? d.key)).toEqual(detailValues);
    expectResultTranslated(result);
  });
});

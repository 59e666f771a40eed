import type { NodeLike } from '../../types';
import {
  checkCordon, controlPlaneNodes, controlPlaneSelector, nodesToChange
} from '../cordon';
import { uncordon } from '../../actions/cordon';
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

describe('checkCordon of the nodes the migration cordoned', () => {
  it('the uncordon waits only for the recorded nodes and leaves a node cordoned before the migration as it is', () => {
    const nodes = [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2', { unschedulable: true }), rke2ControlPlane('cp-3')];
    const result = checkCordon(nodes, 'rke2', 'uncordoned', ['cp-2', 'cp-3']);

    expect(result.state).toBe('waiting');
    expect(result.message).toEqual({ key: 'checks.cordon.stillCordonedByMigration', params: { count: 1, total: 2, selector: 'node-role.kubernetes.io/control-plane=true' } });
    expect(result.details).toEqual([
      { key: 'checks.cordon.node', params: { node: 'cp-2' } },
      { key: 'checks.cordon.keptCordoned', params: { node: 'cp-1' } },
    ]);
    expectResultTranslated(result);
  });

  it('is done once the recorded nodes are schedulable, though another node stays cordoned', () => {
    const nodes = [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2'), { ...rke2Worker('w-1'), spec: { unschedulable: true } }];
    const result = checkCordon(nodes, 'rke2', 'uncordoned', ['cp-2', 'gone-node']);

    expect(result.state).toBe('done');
    expect(result.message).toEqual({ key: 'checks.cordon.givenBack', params: { total: 1, selector: 'node-role.kubernetes.io/control-plane=true' } });
    expect(result.details).toEqual([{ key: 'checks.cordon.keptCordoned', params: { node: 'cp-1' } }]);
    expectResultTranslated(result);
  });

  it('with every recorded node given back (an empty record) nothing is left to uncordon', () => {
    const result = checkCordon([rke2ControlPlane('cp-1', { unschedulable: true })], 'rke2', 'uncordoned', []);

    expect(result.state).toBe('done');
    expect(result.message.params).toEqual(expect.objectContaining({ total: 0 }));
  });

  it('nodesToChange with a record picks only recorded nodes', () => {
    const nodes = [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2', { unschedulable: true })];

    expect(names(nodesToChange(nodes, 'rke2', 'uncordoned', ['cp-2']))).toEqual(['cp-2']);
    expect(names(nodesToChange(nodes, 'rke2', 'uncordoned'))).toEqual(['cp-1', 'cp-2']);
  });
});

describe('the uncordon step judged from the observations', () => {
  const steps = [{ id: 'switch-to-external', done: true }, { id: 'uncordon-control-plane', action: 'uncordon', live: true }] as any[];
  const nodes = [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2')];
  const judgeWith = (cordonedByMigration?: string[]) => uncordon.judge({
    step: steps[1], index: 1, steps, distro: 'rke2', obs: { nodes, ...(cordonedByMigration ? { cordonedByMigration } : {}) },
  });

  it('with the journal\'s record, a node cordoned before the migration does not hold it up', () => {
    expect(judgeWith(['cp-2'])?.state).toBe('done');
  });

  it('without a record, every control-plane node must be schedulable', () => {
    expect(judgeWith()?.state).toBe('waiting');
  });
});

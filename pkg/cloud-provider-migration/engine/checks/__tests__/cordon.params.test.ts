// checkCordon's params (the counts and the selector the UI prints next to its kubectl command) and which nodes
// count as control plane or as cordoned.
import type { NodeLike } from '../../types';
import { checkCordon, controlPlaneNodes, nodesToChange } from '../cordon';
import { rke1ControlPlane, rke2ControlPlane, rke2Worker } from './fixtures';

const RKE2 = 'node-role.kubernetes.io/control-plane=true';
const RKE1 = 'node-role.kubernetes.io/controlplane=true';

describe('checkCordon params', () => {
  it('no control-plane node: the selector used and how many nodes there were', () => {
    expect(checkCordon([rke2Worker('w-1'), rke2Worker('w-2')], 'rke2', 'cordoned')).toEqual({
      state: 'failed', message: { key: 'checks.cordon.noControlPlane', params: { selector: RKE2, total: 2 } },
    });
  });

  it('no control-plane node of this distro but some of the other: how many, and their selector', () => {
    const result = checkCordon([rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2'), rke2Worker('w-1')], 'rke1', 'cordoned');

    expect(result.message.params).toEqual({ selector: RKE1, total: 3 });
    expect(result.details).toEqual([{ key: 'checks.cordon.otherDistroLabel', params: { count: 2, selector: RKE2 } }]);
  });

  it('waiting: how many of how many, and each node', () => {
    const result = checkCordon([rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2', { unschedulable: true }), rke2ControlPlane('cp-3')], 'rke2', 'cordoned');

    expect(result.message).toEqual({ key: 'checks.cordon.schedulable', params: { count: 2, total: 3, selector: RKE2 } });
    expect(result.details).toEqual([
      { key: 'checks.cordon.node', params: { node: 'cp-1' } },
      { key: 'checks.cordon.node', params: { node: 'cp-3' } },
    ]);
  });

  it('done: the total and the selector, no details', () => {
    expect(checkCordon([rke1ControlPlane('cp-1', { unschedulable: true })], 'rke1', 'cordoned')).toEqual({
      state: 'done', message: { key: 'checks.cordon.allCordoned', params: { total: 1, selector: RKE1 } },
    });
    expect(checkCordon([rke1ControlPlane('cp-1')], 'rke1', 'uncordoned')).toEqual({
      state: 'done', message: { key: 'checks.cordon.allUncordoned', params: { total: 1, selector: RKE1 } },
    });
  });
});

describe('which nodes count', () => {
  const bare = (name: string, labels?: Record<string, string>, spec?: NodeLike['spec']): NodeLike => ({ metadata: { name, labels }, spec });

  it('a control-plane label with a value other than "true" is not a control-plane node; a node without labels neither', () => {
    expect(controlPlaneNodes([bare('a', { 'node-role.kubernetes.io/control-plane': 'false' }), bare('b'), bare('c', { 'node-role.kubernetes.io/control-plane': 'true' })], 'rke2')
      .map((n) => n.metadata.name)).toEqual(['c']);
  });

  it('only unschedulable: true is cordoned (missing spec or false is schedulable)', () => {
    const nodes = [
      bare('no-spec', { 'node-role.kubernetes.io/control-plane': 'true' }),
      bare('false', { 'node-role.kubernetes.io/control-plane': 'true' }, { unschedulable: false }),
      bare('true', { 'node-role.kubernetes.io/control-plane': 'true' }, { unschedulable: true }),
    ];

    expect(nodesToChange(nodes, 'rke2', 'cordoned').map((n) => n.metadata.name)).toEqual(['no-spec', 'false']);
    expect(nodesToChange(nodes, 'rke2', 'uncordoned').map((n) => n.metadata.name)).toEqual(['true']);
  });

  it('other-distro nodes without labels are not counted', () => {
    expect(checkCordon([bare('x')], 'rke2', 'cordoned').details).toBeUndefined();
  });
});

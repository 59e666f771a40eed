// checkUninitializedTaint's params: counts against all nodes and the taint it looks for.
import type { NodeLike } from '../../types';
import { UNINITIALIZED_TAINT, checkUninitializedTaint } from '../uninitializedTaint';

const node = (name: string, taintKeys?: string[]): NodeLike => ({
  metadata: { name }, spec: taintKeys ? { taints: taintKeys.map((key) => ({ key, effect: 'NoSchedule' })) } : undefined,
});

describe('checkUninitializedTaint params', () => {
  it('counts the tainted nodes against all nodes, names the taint and each node', () => {
    expect(checkUninitializedTaint([node('a', [UNINITIALIZED_TAINT]), node('b'), node('c', ['other', UNINITIALIZED_TAINT])])).toEqual({
      state:   'waiting',
      message: { key: 'checks.uninitializedTaint.present', params: { count: 2, total: 3, taint: 'node.cloudprovider.kubernetes.io/uninitialized' } },
      details: [{ key: 'checks.uninitializedTaint.node', params: { node: 'a' } }, { key: 'checks.uninitializedTaint.node', params: { node: 'c' } }],
    });
  });

  it('done names the total and the taint; a node without spec or with other taints is initialised', () => {
    expect(checkUninitializedTaint([node('a'), node('b', ['node.cloudprovider.kubernetes.io/shutdown'])])).toEqual({
      state: 'done', message: { key: 'checks.uninitializedTaint.done', params: { total: 2, taint: UNINITIALIZED_TAINT } },
    });
  });

  it('no nodes has empty params', () => {
    expect(checkUninitializedTaint([]).message).toEqual({ key: 'checks.uninitializedTaint.noNodes', params: {} });
  });
});

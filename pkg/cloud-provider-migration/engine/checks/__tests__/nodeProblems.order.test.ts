import type { CheckResult, NodeProblem } from '../../types';
import { detailsBesideNodeTable, sortNodeProblems, withNodeProblems } from '../nodeProblems';

function p(node: string, key: string, detail: string): NodeProblem {
  return {
    node, state: 'waiting', problem: { key, params: {} }, detail
  };
}

function order(problems: NodeProblem[]): string[] {
  return problems.map((x) => `${ x.node }|${ x.problem.key }|${ x.detail }`);
}

describe('sortNodeProblems order', () => {
  it('sorts nodes given out of name order by node name', () => {
    const input = [p('n-c', 'k', '1'), p('n-a', 'k', '2'), p('n-b', 'k', '3')];

    expect(order(sortNodeProblems(input))).toStrictEqual(['n-a|k|2', 'n-b|k|3', 'n-c|k|1']);
  });

  it('sorts two problems of one node with keys out of order by key', () => {
    const input = [p('n-a', 'k-z', '1'), p('n-a', 'k-a', '2')];

    expect(order(sortNodeProblems(input))).toStrictEqual(['n-a|k-a|2', 'n-a|k-z|1']);
  });

  it('keeps two problems of one node with keys already in order', () => {
    const input = [p('n-a', 'k-a', '1'), p('n-a', 'k-z', '2')];

    expect(order(sortNodeProblems(input))).toStrictEqual(['n-a|k-a|1', 'n-a|k-z|2']);
  });

  it('keeps the given order of problems with equal keys on one node', () => {
    const input = [p('n-a', 'k', 'first'), p('n-a', 'k', 'second')];

    expect(order(sortNodeProblems(input))).toStrictEqual(['n-a|k|first', 'n-a|k|second']);
  });

  it('sorts several nodes, one with keys out of order and equal keys', () => {
    const input = [
      p('n-c', 'k-b', '1'), p('n-b', 'k-z', '2'), p('n-a', 'k', '3'), p('n-b', 'k-a', '4'), p('n-b', 'k-a', '5'),
    ];

    expect(order(sortNodeProblems(input))).toStrictEqual(['n-a|k|3', 'n-b|k-a|4', 'n-b|k-a|5', 'n-b|k-z|2', 'n-c|k-b|1']);
  });
});

describe('withNodeProblems details', () => {
  it('leaves a verdict without details without details', () => {
    const result: CheckResult = { state: 'waiting', message: { key: 'checks.x', params: {} } };
    const out = withNodeProblems(result, { total: 2, problems: [p('n-a', 'k', '1')] });

    expect(out).toStrictEqual({
      state: 'waiting', message: { key: 'checks.x', params: {} }, nodes: { total: 2, problems: [p('n-a', 'k', '1')] }
    });
    expect('details' in out).toBe(false);
  });
});

describe('detailsBesideNodeTable', () => {
  it('drops node lines and the more line when the nodes are listed, keeps other lines', () => {
    const result: CheckResult = {
      state:   'waiting',
      message: { key: 'checks.x', params: {} },
      details: [
        { key: 'checks.other', params: { count: 1 } },
        { key: 'checks.nodeLine', params: { node: 'n-a' } },
        { key: 'checks.nodeLines.more', params: { count: 3 } },
        { key: 'checks.last', params: {} },
      ],
      nodes: { total: 2, problems: [p('n-a', 'k', '1')] },
    };

    expect(detailsBesideNodeTable(result)).toStrictEqual([
      { key: 'checks.other', params: { count: 1 } },
      { key: 'checks.last', params: {} },
    ]);
  });
});

import type {
  CheckResult, Message, NodeLike, PlanStep, ServiceLike, StepId,
} from '../../types';
import {
  capNodeLines, detailsBesideNodeTable, MAX_NODE_LINES, problemNodeCount, providerIdProblems, withNodeProblems,
} from '../nodeProblems';
import { UNINITIALIZED_TAINT } from '../uninitializedTaint';
import { providerIdsVerdict, verify } from '../../actions/verify';
import { rke2Worker } from './fixtures';
import { expectResultTranslated } from './l10n';

const taint = { key: UNINITIALIZED_TAINT, effect: 'NoSchedule' as const };

/** `count` healthy workers named w-0000…, with the nodes of `odd` put in their place (by index). */
function cluster(count: number, odd: Record<number, NodeLike> = {}): NodeLike[] {
  return Array.from({ length: count }, (_, i) => odd[i] || rke2Worker(`w-${ String(i).padStart(4, '0') }`));
}

describe('providerIdProblems', () => {
  it('lists failed problems first, then by node name; a node with two problems has two rows', () => {
    const found = providerIdProblems([
      rke2Worker('b-empty', { providerID: '' }),
      rke2Worker('z-wrong', { providerID: 'rke2://z-wrong' }),
      rke2Worker('a-both', { providerID: undefined, taints: [taint] }),
      rke2Worker('ok'),
      rke2Worker('c-tainted', { taints: [taint] }),
      rke2Worker('y-wrong', { providerID: 'k3s://y' }),
    ]);

    expect(found.total).toBe(6);
    expect(found.problems.map((p) => [p.node, p.state, p.problem.key, p.detail])).toEqual([
      ['y-wrong', 'failed', 'checks.nodeProblem.providerIdWrong', 'k3s://y'],
      ['z-wrong', 'failed', 'checks.nodeProblem.providerIdWrong', 'rke2://z-wrong'],
      ['a-both', 'waiting', 'checks.nodeProblem.providerIdEmpty', undefined],
      ['a-both', 'waiting', 'checks.nodeProblem.uninitialized', UNINITIALIZED_TAINT],
      ['b-empty', 'waiting', 'checks.nodeProblem.providerIdEmpty', undefined],
      ['c-tainted', 'waiting', 'checks.nodeProblem.uninitialized', UNINITIALIZED_TAINT],
    ]);
    expect(problemNodeCount(found)).toBe(5);
    found.problems.forEach((p) => expectResultTranslated({ state: p.state, message: p.problem }));
  });

  it('finds nothing on healthy nodes', () => {
    expect(providerIdProblems(cluster(3))).toEqual({ total: 3, problems: [] });
  });
});

describe('capNodeLines', () => {
  const line = (node: string): Message => ({ key: 'checks.providerId.emptyNode', params: { node } });
  const other: Message = { key: 'checks.uninitializedTaint.present', params: { count: 1, total: 2, taint: 't' } };

  it('keeps details up to the limit as they are', () => {
    const details = [line('a'), other, line('b')];

    expect(capNodeLines(details, 2)).toBe(details);
  });

  it('keeps every line that names no node and counts the node lines past the limit', () => {
    expect(capNodeLines([line('a'), line('b'), other, line('c'), line('d')], 2)).toEqual([
      line('a'), line('b'), other, { key: 'checks.nodeLines.more', params: { count: 2 } },
    ]);
  });
});

describe('withNodeProblems', () => {
  const waiting: CheckResult = { state: 'waiting', message: { key: 'checks.providerId.empty' }, details: [{ key: 'checks.providerId.emptyNode', params: { node: 'a' } }] };

  it('returns a verdict without problem nodes as it is', () => {
    expect(withNodeProblems(waiting, { total: 4, problems: [] })).toBe(waiting);
  });

  it('adds the problem nodes; the table replaces the node lines beside it', () => {
    const found = { total: 4, problems: [{ node: 'a', state: 'waiting' as const, problem: { key: 'checks.nodeProblem.providerIdEmpty' } }] };
    const out = withNodeProblems({ ...waiting, details: [...waiting.details!, { key: 'checks.loadBalancers.notRead' }] }, found);

    expect(out.nodes).toBe(found);
    expect(detailsBesideNodeTable(out)).toEqual([{ key: 'checks.loadBalancers.notRead' }]);
    expect(detailsBesideNodeTable(waiting)).toEqual(waiting.details);
  });
});

describe('the provider-ID verification at 5,000 nodes', () => {
  const odd: Record<number, NodeLike> = {};

  [17, 950, 4999].forEach((i) => {
    odd[i] = rke2Worker(`w-${ String(i).padStart(4, '0') }`, { providerID: `rke2://w-${ i }` });
  });
  for (let i = 100; i < 130; i++) {
    odd[i] = rke2Worker(`w-${ String(i).padStart(4, '0') }`, { providerID: '', taints: [taint] });
  }

  it('keeps every problem node, the failed ones first, while its text names at most the limit', () => {
    const result = providerIdsVerdict(cluster(5000, odd), []);

    expect(result.state).toBe('failed');
    expect(result.message).toEqual({ key: 'checks.providerId.wrong', params: { count: 3, total: 5000 } });
    expect(result.nodes!.total).toBe(5000);
    expect(result.nodes!.problems).toHaveLength(3 + 30 * 2);
    expect(result.nodes!.problems.slice(0, 3).map((p) => p.node)).toEqual(['w-0017', 'w-0950', 'w-4999']);
    expect(problemNodeCount(result.nodes!)).toBe(33);
    // 3 wrong ids + the taint verdict's 30 nodes: all 33 are named by the table, at most MAX_NODE_LINES by the text.
    expect((result.details || []).filter((d) => d.params?.node !== undefined)).toHaveLength(MAX_NODE_LINES);
    expect(result.details).toContainEqual({ key: 'checks.nodeLines.more', params: { count: 33 - MAX_NODE_LINES } });
    expectResultTranslated(result);
  });

  it('on a healthy cluster is done, without a table', () => {
    const result = providerIdsVerdict(cluster(5000), []);

    expect(result).toEqual({
      state: 'done', message: { key: 'checks.providerId.done', params: { total: 5000 } }, details: [
        { key: 'checks.uninitializedTaint.done', params: { total: 5000, taint: UNINITIALIZED_TAINT } },
        { key: 'checks.loadBalancers.none', params: {} },
      ],
    });
  });
});

describe('the provider-ID verification with the load balancers', () => {
  const nodes = cluster(3);
  const lb = (addresses: string[]): ServiceLike => ({
    metadata: { name: 'web', namespace: 'default' }, spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: addresses.map((hostname) => ({ hostname })) } },
  });
  const before = { at: 't', total: 1, services: { 'default/web': ['old.elb.amazonaws.com'] } };

  it.each<[string, ServiceLike[] | undefined, typeof before | undefined, string, string]>([
    ['healthy nodes and a kept address are done', [lb(['old.elb.amazonaws.com'])], before, 'done', 'checks.providerId.done'],
    ['a changed address fails the step although every node is fine', [lb(['new.elb.amazonaws.com'])], before, 'failed', 'checks.loadBalancers.changed'],
    ['a Service without an address keeps the step waiting', [lb([])], undefined, 'waiting', 'checks.loadBalancers.missing'],
  ])('%s', (_name, services, record, state, key) => {
    const result = providerIdsVerdict(nodes, services, record);

    expect([result.state, result.message.key]).toEqual([state, key]);
    expect(result.nodes).toBeUndefined();
    expectResultTranslated(result);
  });

  it('Services not read leave the load balancers unjudged, and the verdict says so', () => {
    const result = providerIdsVerdict(nodes, undefined, before);

    expect(result.state).toBe('done');
    expect(result.details).toContainEqual({ key: 'checks.loadBalancers.notRead', params: {} });
  });
});

describe('the verify judge reads the Services and the record from the observations', () => {
  const step = (id: StepId, done: boolean): PlanStep => ({
    id, action: 'verify', done, live: true, optional: false, title: { key: 't' }, description: { key: 'd' }, warnings: [],
  });
  const lb = (hostname: string): ServiceLike => ({
    metadata: { name: 'web', namespace: 'default' }, spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ hostname }] } },
  });

  it.each<[string, string, string]>([
    ['the address recorded before the switch', 'old.elb.amazonaws.com', 'done'],
    ['another address', 'new.elb.amazonaws.com', 'failed'],
  ])('judges a Service with %s', (_name, hostname, state) => {
    const steps = [step('switch-to-external', true), step('verify-provider-ids', false)];
    const result = verify.judge({
      step:   steps[1],
      index:  1,
      steps,
      distro: 'rke2',
      obs:    { nodes: cluster(2), services: [lb(hostname)], loadBalancersBefore: { at: 't', total: 1, services: { 'default/web': ['old.elb.amazonaws.com'] } } },
    });

    expect(result?.state).toBe(state);
  });
});

/**
 * The nodes behind a node verdict, for a table that stays usable on a cluster of thousands of nodes: every node with
 * a problem is kept (`CheckResult.nodes`), while the text lines naming nodes (`details`) are capped, so a text view of
 * the verdict (the run's outcome, a journal note) stays short. Healthy nodes are only counted.
 */
import type {
  CheckResult, Message, NodeLike, NodeProblem, NodeProblems,
} from '../types';
import { parseProviderId } from './providerId';
import { UNINITIALIZED_TAINT } from './uninitializedTaint';
import { detail } from './result';

/** Text lines naming a node kept in a verdict's details; the rest are counted in one more line. */
export const MAX_NODE_LINES = 20;

function compareProblems(a: NodeProblem, b: NodeProblem): number {
  if (a.state !== b.state) {
    return a.state === 'failed' ? -1 : 1;
  }
  if (a.node !== b.node) {
    return a.node < b.node ? -1 : 1;
  }

  return a.problem.key < b.problem.key ? -1 : (a.problem.key > b.problem.key ? 1 : 0);
}

/** Failed problems first (they need the admin), then by node name. */
export function sortNodeProblems(problems: NodeProblem[]): NodeProblem[] {
  return [...problems].sort(compareProblems);
}

/**
 * What the provider-ID verification finds wrong with each node (the same rules as checkProviderIds and
 * checkUninitializedTaint): a provider ID of another provider fails for good; no provider ID yet, or the
 * uninitialized taint, waits for the CCM.
 */
export function providerIdProblems(nodes: NodeLike[]): NodeProblems {
  const problems: NodeProblem[] = [];

  nodes.forEach((n) => {
    const node = n.metadata.name;
    const providerId = n.spec?.providerID || '';
    const kind = parseProviderId(providerId).kind;

    if (kind === 'other') {
      problems.push({
        node, state: 'failed', problem: detail('nodeProblem.providerIdWrong'), detail: providerId
      });
    } else if (kind === 'empty') {
      problems.push({ node, state: 'waiting', problem: detail('nodeProblem.providerIdEmpty') });
    }
    if ((n.spec?.taints || []).some((t) => t.key === UNINITIALIZED_TAINT)) {
      problems.push({
        node, state: 'waiting', problem: detail('nodeProblem.uninitialized'), detail: UNINITIALIZED_TAINT
      });
    }
  });

  return { total: nodes.length, problems: sortNodeProblems(problems) };
}

function namesNode(m: Message): boolean {
  return m.params?.node !== undefined;
}

/** The details with at most `max` lines naming a node, the others counted in one line after them. */
export function capNodeLines(details: Message[], max = MAX_NODE_LINES): Message[] {
  const named = details.filter(namesNode).length;

  if (named <= max) {
    return details;
  }
  let kept = 0;
  const out = details.filter((m) => !namesNode(m) || kept++ < max);

  return [...out, detail('nodeLines.more', { count: named - max })];
}

/**
 * A verdict with the nodes that have a problem: all of them in `nodes`, their text lines capped. A verdict with no
 * problem node is returned as it is.
 */
export function withNodeProblems(result: CheckResult, found: NodeProblems): CheckResult {
  if (!found.problems.length) {
    return result;
  }
  const out: CheckResult = { ...result, nodes: found };

  if (result.details) {
    out.details = capNodeLines(result.details);
  }

  return out;
}

/**
 * The details a view shows beside the table of problem nodes: the ones that do not name a node (the table has those)
 * and not the line counting the nodes left out of the text.
 */
export function detailsBesideNodeTable(result: CheckResult): Message[] {
  const details = result.details || [];

  return result.nodes?.problems.length ? details.filter((m) => !namesNode(m) && m.key !== 'checks.nodeLines.more') : details;
}

/** How many distinct nodes have a problem. */
export function problemNodeCount(found: NodeProblems): number {
  return new Set(found.problems.map((p) => p.node)).size;
}

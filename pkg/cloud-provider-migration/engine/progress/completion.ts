/**
 * What a finished migration leaves to say: what the checks found on the live cluster (provider IDs, the uninitialized
 * taint, the load balancers, who holds the migration lease), the optional steps not done, and when and by whom it was finished (from the
 * journal). Pure: reads the plan as judged, the journal and the nodes read with it.
 */
import type {
  Message, MigrationPlan, NodeLike, StepId
} from '../types';
import type { Journal, JournalResult } from './journal';
import { parseProviderId } from '../checks/providerId';
import { UNINITIALIZED_TAINT } from '../checks/uninitializedTaint';

export interface CompletionSummary {
  /** Nodes with an AWS provider ID, of all the nodes read; absent when the nodes were not read. */
  providerIds?: { valid: number; total: number };
  /** Nodes that still carry the uninitialized taint (0: every node is initialised); absent when not read. */
  tainted?: number;
  /**
   * The migration lease: held by the cloud controller manager (its holder identity), or released because leader
   * migration is off on the CCM; absent where the plan has no lease check (the downtime strategy).
   */
  lease?: { state: 'held'; holder: string } | { state: 'released' };
  /**
   * What the verification said of the Services of type LoadBalancer (kept, present or none, and an admin's acceptance
   * of new addresses); absent when the Services were not read.
   */
  loadBalancers?: Message[];
  /** The last journal entry that carried out a required step: when and by whom; absent without a journal. */
  finished?: { at: string; by: string; step: StepId };
  /** The optional steps not done, in plan order. */
  optionalLeft: StepId[];
}

/** Journal results that mean the step's change is in (or needed none). */
const CARRIED_OUT: JournalResult[] = ['applied', 'unchanged', 'done'];

function leaseOf(plan: MigrationPlan): CompletionSummary['lease'] {
  const check = plan.steps.find((s) => s.id === 'verify-migration-lease')?.check;

  if (check?.message.key === 'checks.migrationLease.held') {
    return { state: 'held', holder: String(check.message.params?.holder ?? '') };
  }

  return check?.message.key === 'checks.movedPast' ? { state: 'released' } : undefined;
}

/** The load balancer lines of the provider-ID verification's verdict (checks/loadBalancers.ts). */
function loadBalancersOf(plan: MigrationPlan): Message[] {
  const details = plan.steps.find((s) => s.id === 'verify-provider-ids')?.check?.details || [];

  return details.filter((d) => d.key.startsWith('checks.loadBalancers.'));
}

/**
 * The summary of a finished migration: the cluster is migrated and every required step is done (judged on the live
 * cluster). Undefined while anything required is left, or for a cluster that is not migrated.
 */
export function completionSummary(plan: MigrationPlan, journal: Journal, nodes?: NodeLike[]): CompletionSummary | undefined {
  if (plan.status !== 'migrated' || plan.steps.some((s) => !s.optional && !s.done)) {
    return undefined;
  }
  const required = new Set(plan.steps.filter((s) => !s.optional).map((s) => s.id));
  const last = [...journal.entries].reverse().find((e) => required.has(e.step) && CARRIED_OUT.includes(e.result));
  const summary: CompletionSummary = { optionalLeft: plan.steps.filter((s) => s.optional && !s.done).map((s) => s.id) };

  if (nodes) {
    summary.providerIds = { valid: nodes.filter((n) => parseProviderId(n.spec?.providerID).kind === 'aws').length, total: nodes.length };
    summary.tainted = nodes.filter((n) => (n.spec?.taints || []).some((t) => t.key === UNINITIALIZED_TAINT)).length;
  }
  const lease = leaseOf(plan);
  const loadBalancers = loadBalancersOf(plan);

  if (loadBalancers.length) {
    summary.loadBalancers = loadBalancers;
  }

  if (lease) {
    summary.lease = lease;
  }
  if (last) {
    summary.finished = { at: last.at, by: last.by, step: last.step };
  }

  return summary;
}

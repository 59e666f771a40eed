/**
 * Writing the migration journal onto the cluster's provisioning object (engine/progress/journal.ts), at step
 * boundaries only. The write goes through the conflict protocol (writeCluster.ts) with nothing owned: an entry is
 * appended to what a fresh read holds, so another admin's entries, or any other change made meanwhile, are kept.
 * Only `metadata.annotations` changes, so Rancher does not reconcile the cluster for it.
 */
import type {
  JournalChoices, JournalEntry, LoadBalancerRecord, WriteResult
} from '../engine';
import {
  jsonEqual, loadBalancersBefore, readJournal, withJournalEntry
} from '../engine';
import type { StoreLike } from './request';
import { getProvisioningCluster, putProvisioningCluster } from './steve';
import { applyClusterStep } from './writeCluster';

export function appendJournal(store: StoreLike, provisioningId: string, entry: JournalEntry, choices?: JournalChoices): Promise<WriteResult> {
  return applyClusterStep(store, {
    read:      (s) => getProvisioningCluster(s, provisioningId),
    write:     putProvisioningCluster,
    derive:    (fresh) => withJournalEntry(fresh, entry, choices),
    // Appending never overrides anyone: a 409 is retried from a fresh read.
    ownedPart: () => null,
  });
}

/** The load balancer record the journal on `obj` holds (null: none). */
function recordOn(obj: Record<string, any>): LoadBalancerRecord | null {
  return loadBalancersBefore(readJournal(obj)) ?? null;
}

/**
 * Records an admin's acceptance of the load balancer addresses after the switch (`entry`: result `accepted`, with
 * the record accepted). It is appended only while the journal still holds the record the page compared with
 * (`comparedWith`): when another admin accepted, or the switch recorded the addresses again, meanwhile, nothing is
 * written and the outcome is `conflict`, so the admin looks at the addresses again. A 409 on anything else is retried
 * from a fresh read; one that changed the record is a conflict too.
 */
export async function acceptLoadBalancers(store: StoreLike, provisioningId: string, entry: JournalEntry, comparedWith: LoadBalancerRecord, choices?: JournalChoices): Promise<'applied' | 'conflict'> {
  const written = await applyClusterStep(store, {
    read:      (s) => getProvisioningCluster(s, provisioningId),
    write:     putProvisioningCluster,
    derive:    (fresh) => (jsonEqual(recordOn(fresh), comparedWith) ? withJournalEntry(fresh, entry, choices) : fresh),
    ownedPart: recordOn,
  });

  return written.outcome === 'applied' ? 'applied' : 'conflict';
}

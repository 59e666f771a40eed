/**
 * Writing the migration journal onto the cluster's provisioning object (engine/progress/journal.ts), at step
 * boundaries only. The write goes through the conflict protocol (writeCluster.ts) with nothing owned: an entry is
 * appended to what a fresh read holds, so another admin's entries, or any other change made meanwhile, are kept.
 * Only `metadata.annotations` changes, so Rancher does not reconcile the cluster for it.
 */
import type { JournalChoices, JournalEntry, WriteResult } from '../engine';
import { withJournalEntry } from '../engine';
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

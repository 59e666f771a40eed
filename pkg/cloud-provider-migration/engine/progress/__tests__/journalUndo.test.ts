// Rollbacks and restores in the journal: recorded on the step with `undo`, read back tolerantly, shown in the report.
import {
  journalReport, lastEntries, readJournal, withJournalEntry, JOURNAL_ANNOTATION, type JournalEntry,
} from '../journal';

const cluster = (journal?: unknown) => ({
  metadata: { name: 'prod', namespace: 'fleet-default', ...(journal === undefined ? {} : { annotations: { [JOURNAL_ANNOTATION]: JSON.stringify(journal) } }) },
  spec:     { kubernetesVersion: 'v1.26.15+rke2r1' },
});

const applied: JournalEntry = {
  step: 'deploy-ccm', action: 'update-cluster', by: 'alice', at: '2026-01-05T10:00:00Z', result: 'applied', digest: 'd1', snapshot: 'prod-on-demand-cp-1-1'
};
const rolledBack: JournalEntry = {
  step: 'deploy-ccm', action: 'update-cluster', by: 'bob', at: '2026-01-05T10:30:00Z', result: 'rolled-back', undo: 'rollback', digest: 'd2', snapshot: 'prod-on-demand-cp-1-2'
};
const restored: JournalEntry = {
  step: 'deploy-ccm', action: 'update-cluster', by: 'carol', at: '2026-01-05T11:00:00Z', result: 'restored', undo: 'restore', snapshot: 'prod-on-demand-cp-1-1'
};

describe('rollbacks and restores in the journal', () => {
  it('are kept with their result and undo, and the last one is the step\'s last entry', () => {
    const obj = [applied, rolledBack, restored].reduce<Record<string, any>>((o, e) => withJournalEntry(o, e), cluster());
    const journal = readJournal(obj);

    expect(journal.entries).toEqual([applied, rolledBack, restored]);
    expect(lastEntries(journal).get('deploy-ccm')).toEqual(restored);
  });

  it('reads an entry with an undo it does not know as the step\'s own entry, and still drops entries with unknown results', () => {
    const journal = readJournal(cluster({
      entries: [
        { ...applied, undo: 'replay' },
        { ...applied, result: 'replayed' },
        { ...rolledBack, result: 'conflict' },
      ],
      dropped: 0,
    }));

    expect(journal.entries).toEqual([applied, { ...rolledBack, result: 'conflict' }]);
  });

  it('tells a rollback or restore apart from the step in the report\'s result column', () => {
    const obj = [applied, { ...rolledBack, result: 'conflict' as const }, restored].reduce<Record<string, any>>((o, e) => withJournalEntry(o, e), cluster());
    const rows = journalReport(readJournal(obj), { name: 'prod' }, (m) => m.key).markdown.split('\n').filter((l) => l.startsWith('| 2026'));

    expect(rows.map((r) => r.split(' | ')[3])).toEqual(['applied', 'conflict (rollback)', 'restored (restore)']);
  });
});

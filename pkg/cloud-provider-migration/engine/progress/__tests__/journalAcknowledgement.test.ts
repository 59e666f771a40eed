/** The acknowledgement of the AWS prerequisites, recorded with the choices the migration started with. */
import {
  journalReport, readJournal, withJournalEntry, JOURNAL_ANNOTATION, type JournalEntry,
} from '../journal';

const cluster = (journal?: unknown) => ({
  metadata: { name: 'prod', namespace: 'fleet-default', ...(journal === undefined ? {} : { annotations: { [JOURNAL_ANNOTATION]: JSON.stringify(journal) } }) },
});
const first: JournalEntry = {
  step: 'enable-leader-migration', action: 'update-cluster', by: 'alice', at: '2026-12-05T10:00:00Z', result: 'applied'
};
const ACK = { by: 'alice', at: '2026-12-05T09:58:00Z' };

describe('the AWS prerequisites acknowledgement in the journal', () => {
  it('is recorded with the starting choices by the first entry and kept by the next ones', () => {
    const one = withJournalEntry(cluster(), first, { strategy: 'leader-migration', awsPrerequisites: ACK });
    const two = withJournalEntry(one, { ...first, step: 'deploy-ccm', by: 'bob' }, { strategy: 'downtime', awsPrerequisites: { by: 'bob', at: '2026-12-05T11:00:00Z' } });

    expect(readJournal(two).choices).toEqual({ strategy: 'leader-migration', awsPrerequisites: ACK });
  });

  it.each([
    ['without an author', { at: '2026-12-05T09:58:00Z' }],
    ['without a time', { by: 'alice' }],
    ['not an object', 'yes'],
    ['a time that is not text', { by: 'alice', at: 1733392680 }],
  ])('is not read as one when it is %s (the other choices are kept)', (_name, ack) => {
    const journal = readJournal(cluster({ entries: [first], dropped: 0, choices: { strategy: 'downtime', awsPrerequisites: ack } }));

    expect(journal.choices).toEqual({ strategy: 'downtime' });
  });

  it('is named in the report with who acknowledged and when', () => {
    const journal = readJournal(withJournalEntry(cluster(), first, { strategy: 'leader-migration', awsPrerequisites: ACK }));
    const { markdown, json } = journalReport(journal, { name: 'prod' }, (m) => m.key);

    expect(markdown).toContain('Choices: strategy=leader-migration, awsPrerequisites=acknowledged by alice at 2026-12-05T09:58:00Z');
    expect(JSON.parse(json).choices).toEqual({ strategy: 'leader-migration', awsPrerequisites: ACK });
  });
});

import {
  cordonedByMigration, diffDigest, journalReport, waitsStartedAt, lastEntries, readJournal, withJournalEntry, JOURNAL_ANNOTATION, type JournalEntry,
} from '../journal';

const cluster = (annotations?: Record<string, string>) => ({
  id:       'fleet-default/prod',
  metadata: {
    name: 'prod', namespace: 'fleet-default', resourceVersion: '7', ...(annotations ? { annotations } : {}),
  },
  spec: { kubernetesVersion: 'v1.26.15+rke2r1', rkeConfig: { machineGlobalConfig: { cni: 'calico' } } },
});

const entry = (step: JournalEntry['step'], at: string, extra: Partial<JournalEntry> = {}): JournalEntry => ({
  step, action: 'update-cluster', by: 'admin', at, result: 'applied', ...extra
});

describe('migration journal', () => {
  it('is empty on a cluster without one', () => {
    expect(readJournal(cluster())).toEqual({ entries: [], dropped: 0 });
  });

  it('appends an entry, records the starting choices once, and changes nothing but its annotation', () => {
    const before = cluster({ 'field.cattle.io/creatorId': 'u-1' });
    const one = withJournalEntry(before, entry('enable-leader-migration', '2026-12-05T00:00:00Z'), { strategy: 'leader-migration' });
    const two = withJournalEntry(one, entry('deploy-ccm', '2026-12-05T00:10:00Z'), { strategy: 'downtime' });

    expect(readJournal(two)).toEqual({
      entries: [entry('enable-leader-migration', '2026-12-05T00:00:00Z'), entry('deploy-ccm', '2026-12-05T00:10:00Z')],
      dropped: 0,
      choices: { strategy: 'leader-migration' },
    });
    const { [JOURNAL_ANNOTATION]: _journal, ...others } = two.metadata.annotations;

    expect(others).toEqual({ 'field.cattle.io/creatorId': 'u-1' });
    expect({ ...two, metadata: { ...two.metadata, annotations: others } }).toEqual(before);
    expect(before.metadata.annotations).toEqual({ 'field.cattle.io/creatorId': 'u-1' });
  });

  it('keeps the newest entries within its bound and counts the dropped ones', () => {
    let obj: Record<string, any> = cluster();

    for (let i = 0; i < 7; i++) {
      obj = withJournalEntry(obj, entry('wait-switch', `2026-12-05T00:0${ i }:00Z`), undefined, 5);
    }
    const journal = readJournal(obj);

    expect(journal.entries.map((e) => e.at)).toEqual(['02', '03', '04', '05', '06'].map((m) => `2026-12-05T00:${ m.slice(1).padStart(2, '0') }:00Z`));
    expect(journal.dropped).toBe(2);
  });

  it('reads an annotation that is not a journal as unreadable, and drops entries that are not entries', () => {
    expect(readJournal(cluster({ [JOURNAL_ANNOTATION]: '{not json' }))).toEqual({ entries: [], dropped: 0, unreadable: true });
    const mixed = JSON.stringify({ entries: [entry('deploy-ccm', 't'), { step: 'x' }, null, { ...entry('deploy-ccm', 't'), result: 'weird' }], dropped: -3 });

    expect(readJournal(cluster({ [JOURNAL_ANNOTATION]: mixed }))).toEqual({ entries: [entry('deploy-ccm', 't')], dropped: 0 });
  });

  it('tells the last entry of each step and the nodes the migration cordoned', () => {
    let obj: Record<string, any> = cluster();

    obj = withJournalEntry(obj, entry('cordon-control-plane', 't1', { action: 'cordon', result: 'done', nodes: ['cp-1', 'cp-2'] }));
    obj = withJournalEntry(obj, entry('switch-to-external', 't2', { result: 'conflict' }));
    obj = withJournalEntry(obj, entry('switch-to-external', 't3'));
    const journal = readJournal(obj);

    expect(lastEntries(journal).get('switch-to-external')?.at).toBe('t3');
    expect(cordonedByMigration(journal)).toEqual(['cp-1', 'cp-2']);
    expect(journal.cordoned).toEqual(['cp-1', 'cp-2']);
    expect(cordonedByMigration(readJournal(cluster()))).toBeUndefined();
  });

  it('keeps the nodes cordoned by the migration across retries and dropped entries, and forgets those given back', () => {
    let obj: Record<string, any> = cluster();
    const cordon = (at: string, nodes: string[], result: JournalEntry['result'] = 'done') => entry('cordon-control-plane', at, { action: 'cordon', result, nodes });

    obj = withJournalEntry(obj, cordon('t1', ['cp-1', 'cp-3'], 'failed'), undefined, 2);
    obj = withJournalEntry(obj, cordon('t2', ['cp-2', 'cp-1']), undefined, 2);
    obj = withJournalEntry(obj, entry('switch-to-external', 't3'), undefined, 2);
    obj = withJournalEntry(obj, entry('wait-switch', 't4'), undefined, 2);

    expect(readJournal(obj).dropped).toBe(2);
    expect(cordonedByMigration(readJournal(obj))).toEqual(['cp-1', 'cp-3', 'cp-2']);
    obj = withJournalEntry(obj, entry('uncordon-control-plane', 't5', { action: 'uncordon', result: 'failed', nodes: ['cp-3'] }));
    expect(cordonedByMigration(readJournal(obj))).toEqual(['cp-1', 'cp-2']);
    obj = withJournalEntry(obj, entry('uncordon-control-plane', 't6', { action: 'uncordon', result: 'done', nodes: ['cp-1', 'cp-2'] }));
    expect(cordonedByMigration(readJournal(obj))).toEqual([]);
    // An entry of another action that names nodes changes nothing.
    obj = withJournalEntry(obj, entry('verify-provider-ids', 't7', { action: 'verify', result: 'done', nodes: ['cp-9'] }));
    expect(cordonedByMigration(readJournal(obj))).toEqual([]);
  });

  it('reads only names from a recorded list of cordoned nodes', () => {
    const raw = JSON.stringify({ entries: [], dropped: 0, cordoned: ['cp-1', 7, null] });

    expect(readJournal(cluster({ [JOURNAL_ANNOTATION]: raw })).cordoned).toEqual(['cp-1']);
  });

  it('dates each live step from the last recorded step before it', () => {
    let obj: Record<string, any> = cluster();

    obj = withJournalEntry(obj, entry('enable-leader-migration', 't1'));
    obj = withJournalEntry(obj, entry('deploy-ccm', 't2'));
    obj = withJournalEntry(obj, entry('deploy-ccm', 't3'));
    const steps = [
      { id: 'wait-switch', live: true }, { id: 'enable-leader-migration', live: false }, { id: 'wait-leader-migration', live: true },
      { id: 'deploy-ccm', live: false }, { id: 'wait-ccm-rollout', live: true }, { id: 'switch-to-external', live: false }, { id: 'verify-provider-ids', live: true },
    ] as any[];

    expect(waitsStartedAt(readJournal(obj), steps)).toEqual({ 'wait-leader-migration': 't1', 'wait-ccm-rollout': 't3', 'verify-provider-ids': 't3' });
  });

  it('digests a diff stably and tells different diffs apart', () => {
    expect(diffDigest('a')).toBe(diffDigest('a'));
    expect(diffDigest('a')).not.toBe(diffDigest('b'));
    expect(diffDigest('')).toBeUndefined();
  });

  it('reports as Markdown and JSON, with table cells that cannot break the table', () => {
    let obj: Record<string, any> = cluster();

    obj = withJournalEntry(obj, entry('switch-to-external', '2026-12-05T01:00:00Z', { by: 'a|b', snapshot: 'snap-1', digest: 'abc' }), { strategy: 'downtime' });
    obj = withJournalEntry(obj, entry('wait-switch', '2026-12-05T01:05:00Z', { action: 'wait-cluster', result: 'failed', message: { key: 'checks.x' } }));
    const report = journalReport(readJournal(obj), { name: 'prod', id: 'fleet-default/prod' }, (m) => `text of ${ m.key }`);

    expect(report.markdown).toContain('# Cloud provider migration: prod');
    expect(report.markdown).toContain('Choices: strategy=downtime');
    expect(report.markdown).toContain('| 2026-12-05T01:00:00Z | a\\|b | switch-to-external | applied | abc | snap-1 |  |');
    expect(report.markdown).toContain('| wait-switch | failed |  |  | text of checks.x |');
    expect(JSON.parse(report.json)).toEqual(expect.objectContaining({ cluster: { name: 'prod', id: 'fleet-default/prod' }, choices: { strategy: 'downtime' }, dropped: 0 }));
  });
});

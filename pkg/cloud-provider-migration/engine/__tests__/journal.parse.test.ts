// The migration journal read from a cluster annotation that may hold anything, written back beside the other
// annotations, and exported as a Markdown table.
import type { LoadBalancerRecord } from '../types';
import {
  journalReport, readJournal, withJournalEntry, JOURNAL_ANNOTATION, type Journal, type JournalEntry,
} from '../progress/journal';

const cluster = (annotation?: unknown) => ({
  metadata: { name: 'prod', namespace: 'fleet-default', ...(annotation === undefined ? {} : { annotations: { [JOURNAL_ANNOTATION]: annotation } }) },
});

const entry = (step: JournalEntry['step'], at: string, extra: Partial<JournalEntry> = {}): JournalEntry => ({
  step, action: 'update-cluster', by: 'admin', at, result: 'applied', ...extra
});

const record = (at: string, hostname: string): LoadBalancerRecord => ({ at, total: 1, services: { 'default/web': [hostname] } });

describe('reading a journal annotation that may hold anything', () => {
  it('is empty for no object, an object without metadata, or metadata without annotations', () => {
    expect(readJournal(undefined)).toStrictEqual({ entries: [], dropped: 0 });
    expect(readJournal({})).toStrictEqual({ entries: [], dropped: 0 });
    expect(readJournal({ metadata: {} })).toStrictEqual({ entries: [], dropped: 0 });
  });

  it('reads an empty annotation as no journal, not as an unreadable one', () => {
    expect(readJournal(cluster(''))).toStrictEqual({ entries: [], dropped: 0 });
  });

  it('reads an annotation value that is not a string as no journal', () => {
    expect(readJournal(cluster({ entries: [entry('deploy-ccm', 't1')], dropped: 0 }))).toStrictEqual({ entries: [], dropped: 0 });
  });

  it('reads a JSON null as an empty journal, not an unreadable one', () => {
    expect(readJournal(cluster('null'))).toStrictEqual({ entries: [], dropped: 0 });
  });

  it('has only entries and a dropped count when nothing else was recorded', () => {
    expect(readJournal(cluster(JSON.stringify({ entries: [entry('deploy-ccm', 't1')], dropped: 2 })))).toStrictEqual({ entries: [entry('deploy-ccm', 't1')], dropped: 2 });
  });

  it('drops each entry that lacks a step, action, user or time, or has one that is not text', () => {
    const good = entry('deploy-ccm', 't1');
    const { step: _s, ...noStep } = good;
    const { action: _a, ...noAction } = good;
    const { by: _b, ...noBy } = good;
    const { at: _t, ...noAt } = good;
    const raw = JSON.stringify({
      entries: [noStep, noAction, noBy, noAt, { ...good, step: 7 }, { ...good, action: 7 }, { ...good, by: 7 }, { ...good, at: 7 }, good, 'deploy-ccm', 7],
      dropped: 0,
    });

    expect(readJournal(cluster(raw)).entries).toEqual([good]);
  });

  it('keeps the undo of an entry it knows and forgets one it does not', () => {
    const raw = JSON.stringify({
      entries: [entry('deploy-ccm', 't1', { result: 'rolled-back', undo: 'rollback' }), entry('deploy-ccm', 't2', { result: 'restored', undo: 'restore' }), { ...entry('deploy-ccm', 't3'), undo: 'replay' }],
      dropped: 0,
    });

    expect(readJournal(cluster(raw)).entries).toStrictEqual([
      entry('deploy-ccm', 't1', { result: 'rolled-back', undo: 'rollback' }), entry('deploy-ccm', 't2', { result: 'restored', undo: 'restore' }), entry('deploy-ccm', 't3'),
    ]);
  });

  it.each([
    ['0', 0], ['-0', 0], ['-3', 0], ['2.5', 0], ['"4"', 0], ['null', 0], ['4', 4],
  ])('reads a dropped count written as %s as %p', (dropped, expected) => {
    expect(readJournal(cluster(`{"entries":[],"dropped":${ dropped }}`)).dropped).toBe(expected);
  });

  it('reads no choices from choices that are not an object', () => {
    expect(readJournal(cluster(JSON.stringify({ entries: [], dropped: 0, choices: 'downtime' })))).toStrictEqual({ entries: [], dropped: 0 });
    expect(readJournal(cluster(JSON.stringify({ entries: [], dropped: 0, choices: 5 })))).toStrictEqual({ entries: [], dropped: 0 });
  });

  it('keeps the choices but not an acknowledgement that is null', () => {
    const raw = JSON.stringify({ entries: [], dropped: 0, choices: { strategy: 'downtime', awsPrerequisites: null } });

    expect(readJournal(cluster(raw))).toStrictEqual({ entries: [], dropped: 0, choices: { strategy: 'downtime' } });
  });

  it('reads no cordoned nodes from a record that is not a list', () => {
    expect(readJournal(cluster(JSON.stringify({ entries: [], dropped: 0, cordoned: 'cp-1' })))).toStrictEqual({ entries: [], dropped: 0 });
  });
});

describe('writing a journal entry', () => {
  it('writes the journal into an object that had no metadata, with no other annotation', () => {
    const obj = withJournalEntry({ spec: { kubernetesVersion: 'v1.26.15+rke2r1' } }, entry('deploy-ccm', 't1'));

    expect(Object.keys(obj.metadata.annotations)).toEqual([JOURNAL_ANNOTATION]);
    expect(readJournal(obj).entries).toEqual([entry('deploy-ccm', 't1')]);
    expect(obj.spec).toEqual({ kubernetesVersion: 'v1.26.15+rke2r1' });
  });

  it('keeps the other annotations and changes only its own', () => {
    const before = { metadata: { name: 'prod', annotations: { 'field.cattle.io/creatorId': 'u-1', [JOURNAL_ANNOTATION]: '' } } };
    const after = withJournalEntry(before, entry('deploy-ccm', 't1'));

    expect(after.metadata.annotations['field.cattle.io/creatorId']).toBe('u-1');
    expect(after.metadata.name).toBe('prod');
    expect(JSON.parse(after.metadata.annotations[JOURNAL_ANNOTATION])).toEqual({ entries: [entry('deploy-ccm', 't1')], dropped: 0 });
  });

  it('records no choices when the choices given are empty', () => {
    const obj = withJournalEntry(cluster(), entry('deploy-ccm', 't1'), {});

    expect(JSON.parse(obj.metadata.annotations[JOURNAL_ANNOTATION])).toEqual({ entries: [entry('deploy-ccm', 't1')], dropped: 0 });
    expect(readJournal(obj)).toStrictEqual({ entries: [entry('deploy-ccm', 't1')], dropped: 0 });
  });

  it('leaves the cordoned nodes alone for an entry of another action that names nodes', () => {
    let obj: Record<string, any> = withJournalEntry(cluster(), entry('cordon-control-plane', 't1', { action: 'cordon', result: 'done', nodes: ['cp-1', 'cp-2'] }));

    obj = withJournalEntry(obj, entry('verify-provider-ids', 't2', { action: 'verify', result: 'done', nodes: ['cp-1'] }));
    expect(readJournal(obj).cordoned).toEqual(['cp-1', 'cp-2']);
    obj = withJournalEntry(obj, entry('cordon-control-plane', 't3', { action: 'cordon', result: 'done' }));
    expect(readJournal(obj).cordoned).toEqual(['cp-1', 'cp-2']);
  });

  it('starts no cordon record for an entry of another action that names nodes', () => {
    const obj = withJournalEntry(cluster(), entry('verify-provider-ids', 't1', { action: 'verify', result: 'done', nodes: ['cp-1'] }));

    expect(readJournal(obj)).not.toHaveProperty('cordoned');
  });

  it('records an empty list when nodes are given back with no cordon recorded', () => {
    const obj = withJournalEntry(cluster(), entry('uncordon-control-plane', 't1', { action: 'uncordon', result: 'done', nodes: ['cp-1'] }));

    expect(readJournal(obj).cordoned).toEqual([]);
  });

  it('takes the switch\'s own record when the switch has no entry left, even with a record from before', () => {
    let obj: Record<string, any> = withJournalEntry(cluster(), entry('switch-to-external', 't1', { result: 'failed', loadBalancers: record('t1', 'a.elb') }), undefined, 1);

    obj = withJournalEntry(obj, entry('deploy-ccm', 't2'), undefined, 1);
    expect(readJournal(obj).entries).toEqual([entry('deploy-ccm', 't2')]);
    expect(readJournal(obj).loadBalancers).toEqual(record('t1', 'a.elb'));
    obj = withJournalEntry(obj, entry('switch-to-external', 't3', { loadBalancers: record('t3', 'b.elb') }), undefined, 1);
    expect(readJournal(obj).loadBalancers).toEqual(record('t3', 'b.elb'));
  });
});

describe('the journal as a Markdown report', () => {
  it('writes the heading, choices, dropped count, table and every cell exactly', () => {
    const journal: Journal = {
      entries: [
        entry('cordon-control-plane', 't1', {
          action: 'cordon', by: 'alice', result: 'done', nodes: ['cp-1', 'cp-2']
        }),
        entry('switch-to-external', 't2', {
          by: 'bob', result: 'rolled-back', undo: 'rollback', digest: 'd1', snapshot: 'snap\n1|x'
        }),
        entry('wait-switch', 't3', {
          action: 'wait-cluster', by: 'carol', result: 'failed', message: { key: 'checks.x' }
        }),
      ],
      dropped: 4,
      choices: { strategy: 'leader-migration', targetVersion: 'v1.27.1', awsPrerequisites: { by: 'dave', at: 't0' } },
    };
    const report = journalReport(journal, { name: 'prod' }, (m) => `text of ${ m.key }\nsecond | line`);

    expect(report.markdown).toBe([
      '# Cloud provider migration: prod',
      '',
      'Choices: strategy=leader-migration, targetVersion=v1.27.1, awsPrerequisites=acknowledged by dave at t0',
      '',
      '4 older entries were dropped.',
      '',
      '| When | Who | Step | Result | Diff | Snapshot | Note |',
      '|---|---|---|---|---|---|---|',
      '| t1 | alice | cordon-control-plane | done |  |  | cp-1, cp-2 |',
      '| t2 | bob | switch-to-external | rolled-back (rollback) | d1 | snap 1\\|x |  |',
      '| t3 | carol | wait-switch | failed |  |  | text of checks.x second \\| line |',
      '',
    ].join('\n'));
  });

  it('has no choices or dropped lines when none were recorded', () => {
    const journal: Journal = { entries: [entry('deploy-ccm', 't1')], dropped: 0 };

    expect(journalReport(journal, { name: 'prod' }, () => '').markdown).toBe([
      '# Cloud provider migration: prod',
      '',
      '| When | Who | Step | Result | Diff | Snapshot | Note |',
      '|---|---|---|---|---|---|---|',
      '| t1 | admin | deploy-ccm | applied |  |  |  |',
      '',
    ].join('\n'));
  });
});

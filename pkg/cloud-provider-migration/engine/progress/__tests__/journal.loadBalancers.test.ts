// The load balancer record the switch leaves in the journal (for the verification after it).
import type { LoadBalancerRecord } from '../../types';
import {
  loadBalancersBefore, readJournal, withJournalEntry, JOURNAL_ANNOTATION, JOURNAL_MAX_ENTRIES, type JournalEntry,
} from '../journal';
import { LOAD_BALANCER_RECORD_MAX } from '../../checks/loadBalancers';

const cluster = (journal?: unknown) => ({
  id:       'fleet-default/prod',
  metadata: { name: 'prod', namespace: 'fleet-default', ...(journal === undefined ? {} : { annotations: { [JOURNAL_ANNOTATION]: typeof journal === 'string' ? journal : JSON.stringify(journal) } }) },
});

const record = (at: string, hostname: string): LoadBalancerRecord => ({ at, total: 1, services: { 'default/web': [hostname] } });

const entry = (step: JournalEntry['step'], at: string, extra: Partial<JournalEntry> = {}): JournalEntry => ({
  step, action: 'update-cluster', by: 'admin', at, result: 'applied', ...extra
});

const SWITCH = 'switch-to-external';

describe('the load balancer record in the journal', () => {
  it('is kept beside the entries, not in the switch entry', () => {
    const obj = withJournalEntry(cluster(), entry(SWITCH, 't1', { loadBalancers: record('t0', 'a.elb') }));
    const journal = readJournal(obj);

    expect(loadBalancersBefore(journal)).toEqual(record('t0', 'a.elb'));
    expect(journal.entries).toEqual([entry(SWITCH, 't1')]);
    expect(JSON.parse(obj.metadata.annotations[JOURNAL_ANNOTATION]).loadBalancers).toEqual(record('t0', 'a.elb'));
  });

  it('is absent until a switch records one, and later entries keep it', () => {
    let obj: Record<string, any> = withJournalEntry(cluster(), entry('deploy-ccm', 't0'));

    expect(loadBalancersBefore(readJournal(obj))).toBeUndefined();
    obj = withJournalEntry(obj, entry(SWITCH, 't1', { loadBalancers: record('t1', 'a.elb') }));
    obj = withJournalEntry(obj, entry('verify-provider-ids', 't2', { action: 'verify', result: 'done' }));
    expect(loadBalancersBefore(readJournal(obj))).toEqual(record('t1', 'a.elb'));
  });

  it('survives the dropping of old entries', () => {
    let obj: Record<string, any> = withJournalEntry(cluster(), entry(SWITCH, 't0', { loadBalancers: record('t0', 'a.elb') }));

    for (let i = 0; i < JOURNAL_MAX_ENTRIES + 5; i++) {
      obj = withJournalEntry(obj, entry('upgrade-ccm', `t${ i + 1 }`));
    }
    const journal = readJournal(obj);

    expect(journal.entries.some((e) => e.step === SWITCH)).toBe(false);
    expect(loadBalancersBefore(journal)).toEqual(record('t0', 'a.elb'));
  });

  it.each<[string, Partial<JournalEntry>[], string]>([
    ['a switch that was applied keeps the record from before it', [{ result: 'applied' }], 'a.elb'],
    ['a switch that ended in a conflict (nothing written) is replaced by the newer record', [{ result: 'conflict' }], 'b.elb'],
    ['a switch that failed is replaced by the newer record', [{ result: 'failed' }], 'b.elb'],
  ])('%s', (_name, earlier, expected) => {
    let obj: Record<string, any> = cluster();

    earlier.forEach((e, i) => {
      obj = withJournalEntry(obj, entry(SWITCH, `t${ i }`, { ...e, ...(i ? {} : { loadBalancers: record('t0', 'a.elb') }) }));
    });
    obj = withJournalEntry(obj, entry(SWITCH, 't9', { result: 'applied', loadBalancers: record('t9', 'b.elb') }));

    expect(loadBalancersBefore(readJournal(obj))?.services['default/web']).toEqual([expected]);
  });

  it('a switch that found the cluster switched already (read after the switch) keeps the earlier record', () => {
    let obj: Record<string, any> = withJournalEntry(cluster(), entry(SWITCH, 't0', { result: 'conflict', loadBalancers: record('t0', 'a.elb') }));

    obj = withJournalEntry(obj, entry(SWITCH, 't1', { result: 'unchanged', loadBalancers: record('t1', 'b.elb') }));
    expect(loadBalancersBefore(readJournal(obj))?.services['default/web']).toEqual(['a.elb']);
    // Without an earlier one, it is the best there is.
    expect(loadBalancersBefore(readJournal(withJournalEntry(cluster(), entry(SWITCH, 't1', { result: 'unchanged', loadBalancers: record('t1', 'b.elb') })))))
      .toEqual(record('t1', 'b.elb'));
  });

  it.each<[string, unknown]>([
    ['a string', 'x'],
    ['a list', [1, 2]],
    ['services that are not a map', { at: 't', total: 2, services: 'default/web' }],
  ])('is read as absent when it is %s, and the entries still read', (_name, loadBalancers) => {
    const journal = readJournal(cluster({ entries: [entry(SWITCH, 't1')], dropped: 0, loadBalancers }));

    expect(journal.entries).toHaveLength(1);
    expect(journal.loadBalancers).toBeUndefined();
    expect(journal.unreadable).toBeUndefined();
  });

  it('is bounded when read, whatever the annotation holds', () => {
    const services = Object.fromEntries(Array.from({ length: LOAD_BALANCER_RECORD_MAX + 40 }, (_, i) => [`apps/s${ i }`, [`h${ i }`]]));
    const journal = readJournal(cluster({ entries: [], dropped: 0, loadBalancers: { at: 't', total: LOAD_BALANCER_RECORD_MAX + 40, services } }));

    expect(Object.keys(journal.loadBalancers!.services)).toHaveLength(LOAD_BALANCER_RECORD_MAX);
    expect(journal.loadBalancers!.total).toBe(LOAD_BALANCER_RECORD_MAX + 40);
  });

  it('is bounded when written', () => {
    const services = Object.fromEntries(Array.from({ length: LOAD_BALANCER_RECORD_MAX + 1 }, (_, i) => [`apps/s${ i }`, [`h${ i }`]]));
    const obj = withJournalEntry(cluster(), entry(SWITCH, 't1', { loadBalancers: { at: 't', total: LOAD_BALANCER_RECORD_MAX + 1, services } }));
    const written = JSON.parse(obj.metadata.annotations[JOURNAL_ANNOTATION]).loadBalancers;

    expect(Object.keys(written.services)).toHaveLength(LOAD_BALANCER_RECORD_MAX);
    expect(written.total).toBe(LOAD_BALANCER_RECORD_MAX + 1);
  });
});

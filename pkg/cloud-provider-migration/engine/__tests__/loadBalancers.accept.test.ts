/**
 * Accepting new load balancer addresses after the switch: which Services are offered, the record accepted, the verdict
 * that follows it, and how the journal keeps the accepted record.
 */
import type { LoadBalancerRecord, ServiceLike } from '../types';
import {
  acceptedLoadBalancers, changedLoadBalancers, checkLoadBalancers, LOAD_BALANCER_ADDRESSES_MAX, parseLoadBalancerRecord,
} from '../checks/loadBalancers';
import { loadBalancersBefore, readJournal, withJournalEntry } from '../progress/journal';
import { renderMessage } from '../messages';
import { l10n } from './fixtures';

function service(name: string, ...hostnames: string[]): ServiceLike {
  return { metadata: { name, namespace: 'shop' }, spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: hostnames.map((hostname) => ({ hostname })) } } };
}

function recorded(services: Record<string, string[]>, total = Object.keys(services).length): LoadBalancerRecord {
  return { at: '2026-01-01T00:00:00Z', total, services };
}

describe('changedLoadBalancers', () => {
  it('lists only the Services whose address changed, with both address lists', () => {
    const before = recorded({ 'shop/web': ['old-web'], 'shop/api': ['api'], 'shop/gone': ['gone'] });

    expect(changedLoadBalancers([service('web', 'new-web'), service('api', 'api'), service('gone')], before)).toEqual([
      { service: 'shop/web', before: ['old-web'], now: ['new-web'] },
    ]);
  });

  it('lists nothing without a record, whatever the Services hold', () => {
    expect(changedLoadBalancers([service('web', 'new-web')], undefined)).toEqual([]);
  });

  it('leaves out a Service with a load balancer class (another controller\'s)', () => {
    const classed = { ...service('web', 'new-web'), spec: { type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb' } };

    expect(changedLoadBalancers([classed], recorded({ 'shop/web': ['old-web'] }))).toEqual([]);
  });
});

describe('acceptedLoadBalancers', () => {
  it('replaces only the changed Services\' addresses and says who accepted them and when', () => {
    const before = recorded({ 'shop/web': ['old-web'], 'shop/api': ['api'] }, 3);
    const changed = [{ service: 'shop/web', before: ['old-web'], now: ['new-web'] }];

    expect(acceptedLoadBalancers(before, changed, '2026-01-02T00:00:00Z', 'alice')).toEqual({
      at: '2026-01-02T00:00:00Z', total: 3, services: { 'shop/web': ['new-web'], 'shop/api': ['api'] }, acceptedBy: 'alice',
    });
    // The record compared with so far is not changed in place.
    expect(before.services['shop/web']).toEqual(['old-web']);
  });

  it(`keeps at most ${ LOAD_BALANCER_ADDRESSES_MAX } addresses of a Service, as the record before the switch does`, () => {
    const now = Array.from({ length: LOAD_BALANCER_ADDRESSES_MAX + 2 }, (_, i) => `lb-${ i }`);
    const accepted = acceptedLoadBalancers(recorded({ 'shop/web': ['old'] }), [{ service: 'shop/web', before: ['old'], now }], 't', 'alice');

    expect(accepted.services['shop/web']).toEqual(now.slice(0, LOAD_BALANCER_ADDRESSES_MAX));
  });
});

describe('the verdict after an acceptance', () => {
  it('passes the Services compared with the accepted addresses and says who accepted them', () => {
    const before = recorded({ 'shop/web': ['old-web'] });
    const services = [service('web', 'new-web')];
    const accepted = acceptedLoadBalancers(before, changedLoadBalancers(services, before), '2026-01-02T00:00:00Z', 'alice');

    expect(checkLoadBalancers(services, before).state).toBe('failed');
    expect(checkLoadBalancers(services, accepted)).toEqual({
      state:   'done',
      message: { key: 'checks.loadBalancers.keptSinceAccepted', params: { total: 1, kept: 1 } },
      details: [{ key: 'checks.loadBalancers.accepted', params: { by: 'alice', at: Date.UTC(2026, 0, 2) } }],
    });
  });

  it('fails again on a change after the acceptance, calling the addresses the accepted ones, not those before the switch', () => {
    const accepted: LoadBalancerRecord = { ...recorded({ 'shop/web': ['new-web'] }), acceptedBy: 'alice' };
    const verdict = checkLoadBalancers([service('web', 'newer-web')], accepted);

    expect(verdict.state).toBe('failed');
    expect(verdict.message).toEqual({ key: 'checks.loadBalancers.changedSinceAccepted', params: { count: 1, total: 1 } });
    expect(verdict.details).toEqual([
      { key: 'checks.loadBalancers.changedServiceSinceAccepted', params: { service: 'shop/web', before: 'new-web', now: 'newer-web' } },
      { key: 'checks.loadBalancers.accepted', params: { by: 'alice', at: Date.UTC(2026, 0, 1) } },
    ]);
  });

  it('waits on a Service that lost its accepted address, calling it the accepted one', () => {
    const accepted: LoadBalancerRecord = { ...recorded({ 'shop/web': ['new-web'] }), acceptedBy: 'alice' };
    const verdict = checkLoadBalancers([service('web')], accepted);

    expect(verdict.state).toBe('waiting');
    expect(verdict.details?.[0]).toEqual({ key: 'checks.loadBalancers.lostServiceSinceAccepted', params: { service: 'shop/web', before: 'new-web' } });
  });

  it('keeps the words of the record taken before the switch when nobody accepted anything', () => {
    const before = recorded({ 'shop/web': ['old-web'], 'shop/api': ['api'] });
    const verdict = checkLoadBalancers([service('web', 'new-web'), service('api')], before);

    expect(verdict.message.key).toBe('checks.loadBalancers.changed');
    expect(verdict.details?.map((d) => d.key)).toEqual(['checks.loadBalancers.changedService', 'checks.loadBalancers.lostService']);
    expect(checkLoadBalancers([service('web', 'old-web'), service('api', 'api')], before).message.key).toBe('checks.loadBalancers.kept');
  });

  it('says only who accepted a record whose time does not read as a date', () => {
    const accepted: LoadBalancerRecord = { ...recorded({ 'shop/web': ['web'] }), at: '', acceptedBy: 'alice' };

    expect(checkLoadBalancers([service('web', 'web')], accepted).details).toEqual([
      { key: 'checks.loadBalancers.acceptedUndated', params: { by: 'alice' } },
    ]);
  });

  it('renders the acceptance time as a date and a time in both languages, and every line without a placeholder left', () => {
    const dicts = { 'en-us': l10n('en-us'), 'zh-hans': l10n('zh-hans') };
    const accepted: LoadBalancerRecord = { ...recorded({ 'shop/web': ['new-web'], 'shop/api': ['api'] }), at: '2026-03-04T12:06:00Z', acceptedBy: 'alice' };
    const verdict = checkLoadBalancers([service('web', 'newer-web'), service('api')], accepted);
    const lines = (locale: 'en-us' | 'zh-hans') => [verdict.message, ...verdict.details!].map((m) => renderMessage(m, dicts[locale], locale === 'en-us' ? 'en' : 'zh'));

    expect(lines('en-us').join('\n')).toMatch(/alice accepted on Mar 4, 2026 at \d{1,2}:\d{2}\s?[AP]M, after the switch/);
    expect(lines('zh-hans').join('\n')).toMatch(/alice 于 2026年3月4日 \d{1,2}:\d{2}/);
    [...lines('en-us'), ...lines('zh-hans')].forEach((line) => expect(line).not.toMatch(/\{\w+/));
  });

  it('says nothing of an acceptance for a record taken before the switch', () => {
    expect(checkLoadBalancers([service('web', 'web')], recorded({ 'shop/web': ['web'] })).details).toBeUndefined();
  });
});

describe('the accepted record in the journal', () => {
  const SWITCH = {
    step: 'switch-to-external' as const, action: 'update-cluster' as const, by: 'alice', at: '2026-01-01T00:00:00Z', result: 'applied' as const,
    loadBalancers: recorded({ 'shop/web': ['old-web'] }),
  };

  it('reads back who accepted it, and nothing that is not a name', () => {
    expect(parseLoadBalancerRecord({ ...recorded({ 'shop/web': ['x'] }), acceptedBy: 'bob' })?.acceptedBy).toBe('bob');
    expect(parseLoadBalancerRecord({ ...recorded({ 'shop/web': ['x'] }), acceptedBy: 7 })).not.toHaveProperty('acceptedBy');
    expect(parseLoadBalancerRecord({ ...recorded({ 'shop/web': ['x'] }), acceptedBy: '' })).not.toHaveProperty('acceptedBy');
  });

  it('takes the accepted record in place of the one the applied switch kept', () => {
    const accepted: LoadBalancerRecord = { ...recorded({ 'shop/web': ['new-web'] }), at: '2026-01-02T00:00:00Z', acceptedBy: 'bob' };
    const obj = withJournalEntry(withJournalEntry({ metadata: {} }, SWITCH), {
      step: 'verify-provider-ids', action: 'verify', by: 'bob', at: '2026-01-02T00:00:00Z', result: 'accepted', loadBalancers: accepted,
    });
    const journal = readJournal(obj);

    expect(loadBalancersBefore(journal)).toEqual(accepted);
    expect(journal.entries.map((e) => `${ e.step } ${ e.result }`)).toEqual(['switch-to-external applied', 'verify-provider-ids accepted']);
    // The record lives beside the entries, not in them.
    expect(journal.entries[1]).not.toHaveProperty('loadBalancers');
  });

  it('keeps the switch\'s record when a later switch entry that is not an acceptance carries another one', () => {
    const obj = withJournalEntry(withJournalEntry({ metadata: {} }, SWITCH), {
      ...SWITCH, at: '2026-01-03T00:00:00Z', result: 'unchanged', loadBalancers: recorded({ 'shop/web': ['later'] }),
    });

    expect(loadBalancersBefore(readJournal(obj))?.services).toEqual({ 'shop/web': ['old-web'] });
  });
});

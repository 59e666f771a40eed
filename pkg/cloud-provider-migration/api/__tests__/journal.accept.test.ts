/**
 * acceptLoadBalancers: the acceptance of new load balancer addresses is one journal entry, written from a fresh read
 * only while the journal still holds the record the page compared with.
 */
import type { JournalEntry, LoadBalancerRecord } from '../../engine';
import { readJournal, withJournalEntry } from '../../engine';
import { FakeStore } from '../../__tests__/fakeStore';
import { acceptLoadBalancers } from '../journal';
import { provisioningCluster } from './clusters';

const PROV = '/v1/provisioning.cattle.io.clusters/fleet-default/prod';
const BEFORE: LoadBalancerRecord = { at: '2026-01-01T00:00:00Z', total: 1, services: { 'shop/web': ['old-web'] } };
const ACCEPTED: LoadBalancerRecord = {
  at: '2026-01-02T00:00:00Z', total: 1, services: { 'shop/web': ['new-web'] }, acceptedBy: 'alice'
};
const ENTRY: JournalEntry = {
  step: 'verify-provider-ids', action: 'verify', by: 'alice', at: '2026-01-02T00:00:00Z', result: 'accepted', loadBalancers: ACCEPTED,
};

/** The cluster after the switch, its journal holding `record` (resourceVersion as given). */
function switched(resourceVersion: string, record: LoadBalancerRecord = BEFORE): Record<string, any> {
  return withJournalEntry(provisioningCluster(resourceVersion), {
    step: 'switch-to-external', action: 'update-cluster', by: 'alice', at: record.at, result: 'applied', loadBalancers: record,
  });
}

describe('acceptLoadBalancers', () => {
  it('appends the entry to a fresh read, sent with its resourceVersion, and keeps the accepted record', async () => {
    const store = new FakeStore().on('get', PROV, { ok: switched('1001') }).on('put', PROV, { ok: switched('1002') });

    await expect(acceptLoadBalancers(store, 'fleet-default/prod', ENTRY, BEFORE)).resolves.toBe('applied');
    const [put] = store.writes();
    const journal = readJournal(put.data);

    expect(put.data.metadata.resourceVersion).toBe('1001');
    expect(put.data.spec).toEqual(switched('1001').spec);
    expect(journal.loadBalancers).toEqual(ACCEPTED);
    expect(journal.entries.map((e) => e.result)).toEqual(['applied', 'accepted']);
  });

  it('writes nothing when the journal no longer holds the record the page compared with', async () => {
    const bobs = { ...ACCEPTED, acceptedBy: 'bob' };
    const store = new FakeStore().on('get', PROV, { ok: switched('1001', bobs) });

    await expect(acceptLoadBalancers(store, 'fleet-default/prod', ENTRY, BEFORE)).resolves.toBe('conflict');
    expect(store.writes()).toEqual([]);
  });

  it('hands a 409 back as a conflict when the re-read holds another record, without a second write', async () => {
    const store = new FakeStore()
      .on('get', PROV, { ok: switched('1001') }, { ok: switched('1003', { ...ACCEPTED, acceptedBy: 'bob' }) })
      .on('put', PROV, { status: 409 });

    await expect(acceptLoadBalancers(store, 'fleet-default/prod', ENTRY, BEFORE)).resolves.toBe('conflict');
    expect(store.writes()).toHaveLength(1);
  });

  it('writes again from the re-read when the 409 came from a change elsewhere', async () => {
    const store = new FakeStore()
      .on('get', PROV, { ok: switched('1001') }, { ok: switched('1004') })
      .on('put', PROV, { status: 409 }, { ok: switched('1005') });

    await expect(acceptLoadBalancers(store, 'fleet-default/prod', ENTRY, BEFORE)).resolves.toBe('applied');
    expect(store.writes().map((w) => w.data.metadata.resourceVersion)).toEqual(['1001', '1004']);
  });
});

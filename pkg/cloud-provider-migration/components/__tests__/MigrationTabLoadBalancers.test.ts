/**
 * @jest-environment jsdom
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
// The tab reads the Services once the switch is in and judges them against the record the journal kept from before it.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { NO_MANAGED_FIELDS } from '../../__tests__/downstreamUrls';
import MigrationTab from '../MigrationTab.vue';
import { planMigration, readJournal, withJournalEntry } from '../../engine';
import { RKE2_MGMT_ID, nodesFor, rke2InTree } from './clusters';
import {
  downstreamRoutes, fakeStore, type FakeStore, type Routes
} from '../../__tests__/fakeStore';
import { shellGlobal } from './mountOptions';

jest.mock('@shell/components/YamlEditor.vue', () => require('./yamlEditorStub'));
jest.mock('@shell/utils/clipboard', () => ({ copyTextToClipboard: jest.fn(() => Promise.resolve()) }));

const PROV = '/v1/provisioning.cattle.io.clusters/fleet-default/prod-east';
const SERVICES = `/k8s/clusters/${ RKE2_MGMT_ID }/v1/services?${ NO_MANAGED_FIELDS }`;
const OLD = 'a0b1-123456789.us-west-2.elb.amazonaws.com';

let mounted: VueWrapper<any> | undefined;
let store: FakeStore;

afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
});

/** prod-east as Rancher serves it: reconciled, optionally with the switch applied and the journal it left. */
function cluster(switched: boolean): Record<string, any> {
  const obj = rke2InTree();
  const after = switched ? planMigration(obj).steps.find((s) => s.id === 'switch-to-external')!.object! : obj;
  const journalled = switched ? withJournalEntry(after, {
    step: 'switch-to-external', action: 'update-cluster', by: 'alice', at: '2026-01-01T00:00:00Z', result: 'applied',
    loadBalancers: { at: '2026-01-01T00:00:00Z', total: 1, services: { 'default/web': [OLD] } },
  }) : after;

  return {
    ...journalled, status: { ...journalled.status, observedGeneration: journalled.metadata.generation || 1, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] }
  };
}

async function mountTab(resource: Record<string, any>, hostname: string, more: Routes = {}): Promise<VueWrapper<any>> {
  const routes: Routes = {
    [`management GET ${ PROV }`]:     { ok: resource },
    ...more,
    ...downstreamRoutes(RKE2_MGMT_ID, nodesFor('rke2')),
    [`management GET ${ SERVICES }`]: {
      ok: {
        type: 'collection', data: [{ metadata: { name: 'web', namespace: 'default' }, spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ hostname }] } } }]
      }
    },
  };

  store = fakeStore(routes);
  // The shell's AsyncButton (in the confirmation) asks whether its label has a translation.
  store.getters['i18n/exists'] = () => false;
  mounted = mount(MigrationTab, {
    props:  { resource },
    global: shellGlobal(store),
  });
  for (let i = 0; i < 5; i++) {
    await flushPromises();
  }

  return mounted;
}

const check = (w: VueWrapper<any>) => w.get('[data-testid="cpm-step-verify-provider-ids-check"]');
const NEW = 'a0b1-999999999.us-west-2.elb.amazonaws.com';
const testid = (w: VueWrapper<any>, id: string) => w.find(`[data-testid="${ id }"]`);

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await flushPromises();
  }
}

describe('MigrationTab: the load balancers after the switch', () => {
  it('reads no Service before the switch', async () => {
    await mountTab(cluster(false), OLD);

    expect(store.calls.map((c) => c.url)).not.toContain(SERVICES);
  });

  it('after the switch, fails the verification of a Service whose address is not the one recorded before it', async () => {
    const w = await mountTab(cluster(true), 'a0b1-999999999.us-west-2.elb.amazonaws.com');

    expect(store.calls.map((c) => c.url)).toContain(SERVICES);
    expect(check(w).attributes('data-state')).toBe('failed');
    expect(check(w).text()).toContain('cloudProviderMigration.checks.loadBalancers.changed count=1 total=1');
    expect(check(w).text()).toContain(`before=${ OLD }`);
  });

  it('after the switch, counts a Service that kept its address as kept', async () => {
    const w = await mountTab(cluster(true), OLD);

    expect(check(w).text()).toContain('cloudProviderMigration.checks.loadBalancers.kept total=1 kept=1');
  });

  it('offers the acceptance again when an accepted address changed again, calling it the accepted one', async () => {
    const accepted = withJournalEntry(cluster(true), {
      step: 'verify-provider-ids', action: 'verify', by: 'alice', at: '2026-01-02T00:00:00Z', result: 'accepted',
      loadBalancers: {
        at: '2026-01-02T00:00:00Z', total: 1, services: { 'default/web': [NEW] }, acceptedBy: 'alice'
      },
    });
    const again = await mountTab(accepted, 'a0b1-555555555.us-west-2.elb.amazonaws.com');

    expect(check(again).text()).toContain('cloudProviderMigration.checks.loadBalancers.changedSinceAccepted count=1 total=1');
    expect(testid(again, 'cpm-step-verify-provider-ids-accept').exists()).toBe(true);
  });

  it('offers no acceptance while every Service kept its address', async () => {
    const w = await mountTab(cluster(true), OLD);

    expect(testid(w, 'cpm-step-verify-provider-ids-accept').exists()).toBe(false);
  });

  it('offers a user who cannot update the cluster no acceptance of a changed address', async () => {
    const w = await mountTab({ ...cluster(true), canUpdate: false }, NEW);

    expect(check(w).attributes('data-state')).toBe('failed');
    expect(testid(w, 'cpm-step-verify-provider-ids-accept').exists()).toBe(false);
  });

  it('accepts the changed address after a confirmation: one journal write, with the new record and who accepted it', async () => {
    const obj = cluster(true);
    const w = await mountTab(obj, NEW, { [`PUT ${ PROV }`]: (url) => ({ ok: { url } }) });

    await testid(w, 'cpm-step-verify-provider-ids-accept').trigger('click');
    // Nothing is written before the confirmation, which names the Service with both addresses.
    expect(store.writes()).toEqual([]);
    expect(testid(w, 'cpm-step-verify-provider-ids-accept-services').text()).toBe(`cloudProviderMigration.ui.acceptLoadBalancers.service service=default/web before=${ OLD } now=${ NEW }`);
    await testid(w, 'cpm-step-verify-provider-ids-accept-apply').trigger('click');
    await settle();

    const writes = store.writes();
    const journal = readJournal(writes[0].data);
    const last = journal.entries[journal.entries.length - 1];

    expect(writes.map((c) => `${ c.method } ${ c.url }`)).toEqual([`put ${ PROV }`]);
    expect(writes[0].data.metadata.resourceVersion).toBe(obj.metadata.resourceVersion);
    // Only the journal annotation changed.
    expect(writes[0].data.spec).toEqual(obj.spec);
    expect({ ...writes[0].data.metadata, annotations: {} }).toEqual({ ...obj.metadata, annotations: {} });
    expect(Object.keys(writes[0].data.metadata.annotations)).toEqual(Object.keys(obj.metadata.annotations));
    expect(last).toEqual(expect.objectContaining({ step: 'verify-provider-ids', action: 'verify', result: 'accepted' }));
    expect(journal.loadBalancers).toEqual({
      at: last.at, total: 1, services: { 'default/web': [NEW] }, acceptedBy: last.by
    });
    expect(testid(w, 'cpm-step-verify-provider-ids-accept-outcome').attributes('data-kind')).toBe('done');
  });

  it('writes nothing when another admin accepted meanwhile, and says so', async () => {
    const obj = cluster(true);
    const theirs = withJournalEntry(obj, {
      step: 'verify-provider-ids', action: 'verify', by: 'bob', at: '2026-01-02T00:00:00Z', result: 'accepted',
      loadBalancers: {
        at: '2026-01-02T00:00:00Z', total: 1, services: { 'default/web': [NEW] }, acceptedBy: 'bob'
      },
    });
    const w = await mountTab(obj, NEW, { [`PUT ${ PROV }`]: (url) => ({ ok: { url } }) });

    await testid(w, 'cpm-step-verify-provider-ids-accept').trigger('click');
    // The page read the cluster before bob's acceptance; the fresh read before the write sees it.
    store.on('management GET', PROV, { ok: theirs });
    await testid(w, 'cpm-step-verify-provider-ids-accept-apply').trigger('click');
    await settle();

    expect(store.writes()).toEqual([]);
    expect(testid(w, 'cpm-step-verify-provider-ids-accept-outcome').attributes('data-kind')).toBe('conflict');
  });
});

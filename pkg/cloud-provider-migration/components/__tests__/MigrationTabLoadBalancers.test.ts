/**
 * @jest-environment jsdom
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
// The tab reads the Services once the switch is in and judges them against the record the journal kept from before it.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { NO_MANAGED_FIELDS } from '../../__tests__/downstreamUrls';
import MigrationTab from '../MigrationTab.vue';
import { planMigration, withJournalEntry } from '../../engine';
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

async function mountTab(resource: Record<string, any>, hostname: string): Promise<VueWrapper<any>> {
  const routes: Routes = {
    [`management GET ${ PROV }`]:     { ok: resource },
    ...downstreamRoutes(RKE2_MGMT_ID, nodesFor('rke2')),
    [`management GET ${ SERVICES }`]: {
      ok: {
        type: 'collection', data: [{ metadata: { name: 'web', namespace: 'default' }, spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ hostname }] } } }]
      }
    },
  };

  store = fakeStore(routes);
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
});

/**
 * @jest-environment jsdom
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import StepCard from '../StepCard.vue';
import { applyObservations, MAX_NODE_LINES, planMigration } from '../../engine';
import type { NodeLike, PlanStep, ServiceLike } from '../../engine';
import { rke2Worker } from '../../engine/checks/__tests__/fixtures';
import { rke2InTree } from './clusters';
import { fakeStore } from '../../__tests__/fakeStore';
import { shellGlobal } from './mountOptions';

// See NodeProblems.test.ts: the shell's action menus cannot be compiled by the jsdom SFC compiler; the table has none.
jest.mock('@shell/components/ActionMenuShell.vue', () => ({ name: 'ActionMenu', render: () => null }));
jest.mock('@components/RcDropdown', () => Object.fromEntries(['RcDropdown', 'RcDropdownItem', 'RcDropdownItemCheckbox', 'RcDropdownItemSelect', 'RcDropdownSeparator', 'RcDropdownTrigger', 'RcDropdownMenu']
  .map((name) => [name, { name, render: () => null }])));

let mounted: VueWrapper<any> | undefined;

afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
});

/** The verify-provider-ids step of a switched RKE2 cluster, judged on `nodes` and `services`. */
function verifyStep(nodes: NodeLike[], services: ServiceLike[] = []): PlanStep {
  const plan = planMigration(rke2InTree());
  const switched = { ...plan, steps: plan.steps.map((s) => (s.id === 'switch-to-external' ? { ...s, done: true } : s)) };

  return applyObservations(switched, { nodes, services }).steps.find((s) => s.id === 'verify-provider-ids')!;
}

async function mountCard(step: PlanStep): Promise<VueWrapper<any>> {
  const store = fakeStore({});

  Object.assign(store.getters, { 'resource-fetch/manualRefreshIsLoading': false, 'resource-fetch/isTooManyItemsToAutoUpdate': false });
  mounted = mount(StepCard, {
    props:  { step, number: 9, progress: 'next' },
    global: shellGlobal(store),
  });
  // The table is loaded when it is first shown.
  for (let i = 0; i < 5; i++) {
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  return mounted;
}

const ID = 'cpm-step-verify-provider-ids';

describe('StepCard: the nodes a verification found a problem with', () => {
  it('lists them in the table, paged, and keeps the banner to the lines that name no node', async () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => rke2Worker(`node-${ String(i).padStart(4, '0') }`, i % 100 === 0 ? { providerID: '' } : {}));
    const step = verifyStep(nodes, [{ metadata: { name: 'web', namespace: 'default' }, spec: { type: 'LoadBalancer' }, status: { loadBalancer: {} } }]);
    const w = await mountCard(step);
    const banner = w.get(`[data-testid="${ ID }-check"]`);

    expect(step.check!.nodes!.problems).toHaveLength(50);
    expect(w.get(`[data-testid="${ ID }-nodes-summary"]`).text()).toBe('cloudProviderMigration.ui.nodeProblems.summary count=50 total=5000');
    expect(w.findAll(`[data-testid="${ ID }-nodes"] tbody tr.main-row`)).toHaveLength(25);
    // No line of the banner names a node (the table does); the other verdicts stay, the Service among them.
    expect(banner.findAll('li').map((li) => li.text())).toEqual([
      'cloudProviderMigration.checks.uninitializedTaint.done total=5000 taint=node.cloudprovider.kubernetes.io/uninitialized',
      'cloudProviderMigration.checks.loadBalancers.missing count=1 total=1',
      'cloudProviderMigration.checks.loadBalancers.missingService service=default/web',
    ]);
    expect(banner.text()).not.toContain('node-0100');
    expect(step.check!.details!.filter((d) => d.params?.node !== undefined)).toHaveLength(MAX_NODE_LINES);
  });

  it('shows no table when every node is fine', async () => {
    const w = await mountCard(verifyStep([rke2Worker('w-1'), rke2Worker('w-2')]));

    expect(w.get(`[data-testid="${ ID }-check"]`).attributes('data-state')).toBe('done');
    expect(w.find(`[data-testid="${ ID }-nodes"]`).exists()).toBe(false);
  });
});

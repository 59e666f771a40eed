/**
 * @jest-environment jsdom
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import NodeProblems from '../NodeProblems.vue';
import { applyObservations, planMigration } from '../../engine';
import type { NodeLike, NodeProblems as Problems } from '../../engine';
import { rke2ControlPlane, rke2Worker } from '../../engine/checks/__tests__/fixtures';
import { HTML_TEXT, rke2InTree } from './clusters';
import { fakeStore, type FakeStore } from '../../__tests__/fakeStore';
import { shellGlobal } from './mountOptions';

// The shell's action menus (row and bulk actions) are built on dropdown components whose props are type-only imports,
// which the jsdom build of the SFC compiler cannot resolve; this table has no actions, so stand-ins are enough.
jest.mock('@shell/components/ActionMenuShell.vue', () => ({ name: 'ActionMenu', render: () => null }));
jest.mock('@components/RcDropdown', () => Object.fromEntries(['RcDropdown', 'RcDropdownItem', 'RcDropdownItemCheckbox', 'RcDropdownItemSelect', 'RcDropdownSeparator', 'RcDropdownTrigger', 'RcDropdownMenu']
  .map((name) => [name, { name, render: () => null }])));

/** The table's page size (NodeProblems.vue). */
const NODE_PROBLEMS_PER_PAGE = 25;

const UNINITIALIZED = { key: 'node.cloudprovider.kubernetes.io/uninitialized', effect: 'NoSchedule' as const };

let mounted: VueWrapper<any> | undefined;
let store: FakeStore;

afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  jest.useRealTimers();
});

function mountTable(nodes: Problems): VueWrapper<any> {
  store = fakeStore({});
  // What the table asks the shell's store about manual refreshes (a list of resources it does not show here).
  Object.assign(store.getters, { 'resource-fetch/manualRefreshIsLoading': false, 'resource-fetch/isTooManyItemsToAutoUpdate': false });
  mounted = mount(NodeProblems, {
    props:  { nodes, testid: 'np' },
    global: shellGlobal(store),
  });

  return mounted;
}

/**
 * The verify-provider-ids verdict of an RKE2 cluster switched to the external provider, judged on `nodes`: the
 * table gets what the engine gives the step card.
 */
function verifyProblems(nodes: NodeLike[]): Problems {
  const plan = planMigration(rke2InTree());
  const switched = { ...plan, steps: plan.steps.map((s) => (s.id === 'switch-to-external' ? { ...s, done: true } : s)) };
  const judged = applyObservations(switched, { nodes, services: [] });
  const check = judged.steps.find((s) => s.id === 'verify-provider-ids')!.check!;

  return check.nodes!;
}

/** 5,000 nodes: three control-plane nodes with another provider's ID, nine workers not initialised yet, the rest fine. */
function bigCluster(): NodeLike[] {
  return Array.from({ length: 5000 }, (_, i) => {
    const name = `node-${ String(i).padStart(4, '0') }`;

    if (i % 1000 === 7 && i < 3000) {
      return rke2ControlPlane(name, { providerID: `rke2://${ name }` });
    }
    if (i >= 4000 && i < 4009) {
      return rke2Worker(name, { providerID: '', taints: [UNINITIALIZED] });
    }

    return rke2Worker(name);
  });
}

const bodyRows = (w: VueWrapper<any>) => w.findAll('tbody tr.main-row');
const cellTexts = (w: VueWrapper<any>, column: number) => bodyRows(w).map((r) => r.findAll('td')[column].text());

describe('NodeProblems', () => {
  it('at 5,000 nodes renders only the problem rows, the first page of them, failed ones first', async () => {
    const problems = verifyProblems(bigCluster());
    const w = mountTable(problems);

    await flushPromises();

    // 3 wrong IDs, 9 nodes with no ID and the taint (two problems each): 21 rows for 12 nodes, not 5,000.
    expect(problems.problems).toHaveLength(21);
    expect(w.get('[data-testid="np-summary"]').text()).toBe('cloudProviderMigration.ui.nodeProblems.summary count=12 total=5000');
    expect(bodyRows(w)).toHaveLength(Math.min(NODE_PROBLEMS_PER_PAGE, 21));
    expect(cellTexts(w, 0).slice(0, 4)).toEqual(['node-0007', 'node-1007', 'node-2007', 'node-4000']);
    expect(cellTexts(w, 1)[0]).toBe('cloudProviderMigration.checks.nodeProblem.providerIdWrong');
    expect(cellTexts(w, 2)[0]).toBe('rke2://node-0007');
  });

  it('pages through the problem rows, never more than a page at a time', async () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => rke2Worker(`node-${ String(i).padStart(4, '0') }`, i < 60 ? { providerID: `rke2://n${ i }` } : {}));
    const w = mountTable(verifyProblems(nodes));

    await flushPromises();
    expect(cellTexts(w, 0)).toHaveLength(NODE_PROBLEMS_PER_PAGE);
    expect(cellTexts(w, 0)[0]).toBe('node-0000');

    await w.get('[data-testid="pagination-next"]').trigger('click');
    expect(cellTexts(w, 0)[0]).toBe(`node-${ String(NODE_PROBLEMS_PER_PAGE).padStart(4, '0') }`);

    await w.get('[data-testid="pagination-last"]').trigger('click');
    expect(cellTexts(w, 0)).toEqual(Array.from({ length: 60 - 2 * NODE_PROBLEMS_PER_PAGE }, (_, i) => `node-${ String(2 * NODE_PROBLEMS_PER_PAGE + i).padStart(4, '0') }`));
    expect(w.get('[data-testid="pagination-next"]').attributes('disabled')).toBeDefined();
  });

  it('finds a node by name with the search box', async () => {
    jest.useFakeTimers();
    const w = mountTable(verifyProblems(bigCluster()));

    await w.get('input[type="search"]').setValue('node-4005');
    jest.advanceTimersByTime(500);
    await flushPromises();

    expect(cellTexts(w, 0)).toEqual(['node-4005', 'node-4005']);
    expect(cellTexts(w, 1)).toEqual(['cloudProviderMigration.checks.nodeProblem.providerIdEmpty', 'cloudProviderMigration.checks.nodeProblem.uninitialized']);
  });

  it('renders node names and values as text, never as HTML', async () => {
    const w = mountTable({
      total:    2,
      problems: [{
        node: HTML_TEXT, state: 'failed', problem: { key: 'checks.nodeProblem.providerIdWrong' }, detail: HTML_TEXT,
      }],
    });

    await flushPromises();

    expect(w.find('[data-injected]').exists()).toBe(false);
    expect(w.find('img').exists()).toBe(false);
    expect(cellTexts(w, 0)).toEqual([HTML_TEXT]);
    expect(cellTexts(w, 2)).toEqual([HTML_TEXT]);
    expect((window as any).__cpmInjected).toBeUndefined();
  });
});

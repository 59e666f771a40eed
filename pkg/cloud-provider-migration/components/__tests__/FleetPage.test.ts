/**
 * @jest-environment jsdom
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
import { reactive } from 'vue';
import { flushPromises, mount, RouterLinkStub, type VueWrapper } from '@vue/test-utils';
import FleetPage from '../FleetPage.vue';
import { planMigration, withJournalEntry } from '../../engine';
import { fakeStore, httpError, type FakeStore } from '../../__tests__/fakeStore';
import { HTML_TEXT, k3sCluster, rke2InTree } from './clusters';
import { shellGlobal } from './mountOptions';

// See NodeProblems.test.ts: the shell's action menus cannot be compiled by the jsdom SFC compiler; the table has none.
jest.mock('@shell/components/ActionMenuShell.vue', () => ({ name: 'ActionMenu', render: () => null }));
jest.mock('@components/RcDropdown', () => Object.fromEntries(['RcDropdown', 'RcDropdownItem', 'RcDropdownItemCheckbox', 'RcDropdownItemSelect', 'RcDropdownSeparator', 'RcDropdownTrigger', 'RcDropdownMenu']
  .map((name) => [name, { name, render: () => null }])));

/** FleetPage.vue: rows per page. */
const PER_PAGE = 50;
const PROVISIONING = 'provisioning.cattle.io.cluster';
const MANAGEMENT = 'management.cattle.io.cluster';

let mounted: VueWrapper<any> | undefined;

afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  jest.useRealTimers();
});

function rke2(name: string, version = 'v1.26.15+rke2r1'): Record<string, any> {
  const obj = rke2InTree();

  obj.metadata.name = name;
  obj.id = `fleet-default/${ name }`;
  obj.spec.kubernetesVersion = version;

  return obj;
}

const migratingBase = planMigration(rke2('base')).steps.find((s) => s.id === 'deploy-ccm')!.object!;
const migratedBase = planMigration(rke2('base', 'v1.27.16+rke2r1')).steps.filter((s) => s.object).pop()!.object!;

function renamed(obj: Record<string, any>, name: string): Record<string, any> {
  const out = JSON.parse(JSON.stringify(obj));

  out.metadata.name = name;
  out.id = `fleet-default/${ name }`;

  return out;
}

/** A fleet of `size`: of every 10, in-tree on 1.26 (4), in-tree on 1.27 (1), migrating (2), migrated (2), K3s (1). */
function fleet(size: number): Record<string, any>[] {
  return Array.from({ length: size }, (_, i) => {
    const name = `c-${ String(i).padStart(4, '0') }`;

    switch (i % 10) {
      case 4: return rke2(name, 'v1.27.16+rke2r1');
      case 5: case 6: return withJournalEntry(renamed(migratingBase, name), {
        step: 'deploy-ccm', action: 'update-cluster', by: 'jane', at: `2026-03-0${ 1 + (i % 9) }T10:00:00Z`, result: 'applied',
      }, { strategy: 'leader-migration' });
      case 7: case 8: return renamed(migratedBase, name);
      case 9: return { ...k3sCluster(), id: `fleet-default/${ name }`, metadata: { ...k3sCluster().metadata, name } };
      default: return rke2(name);
    }
  });
}

interface FleetStore extends FakeStore {
  findAll: string[];
}

/** The store the page reads: findAll of both lists (answered from `clusters`), `management/all`, `management/byId`. */
function fleetStore(clusters: Record<string, any>[], failing: Record<string, unknown> = {}): FleetStore {
  const store = fakeStore({}) as FleetStore;
  const lists: Record<string, Record<string, any>[]> = { [PROVISIONING]: [], [MANAGEMENT]: [] };
  const held = reactive(lists);
  const plain = store.dispatch;

  store.findAll = [];
  store.dispatch = async (action: string, payload: any) => {
    if (action !== 'management/findAll') {
      return plain(action, payload);
    }
    store.findAll.push(payload.type);
    if (failing[payload.type]) {
      throw failing[payload.type];
    }
    held[payload.type] = payload.type === PROVISIONING ? clusters : [];

    return held[payload.type];
  };
  Object.assign(store.getters, {
    'management/all':                          (type: string) => held[type],
    'resource-fetch/manualRefreshIsLoading':   false,
    'resource-fetch/isTooManyItemsToAutoUpdate': false,
  });

  return store;
}

async function mountPage(store: FleetStore): Promise<VueWrapper<any>> {
  mounted = mount(FleetPage, { global: { ...shellGlobal(store), stubs: { ...shellGlobal(store).stubs, 'router-link': RouterLinkStub } } });
  for (let i = 0; i < 5; i++) {
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  return mounted;
}

const bodyRows = (w: VueWrapper<any>) => w.findAll('tbody tr.main-row');
const cells = (w: VueWrapper<any>, column: number) => bodyRows(w).map((r) => r.findAll('td')[column].text());

describe('FleetPage', () => {
  it('lists 1,000 clusters a page at a time, those that hold back a Kubernetes upgrade first with a badge, from two list loads', async () => {
    const store = fleetStore(fleet(1000));
    const w = await mountPage(store);

    expect(store.findAll.sort()).toEqual([MANAGEMENT, PROVISIONING]);
    expect(store.calls).toEqual([]);
    expect(w.get('[data-testid="cpm-fleet-summary"]').text())
      .toBe('cloudProviderMigration.fleet.summary total=1000 blocking=700 inTree=500 migrating=200 migrated=200 other=100');
    expect(bodyRows(w)).toHaveLength(PER_PAGE);
    // The 100 on 1.27 with the in-tree provider, then the 400 on 1.26: every row of the first page blocks an upgrade.
    expect(w.findAll('[data-testid="cpm-fleet-blocks"]')).toHaveLength(PER_PAGE);
    expect(w.findAll('[data-preflight="in-tree-removed"]')).toHaveLength(PER_PAGE);
    expect(cells(w, 0)[0]).toBe('c-0004');
    expect(cells(w, 3)[0]).toContain('cloudProviderMigration.fleet.state.in-tree');
    expect(cells(w, 3)[0]).toContain('cloudProviderMigration.fleet.blocksUpgrade');

    await w.get('[data-testid="pagination-last"]').trigger('click');
    // The last page: K3s, not applicable, with the reason; no badge.
    expect(w.findAll('[data-testid="cpm-fleet-blocks"]')).toHaveLength(0);
    expect(cells(w, 3)[0]).toBe('cloudProviderMigration.fleet.state.not-applicable');
    expect(cells(w, 4)[0]).toBe('cloudProviderMigration.reasons.k3s');
  });

  it('links each cluster to its migration tab', async () => {
    const w = await mountPage(fleetStore(fleet(10)));
    const link = w.getComponent('[data-testid="cpm-fleet-link-fleet-default/c-0004"]' as any) as any;

    expect(link.props('to')).toEqual({
      name:   'c-cluster-product-resource-namespace-id',
      params: {
        cluster: '_', product: 'manager', resource: PROVISIONING, namespace: 'fleet-default', id: 'c-0004',
      },
      hash: '#cloud-provider-migration',
    });
  });

  it('shows a migration under way at its step, with who did what last', async () => {
    const w = await mountPage(fleetStore(fleet(10)));
    const row = bodyRows(w).find((r) => r.text().includes('c-0005'))!;
    const [, distro, version, state, preflight, last] = row.findAll('td').map((td) => td.text());

    expect(distro).toBe('cloudProviderMigration.ui.distro.rke2');
    expect(version).toBe('v1.26.15+rke2r1');
    expect(state).toMatch(/^cloudProviderMigration\.fleet\.state\.migratingAt number=4 total=\d+ ?cloudProviderMigration\.fleet\.blocksUpgrade$/);
    expect(preflight).toBe('cloudProviderMigration.fleet.preflight.upgrade-blocked version=v1.26.15+rke2r1');
    expect(last).toContain('by=jane step=cloudProviderMigration.steps.deploy-ccm.title result=cloudProviderMigration.ui.step.result.applied');
  });

  it('finds clusters by their state with the search box', async () => {
    const w = await mountPage(fleetStore(fleet(100)));

    jest.useFakeTimers();
    await w.get('input[type="search"]').setValue('migratingAt');
    jest.advanceTimersByTime(500);
    await flushPromises();

    expect(bodyRows(w)).toHaveLength(20);
    expect(cells(w, 3).every((t) => t.startsWith('cloudProviderMigration.fleet.state.migratingAt'))).toBe(true);
  });

  it('still lists the clusters when the management clusters cannot be read, and says so', async () => {
    const w = await mountPage(fleetStore(fleet(10), { [MANAGEMENT]: httpError(403, 'forbidden') }));

    expect(w.get('[data-testid="cpm-fleet-management-error"]').text()).toContain('cloudProviderMigration.fleet.managementUnreadable');
    expect(bodyRows(w)).toHaveLength(10);
  });

  it('says why when the clusters cannot be read', async () => {
    const w = await mountPage(fleetStore(fleet(10), { [PROVISIONING]: Object.assign(new Error('Network Error'), { code: 'ERR_NETWORK', isAxiosError: true }) }));

    expect(w.get('[data-testid="cpm-fleet-error"]').text()).toContain('cloudProviderMigration.fleet.loadFailed');
    expect(w.find('table').exists()).toBe(false);
  });

  it('renders cluster names as text, never as HTML', async () => {
    const evil = rke2('x');

    evil.nameDisplay = HTML_TEXT;
    const w = await mountPage(fleetStore([evil]));

    expect(w.find('[data-injected]').exists()).toBe(false);
    expect(cells(w, 0)).toEqual([HTML_TEXT]);
  });
});

/**
 * The Cloud provider column of the Cluster Management cluster list (fleet.ts, composables/fleetVerdicts.ts) on
 * cluster models shaped as the shell's store holds them: reactive instances of a model class whose getters reach
 * the root getters (i18n, management/byId).
 */
import { computed, nextTick, reactive } from 'vue';
// The shell's untyped sort (what SortableTable sorts rows with).
const { sortBy } = require('@shell/utils/sort') as { sortBy: (rows: any[], keys: string[], desc: boolean) => any[] };
import { registerFleet, SORT_PROPERTY } from '../fleet';
import { translateKey } from './fakeStore';
import { planMigration, withJournalEntry } from '../engine';
import { fleetRow, translator, verdictFor, TAB_HASH } from '../composables/fleetVerdicts';
import { rke1Norman, rke1Provisioning, rke2InTree, k3sCluster, RKE1_ID } from '../components/__tests__/clusters';

const managementClusters = new Map<string, Record<string, any>>();
const rootGetters = {
  'i18n/t':          translateKey,
  'management/byId': (type: string, id: string) => (type === 'management.cattle.io.cluster' ? managementClusters.get(id) : undefined),
};

/** Stands in for the shell's provisioning cluster model class. */
class ClusterModel {
  constructor(data: Record<string, any>) {
    Object.assign(this, data);
  }

  get $rootGetters() {
    return rootGetters;
  }
}

function model(data: Record<string, any>): any {
  return reactive(new ClusterModel(data));
}

/** An RKE2 cluster named `name` at Kubernetes `version`, as the list holds it. */
function rke2(name: string, version = 'v1.26.15+rke2r1'): Record<string, any> {
  const obj = rke2InTree();

  obj.metadata.name = name;
  obj.id = `fleet-default/${ name }`;
  obj.spec.kubernetesVersion = version;

  return obj;
}

function migrating(name: string): Record<string, any> {
  const obj = rke2(name);
  const plan = planMigration(obj);
  const enabled = plan.steps.find((s) => s.id === 'enable-leader-migration')!.object!;

  return withJournalEntry(enabled, {
    step: 'enable-leader-migration', action: 'update-cluster', by: 'jane', at: '2026-03-02T10:00:00Z', result: 'applied',
  }, { strategy: 'leader-migration' });
}

function column() {
  const plugin = { addTableColumn: jest.fn(), addRoutes: jest.fn(), addProduct: jest.fn() };

  registerFleet(plugin, 'resource-list');

  return plugin.addTableColumn.mock.calls[0][2] as { getValue: (row: any) => string; sort: string[] };
}

/** Until the verdict chunk has loaded, the cell is empty; the test waits for it. */
async function loaded(col: ReturnType<typeof column>, row: any): Promise<void> {
  for (let i = 0; i < 50 && !col.getValue(row); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the Cloud provider column', () => {
  afterEach(() => managementClusters.clear());

  it('fills in once its code has loaded, in the cells the table already computed', async () => {
    const col = column();
    const row = model(rke2('a'));
    const cell = computed(() => col.getValue(row));

    expect(cell.value).toBe('');
    await loaded(col, row);
    await nextTick();
    expect(cell.value).toBe('cloudProviderMigration.fleet.state.in-tree');
  });

  it('says where each cluster stands: in-tree, migrating at step N of M, migrated, not applicable', async () => {
    const col = column();
    const obj = rke2('done', 'v1.27.16+rke2r1');
    const migrated = planMigration(obj).steps.filter((s) => s.object).pop()!.object!;

    await loaded(col, model(rke2('warm-up')));
    expect(col.getValue(model(rke2('a')))).toBe('cloudProviderMigration.fleet.state.in-tree');
    expect(col.getValue(model(migrating('b')))).toMatch(/^cloudProviderMigration\.fleet\.state\.migratingAt number=2 total=\d+$/);
    expect(col.getValue(model(migrated))).toBe('cloudProviderMigration.fleet.state.migrated');
    expect(col.getValue(model(k3sCluster()))).toBe('cloudProviderMigration.fleet.state.not-applicable');
  });

  it('judges an RKE1 cluster from its management cluster in the store, without a request', async () => {
    const col = column();
    const provisioning = rke1Provisioning();
    const norman = rke1Norman();

    managementClusters.set(RKE1_ID, {
      id: RKE1_ID, type: 'management.cattle.io.cluster', metadata: { name: RKE1_ID, resourceVersion: '1' }, spec: { displayName: 'legacy-west', rancherKubernetesEngineConfig: norman.rancherKubernetesEngineConfig }, status: { driver: 'rancherKubernetesEngine' },
    });
    const row = model(provisioning);

    await loaded(col, row);
    expect(col.getValue(row)).toBe('cloudProviderMigration.fleet.state.in-tree');
    expect(verdictFor(row).kind).toBe('rke1');
  });

  it('sorts by a getter it adds to the cluster model class, never to plain objects', async () => {
    const col = column();
    const rows = [model(k3sCluster()), model(migrating('m')), model(rke2('z-blocker')), model(rke2('a-removed', 'v1.27.16+rke2r1'))];

    await loaded(col, rows[0]);
    expect(Object.prototype.hasOwnProperty.call(ClusterModel.prototype, SORT_PROPERTY)).toBe(true);
    expect(Object.keys(rows[0])).not.toContain(SORT_PROPERTY);
    expect(JSON.parse(JSON.stringify(rows[0]))).not.toHaveProperty(SORT_PROPERTY);
    col.getValue({ metadata: { name: 'plain' } });
    expect(({} as any)[SORT_PROPERTY]).toBeUndefined();

    // What the shell's table does with the column's sort paths.
    const sorted = sortBy(rows, col.sort, false).map((r: any) => r.metadata.name);

    expect(sorted).toEqual(['a-removed', 'z-blocker', 'm', rows[0].metadata.name]);
  });

  it('judges each cluster once per revision, and again when it changes', async () => {
    const col = column();
    const row = model(rke2('a'));

    await loaded(col, row);
    const first = verdictFor(row);

    expect(verdictFor(row)).toBe(first);
    const changed = migrating('a');

    row.spec = changed.spec;
    row.metadata.annotations = changed.metadata.annotations;
    row.metadata.resourceVersion = '48214';
    expect(verdictFor(row)).not.toBe(first);
    expect(verdictFor(row).state).toBe('migrating');
  });
});

describe('fleetRow', () => {
  it('links to the cluster\'s detail page with the migration tab selected, and tells the last journal entry', () => {
    const row = fleetRow(model(migrating('payments')), undefined, translator(translateKey));

    expect(row.link).toEqual({
      name:   'c-cluster-product-resource-namespace-id',
      params: {
        cluster: '_', product: 'manager', resource: 'provisioning.cattle.io.cluster', namespace: 'fleet-default', id: 'payments',
      },
      hash: TAB_HASH,
    });
    expect(TAB_HASH).toBe('#cloud-provider-migration');
    expect(row).toMatchObject({
      key: 'fleet-default/payments', name: 'payments', stateKind: 'migrating', preflightKind: 'upgrade-blocked', blocksUpgrade: true, lastAt: '2026-03-02T10:00:00Z',
    });
    expect(row.distro).toBe('cloudProviderMigration.ui.distro.rke2');
    expect(row.last).toContain('cloudProviderMigration.fleet.last');
    expect(row.last).toContain('by=jane step=cloudProviderMigration.steps.enable-leader-migration.title result=cloudProviderMigration.ui.step.result.applied');
  });

  it('sorts versions by their numbers', () => {
    const tr = translator(translateKey);
    const a = fleetRow(rke2('a', 'v1.9.1+rke2r1'), undefined, tr);
    const b = fleetRow(rke2('b', 'v1.10.1+rke2r1'), undefined, tr);

    expect(a.versionSort < b.versionSort).toBe(true);
  });
});

/**
 * @jest-environment jsdom
 */
// The tab hands each step card its rollback (the engine's verdict on the cluster as read, for the steps the journal
// says the migration applied) and carries out what the card confirms; read-only users get neither button.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import MigrationTab from '../MigrationTab.vue';
import { planMigration, readJournal, withJournalEntry } from '../../engine';
import type { JournalEntry, StepId } from '../../engine';
import { RKE2_MGMT_ID, nodesFor, rke2InTree } from './clusters';
import {
  downstreamRoutes, fakeStore, type FakeStore, type Routes
} from '../../__tests__/fakeStore';
import { shellGlobal } from './mountOptions';

jest.mock('@shell/components/YamlEditor.vue', () => require('./yamlEditorStub'));
jest.mock('@shell/components/SortableTable', () => ({ default: { name: 'SortableTable', render: () => null } }));

const PROV = '/v1/provisioning.cattle.io.clusters/fleet-default/prod-east';
const SNAPSHOT = 'prod-east-on-demand-cp-1-1762164000-local';

let mounted: VueWrapper<any> | undefined;
let store: FakeStore;

/** The in-tree cluster after the flag and the CCM, both recorded in its journal as applied by the migration. */
function deployed(): Record<string, any> {
  const obj = (['enable-leader-migration', 'deploy-ccm'] as StepId[]).reduce((o, id) => planMigration(o, { strategy: 'leader-migration' }).steps.find((s) => s.id === id)!.object!, rke2InTree());
  const entry = (step: StepId, at: string): JournalEntry => ({
    step, action: 'update-cluster', by: 'alice', at, result: 'applied', snapshot: SNAPSHOT
  });

  // Reconciled: Rancher has observed the spec as it is.
  obj.status = { ...obj.status, observedGeneration: obj.metadata.generation, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] };

  return withJournalEntry(withJournalEntry(obj, entry('enable-leader-migration', '2026-01-05T10:00:00Z'), { strategy: 'leader-migration' }), entry('deploy-ccm', '2026-01-05T10:10:00Z'));
}

async function mountTab(resource: Record<string, any>, routes: Routes): Promise<VueWrapper<any>> {
  store = fakeStore(routes);
  store.getters['i18n/exists'] = () => false;
  mounted = mount(MigrationTab, {
    props:  { resource },
    global: shellGlobal(store),
  });
  for (let i = 0; i < 6; i++) {
    await flushPromises();
  }

  return mounted;
}

const testid = (w: VueWrapper<any>, id: string) => w.find(`[data-testid="${ id }"]`);

afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
});

describe('the tab\'s rollback and restore', () => {
  it('offers the CCM\'s rollback first, says why the flag waits, and offers the snapshot of each applied step', async () => {
    const obj = deployed();
    const w = await mountTab(obj, { [`management GET ${ PROV }`]: { ok: obj }, ...downstreamRoutes(RKE2_MGMT_ID, nodesFor('rke2')) });

    expect(testid(w, 'cpm-step-deploy-ccm-rollback').exists()).toBe(true);
    expect(testid(w, 'cpm-step-enable-leader-migration-rollback').exists()).toBe(false);
    expect(testid(w, 'cpm-step-enable-leader-migration-rollback-refused').attributes('data-refusal')).toBe('deployCcmFirst');
    expect(testid(w, 'cpm-step-deploy-ccm-restore').attributes('data-snapshot')).toBe(SNAPSHOT);
  });

  it('gives a user who cannot update the cluster neither button', async () => {
    const obj = { ...deployed(), canUpdate: false };
    const w = await mountTab(obj, { [`management GET ${ PROV }`]: { ok: obj }, ...downstreamRoutes(RKE2_MGMT_ID, nodesFor('rke2')) });

    expect(testid(w, 'cpm-readonly').exists()).toBe(true);
    expect(w.find('[data-testid$="-rollback"]').exists()).toBe(false);
    expect(w.find('[data-testid$="-restore"]').exists()).toBe(false);
  });

  it('carries out the confirmed rollback with the runner and journals it on the step', async () => {
    const obj = deployed();
    const w = await mountTab(obj, {
      [`management GET ${ PROV }`]: { ok: obj },
      // No snapshot on record before the rollback's request, one after it; the cluster reconciled throughout.
      [`GET /v1/rke.cattle.io.etcdsnapshots/fleet-default?labelSelector=rke.cattle.io%2Fcluster-name%3Dprod-east`]: [{ ok: { data: [] } }, { ok: { data: [{ metadata: { name: 'prod-east-on-demand-cp-1-2', labels: { 'rke.cattle.io/cluster-name': 'prod-east' } }, snapshotFile: { status: 'successful' } }] } }],
      [`PUT ${ PROV }`]: (url) => ({ ok: { url } }),
      ...downstreamRoutes(RKE2_MGMT_ID, nodesFor('rke2')),
    });

    await testid(w, 'cpm-step-deploy-ccm-rollback').trigger('click');
    await testid(w, 'cpm-step-deploy-ccm-rollback-apply').trigger('click');
    for (let i = 0; i < 20; i++) {
      await flushPromises();
    }
    const puts = store.calls.filter((c) => c.method === 'put');
    const journal = readJournal(puts[puts.length - 1].data);

    // The snapshot request, the rollback, the journal entry.
    expect(puts).toHaveLength(3);
    expect(puts[0].data.spec.rkeConfig.etcdSnapshotCreate).toEqual({ generation: 1 });
    expect(puts[1].data.spec.rkeConfig.additionalManifest).toBe(rke2InTree().spec.rkeConfig.additionalManifest);
    expect(testid(w, 'cpm-step-deploy-ccm-undo-outcome').attributes('data-kind')).toBe('done');
    expect(journal.entries[journal.entries.length - 1]).toEqual(expect.objectContaining({
      step: 'deploy-ccm', result: 'rolled-back', undo: 'rollback', snapshot: 'prod-east-on-demand-cp-1-2',
    }));
  });
});

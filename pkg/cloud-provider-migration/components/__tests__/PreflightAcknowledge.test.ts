/**
 * @jest-environment jsdom
 */
// The tab's pre-flight gate: the AWS prerequisites are ticked before the first step can run, a live blocker blocks
// the run like an object blocker, and once the migration started every admin sees who acknowledged them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import MigrationTab from '../MigrationTab.vue';
import { JOURNAL_ANNOTATION } from '../../engine';
import { RKE2_MGMT_ID, nodesFor, rke2InTree } from './clusters';
import { downstreamRoutes, fakeStore, type FakeStore, type Routes } from '../../__tests__/fakeStore';
import { shellGlobal } from './mountOptions';

jest.mock('@shell/components/YamlEditor.vue', () => require('./yamlEditorStub'));
jest.mock('@shell/utils/clipboard', () => ({ copyTextToClipboard: jest.fn(() => Promise.resolve()) }));

const READY = [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }];
const ACK = '[data-testid="cpm-preflight-iam-and-tags-ack"]';

let mounted: VueWrapper<any> | undefined;
let store: FakeStore;

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises();
  }
}

async function mountTab(resource: Record<string, any>, routes: Routes): Promise<VueWrapper<any>> {
  store = fakeStore(routes);
  mounted = mount(MigrationTab, {
    props:  { resource },
    global: shellGlobal(store),
  });
  await settle();

  return mounted;
}

/** The reads of an RKE2 cluster: its provisioning cluster and the downstream, with the management cluster's conditions. */
function routes(mgmtConditions = READY): Routes {
  const obj = rke2InTree();

  return {
    'management GET /v1/provisioning.cattle.io.clusters/fleet-default/prod-east': { ok: { ...obj, status: { ...obj.status, observedGeneration: obj.metadata.generation, conditions: READY } } },
    ...downstreamRoutes(RKE2_MGMT_ID, nodesFor('rke2'), mgmtConditions),
  };
}

function withJournal(obj: Record<string, any>, choices: Record<string, unknown>): Record<string, any> {
  const journal = {
    entries: [{
      step: 'enable-leader-migration', action: 'update-cluster', by: 'alice', at: '2026-12-05T10:00:00Z', result: 'failed'
    }],
    dropped: 0,
    choices,
  };

  return { ...obj, metadata: { ...obj.metadata, annotations: { ...obj.metadata.annotations, [JOURNAL_ANNOTATION]: JSON.stringify(journal) } } };
}

const run = (w: VueWrapper<any>) => w.find('[data-testid="cpm-run"]');
const reason = (w: VueWrapper<any>) => w.find('[data-testid="cpm-run-disabled"]');

afterEach(() => {
  // Ticking is local state until a step runs: nothing is written.
  expect(store.writes()).toEqual([]);
  mounted?.unmount();
  mounted = undefined;
});

describe('the AWS prerequisites before the first step', () => {
  it('keep the run button disabled, saying why, until the admin ticks them; unticking disables it again', async () => {
    const w = await mountTab(rke2InTree(), routes());

    expect(run(w).attributes('data-step')).toBe('enable-leader-migration');
    expect(run(w).attributes('disabled')).toBeDefined();
    expect(reason(w).attributes('data-reason')).toBe('acknowledge');
    expect(reason(w).text()).toBe('cloudProviderMigration.ui.act.disabled.acknowledge');
    expect((w.find(ACK).element as HTMLInputElement).checked).toBe(false);

    await w.find(ACK).setValue(true);

    expect(run(w).attributes('disabled')).toBeUndefined();
    expect(reason(w).exists()).toBe(false);

    await w.find(ACK).setValue(false);

    expect(reason(w).attributes('data-reason')).toBe('acknowledge');
  });

  it('come after a live blocker: a cluster Rancher is updating blocks the start even when ticked', async () => {
    const w = await mountTab(rke2InTree(), routes([{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'Unknown' }]));

    await w.find(ACK).setValue(true);

    expect(w.find('[data-testid="cpm-preflight-cluster-active"]').attributes('data-severity')).toBe('blocker');
    expect(reason(w).attributes('data-reason')).toBe('blocked');
    expect(run(w).attributes('disabled')).toBeDefined();
  });

  it('cannot be ticked by a user who cannot update the cluster', async () => {
    const w = await mountTab({ ...rke2InTree(), canUpdate: false }, routes());

    expect(w.find(ACK).attributes('disabled')).toBeDefined();
    expect(reason(w).attributes('data-reason')).toBe('readOnly');
  });
});

describe('the AWS prerequisites once the migration started', () => {
  it('show every admin who acknowledged them and when, and no longer hold the run button', async () => {
    const w = await mountTab(withJournal(rke2InTree(), { strategy: 'leader-migration', awsPrerequisites: { by: 'alice', at: '2026-12-05T09:58:00Z' } }), routes());
    const box = w.find(ACK).element as HTMLInputElement;

    expect([box.checked, box.disabled]).toEqual([true, true]);
    expect(w.find('[data-testid="cpm-preflight-iam-and-tags-acknowledged"]').text()).toBe('cloudProviderMigration.ui.preflight.acknowledged by=alice at=2026-12-05T09:58:00Z');
    expect(reason(w).exists()).toBe(false);
    expect(run(w).attributes('disabled')).toBeUndefined();
  });

  it('do not hold a migration started before acknowledgements were recorded', async () => {
    const w = await mountTab(withJournal(rke2InTree(), { strategy: 'leader-migration' }), routes());

    expect(w.find('[data-testid="cpm-preflight-iam-and-tags-acknowledged"]').exists()).toBe(false);
    expect(w.find(ACK).attributes('disabled')).toBeDefined();
    expect(reason(w).exists()).toBe(false);
  });
});

// The tab's ways back: the rollback of an applied update and the restore of the etcd snapshot taken before a step,
// each journalled on the step with `undo`; and which rollbacks the tab offers (rollbackOffers).
import { ref } from 'vue';
import { planMigration, readJournal, withJournalEntry } from '../../engine';
import type {
  JournalEntry, MigrationPlan, PlanOptions, StepId,
} from '../../engine';
import { FakeStore, httpError } from '../../__tests__/fakeStore';
import { rke2InTree } from '../../components/__tests__/clusters';
import { useStepActions } from '../useStepActions';
import { appliedByMigration, rollbackOffers } from '../rollbackOffers';

type Obj = Record<string, any>;

const PROV = '/v1/provisioning.cattle.io.clusters/fleet-default/prod-east';
const MGMT = '/v1/management.cattle.io.clusters/c-m-4x7kq2zd';
const SNAPSHOTS = '/v1/rke.cattle.io.etcdsnapshots/fleet-default?labelSelector=rke.cattle.io%2Fcluster-name%3Dprod-east';
const SNAPSHOT = 'prod-east-on-demand-cp-1-1762164000-local';
const OPTIONS: PlanOptions = { strategy: 'leader-migration' };

function after(obj: Obj, ...ids: StepId[]): Obj {
  return ids.reduce((o, id) => planMigration(o, OPTIONS).steps.find((s) => s.id === id)!.object!, obj);
}

/** The cluster, reconciled (so a snapshot request is seen through), after the given steps. */
function cluster(...ids: StepId[]): Obj {
  const base = rke2InTree();

  base.status = { ...(base.status || {}), observedGeneration: base.metadata.generation, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] };

  return after(base, ...ids);
}

/** GET answers what the server holds; PUT stores the body at the current resourceVersion (409 otherwise). */
function server(store: FakeStore, initial: Obj) {
  let current = JSON.parse(JSON.stringify(initial));

  store.on('get', PROV, () => ({ ok: current }));
  store.on('put', PROV, () => {
    const body = JSON.parse(JSON.stringify(store.calls[store.calls.length - 1].data));

    if (body.metadata.resourceVersion !== current.metadata.resourceVersion) {
      return { status: 409 };
    }
    current = { ...body, status: current.status, metadata: { ...body.metadata, resourceVersion: String(Number(current.metadata.resourceVersion) + 1) } };

    return { ok: current };
  });

  return { get: () => current };
}

function setup(store: FakeStore, resource: Obj, onReread: () => void = () => undefined) {
  const plan = ref<MigrationPlan | undefined>(planMigration(resource, OPTIONS));
  let reloads = 0;
  const actions = useStepActions(Object.assign(store, { getters: { ...(store as any).getters, 'auth/v3User': { username: 'alice' } } }), {
    resource: () => resource as any,
    plan,
    options:  ref(OPTIONS),
    afterRun: async () => {
      reloads++;
      onReread();
    },
    timing: { timeoutMs: 2000, pollMs: 1 },
  });

  return {
    actions, plan, reloads: () => reloads
  };
}

const snapshots = (...names: string[]) => ({ ok: { data: names.map((name) => ({ metadata: { name, labels: { 'rke.cattle.io/cluster-name': 'prod-east' } }, snapshotFile: { status: 'successful', createdAt: '2025-11-03T10:00:00Z' } })) } });

describe('useStepActions: rollback', () => {
  it('rolls back after a snapshot, journals it on the step as rolled back with the snapshot and the diff digest, then re-reads', async () => {
    const store = new FakeStore().on('get', MGMT, { ok: { status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] } } }).on('get', SNAPSHOTS, snapshots(), snapshots(SNAPSHOT));
    const srv = server(store, cluster('enable-leader-migration', 'deploy-ccm'));
    const { actions, plan, reloads } = setup(store, srv.get());
    const step = plan.value!.steps.find((s) => s.id === 'deploy-ccm')!;

    // The header still says the step's last run was done; the rollback takes that back.
    actions.outcome.value = { kind: 'done', step: 'deploy-ccm', record: { id: 'deploy-ccm', action: 'update-cluster', write: 'applied' } };
    const result = await actions.rollback(step, 'the diff as shown');
    const journal = readJournal(srv.get());

    expect(result).toEqual(expect.objectContaining({ kind: 'done', record: expect.objectContaining({ rollback: true, write: 'applied' }) }));
    expect(journal.entries).toEqual([expect.objectContaining({
      step: 'deploy-ccm', action: 'update-cluster', by: 'alice', result: 'rolled-back', undo: 'rollback', snapshot: SNAPSHOT, digest: expect.any(String),
    })]);
    expect(srv.get().spec.rkeConfig.additionalManifest).toBe(rke2InTree().spec.rkeConfig.additionalManifest);
    expect(actions.undoOutcome.value).toEqual(expect.objectContaining({ kind: 'done', step: 'deploy-ccm', undo: 'rollback' }));
    // The step's own outcome (the header's) is not the rollback's.
    expect(actions.outcome.value).toBeUndefined();
    expect(actions.running.value).toBeUndefined();
    expect(reloads()).toBe(1);
  });

  it('a refused rollback is a failure with the reason, journalled as the rollback that failed; nothing else is written', async () => {
    const store = new FakeStore();
    const srv = server(store, cluster('enable-leader-migration', 'deploy-ccm', 'switch-to-external'));
    const { actions } = setup(store, srv.get());
    const ran = { kind: 'done' as const, step: 'switch-to-external', record: { id: 'switch-to-external' as StepId, action: 'update-cluster', write: 'applied' as const } };

    // A rollback that did not go through leaves the header's last run outcome as it was.
    actions.outcome.value = ran;
    const result = await actions.rollback({ id: 'deploy-ccm', action: 'update-cluster' } as any);
    const writes = store.writes();

    expect(result.kind).toBe('failed');
    expect((result as any).error.messageKey).toBe('rollback.refused.switched');
    expect(actions.outcome.value).toEqual(ran);
    expect(writes).toHaveLength(1);
    expect(readJournal(writes[0].data).entries).toEqual([expect.objectContaining({
      step: 'deploy-ccm', result: 'failed', undo: 'rollback', message: { key: 'rollback.refused.switched', params: {} },
    })]);
    expect(actions.undoOutcome.value?.kind).toBe('failed');
  });

  it('stays busy until the page has read the cluster again, so no button offers the same rollback from the old page', async () => {
    const store = new FakeStore().on('get', MGMT, { ok: { status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] } } }).on('get', SNAPSHOTS, snapshots(), snapshots(SNAPSHOT));
    const srv = server(store, cluster('enable-leader-migration', 'deploy-ccm'));
    const busyAtReread: (string | undefined)[] = [];
    const { actions, plan } = setup(store, srv.get(), () => busyAtReread.push(actions.running.value));
    const step = plan.value!.steps.find((s) => s.id === 'deploy-ccm')!;

    await actions.rollback(step, 'the diff as shown');

    expect(busyAtReread).toEqual(['deploy-ccm']);
    expect(actions.running.value).toBeUndefined();
  });

  it('runs nothing while another step runs', async () => {
    const store = new FakeStore();
    const srv = server(store, cluster('enable-leader-migration', 'deploy-ccm'));
    const { actions, plan } = setup(store, srv.get());

    actions.running.value = 'cordon-control-plane';

    expect((await actions.rollback(plan.value!.steps[2])).kind).toBe('failed');
    expect((await actions.restore(plan.value!.steps[2], SNAPSHOT)).kind).toBe('failed');
    expect(store.calls).toEqual([]);
  });
});

describe('useStepActions: restore', () => {
  it('asks Rancher to restore the snapshot with the configuration it recorded, and journals the restore on the step', async () => {
    const store = new FakeStore();
    const srv = server(store, cluster('enable-leader-migration'));
    const { actions, plan, reloads } = setup(store, srv.get());
    const step = plan.value!.steps.find((s) => s.id === 'enable-leader-migration')!;

    const result = await actions.restore(step, SNAPSHOT);
    const [request] = store.writes();

    expect(result.kind).toBe('done');
    expect(request.data.spec.rkeConfig.etcdSnapshotRestore).toEqual({ name: SNAPSHOT, generation: 1, restoreRKEConfig: 'all' });
    expect(readJournal(srv.get()).entries).toEqual([expect.objectContaining({
      step: 'enable-leader-migration', result: 'restored', undo: 'restore', snapshot: SNAPSHOT, by: 'alice',
    })]);
    expect(actions.undoOutcome.value).toEqual(expect.objectContaining({ kind: 'done', undo: 'restore', record: expect.objectContaining({ snapshot: SNAPSHOT }) }));
    expect(reloads()).toBe(1);
  });

  it('a request Rancher refuses is a failure, journalled as the restore that failed', async () => {
    const obj = cluster('enable-leader-migration');
    const store = new FakeStore({ [`GET ${ PROV }`]: { ok: obj }, [`PUT ${ PROV }`]: [httpError(403, 'forbidden'), { ok: obj }] });
    const { actions, plan } = setup(store, obj);

    const result = await actions.restore(plan.value!.steps[0], SNAPSHOT);

    expect(result.kind).toBe('failed');
    expect((result as any).error.code).toBe('FORBIDDEN');
    expect(readJournal(store.writes()[1].data).entries).toEqual([expect.objectContaining({ result: 'failed', undo: 'restore' })]);
  });
});

describe('rollbackOffers: which rollbacks the tab shows', () => {
  const entry = (step: StepId, result: JournalEntry['result'], extra: Partial<JournalEntry> = {}): JournalEntry => ({
    step, action: 'update-cluster', by: 'alice', at: '2026-01-05T10:00:00Z', result, ...extra
  });
  const journalled = (obj: Obj, ...entries: JournalEntry[]) => readJournal(entries.reduce((o, e) => withJournalEntry(o, e), obj));

  it('offers the rollback of each done update the migration applied, with the engine\'s verdict on each', () => {
    const obj = cluster('enable-leader-migration', 'deploy-ccm');
    const offers = rollbackOffers({
      plan: planMigration(obj, OPTIONS), source: obj, options: OPTIONS, observations: { daemonSet: null }, journal: journalled(obj, entry('enable-leader-migration', 'applied'), entry('deploy-ccm', 'applied')), canUpdate: true,
    });

    expect([...offers.keys()]).toEqual(['enable-leader-migration', 'deploy-ccm']);
    expect(offers.get('deploy-ccm')).toEqual(expect.objectContaining({ offered: true, diff: expect.stringContaining('HelmChart') }));
    expect(offers.get('enable-leader-migration')).toEqual(expect.objectContaining({ offered: false, refusal: 'deployCcmFirst' }));
  });

  it('offers nothing for a change the journal does not say the migration made, nor to a user who cannot update the cluster', () => {
    const obj = cluster('enable-leader-migration', 'deploy-ccm');
    const base = {
      plan: planMigration(obj, OPTIONS), source: obj, options: OPTIONS, observations: { daemonSet: null },
    };

    expect(rollbackOffers({ ...base, journal: journalled(obj, entry('deploy-ccm', 'unchanged')), canUpdate: true }).size).toBe(0);
    expect(rollbackOffers({ ...base, journal: journalled(obj, entry('deploy-ccm', 'applied')), canUpdate: false }).size).toBe(0);
    expect(rollbackOffers({ ...base, journal: journalled(obj, entry('deploy-ccm', 'applied')), canUpdate: undefined }).size).toBe(1);
  });

  it('counts a step as the migration\'s from its last application after its last rollback', () => {
    const obj = cluster();

    expect(appliedByMigration(journalled(obj, entry('deploy-ccm', 'applied'), entry('deploy-ccm', 'rolled-back', { undo: 'rollback' })), 'deploy-ccm')).toBe(false);
    expect(appliedByMigration(journalled(obj, entry('deploy-ccm', 'rolled-back', { undo: 'rollback' }), entry('deploy-ccm', 'applied')), 'deploy-ccm')).toBe(true);
    expect(appliedByMigration(journalled(obj, entry('deploy-ccm', 'applied'), entry('deploy-ccm', 'conflict', { undo: 'rollback' })), 'deploy-ccm')).toBe(true);
    expect(appliedByMigration(journalled(obj, entry('install-ccm', 'done')), 'install-ccm')).toBe(true);
    expect(appliedByMigration(journalled(obj, entry('deploy-ccm', 'applied', { undo: 'restore' })), 'deploy-ccm')).toBe(false);
  });
});

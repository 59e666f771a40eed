/** The AWS prerequisites: ticked before the first step can run, and recorded by the first journal entry. */
import { ref } from 'vue';
import { planMigration, readJournal } from '../../engine';
import type { MigrationPlan } from '../../engine';
import { FakeStore } from '../../__tests__/fakeStore';
import { rke2InTree } from '../../components/__tests__/clusters';
import { runBlocker, useStepActions } from '../useStepActions';

const PROV = '/v1/provisioning.cattle.io.clusters/fleet-default/prod-east';
const SNAPSHOTS = '/v1/rke.cattle.io.etcdsnapshots/fleet-default?labelSelector=rke.cattle.io%2Fcluster-name%3Dprod-east';
const TICKED = '2026-12-05T09:58:00.000Z';

describe('runBlocker and the AWS prerequisites', () => {
  const plan = planMigration(rke2InTree());
  const first = plan.steps[0];
  const blocked: MigrationPlan = { ...plan, preflight: [...plan.preflight, { id: 'x', severity: 'blocker', message: { key: 'x' } }] };
  const nothingToTick: MigrationPlan = { ...plan, preflight: plan.preflight.map(({ acknowledge: _a, ...c }) => c) };

  it.each<[string, MigrationPlan, boolean | undefined, string | undefined]>([
    ['not ticked: the first step waits for the tick', plan, false, 'acknowledge'],
    ['ticked', plan, true, undefined],
    ['not asked (a caller that does not gate on it)', plan, undefined, undefined],
    ['not ticked, but a blocker comes first', blocked, false, 'blocked'],
    ['not ticked, but nothing asks for a tick (a migrated cluster)', nothingToTick, false, undefined],
  ])('%s', (_name, p, acknowledged, expected) => {
    expect(runBlocker(p, first, true, acknowledged)).toBe(expected);
  });

  it('a read-only user is told that first', () => {
    expect(runBlocker(plan, first, false, false)).toBe('readOnly');
  });
});

describe('useStepActions records the acknowledgement', () => {
  function run(prerequisitesAt: () => string | undefined) {
    const obj = rke2InTree();
    const generation = (obj.metadata.generation || 1) + 1;
    const snapped = {
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: '2001', generation },
      spec:     { ...obj.spec, rkeConfig: { ...obj.spec.rkeConfig, etcdSnapshotCreate: { generation: 1 } } },
      status:   { ...obj.status, observedGeneration: generation, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] },
    };
    const store = new FakeStore({
      [`GET ${ PROV }`]:                                   [{ ok: obj }, { ok: obj }, { ok: snapped }, { ok: snapped }, { ok: snapped }, { ok: { ...snapped, metadata: { ...snapped.metadata, resourceVersion: '2002' } } }],
      [`PUT ${ PROV }`]:                                   (url) => ({ ok: { url } }),
      [`GET ${ SNAPSHOTS }`]:                              [{ ok: { data: [] } }, { ok: { data: [{ metadata: { name: 'prod-east-on-demand-cp-1-local', labels: { 'rke.cattle.io/cluster-name': 'prod-east' } }, snapshotFile: { name: 'on-demand-cp-1', status: 'successful' } }] } }],
      'GET /v1/management.cattle.io.clusters/c-m-4x7kq2zd': { ok: { status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] } } },
    });
    const plan = ref<MigrationPlan | undefined>(planMigration(obj));
    const actions = useStepActions(Object.assign(store, { getters: { ...(store as any).getters, 'auth/v3User': { username: 'alice' } } }), {
      resource: () => obj, plan, options: ref({}), afterRun: async () => undefined, timing: { timeoutMs: 2000, pollMs: 1 }, prerequisitesAt,
    });

    return { store, run: () => actions.run(plan.value!.steps[0]), strategy: plan.value!.strategy };
  }

  const journalOf = (store: FakeStore) => readJournal(store.calls.filter((c) => c.method === 'put').pop()!.data);

  it('writes who ticked the prerequisites and when with the choices of the first entry', async () => {
    const { store, run: runFirst, strategy } = run(() => TICKED);

    expect((await runFirst()).kind).toBe('done');
    expect(journalOf(store).choices).toEqual({ strategy, awsPrerequisites: { by: 'alice', at: TICKED } });
  });

  it('writes no acknowledgement when nothing was ticked', async () => {
    const { store, run: runFirst, strategy } = run(() => undefined);

    expect((await runFirst()).kind).toBe('done');
    expect(journalOf(store).choices).toEqual({ strategy });
  });
});

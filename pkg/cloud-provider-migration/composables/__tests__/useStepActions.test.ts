import { ref } from 'vue';
import { NODE_LIST_QUERY } from '../../__tests__/downstreamUrls';
import { planMigration, readJournal } from '../../engine';
import type { MigrationPlan, PlanOptions } from '../../engine';
import { FakeStore, httpError } from '../../__tests__/fakeStore';
import { rke2InTree } from '../../components/__tests__/clusters';
import { canPatchNodes, runBlocker, useStepActions } from '../useStepActions';

const PROV = '/v1/provisioning.cattle.io.clusters/fleet-default/prod-east';
const SNAPSHOTS = '/v1/rke.cattle.io.etcdsnapshots/fleet-default?labelSelector=rke.cattle.io%2Fcluster-name%3Dprod-east';

function setup(store: FakeStore, options: PlanOptions = {}) {
  const resource = rke2InTree();
  const plan = ref<MigrationPlan | undefined>(planMigration(resource, options));
  let reloads = 0;
  const actions = useStepActions(Object.assign(store, { getters: { ...(store as any).getters, 'auth/v3User': { username: 'alice' } } }), {
    resource: () => resource,
    plan,
    options:  ref(options),
    afterRun: async () => {
      reloads++;
    },
    timing: { timeoutMs: 2000, pollMs: 1 },
  });

  return {
    actions, plan, reloads: () => reloads
  };
}

/** The cluster as Rancher holds it after the snapshot request: reconciled, with one successful snapshot. */
function withSnapshot(obj: Record<string, any>, rv: string) {
  const generation = (obj.metadata.generation || 1) + 1;

  return {
    ...obj,
    metadata: { ...obj.metadata, resourceVersion: rv, generation },
    spec:     { ...obj.spec, rkeConfig: { ...obj.spec.rkeConfig, etcdSnapshotCreate: { generation: 1 } } },
    status:   { ...obj.status, observedGeneration: generation, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] },
  };
}

describe('runBlocker: why the next step cannot be run from the tab', () => {
  const plan = planMigration(rke2InTree());
  const first = plan.steps[0];
  const wait = plan.steps.find((s) => s.action === 'wait-cluster')!;

  it.each([
    ['no plan', undefined, first, true, 'noStep'],
    ['a read-only user', plan, first, false, 'readOnly'],
    ['a step judged from the live cluster', plan, wait, true, 'automatic'],
    ['an open blocker', { ...plan, preflight: [{ id: 'x', severity: 'blocker' as const, message: { key: 'x' } }] }, first, true, 'blocked'],
    ['a runnable step', plan, first, true, undefined],
    ['a runnable step when the permission is not known', plan, first, undefined, undefined],
  ])('%s', (_name, p, step, canUpdate, expected) => {
    expect(runBlocker(p as MigrationPlan | undefined, step, canUpdate as boolean | undefined)).toBe(expected);
  });

  it('a cordon or uncordon needs the right to patch the nodes; a cluster update does not', () => {
    const cordon = plan.steps.find((s) => s.action === 'cordon')!;
    const uncordon = plan.steps.find((s) => s.action === 'uncordon')!;

    expect(runBlocker(plan, cordon, true, undefined, false)).toBe('cannotPatchNodes');
    expect(runBlocker(plan, uncordon, true, undefined, false)).toBe('cannotPatchNodes');
    expect(runBlocker(plan, cordon, true, undefined, true)).toBeUndefined();
    expect(runBlocker(plan, cordon, true, undefined, undefined)).toBeUndefined();
    expect(runBlocker(plan, first, true, undefined, false)).toBeUndefined();
    // A read-only user is told that first.
    expect(runBlocker(plan, cordon, false, undefined, false)).toBe('readOnly');
  });
});

describe('canPatchNodes: from the links Steve gives each node', () => {
  it.each([
    ['every node has an update link', [{ links: { self: 's', update: 's' } }, { links: { self: 's', update: 's' } }], true],
    ['one node has none', [{ links: { self: 's', update: 's' } }, { links: { self: 's' } }], false],
    ['a node without links', [{}], false],
    ['a patch link where Steve gives one decides', [{ links: { update: 's', patch: 's' } }], true],
    ['a blocked patch link', [{ links: { update: 's', patch: 'blocked' } }], false],
    ['a blocked update link without a patch link', [{ links: { update: 'blocked' } }], false],
    ['no nodes read', undefined, undefined],
    ['an empty list', [], undefined],
  ])('%s', (_name, nodes, expected) => {
    expect(canPatchNodes(nodes as any)).toBe(expected);
  });
});

describe('useStepActions', () => {
  it('runs an update after a snapshot, then journals who applied it with the diff digest and the snapshot, then re-reads', async () => {
    const obj = rke2InTree();
    const snapped = withSnapshot(obj, '2001');
    const store = new FakeStore({
      [`GET ${ PROV }`]: [{ ok: obj }, { ok: obj }, { ok: snapped }, { ok: snapped }, { ok: snapped }, { ok: { ...snapped, metadata: { ...snapped.metadata, resourceVersion: '2002' } } }],
      [`PUT ${ PROV }`]: (url) => ({ ok: { url } }),
      [`GET ${ SNAPSHOTS }`]:  [{ ok: { data: [] } }, { ok: { data: [{ metadata: { name: 'prod-east-on-demand-cp-1-local', labels: { 'rke.cattle.io/cluster-name': 'prod-east' } }, snapshotFile: { name: 'on-demand-cp-1', status: 'successful' } }] } }],
      'GET /v1/management.cattle.io.clusters/c-m-4x7kq2zd': { ok: { status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] } } },
    });
    const { actions, plan, reloads } = setup(store);
    const step = plan.value!.steps[0];

    const result = await actions.run(step);

    expect(result).toEqual(expect.objectContaining({ kind: 'done' }));
    const puts = store.calls.filter((c) => c.method === 'put');
    const journalPut = puts[puts.length - 1].data;
    const journal = readJournal(journalPut);

    expect(journal.entries).toEqual([expect.objectContaining({
      step: 'enable-leader-migration', action: 'update-cluster', by: 'alice', result: 'applied', snapshot: 'prod-east-on-demand-cp-1-local', digest: expect.any(String),
    })]);
    expect(journal.choices).toEqual({ strategy: plan.value!.strategy });
    expect(reloads()).toBe(1);
    expect(actions.running.value).toBeUndefined();
    expect(actions.outcome.value).toEqual(expect.objectContaining({ kind: 'done', step: 'enable-leader-migration' }));
  });

  it('journals a failure with its message, keeps what failed as the outcome and never throws', async () => {
    const store = new FakeStore({ [`GET ${ PROV }`]: httpError(403, 'forbidden') });
    const { actions, plan, reloads } = setup(store);

    const result = await actions.run(plan.value!.steps[0]);

    expect(result.kind).toBe('failed');
    expect((result as any).error.code).toBe('FORBIDDEN');
    expect(actions.outcome.value?.kind).toBe('failed');
    // Nothing was written: the journal write failed on the same read, and that failure is not the user's news.
    expect(store.calls.filter((c) => c.method !== 'get')).toEqual([]);
    expect(reloads()).toBe(1);
  });

  it('a cordon that leaves a node out is a failure naming the node, and the nodes it did cordon are journalled', async () => {
    const ID = 'c-m-4x7kq2zd';
    const NODES = `/k8s/clusters/${ ID }/v1/nodes?${ NODE_LIST_QUERY }`;
    const cp = (name: string) => ({
      metadata: { name, labels: { 'node-role.kubernetes.io/control-plane': 'true' } }, spec: {},
    });
    const obj = rke2InTree();
    const store = new FakeStore({
      [`GET ${ PROV }`]:                                     { ok: obj },
      [`PUT ${ PROV }`]:                                     (url) => ({ ok: { url } }),
      [`GET ${ NODES }`]:                                    { ok: { data: [cp('cp-1'), cp('cp-2')] } },
      [`PATCH /k8s/clusters/${ ID }/api/v1/nodes/cp-1`]:     { ok: {} },
      [`PATCH /k8s/clusters/${ ID }/api/v1/nodes/cp-2`]:     httpError(403, 'nodes "cp-2" is forbidden'),
    });
    const { actions, plan } = setup(store);
    const step = plan.value!.steps.find((s) => s.action === 'cordon')!;

    const result = await actions.run(step);

    expect(result.kind).toBe('failed');
    expect((result as any).error.check.details).toEqual([{ key: 'checks.cordon.nodeFailed', params: { node: 'cp-2', status: 'HTTP 403', reason: 'nodes "cp-2" is forbidden' } }]);
    const journal = readJournal(store.calls.filter((c) => c.method === 'put').pop()!.data);

    expect(journal.entries).toEqual([expect.objectContaining({
      step: step.id, action: 'cordon', result: 'failed', nodes: ['cp-1'], message: expect.objectContaining({ key: 'checks.cordon.partial' }),
    })]);
    expect(journal.cordoned).toEqual(['cp-1']);
  });

  it('runs one step at a time', async () => {
    const store = new FakeStore({ [`GET ${ PROV }`]: { ok: rke2InTree() } });
    const { actions, plan } = setup(store);

    actions.running.value = 'deploy-ccm';
    const result = await actions.run(plan.value!.steps[0]);

    expect(result.kind).toBe('failed');
    expect(store.calls).toEqual([]);
  });
});

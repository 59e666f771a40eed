// The step runner with snapshotBeforeUpdate: an etcd snapshot, waited for, before every update step that writes.
import { planMigration } from '../../engine';
import type { PlanStep, StepAction, StepId } from '../../engine';
import { StepRunner, type RunTarget, type RunnerOptions } from '../stepRunner';
import { FakeStore } from '../../__tests__/fakeStore';
import { provisioningCluster } from './clusters';

const ID = 'c-m-7x2k9q4z';
const PROV = '/v1/provisioning.cattle.io.clusters/fleet-default/prod';
const MGMT = `/v1/management.cattle.io.clusters/${ ID }`;
const SNAPSHOTS = '/v1/rke.cattle.io.etcdsnapshots/fleet-default?labelSelector=rke.cattle.io%2Fcluster-name%3Dprod';
const SNAPSHOT = 'prod-on-demand-cp-1-1762164000-local';

const TARGET: RunTarget = {
  name: 'prod', clusterId: ID, distro: 'rke2', options: { strategy: 'leader-migration' }
};

const step = (action: StepAction, id: StepId) => ({ id, action } as PlanStep);

function runner(store: FakeStore, opts: RunnerOptions = { snapshotBeforeUpdate: true }) {
  return new StepRunner(store, TARGET, { timeoutMs: 500, pollMs: 1, ...opts });
}

/** A reconciled provisioning cluster, with the snapshot generation `created` when given. */
function prov(resourceVersion: string, kcmArgs: string[] = [], created?: number) {
  const p = provisioningCluster(resourceVersion, kcmArgs);

  p.status = { ...p.status, observedGeneration: 7, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] };
  if (created) {
    p.spec.rkeConfig.etcdSnapshotCreate = { generation: created };
  }

  return p;
}

const snapshots = (...names: string[]) => ({
  ok: { data: names.map((name) => ({ metadata: { name, namespace: 'fleet-default', labels: { 'rke.cattle.io/cluster-name': 'prod' } }, snapshotFile: { status: 'successful', createdAt: '2025-11-03T10:00:00Z' } })) },
});

describe('StepRunner with snapshotBeforeUpdate', () => {
  it('takes an etcd snapshot and waits for it before an update step that writes, records its name, then writes from a fresh read', async () => {
    const store = new FakeStore()
      .on('get', PROV, { ok: prov('1001') }, { ok: prov('1001') }, { ok: prov('1002', [], 1) })
      .on('put', PROV, { ok: prov('1002', [], 1) }, { ok: prov('1003', ['enable-leader-migration'], 1) })
      .on('get', MGMT, { ok: { id: ID, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] } } })
      .on('get', SNAPSHOTS, snapshots(), snapshots(SNAPSHOT));

    const record = await runner(store).runStep(step('update-cluster', 'enable-leader-migration'));
    const [bump, update] = store.writes();

    expect(record).toEqual(expect.objectContaining({ id: 'enable-leader-migration', write: 'applied', snapshot: SNAPSHOT }));
    expect(store.writes()).toHaveLength(2);
    expect(bump.data.spec.rkeConfig.etcdSnapshotCreate).toEqual({ generation: 1 });
    expect(bump.data.metadata.resourceVersion).toBe('1001');
    // The update is derived from the cluster as it is after the snapshot request.
    expect(update.data.metadata.resourceVersion).toBe('1002');
    expect(update.data.spec.rkeConfig.etcdSnapshotCreate).toEqual({ generation: 1 });
    expect(update.data.spec).toEqual(planMigration(prov('1002', [], 1), TARGET.options).steps.find((s) => s.id === 'enable-leader-migration')!.object!.spec);
  });

  it('takes no snapshot when the re-plan has nothing to write', async () => {
    const store = new FakeStore().on('get', PROV, { ok: prov('1001', ['enable-leader-migration']) });

    const record = await runner(store).runStep(step('update-cluster', 'enable-leader-migration'));

    expect(record.write).toBe('unchanged');
    expect(record.snapshot).toBeUndefined();
    expect(store.writes()).toEqual([]);
    expect(store.calls.map((c) => c.url)).not.toContain(SNAPSHOTS);
  });

  it('takes none before live steps, nor without the option', async () => {
    const store = new FakeStore()
      .on('get', PROV, { ok: prov('1001') })
      .on('put', PROV, { ok: prov('1002', ['enable-leader-migration']) })
      .on('get', MGMT, { ok: { id: ID, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] } } });

    await runner(store).runStep(step('wait-cluster', 'wait-leader-migration'));
    const record = await runner(store, {}).runStep(step('update-cluster', 'enable-leader-migration'));

    expect(record.snapshot).toBeUndefined();
    expect(store.writes()).toHaveLength(1);
    expect(store.calls.map((c) => c.url)).not.toContain(SNAPSHOTS);
  });

  it('does not write the step when the snapshot fails', async () => {
    const store = new FakeStore()
      .on('get', PROV, { ok: prov('1001') }, { ok: prov('1001') }, { ok: prov('1002', [], 1) })
      .on('put', PROV, { ok: prov('1002', [], 1) })
      .on('get', MGMT, { ok: { id: ID, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] } } })
      .on('get', SNAPSHOTS, snapshots(), { ok: { data: [{ metadata: { name: SNAPSHOT, labels: { 'rke.cattle.io/cluster-name': 'prod' } }, snapshotFile: { status: 'failed', message: 'no space left on device' } }] } });

    const error = await runner(store).runStep(step('update-cluster', 'enable-leader-migration')).catch((e) => e);

    expect(error.check.message).toEqual({ key: 'api.etcdSnapshot.failed', params: { cluster: 'prod', message: 'no space left on device' } });
    expect(store.writes()).toHaveLength(1);
  });
});

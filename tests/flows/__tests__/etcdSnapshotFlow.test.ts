/**
 * @jest-environment ./node_modules/jest-environment-node
 *
 * Browser-free flow: the product's step runner with snapshotBeforeUpdate against the simulated Rancher (in process,
 * over HTTP): the first update step of an RKE2 and an RKE1 cluster is preceded by an etcd snapshot that Rancher
 * completes, and restoring that snapshot with the whole configuration takes the RKE2 step back.
 */
import { planMigration } from '../../../pkg/cloud-provider-migration/engine';
import type { PlanStep } from '../../../pkg/cloud-provider-migration/engine';
import { restoreEtcdSnapshot, StepRunner } from '../../../pkg/cloud-provider-migration/api';
import type { RunTarget, StoreLike } from '../../../pkg/cloud-provider-migration/api';
import { startSimulator, type Simulator } from '../../../sim/server';
import { login } from '../../../sim/server/__tests__/helpers';
import { httpStore as overHttp } from '../../httpStore';

const httpStore = (sim: Simulator, cookie: string): StoreLike => overHttp(sim.url, cookie);

function firstUpdate(steps: PlanStep[]): PlanStep {
  return steps.find((s) => s.action === 'update-cluster' && !s.done)!;
}

describe('the step runner takes an etcd snapshot before each cluster update (simulated Rancher 2.11)', () => {
  let sim: Simulator;
  let store: StoreLike;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0, rancher: '2.11', speed: 400, stevePingMs: 60000, normanPingMs: 60000
    });
    store = httpStore(sim, (await login(sim)).cookie!);
  });
  afterAll(() => sim.close());

  it('RKE2: snapshots on every etcd node before the write; restoring it with the configuration takes the step back', async () => {
    const target: RunTarget = {
      name: 'prod-rke2', clusterId: 'c-m-prod0001', distro: 'rke2', options: { strategy: 'leader-migration' }
    };
    const runner = new StepRunner(store, target, { snapshotBeforeUpdate: true, timeoutMs: 30000, pollMs: 20 });
    const before = await runner.readCluster();
    const step = firstUpdate((await runner.plan()).steps);
    const record = await runner.runStep(step);
    const taken = sim.store.list('local', 'rke.cattle.io.etcdsnapshot', 'fleet-default').filter((s) => s.metadata.labels?.['rke.cattle.io/cluster-name'] === 'prod-rke2');
    const etcdNodes = sim.store.list('c-m-prod0001', 'node').filter((n) => n.metadata.labels?.['node-role.kubernetes.io/etcd'] === 'true');

    expect(record).toEqual(expect.objectContaining({ id: step.id, write: 'applied', snapshot: expect.stringMatching(/^prod-rke2-on-demand-/) }));
    expect(taken.map((s) => s.snapshotFile.nodeName).sort()).toEqual(etcdNodes.map((n) => n.metadata.name).sort());
    expect(taken.map((s) => s.metadata.name)).toContain(record.snapshot);
    expect(planMigration(await runner.readCluster(), target.options).steps.find((s) => s.id === step.id)?.done).toBe(true);

    // The last resort: restore that snapshot with its configuration; the step is to be done again.
    expect((await restoreEtcdSnapshot(store, target, record.snapshot!, 'all')).outcome).toBe('applied');
    await runner.runStep({ id: 'wait-leader-migration', action: 'wait-cluster' } as PlanStep);
    const restored = await runner.readCluster();

    expect(restored.spec.rkeConfig.machineSelectorConfig).toEqual(before.spec.rkeConfig.machineSelectorConfig);
    expect(planMigration(restored, target.options).steps.find((s) => s.id === step.id)?.done).toBe(false);
  }, 60000);

  it('RKE1: a manual etcd backup, Completed, before the write; its Norman id is recorded', async () => {
    const target: RunTarget = {
      name: 'c-rke1a', clusterId: 'c-rke1a', distro: 'rke1', options: { rke1NodeProvisioning: 'node-driver' }
    };
    const runner = new StepRunner(store, target, { snapshotBeforeUpdate: true, timeoutMs: 30000, pollMs: 20 });
    const step = firstUpdate((await runner.plan()).steps);
    const record = await runner.runStep(step);
    const [ns, name] = record.snapshot!.split(':');
    const backup = sim.store.get('local', 'management.cattle.io.etcdbackup', ns, name);

    expect(record).toEqual(expect.objectContaining({ id: step.id, write: 'applied', snapshot: expect.stringMatching(/^c-rke1a:c-rke1a-ml-/) }));
    expect((backup?.status?.conditions || []).find((c: any) => c.type === 'Completed')?.status).toBe('True');
  }, 60000);
});

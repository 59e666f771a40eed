/**
 * @jest-environment ./node_modules/jest-environment-node
 *
 * Browser-free flow: the product's step runner against the simulated Rancher (in process, over HTTP) rolls back the
 * updates made before the switch, in the reverse order: the CCM HelmChart leaves the additional manifest (an etcd
 * snapshot first), Rancher reconciles the cluster, helm-controller uninstalls the CCM, and only then the
 * kube-controller-manager's leader-migration flag goes, leaving the spec the migration started from. RKE1: the CCM
 * chart's Rancher app is uninstalled (its release, DaemonSet and pods go), then the flag goes.
 */
import type { PlanStep, StepId } from '../../../pkg/cloud-provider-migration/engine';
import { planMigration, readCcmHelmChart } from '../../../pkg/cloud-provider-migration/engine';
import { StepRunner } from '../../../pkg/cloud-provider-migration/api';
import type { RunTarget, StoreLike } from '../../../pkg/cloud-provider-migration/api';
import { startSimulator, type Simulator } from '../../../sim/server';
import { login } from '../../../sim/server/__tests__/helpers';
import { httpStore as overHttp } from '../../httpStore';

const TARGET: RunTarget = {
  name: 'prod-rke2', clusterId: 'c-m-prod0001', distro: 'rke2', options: { strategy: 'leader-migration' }
};

const waitCluster = { id: 'wait-leader-migration', action: 'wait-cluster' } as PlanStep;

/** Plans again from a fresh read and carries out the step `id` of that plan. */
async function run(runner: StepRunner, id: StepId) {
  return runner.runStep((await runner.plan()).steps.find((s) => s.id === id)!);
}

describe('rolling back the updates made before the switch (simulated Rancher 2.11)', () => {
  let sim: Simulator;
  let store: StoreLike;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0, rancher: '2.11', speed: 400, stevePingMs: 60000, normanPingMs: 60000
    });
    store = overHttp(sim.url, (await login(sim)).cookie!);
  });
  afterAll(() => sim.close());

  it('RKE2: deploy-ccm is rolled back after a snapshot, the cluster reconciles without the CCM, then the flag goes', async () => {
    const runner = new StepRunner(store, TARGET, { snapshotBeforeUpdate: true, timeoutMs: 30000, pollMs: 20 });
    const original = await runner.readCluster();
    const downstreamCharts = () => sim.store.list('c-m-prod0001', 'helm.cattle.io.helmchart', 'kube-system').filter((c) => c.metadata.name === 'aws-cloud-controller-manager');

    for (const id of ['enable-leader-migration', 'wait-leader-migration', 'deploy-ccm', 'wait-ccm-rollout'] as StepId[]) {
      await run(runner, id);
    }
    expect(readCcmHelmChart((await runner.readCluster()).spec.rkeConfig.additionalManifest)).not.toBeNull();
    expect(downstreamCharts()).toHaveLength(1);

    // While the CCM runs with leader migration, the flag is not the one to roll back first.
    const early = await runner.rollbackStep({ id: 'enable-leader-migration', action: 'update-cluster' }).catch((e) => e);

    expect(early.messageKey).toBe('rollback.refused.deployCcmFirst');

    const record = await runner.rollbackStep({ id: 'deploy-ccm', action: 'update-cluster' });
    const snapshots = sim.store.list('local', 'rke.cattle.io.etcdsnapshot', 'fleet-default').map((s) => s.metadata.name);

    expect(record).toEqual(expect.objectContaining({
      id: 'deploy-ccm', write: 'applied', rollback: true, snapshot: expect.stringMatching(/^prod-rke2-on-demand-/),
    }));
    expect(snapshots).toContain(record.snapshot);
    await runner.runStep(waitCluster);
    const rolledBack = await runner.readCluster();

    expect(readCcmHelmChart(rolledBack.spec.rkeConfig.additionalManifest)).toBeNull();
    expect(rolledBack.spec.rkeConfig.additionalManifest || '').toBe(original.spec.rkeConfig.additionalManifest || '');
    expect(planMigration(rolledBack, TARGET.options).steps.find((s) => s.id === 'deploy-ccm')!.done).toBe(false);
    expect(planMigration(rolledBack, TARGET.options).steps.find((s) => s.id === 'enable-leader-migration')!.done).toBe(true);

    // Rancher wrote the manifest without the HelmChart to the servers; helm-controller uninstalls the CCM.
    await runner.until('the CCM uninstalled', async () => ((await runner.daemonSet()) === null && !downstreamCharts().length ? { state: 'done', message: { key: 'gone' } } : { state: 'waiting', message: { key: 'still there' } }));
    await runner.rollbackStep({ id: 'enable-leader-migration', action: 'update-cluster' });
    await runner.runStep(waitCluster);
    const restored = await runner.readCluster();

    // Back to the spec the migration started from, but for the snapshot requests the rollbacks made.
    expect({ ...restored.spec.rkeConfig, etcdSnapshotCreate: undefined, additionalManifest: undefined }).toEqual({ ...original.spec.rkeConfig, etcdSnapshotCreate: undefined, additionalManifest: undefined });
    expect(restored.spec.rkeConfig.etcdSnapshotCreate.generation).toBe(Number(original.spec.rkeConfig.etcdSnapshotCreate?.generation || 0) + 4);
  }, 90000);

  it('RKE1: install-ccm is rolled back by uninstalling its app, the CCM goes with its pods, then the flag goes', async () => {
    const rke1: RunTarget = {
      name: 'c-rke1a', clusterId: 'c-rke1a', distro: 'rke1', options: { strategy: 'leader-migration' }
    };
    const runner = new StepRunner(store, rke1, { timeoutMs: 30000, pollMs: 20 });
    const original = await runner.readCluster();
    const ccmPods = () => sim.store.list('c-rke1a', 'pod', 'kube-system').filter((p) => (p.metadata.ownerReferences || []).some((o: any) => o.kind === 'DaemonSet' && o.name === 'aws-cloud-controller-manager'));
    const steps = (await runner.plan()).steps;

    for (const step of steps.slice(0, steps.findIndex((s) => s.id === 'cordon-control-plane'))) {
      await run(runner, step.id);
    }
    expect(await runner.daemonSet()).not.toBeNull();
    expect(ccmPods().length).toBeGreaterThan(0);
    const early = await runner.rollbackStep({ id: 'enable-leader-migration', action: 'update-cluster' }).catch((e) => e);

    expect(early.messageKey).toBe('rollback.refused.uninstallCcmFirst');

    const before = await runner.readCluster();
    const record = await runner.rollbackStep({ id: 'install-ccm', action: 'install-chart' });

    expect(record).toEqual({
      id: 'install-ccm', action: 'install-chart', write: 'applied', rollback: true
    });
    // The uninstall writes nothing to the cluster object.
    expect(await runner.readCluster()).toEqual(before);
    await runner.until('the CCM uninstalled', async () => ((await runner.daemonSet()) === null && !ccmPods().length && !sim.store.get('c-rke1a', 'catalog.cattle.io.app', 'kube-system', 'aws-cloud-controller-manager') ? { state: 'done', message: { key: 'gone' } } : { state: 'waiting', message: { key: 'still there' } }));
    const again = await runner.rollbackStep({ id: 'install-ccm', action: 'install-chart' }).catch((e) => e);

    expect(again.messageKey).toBe('rollback.refused.notDone');
    await runner.rollbackStep({ id: 'enable-leader-migration', action: 'update-cluster' });
    const restored = await runner.readCluster();

    // Back to the kube-controller the migration started from (the rollback leaves an empty extraArgs where there was none).
    expect(restored.rancherKubernetesEngineConfig.services.kubeController.extraArgs).toEqual({});
    expect({ ...restored.rancherKubernetesEngineConfig.services.kubeController, extraArgs: undefined }).toEqual({ ...original.rancherKubernetesEngineConfig.services.kubeController, extraArgs: undefined });
  }, 90000);
});

// The step runner's rollback of an applied update: refused before any write when the engine does not offer it, an
// etcd snapshot first, then the rollback derived from a fresh read and written with the conflict protocol.
import { planMigration, planRollback } from '../../engine';
import type { PlanOptions, PlanStep, StepId } from '../../engine';
import { StepRunner, type RunTarget, type RunnerOptions } from '../stepRunner';
import { FakeStore, httpError } from '../../__tests__/fakeStore';
import { NO_MANAGED_FIELDS } from '../../__tests__/downstreamUrls';
import { normanCluster, provisioningCluster } from './clusters';

type Obj = Record<string, any>;

const ID = 'c-m-7x2k9q4z';
const PROV = '/v1/provisioning.cattle.io.clusters/fleet-default/prod';
const MGMT = `/v1/management.cattle.io.clusters/${ ID }`;
const SNAPSHOTS = '/v1/rke.cattle.io.etcdsnapshots/fleet-default?labelSelector=rke.cattle.io%2Fcluster-name%3Dprod';
const DS = `/k8s/clusters/${ ID }/v1/apps.daemonsets/kube-system/aws-cloud-controller-manager?${ NO_MANAGED_FIELDS }`;
const SNAPSHOT = 'prod-on-demand-cp-1-1762164000-local';
const OPTIONS: PlanOptions = { strategy: 'leader-migration' };
const TARGET: RunTarget = {
  name: 'prod', clusterId: ID, distro: 'rke2', options: OPTIONS
};

const step = (id: StepId) => ({ id, action: 'update-cluster' } as PlanStep);
const reconciled = { ok: { id: ID, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] } } };

function runner(store: FakeStore, opts: RunnerOptions = { snapshotBeforeUpdate: true }, target: RunTarget = TARGET) {
  return new StepRunner(store, target, { timeoutMs: 500, pollMs: 1, ...opts });
}

/** The provisioning cluster, reconciled, after the given steps (each written from a fresh plan, as the runner does). */
function cluster(...ids: StepId[]): Obj {
  const base = provisioningCluster('1001');

  base.status = { ...base.status, observedGeneration: 7, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] };

  return ids.reduce((o, id) => planMigration(o, OPTIONS).steps.find((s) => s.id === id)!.object!, base);
}

/**
 * A provisioning cluster on a tiny server: GET answers what it holds, PUT stores the body when its resourceVersion is
 * the current one (409 otherwise) and moves the version on; `meddle` changes it the way another admin would.
 */
function server(store: FakeStore, initial: Obj) {
  let current = JSON.parse(JSON.stringify(initial));
  const lastBody = () => JSON.parse(JSON.stringify(store.calls[store.calls.length - 1].data));

  store.on('get', PROV, () => ({ ok: current }));
  store.on('put', PROV, () => {
    const body = lastBody();

    if (body.metadata.resourceVersion !== current.metadata.resourceVersion) {
      return { status: 409 };
    }
    current = { ...body, status: current.status, metadata: { ...body.metadata, resourceVersion: String(Number(current.metadata.resourceVersion) + 1) } };

    return { ok: current };
  });

  return {
    get: () => current,
    meddle: (edit: (o: Obj) => void) => {
      edit(current);
      current.metadata.resourceVersion = String(Number(current.metadata.resourceVersion) + 1);
    },
  };
}

const snapshots = (...names: string[]) => ({
  ok: { data: names.map((name) => ({ metadata: { name, namespace: 'fleet-default', labels: { 'rke.cattle.io/cluster-name': 'prod' } }, snapshotFile: { status: 'successful', createdAt: '2025-11-03T10:00:00Z' } })) },
});

describe('StepRunner.rollbackStep (RKE2)', () => {
  it('takes an etcd snapshot, then writes the rollback of deploy-ccm derived from the cluster as it is after the snapshot', async () => {
    const store = new FakeStore().on('get', MGMT, reconciled).on('get', SNAPSHOTS, snapshots(), snapshots(SNAPSHOT));
    const srv = server(store, cluster('enable-leader-migration', 'deploy-ccm'));

    const record = await runner(store).rollbackStep(step('deploy-ccm'));
    const [bump, rollback] = store.writes();

    expect(record).toEqual({
      id: 'deploy-ccm', action: 'update-cluster', write: 'applied', rollback: true, snapshot: SNAPSHOT
    });
    expect(store.writes()).toHaveLength(2);
    expect(bump.data.spec.rkeConfig.etcdSnapshotCreate).toEqual({ generation: 1 });
    expect(rollback.data.metadata.resourceVersion).toBe('1002');
    expect(rollback.data.spec.rkeConfig.etcdSnapshotCreate).toEqual({ generation: 1 });
    expect(rollback.data.spec.rkeConfig.additionalManifest).toBe('');
    expect(planMigration(srv.get(), OPTIONS).steps.find((s) => s.id === 'deploy-ccm')!.done).toBe(false);
    expect(planMigration(srv.get(), OPTIONS).steps.find((s) => s.id === 'enable-leader-migration')!.done).toBe(true);
  });

  it('hands a change by someone else to what the step owns to the user, without writing over it', async () => {
    const store = new FakeStore();
    const srv = server(store, cluster('enable-leader-migration', 'deploy-ccm'));
    const theirs = (o: Obj) => {
      o.spec.rkeConfig.machineGlobalConfig.cni = 'cilium';
    };
    let meddled = false;

    // Another admin saves the cluster between the runner's read and its write.
    store.on('get', PROV, () => {
      const answer = { ok: JSON.parse(JSON.stringify(srv.get())) };

      if (!meddled) {
        meddled = store.calls.filter((c) => c.method === 'get' && c.url === PROV).length >= 2;
        if (meddled) {
          srv.meddle(theirs);
        }
      }

      return answer;
    });

    const record = await runner(store, {}).rollbackStep(step('deploy-ccm'));

    expect(record.write).toBe('conflict');
    expect(record.rollback).toBe(true);
    expect(record.conflict!.theirs!.spec.rkeConfig.machineGlobalConfig.cni).toBe('cilium');
    expect(record.conflict!.base!.spec.rkeConfig.machineGlobalConfig.cni).toBe('calico');
    expect(record.conflict!.ours!.spec.rkeConfig.additionalManifest).toBe('');
    expect(store.writes()).toHaveLength(1);
    // What the other admin saved is what the cluster holds; the rollback is not applied over it.
    expect(srv.get().spec.rkeConfig.additionalManifest).toContain('HelmChart');
  });

  it('is refused before anything is written (no snapshot either) when the engine does not offer it', async () => {
    const store = new FakeStore();

    server(store, cluster('enable-leader-migration', 'deploy-ccm', 'switch-to-external'));

    const error = await runner(store).rollbackStep(step('deploy-ccm')).catch((e) => e);

    expect([error.code, error.messageKey]).toEqual(['ROLLBACK_REFUSED', 'rollback.refused.switched']);
    expect(store.writes()).toEqual([]);
    expect(store.calls.map((c) => c.url)).not.toContain(SNAPSHOTS);
  });

  it('reads whether a CCM DaemonSet runs before rolling back the flag, and refuses while one does', async () => {
    const running = new FakeStore().on('get', DS, { ok: { metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system' } } });
    const gone = new FakeStore().on('get', DS, httpError(404, 'not found'));

    server(running, cluster('enable-leader-migration'));
    const srv = server(gone, cluster('enable-leader-migration'));

    const error = await runner(running, {}).rollbackStep(step('enable-leader-migration')).catch((e) => e);
    const record = await runner(gone, {}).rollbackStep(step('enable-leader-migration'));

    expect(error.messageKey).toBe('rollback.refused.ccmRunning');
    expect(running.writes()).toEqual([]);
    expect(record.write).toBe('applied');
    expect(srv.get().spec).toEqual({ ...cluster().spec });
    expect(gone.calls.filter((c) => c.url === DS)).toHaveLength(1);
  });

  it('reads nothing downstream for the CCM\'s own rollback', async () => {
    const store = new FakeStore();

    server(store, cluster('enable-leader-migration', 'deploy-ccm'));
    await runner(store, {}).rollbackStep(step('deploy-ccm'));

    expect(store.calls.filter((c) => c.url.startsWith('/k8s/'))).toEqual([]);
  });
});

describe('StepRunner.rollbackStep (RKE1)', () => {
  const NORMAN = '/v3/clusters/c-5xk2n';
  const APP = `/k8s/clusters/${ ID }/v1/catalog.cattle.io.apps/kube-system/aws-cloud-controller-manager?${ NO_MANAGED_FIELDS }`;
  const rke1: RunTarget = {
    name: 'c-5xk2n', clusterId: ID, distro: 'rke1', options: { strategy: 'leader-migration', rke1NodeProvisioning: 'node-driver' }
  };

  it('refuses the flag while the chart\'s app is deployed, and takes the flag out of extraArgs once it is not', async () => {
    const flagged = normanCluster({ 'enable-leader-migration': 'true', 'terminated-pod-gc-threshold': '500' });
    const after = normanCluster({ 'terminated-pod-gc-threshold': '500' });
    const deployed = new FakeStore()
      .on('get', NORMAN, { ok: flagged })
      .on('get', DS, httpError(404, 'not found'))
      .on('get', APP, { ok: { spec: { info: { status: 'deployed' }, chart: { metadata: { version: '0.0.8' } }, values: {} } } });
    const uninstalled = new FakeStore()
      .on('get', NORMAN, { ok: flagged }, { ok: flagged }, { ok: after })
      .on('put', NORMAN, { ok: after })
      .on('get', DS, httpError(404, 'not found'))
      .on('get', APP, httpError(404, 'not found'));

    const error = await runner(deployed, {}, rke1).rollbackStep(step('enable-leader-migration')).catch((e) => e);
    const record = await runner(uninstalled, {}, rke1).rollbackStep(step('enable-leader-migration'));
    const [put] = uninstalled.writes();

    expect(error.messageKey).toBe('rollback.refused.uninstallCcmFirst');
    expect(deployed.writes()).toEqual([]);
    expect(record).toEqual(expect.objectContaining({ write: 'applied', rollback: true }));
    expect(put.data.rancherKubernetesEngineConfig.services.kubeController.extraArgs).toEqual({ 'terminated-pod-gc-threshold': '500' });
    expect(put.data.rancherKubernetesEngineConfig.services.kubeController.extraArgs).toEqual(planRollback(flagged, rke1.options, 'enable-leader-migration', { observations: { daemonSet: null, chartRelease: null } }).object!.rancherKubernetesEngineConfig.services.kubeController.extraArgs);
  });

  const UNINSTALL = `/k8s/clusters/${ ID }/v1/catalog.cattle.io.apps/kube-system/aws-cloud-controller-manager?action=uninstall`;
  const installStep = { id: 'install-ccm', action: 'install-chart' } as PlanStep;

  it('rolls back the chart by the app\'s uninstall action, in whatever state the app is, and writes nothing to the cluster', async () => {
    const flagged = normanCluster({ 'enable-leader-migration': 'true' });
    const store = new FakeStore()
      .on('get', NORMAN, { ok: flagged })
      .on('get', DS, { ok: { metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system' } } })
      .on('get', APP, { ok: { metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system' }, spec: { info: { status: 'failed' } } } })
      .on('post', UNINSTALL, { ok: { type: 'chartActionOutput', operationName: 'helm-operation-x2k9q', operationNamespace: 'kube-system' } });

    const record = await runner(store, { snapshotBeforeUpdate: true }, rke1).rollbackStep(installStep);

    expect(record).toEqual({
      id: 'install-ccm', action: 'install-chart', write: 'applied', rollback: true
    });
    expect(store.writes().map((c) => [c.method, c.url, c.data])).toEqual([['post', UNINSTALL, {}]]);
  });

  it('refuses, before any write, when no app of the chart exists: a CCM running without it was installed some other way', async () => {
    const flagged = normanCluster({ 'enable-leader-migration': 'true' });
    const store = new FakeStore()
      .on('get', NORMAN, { ok: flagged })
      .on('get', DS, { ok: { metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system' } } })
      .on('get', APP, httpError(404, 'not found'));

    const error = await runner(store, {}, rke1).rollbackStep(installStep).catch((e) => e);

    expect([error.code, error.messageKey]).toEqual(['ROLLBACK_REFUSED', 'rollback.refused.notAnApp']);
    expect(store.writes()).toEqual([]);
  });

  it('says what Rancher answered when the uninstall is refused (no permission), and records nothing', async () => {
    const store = new FakeStore()
      .on('get', NORMAN, { ok: normanCluster({ 'enable-leader-migration': 'true' }) })
      .on('get', DS, httpError(404, 'not found'))
      .on('get', APP, { ok: { metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system' }, spec: { info: { status: 'deployed' } } } })
      .on('post', UNINSTALL, httpError(403, 'apps.catalog.cattle.io "aws-cloud-controller-manager" is forbidden'));
    const r = runner(store, {}, rke1);

    const error = await r.rollbackStep(installStep).catch((e) => e);

    expect(error.code).toBe('FORBIDDEN');
    expect(r.records).toEqual([]);
  });
});

// What is read besides the CCM DaemonSet while its rollout stalls, by the tab (readObservations) and by the step
// runner alike, and the diagnosis a timed-out wait then carries.
import { readObservations } from '../observe';
import { readRolloutEvidence } from '../rolloutEvidence';
import { StepRunner, StepWaitError } from '../stepRunner';
import { FakeStore } from '../../__tests__/fakeStore';
import { NODE_LIST_QUERY, NO_MANAGED_FIELDS } from '../../__tests__/downstreamUrls';
import type { PlanStep } from '../../engine';
import { ccmDaemonSet, rke2ControlPlane } from '../../engine/checks/__tests__/fixtures';
import {
  ccmPod, installJob, installPod, JOB_NAME,
} from '../../engine/checks/__tests__/podFixtures';

const ID = 'c-m-7x2k9q4z';
const PREFIX = `/k8s/clusters/${ ID }`;
const MGMT = `/v1/management.cattle.io.clusters/${ ID }`;
const NODES = `${ PREFIX }/v1/nodes?${ NODE_LIST_QUERY }`;
const DS = `${ PREFIX }/v1/apps.daemonsets/kube-system/aws-cloud-controller-manager?${ NO_MANAGED_FIELDS }`;
const LEASES = `${ PREFIX }/v1/coordination.k8s.io.leases/kube-system?${ NO_MANAGED_FIELDS }`;
const CCM_PODS = `${ PREFIX }/v1/pods/kube-system?labelSelector=k8s-app%3Daws-cloud-controller-manager&${ NO_MANAGED_FIELDS }`;
const JOB = `${ PREFIX }/v1/batch.jobs/kube-system/${ JOB_NAME }?${ NO_MANAGED_FIELDS }`;
const JOB_PODS = `${ PREFIX }/v1/pods/kube-system?labelSelector=job-name%3D${ JOB_NAME }&${ NO_MANAGED_FIELDS }`;

/** The DaemonSet as the API returns it, with the selector its pods are listed by. */
const daemonSet = (shape: Parameters<typeof ccmDaemonSet>[0]) => {
  const ds = ccmDaemonSet(shape);

  ds.spec!.selector = { matchLabels: { 'k8s-app': 'aws-cloud-controller-manager' } };

  return ds;
};

const cluster = (store: FakeStore, nodes = [rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2')]) => store
  .on('get', MGMT, { ok: { id: ID, status: { conditions: [{ type: 'Ready', status: 'True' }] } } })
  .on('get', NODES, { ok: { data: nodes } })
  .on('get', LEASES, { ok: { data: [] } });

describe('readRolloutEvidence', () => {
  it('reads nothing more while the DaemonSet is rolled out', async () => {
    const store = new FakeStore();

    expect(await readRolloutEvidence(store, ID, 'rke2', daemonSet({ desired: 2 }), [rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2')])).toEqual({});
    expect(store.calls).toEqual([]);
  });

  it('RKE1 without a DaemonSet reads no Job (the chart is a Rancher app there)', async () => {
    const store = new FakeStore();

    expect(await readRolloutEvidence(store, ID, 'rke1', null, [])).toEqual({});
    expect(store.calls).toEqual([]);
  });

  it('RKE2 without a DaemonSet: a Job that does not exist is read as null and its pods are not listed', async () => {
    const store = new FakeStore().on('get', JOB, { status: 404 });

    expect(await readRolloutEvidence(store, ID, 'rke2', null, [])).toEqual({ installJob: null });
    expect(store.calls.map((c) => c.url)).toEqual([JOB]);
  });
});

describe('readObservations while the CCM rollout stalls', () => {
  it('lists the DaemonSet\'s pods by its selector when it is not rolled out', async () => {
    const pods = [ccmPod('ccm-a', 'cp-1', 'ready'), ccmPod('ccm-b', 'cp-2', 'imagePullBackOff')];
    const store = cluster(new FakeStore())
      .on('get', DS, { ok: daemonSet({ desired: 2, available: 1 }) })
      .on('get', CCM_PODS, { ok: { data: pods } });

    const obs = await readObservations(store, { clusterId: ID, distro: 'rke2' });

    expect(obs.ccmPods).toEqual(pods);
    expect(obs.ccmInstallJob).toBeUndefined();
    expect(obs).not.toHaveProperty('observedAt');
    expect(store.writes()).toEqual([]);
  });

  it('RKE2 before the DaemonSet exists: reads the install Job and its pods, and the time when the caller gives step starts', async () => {
    const store = cluster(new FakeStore())
      .on('get', DS, { status: 404 })
      .on('get', JOB, { ok: installJob('active') })
      .on('get', JOB_PODS, { ok: { data: [installPod('pending-cordoned', 2)] } });
    const started = { 'wait-ccm-rollout': '2026-05-04T10:00:00Z' } as const;

    const obs = await readObservations(store, { clusterId: ID, distro: 'rke2', stepStartedAt: started });

    expect(obs.ccmInstallJob).toEqual(installJob('active'));
    expect(obs.ccmInstallJobPods).toEqual([installPod('pending-cordoned', 2)]);
    expect(obs.stepStartedAt).toBe(started);
    expect(Date.parse(obs.observedAt!)).not.toBeNaN();
  });

  it('a failed read of the pods fails the observations as a whole', async () => {
    const store = cluster(new FakeStore())
      .on('get', DS, { ok: daemonSet({ desired: 2, available: 0 }) })
      .on('get', CCM_PODS, { status: 503 });

    await expect(readObservations(store, { clusterId: ID, distro: 'rke2' })).rejects.toMatchObject({ code: 'API_UNAVAILABLE' });
  });
});

describe('StepRunner: a stalled rollout says why', () => {
  const waitStep = { id: 'wait-ccm-rollout', action: 'wait-rollout' } as PlanStep;
  const runner = (store: FakeStore) => new StepRunner(store, {
    name: 'prod', clusterId: ID, distro: 'rke2', options: { strategy: 'leader-migration' }
  }, { timeoutMs: 50, pollMs: 1 });

  it('times out with the install Job Pending on cordoned control-plane nodes and the time waited', async () => {
    const store = new FakeStore()
      .on('get', NODES, { ok: { data: [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2', { unschedulable: true })] } })
      .on('get', DS, { status: 404 })
      .on('get', JOB, { ok: installJob('active') })
      .on('get', JOB_PODS, { ok: { data: [installPod('pending-cordoned', 2)] } });

    const error = await runner(store).runStep(waitStep).catch((e) => e);

    expect(error).toBeInstanceOf(StepWaitError);
    expect(error.timedOut).toBe(true);
    expect(error.check.message.key).toBe('checks.ccmRollout.absent');
    expect(error.check.details.map((d: any) => d.key)).toEqual(['checks.ccmRollout.job.cordoned', 'checks.ccmRollout.pod.unschedulable', 'checks.ccmRollout.elapsed']);
    expect(error.message).toContain('checks.ccmRollout.absent');
  });

  it('gives a crash-looping pod\'s last termination message while the DaemonSet is not available', async () => {
    const store = new FakeStore()
      .on('get', NODES, { ok: { data: [rke2ControlPlane('cp-1')] } })
      .on('get', DS, { ok: daemonSet({ desired: 1, available: 0 }) })
      .on('get', CCM_PODS, { ok: { data: [ccmPod('ccm-a', 'cp-1', 'crashLoop')] } });

    const error = await runner(store).runStep(waitStep).catch((e) => e);

    expect(error.check.message.key).toBe('checks.ccmRollout.available');
    expect(error.check.details[0]).toEqual({
      key:    'checks.ccmRollout.pod.crashLoop',
      params: {
        node: 'cp-1', pod: 'ccm-a', restarts: 6, exitCode: 1, message: 'error building AWS cloud provider: could not init metadata service: no EC2 IMDS role found',
      },
    });
  });
});

/**
 * @jest-environment ./node_modules/jest-environment-node
 *
 * Browser-free flow: the product's step runner against the simulated Rancher (in process, over HTTP) when the CCM
 * rollout stalls. The wait times out with the diagnosis the tab shows: helm-controller's install Job Pending while
 * every control-plane node is cordoned, then each control-plane node whose CCM pod cannot pull its image, with the
 * image and the registry; once the cause is gone the same wait is done.
 */
import type { CheckResult, PlanStep } from '../../../pkg/cloud-provider-migration/engine';
import { controlPlaneNodes } from '../../../pkg/cloud-provider-migration/engine';
import { StepRunner, StepWaitError } from '../../../pkg/cloud-provider-migration/api';
import type { RunTarget, StoreLike } from '../../../pkg/cloud-provider-migration/api';
import { startSimulator, type Simulator } from '../../../sim/server';
import { login } from '../../../sim/server/__tests__/helpers';
import { httpStore as overHttp } from '../../httpStore';

const httpStore = (sim: Simulator, cookie: string): StoreLike => overHttp(sim.url, cookie);

const TARGET: RunTarget = {
  name: 'prod-rke2', clusterId: 'c-m-prod0001', distro: 'rke2', options: { strategy: 'leader-migration' }
};

/** Runs the plan's steps in order, each re-planned, up to (not including) `id`, and returns that step. */
async function runUntil(runner: StepRunner, id: string): Promise<PlanStep> {
  for (const { id: next } of (await runner.plan()).steps) {
    const step = (await runner.plan()).steps.find((s) => s.id === next)!;

    if (next === id) {
      return step;
    }
    await runner.runStep(step);
  }
  throw new Error(`no step ${ id }`);
}

async function stalled(runner: StepRunner, step: PlanStep): Promise<CheckResult> {
  const error = await runner.runStep(step).then(() => undefined, (e) => e);

  expect(error).toBeInstanceOf(StepWaitError);
  expect(error.timedOut).toBe(true);

  return error.check;
}

describe('a stalled CCM rollout says why (simulated Rancher 2.11)', () => {
  let sim: Simulator;
  let store: StoreLike;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0, rancher: '2.11', speed: 400, stevePingMs: 60000, normanPingMs: 60000
    });
    store = httpStore(sim, (await login(sim)).cookie!);
  });
  afterAll(() => sim.close());

  it('RKE2: the install Job waits for a schedulable control-plane node, then the pods cannot pull the CCM image', async () => {
    const runner = new StepRunner(store, TARGET, { timeoutMs: 30000, pollMs: 20 });
    const wait = await runUntil(runner, 'deploy-ccm').then(async (deploy) => {
      const cps = controlPlaneNodes(await runner.nodes(), 'rke2').map((n) => n.metadata.name);

      for (const name of cps) {
        await runner.setUnschedulable(name, true);
      }
      sim.world.faults.ccmImagePullBackOff.add(TARGET.clusterId);
      await runner.runStep(deploy);

      return (await runner.plan()).steps.find((s) => s.id === 'wait-ccm-rollout')!;
    });
    const quick = new StepRunner(store, TARGET, { timeoutMs: 300, pollMs: 20 });

    await sim.world.settle(30000);
    const job = await stalled(quick, wait);

    expect(job.message.key).toBe('checks.ccmRollout.absent');
    expect(job.details!.map((d) => d.key)).toEqual(['checks.ccmRollout.job.cordoned', 'checks.ccmRollout.pod.unschedulable', 'checks.ccmRollout.elapsed']);
    expect(String(job.details![1].params!.message)).toMatch(/^0\/\d+ nodes are available: .*3 node\(s\) were unschedulable\. preemption: /);

    for (const node of controlPlaneNodes(await runner.nodes(), 'rke2')) {
      await runner.setUnschedulable(node.metadata.name, false);
    }
    await sim.world.settle(30000);
    const pull = await stalled(quick, wait);

    expect(pull.message.key).toBe('checks.ccmRollout.available');
    const pulls = pull.details!.filter((d) => d.key === 'checks.ccmRollout.pod.imagePull');

    expect(pulls).toHaveLength(3);
    expect(pulls[0].params).toMatchObject({ reason: 'ImagePullBackOff', registry: 'registry.k8s.io' });
    expect(String(pulls[0].params!.message)).toMatch(/^Back-off pulling image "registry\.k8s\.io\/provider-aws\/cloud-controller-manager:v[\d.]+": ErrImagePull: /);

    sim.world.faults.ccmImagePullBackOff.delete(TARGET.clusterId);
    const done = await runner.runStep(wait);

    expect(done.check?.state).toBe('done');
  }, 60000);
});

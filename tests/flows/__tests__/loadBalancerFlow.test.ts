/**
 * @jest-environment ./node_modules/jest-environment-node
 *
 * Browser-free flow: the product's step runner against the simulated Rancher (in process, over HTTP) through a whole
 * downtime migration of prod-rke2. Before the switch the runner records the addresses of the Services of type
 * LoadBalancer; the verification after it finds the CCM has taken over the same load balancers.
 */
import { StepRunner } from '../../../pkg/cloud-provider-migration/api';
import type { RunTarget } from '../../../pkg/cloud-provider-migration/api';
import { startSimulator, type Simulator } from '../../../sim/server';
import { login } from '../../../sim/server/__tests__/helpers';
import { httpStore } from '../../httpStore';

const TARGET: RunTarget = {
  name: 'prod-rke2', clusterId: 'c-m-prod0001', distro: 'rke2', options: { strategy: 'downtime' }
};

describe('the load balancers across a migration (simulated Rancher 2.11)', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0, rancher: '2.11', speed: 400, stevePingMs: 60000, normanPingMs: 60000
    });
  });
  afterAll(() => sim.close());

  it('records them before the switch and verifies after it that every one kept its address', async () => {
    const store = httpStore(sim.url, (await login(sim)).cookie!);
    const runner = new StepRunner(store, TARGET, { timeoutMs: 60000, pollMs: 20 });
    const before = (await runner.services())!.filter((s) => s.spec?.type === 'LoadBalancer');

    await runner.runPlan();

    const recorded = runner.records.find((r) => r.id === 'switch-to-external')!.loadBalancers!;
    const verified = runner.records.find((r) => r.id === 'verify-provider-ids')!.check!;

    expect(before.map((s) => s.metadata.name).sort()).toEqual(['api', 'web']);
    expect(recorded.total).toBe(2);
    expect(recorded.services).toEqual(Object.fromEntries(before.map((s) => [`default/${ s.metadata.name }`, s.status!.loadBalancer!.ingress!.map((i) => i.hostname)])));
    expect(verified.state).toBe('done');
    expect(verified.details).toContainEqual({ key: 'checks.loadBalancers.kept', params: { total: 2, kept: 2 } });
  });
});

/**
 * @jest-environment ./node_modules/jest-environment-node
 *
 * Browser-free flow against the simulated Rancher (in process, over HTTP): prod-rke2 migrated with the downtime path,
 * its journal kept as the tab keeps it. A Service recreated after the switch gets a new UID, so the CCM creates a new
 * load balancer with a new address, and the verification fails on it; once an admin accepts the new address, the
 * runner's own verification (reading the record from the journal) passes again, and nothing but the journal changed.
 */
import {
  acceptLoadBalancers, appendJournal, getProvisioningCluster, StepRunner
} from '../../../pkg/cloud-provider-migration/api';
import type { RunTarget, StoreLike } from '../../../pkg/cloud-provider-migration/api';
import {
  acceptedLoadBalancers, changedLoadBalancers, checkLoadBalancers, loadBalancersBefore, readJournal
} from '../../../pkg/cloud-provider-migration/engine';
import { startSimulator, type Simulator } from '../../../sim/server';
import { login } from '../../../sim/server/__tests__/helpers';
import { httpStore } from '../../httpStore';

const PROV_ID = 'fleet-default/prod-rke2';
const WEB = '/k8s/clusters/c-m-prod0001/api/v1/namespaces/default/services/web';
const TARGET: RunTarget = {
  name: 'prod-rke2', clusterId: 'c-m-prod0001', distro: 'rke2', options: { strategy: 'downtime' }, journalId: PROV_ID,
};

async function request(store: StoreLike, method: string, url: string, data?: unknown): Promise<any> {
  return store.dispatch('management/request', { method, url, data });
}

/** The Service's load balancer hostname once the cloud service controller has published one. */
async function hostnameOf(store: StoreLike): Promise<string | undefined> {
  const svc = await request(store, 'get', WEB);

  return svc.status?.loadBalancer?.ingress?.[0]?.hostname;
}

describe('accepting a load balancer address that changed after the switch (simulated Rancher 2.11)', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0, rancher: '2.11', speed: 400, stevePingMs: 60000, normanPingMs: 60000
    });
  });
  afterAll(() => sim.close());

  it('fails the verification on a recreated Service until the new address is accepted, then passes', async () => {
    const store = httpStore(sim.url, (await login(sim)).cookie!);
    const runner = new StepRunner(store, TARGET, { timeoutMs: 60000, pollMs: 20 });

    // The migration, each step journalled as the tab does (the switch with the addresses read before it).
    await runner.runPlan(async (step) => {
      const rec = runner.records.find((r) => r.id === step.id)!;

      await appendJournal(store, PROV_ID, {
        step: step.id, action: step.action, by: 'alice', at: new Date().toISOString(), result: rec.write || 'done', ...(rec.loadBalancers ? { loadBalancers: rec.loadBalancers } : {}),
      });
    });
    const before = loadBalancersBefore(readJournal(await getProvisioningCluster(store, PROV_ID)))!;
    const old = await hostnameOf(store);

    expect(before.services['default/web']).toEqual([old]);

    // Someone recreates the Service: same name and spec, a new UID.
    const svc = await request(store, 'get', WEB);

    await request(store, 'delete', WEB);
    await request(store, 'post', WEB.replace(/\/web$/, ''), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', labels: svc.metadata.labels }, spec: { type: 'LoadBalancer', ports: svc.spec.ports, selector: svc.spec.selector } });
    let now: string | undefined;

    for (let i = 0; i < 200 && !now; i++) {
      now = await hostnameOf(store);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(now).toBeDefined();
    expect(now).not.toBe(old);

    const services = (await runner.services())!;
    const changed = changedLoadBalancers(services, before);

    expect(checkLoadBalancers(services, before).state).toBe('failed');
    expect(changed).toEqual([{ service: 'default/web', before: [old], now: [now] }]);

    const spec = (await getProvisioningCluster(store, PROV_ID)).spec;
    const accepted = acceptedLoadBalancers(before, changed, new Date().toISOString(), 'alice');

    await expect(acceptLoadBalancers(store, PROV_ID, {
      step: 'verify-provider-ids', action: 'verify', by: 'alice', at: accepted.at, result: 'accepted', loadBalancers: accepted,
    }, before)).resolves.toBe('applied');

    // The runner reads the accepted record from the journal; its verification passes; the spec is as it was.
    const verify = (await runner.plan()).steps.find((s) => s.id === 'verify-provider-ids')!;
    const record = await runner.runStep(verify);
    const after = await getProvisioningCluster(store, PROV_ID);

    expect(record.check?.state).toBe('done');
    expect(record.check?.details).toContainEqual({ key: 'checks.loadBalancers.accepted', params: { by: 'alice', at: Date.parse(accepted.at) } });
    expect(after.spec).toEqual(spec);
  });
});

// The Services behind the verification's load balancer check: the tab's read, the record before the switch and the
// runner's verify step.
import type { PlanStep, ServiceLike, StepAction, StepId } from '../../engine';
import { readObservations } from '../observe';
import { listServices } from '../downstream';
import { StepRunner, StepWaitError, type RunTarget } from '../stepRunner';
import { FakeStore, httpError } from '../../__tests__/fakeStore';
import { NODE_LIST_QUERY, NO_MANAGED_FIELDS } from '../../__tests__/downstreamUrls';
import { provisioningCluster } from './clusters';
import { ccmDaemonSet, lease, rke2ControlPlane } from '../../engine/checks/__tests__/fixtures';

const ID = 'c-m-7x2k9q4z';
const MGMT = `/v1/management.cattle.io.clusters/${ ID }`;
const NODES = `/k8s/clusters/${ ID }/v1/nodes?${ NODE_LIST_QUERY }`;
const DS = `/k8s/clusters/${ ID }/v1/apps.daemonsets/kube-system/aws-cloud-controller-manager?${ NO_MANAGED_FIELDS }`;
const LEASES = `/k8s/clusters/${ ID }/v1/coordination.k8s.io.leases/kube-system?${ NO_MANAGED_FIELDS }`;
const SERVICES = `/k8s/clusters/${ ID }/v1/services?${ NO_MANAGED_FIELDS }`;
const JOURNAL_OBJ = '/v1/provisioning.cattle.io.clusters/fleet-default/prod';

const TARGET: RunTarget = {
  name: 'prod', clusterId: ID, distro: 'rke2', options: { strategy: 'leader-migration' }
};

const ELB = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5-1234567890.us-west-2.elb.amazonaws.com';

function lb(namespace: string, name: string, hostnames: string[]): ServiceLike {
  return {
    metadata: { name, namespace }, spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: hostnames.map((hostname) => ({ hostname })) } },
  };
}

const kubernetes: ServiceLike = { metadata: { name: 'kubernetes', namespace: 'default' }, spec: { type: 'ClusterIP' }, status: { loadBalancer: {} } };
const step = (action: StepAction, id: StepId, extra: Partial<PlanStep> = {}) => ({ id, action, ...extra } as PlanStep);

function observed(store: FakeStore): FakeStore {
  return store
    .on('get', MGMT, { ok: { id: ID, status: { conditions: [{ type: 'Ready', status: 'True' }] } } })
    .on('get', NODES, { ok: { data: [rke2ControlPlane('cp-1')] } })
    .on('get', DS, { ok: ccmDaemonSet() })
    .on('get', LEASES, { ok: { data: [lease('kube-controller-manager', 'cp-1_abc')] } });
}

describe('listServices', () => {
  it('follows Steve\'s pages', async () => {
    const store = new FakeStore()
      .on('get', SERVICES, { ok: { data: [kubernetes], pagination: { next: `${ SERVICES }?continue=p2` } } })
      .on('get', `${ SERVICES }?continue=p2`, { ok: { data: [lb('default', 'web', [ELB])] } });

    expect((await listServices(store, ID))?.map((s) => s.metadata.name)).toEqual(['kubernetes', 'web']);
  });

  it.each([[403, 'services is forbidden'], [404, 'not found']])('is undefined (not read) on %s', async (status, message) => {
    expect(await listServices(new FakeStore().on('get', SERVICES, httpError(status, message)), ID)).toBeUndefined();
  });

  it('propagates any other failure', async () => {
    await expect(listServices(new FakeStore().on('get', SERVICES, { status: 503 }), ID)).rejects.toMatchObject({ code: expect.any(String) });
  });
});

describe('readObservations: the Services', () => {
  const before = { at: 't', total: 1, services: { 'default/web': [ELB] } };

  it('reads every Service once the switch is in, and passes the record from the journal on', async () => {
    const store = observed(new FakeStore()).on('get', SERVICES, { ok: { data: [kubernetes, lb('default', 'web', [ELB])] } });
    const obs = await readObservations(store, {
      clusterId: ID, distro: 'rke2', services: true, loadBalancersBefore: before
    });

    expect(obs.services?.map((s) => s.metadata.name)).toEqual(['kubernetes', 'web']);
    expect(obs.loadBalancersBefore).toEqual(before);
  });

  it('reads no Service before the switch', async () => {
    const store = observed(new FakeStore()).on('get', SERVICES, { ok: { data: [] } });
    const obs = await readObservations(store, { clusterId: ID, distro: 'rke2' });

    expect(obs.services).toBeUndefined();
    expect(store.calls.map((c) => c.url)).not.toContain(SERVICES);
  });

  it('leaves them out when Kubernetes refuses the read', async () => {
    const store = observed(new FakeStore()).on('get', SERVICES, httpError(403, 'services is forbidden'));
    const obs = await readObservations(store, { clusterId: ID, distro: 'rke2', services: true });

    expect(obs.nodes).toHaveLength(1);
    expect('services' in obs).toBe(false);
  });
});

describe('StepRunner: the load balancers before the switch', () => {
  function switchRunner(store: FakeStore, target: RunTarget = TARGET) {
    const r = new StepRunner(store, target, { timeoutMs: 100, pollMs: 1 });
    const writes: string[] = [];

    jest.spyOn(r, 'updateCluster').mockImplementation(async (s) => {
      writes.push(s.id);

      return { outcome: 'applied', object: {} };
    });

    return { r, writes };
  }

  it('records the addresses of the Services of type LoadBalancer before it writes the switch', async () => {
    const store = new FakeStore().on('get', SERVICES, { ok: { data: [kubernetes, lb('default', 'web', [ELB])] } });
    const { r, writes } = switchRunner(store);

    const record = await r.runStep(step('update-cluster', 'switch-to-external'));

    expect(writes).toEqual(['switch-to-external']);
    expect(record.loadBalancers).toEqual({ at: expect.any(String), total: 1, services: { 'default/web': [ELB] } });
    expect(await r.loadBalancersBefore()).toEqual(record.loadBalancers);
  });

  it.each<[string, Parameters<FakeStore['on']>[2]]>([
    ['refused', httpError(403, 'services is forbidden')],
    ['failing', { status: 503 }],
  ])('a read that is %s records nothing and does not stop the switch', async (_name, answer) => {
    const { r, writes } = switchRunner(new FakeStore().on('get', SERVICES, answer));

    const record = await r.runStep(step('update-cluster', 'switch-to-external'));

    expect(writes).toEqual(['switch-to-external']);
    expect(record.write).toBe('applied');
    expect(record.loadBalancers).toBeUndefined();
  });

  it('reads nothing for any other step, or for a switch already done', async () => {
    const store = new FakeStore().on('get', SERVICES, { ok: { data: [lb('default', 'web', [ELB])] } });
    const { r } = switchRunner(store);

    await r.runStep(step('update-cluster', 'deploy-ccm'));
    await r.runStep(step('update-cluster', 'switch-to-external', { done: true }));

    expect(store.calls.map((c) => c.url)).not.toContain(SERVICES);
  });

  it('prefers the journal, read fresh, over what the runner recorded', async () => {
    const journal = { entries: [], dropped: 0, loadBalancers: { at: 't0', total: 1, services: { 'default/web': ['old.elb.amazonaws.com'] } } };
    const store = new FakeStore()
      .on('get', JOURNAL_OBJ, { ok: { ...provisioningCluster('1'), metadata: { ...provisioningCluster('1').metadata, annotations: { 'cloud-provider-migration.io/journal': JSON.stringify(journal) } } } })
      .on('get', SERVICES, { ok: { data: [lb('default', 'web', [ELB])] } });
    const { r } = switchRunner(store, { ...TARGET, journalId: 'fleet-default/prod' });

    await r.runStep(step('update-cluster', 'switch-to-external'));

    expect(await r.loadBalancersBefore()).toEqual(journal.loadBalancers);
  });
});

describe('StepRunner: the verification compares the Services with the record', () => {
  it('fails at once when a Service lost the address it had before the switch', async () => {
    const store = new FakeStore()
      .on('get', SERVICES, { ok: { data: [lb('default', 'web', [ELB])] } }, { ok: { data: [lb('default', 'web', ['new.elb.amazonaws.com'])] } })
      .on('get', NODES, { ok: { data: [rke2ControlPlane('cp-1')] } });
    const r = new StepRunner(store, TARGET, { timeoutMs: 200, pollMs: 1 });

    jest.spyOn(r, 'updateCluster').mockResolvedValue({ outcome: 'applied', object: {} });
    await r.runStep(step('update-cluster', 'switch-to-external'));
    const error = await r.runStep(step('verify', 'verify-provider-ids')).catch((e) => e);

    expect(error).toBeInstanceOf(StepWaitError);
    expect(error.check.message).toEqual({ key: 'checks.loadBalancers.changed', params: { count: 1, total: 1 } });
    expect(error.check.details[0]).toEqual({ key: 'checks.loadBalancers.changedService', params: { service: 'default/web', before: ELB, now: 'new.elb.amazonaws.com' } });
  });

  it('is done once every node is initialised and the Service kept its address', async () => {
    const store = new FakeStore()
      .on('get', SERVICES, { ok: { data: [lb('default', 'web', [ELB])] } })
      .on('get', NODES, { ok: { data: [rke2ControlPlane('cp-1')] } });
    const r = new StepRunner(store, TARGET, { timeoutMs: 200, pollMs: 1 });

    jest.spyOn(r, 'updateCluster').mockResolvedValue({ outcome: 'applied', object: {} });
    await r.runStep(step('update-cluster', 'switch-to-external'));
    const record = await r.runStep(step('verify', 'verify-provider-ids'));

    expect(record.check?.state).toBe('done');
    expect(record.check?.details).toContainEqual({ key: 'checks.loadBalancers.kept', params: { total: 1, kept: 1 } });
  });
});

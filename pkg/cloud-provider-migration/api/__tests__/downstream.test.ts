import {
  getDaemonSet, listLeases, listNodes, setUnschedulable
} from '../downstream';
import { FakeStore } from '../../__tests__/fakeStore';
import { NODE_LIST_QUERY, NO_MANAGED_FIELDS } from '../../__tests__/downstreamUrls';
import { ccmDaemonSet, lease, rke2ControlPlane, rke2Worker } from '../../engine/checks/__tests__/fixtures';

const NODES = `/k8s/clusters/c-m-7x2k9q4z/v1/nodes?${ NODE_LIST_QUERY }`;

describe('listNodes', () => {
  it('asks Steve with an encoded labelSelector', async () => {
    const cp = rke2ControlPlane('cp-1');
    const store = new FakeStore().on('get', `/k8s/clusters/c-m-7x2k9q4z/v1/nodes?labelSelector=node-role.kubernetes.io%2Fcontrol-plane%3Dtrue&${ NODE_LIST_QUERY }`, { ok: { type: 'collection', data: [cp] } });

    await expect(listNodes(store, 'c-m-7x2k9q4z', 'node-role.kubernetes.io/control-plane=true')).resolves.toEqual([cp]);
  });

  it('keeps only the nodes that match when Steve ignores the labelSelector (its SQL cache does)', async () => {
    const cps = [rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2')];
    const store = new FakeStore().on('get', `/k8s/clusters/c-m-7x2k9q4z/v1/nodes?labelSelector=node-role.kubernetes.io%2Fcontrol-plane%3Dtrue&${ NODE_LIST_QUERY }`, {
      ok: { type: 'collection', data: [cps[0], rke2Worker('w-1'), cps[1]] }
    });

    await expect(listNodes(store, 'c-m-7x2k9q4z', 'node-role.kubernetes.io/control-plane=true')).resolves.toEqual(cps);
  });

  it('follows pagination.next until the last page', async () => {
    const next = 'https://rancher.example.com/k8s/clusters/c-m-7x2k9q4z/v1/nodes?limit=2&continue=eyJ2IjoxfQ';
    const page1 = [rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2')];
    const page2 = [rke2Worker('w-1')];
    const store = new FakeStore()
      .on('get', NODES, { ok: { type: 'collection', data: page1, pagination: { limit: 2, next } } })
      .on('get', next, { ok: { type: 'collection', data: page2, pagination: { limit: 2 } } });

    const nodes = await listNodes(store, 'c-m-7x2k9q4z');

    expect(nodes.map((n) => n.metadata.name)).toEqual(['cp-1', 'cp-2', 'w-1']);
    expect(store.calls.map((c) => c.url)).toEqual([NODES, next]);
  });

  it('stops when a server repeats the same next link', async () => {
    const next = `${ NODES }&continue=x`;
    const store = new FakeStore()
      .on('get', NODES, { ok: { data: [rke2Worker('w-1')], pagination: { next } } })
      .on('get', next, { ok: { data: [rke2Worker('w-2')], pagination: { next } } });

    expect((await listNodes(store, 'c-m-7x2k9q4z')).map((n) => n.metadata.name)).toEqual(['w-1', 'w-2']);
  });
});

describe('getDaemonSet', () => {
  const URL = `/k8s/clusters/c-m-7x2k9q4z/v1/apps.daemonsets/kube-system/aws-cloud-controller-manager?${ NO_MANAGED_FIELDS }`;

  it.each([
    ['returns the DaemonSet', { ok: ccmDaemonSet() }, 'kube-system/aws-cloud-controller-manager'],
    ['returns null when it does not exist', { status: 404 }, null],
  ])('%s', async (_name, answer, expected) => {
    const store = new FakeStore().on('get', URL, answer);
    const ds = await getDaemonSet(store, 'c-m-7x2k9q4z', 'kube-system', 'aws-cloud-controller-manager');

    expect(ds ? `${ ds.metadata.namespace }/${ ds.metadata.name }` : ds).toBe(expected);
  });

  it('does not hide an unreachable cluster as a missing DaemonSet', async () => {
    const store = new FakeStore().on('get', URL, { status: 503 });

    await expect(getDaemonSet(store, 'c-m-7x2k9q4z', 'kube-system', 'aws-cloud-controller-manager')).rejects.toMatchObject({ code: 'API_UNAVAILABLE' });
  });
});

describe('listLeases', () => {
  it('lists the kube-system leases', async () => {
    const URL = `/k8s/clusters/c-m-7x2k9q4z/v1/coordination.k8s.io.leases/kube-system?${ NO_MANAGED_FIELDS }`;
    const store = new FakeStore().on('get', URL, { ok: { data: [lease('kube-controller-manager', 'cp-1_abc')] } });

    expect((await listLeases(store, 'c-m-7x2k9q4z')).map((l) => l.metadata.name)).toEqual(['kube-controller-manager']);
    expect(store.calls[0].url).toBe(URL);
  });
});

describe('setUnschedulable', () => {
  const URL = '/k8s/clusters/c-m-7x2k9q4z/api/v1/nodes/ip-10-0-1-12.us-west-2.compute.internal';

  it.each([
    ['cordon sends unschedulable true', true, { spec: { unschedulable: true } }],
    ['uncordon sends null, which removes the field', false, { spec: { unschedulable: null } }],
  ])('%s as a strategic-merge PATCH of the raw node', async (_name, value, body) => {
    const store = new FakeStore().on('patch', URL, { ok: rke2ControlPlane('ip-10-0-1-12.us-west-2.compute.internal') });

    await setUnschedulable(store, 'c-m-7x2k9q4z', 'ip-10-0-1-12.us-west-2.compute.internal', value);

    expect(store.calls).toEqual([{
      action: 'management/request', method: 'patch', url: URL, data: body, headers: { 'content-type': 'application/strategic-merge-patch+json', accept: 'application/json' }
    }]);
  });

  it('turns a 403 on the node into FORBIDDEN', async () => {
    const store = new FakeStore().on('patch', URL, { status: 403 });

    await expect(setUnschedulable(store, 'c-m-7x2k9q4z', 'ip-10-0-1-12.us-west-2.compute.internal', true)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

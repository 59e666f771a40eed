import type { Simulator } from '../index';
import { Client, login, startTestSim } from './helpers';

const CP = 'ip-10-0-1-1.us-east-2.compute.internal';
const RAW_NODE = `/k8s/clusters/c-m-prod0001/api/v1/nodes/${ CP }`;

describe('Norman clusters', () => {
  let sim: Simulator;
  let admin: Client;

  beforeAll(async () => {
    sim = await startTestSim({ rancher: '2.11' });
    admin = await login(sim);
  });
  afterAll(() => sim.close());

  it('shows the management cluster in Norman form', async () => {
    const res = await admin.call('/v3/clusters/c-rke1a');

    expect(res.body).toMatchObject({
      id: 'c-rke1a', type: 'cluster', name: 'c-rke1a', state: 'active', rancherKubernetesEngineConfig: { cloudProvider: { name: 'aws' } }
    });
    expect(res.body.links.update).toBe(`${ sim.url }/v3/clusters/c-rke1a`);
    expect(res.body.actions.rotateCertificates).toBeDefined();
  });

  it('deep-merges a PUT, replaces extraArgs whole, and keeps fields not sent', async () => {
    const res = await admin.call('/v3/clusters/c-rke1a', {
      method: 'PUT',
      json:   {
        rancherKubernetesEngineConfig: {
          cloudProvider: { name: 'external-aws', useInstanceMetadataHostname: true },
          services:      { kubeController: { extraArgs: { 'enable-leader-migration': 'true' } } },
        },
      },
    });
    const rke = sim.store.get('local', 'management.cattle.io.cluster', undefined, 'c-rke1a')?.spec.rancherKubernetesEngineConfig;

    expect(res.status).toBe(200);
    expect(rke.services.kubeController.extraArgs).toEqual({ 'enable-leader-migration': 'true' });
    expect(rke.services.kubeController.clusterCidr).toBe('10.42.0.0/16');
    expect(rke.cloudProvider).toEqual({ name: 'external-aws', useInstanceMetadataHostname: true, awsCloudProvider: { global: { zone: 'us-east-2a', vpc: 'vpc-1' } } });
    expect(rke.kubernetesVersion).toBe('v1.26.15-rancher1-1');
  });

  it('never answers a stale client with 409: the last write wins', async () => {
    const stale = (await admin.call('/v3/clusters/c-rke1a')).body;

    sim.store.mutate('local', 'management.cattle.io.cluster', undefined, 'c-rke1a', (o) => {
      o.spec.description = 'someone else';
    });
    const res = await admin.call('/v3/clusters/c-rke1a', { method: 'PUT', json: { ...stale, description: 'mine' } });

    expect(res.status).toBe(200);
    expect(sim.store.get('local', 'management.cattle.io.cluster', undefined, 'c-rke1a')?.spec.description).toBe('mine');
  });

  it('keeps cattle.io/ labels and replaces the others when a PUT sends labels', async () => {
    sim.store.mutate('local', 'management.cattle.io.cluster', undefined, 'c-rke1a', (o) => {
      o.metadata.labels = { 'cattle.io/creator': 'norman', team: 'a' };
    });
    await admin.call('/v3/clusters/c-rke1a', { method: 'PUT', json: { labels: { env: 'prod' } } });

    expect(sim.store.get('local', 'management.cattle.io.cluster', undefined, 'c-rke1a')?.metadata.labels).toEqual({ 'cattle.io/creator': 'norman', env: 'prod' });
  });
});

describe('raw Kubernetes API through the proxy', () => {
  let sim: Simulator;
  let admin: Client;

  beforeAll(async () => {
    sim = await startTestSim();
    admin = await login(sim);
  });
  afterAll(() => sim.close());

  const unschedulable = () => sim.store.get('c-m-prod0001', 'node', undefined, CP)?.spec.unschedulable;

  it.each([
    ['application/strategic-merge-patch+json'],
    ['application/merge-patch+json'],
  ])('cordons and uncordons a node with a %s PATCH', async (contentType) => {
    const on = await admin.call(RAW_NODE, { method: 'PATCH', headers: { 'content-type': contentType }, json: { spec: { unschedulable: true } } });

    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ kind: 'Node', apiVersion: 'v1', spec: { unschedulable: true } });
    expect(unschedulable()).toBe(true);
    await admin.call(RAW_NODE, { method: 'PATCH', headers: { 'content-type': contentType }, json: { spec: { unschedulable: null } } });
    expect(unschedulable()).toBeUndefined();
  });

  it('applies an RFC 6902 json patch', async () => {
    const res = await admin.call(RAW_NODE, {
      method: 'PATCH', headers: { 'content-type': 'application/json-patch+json' }, json: [{ op: 'add', path: '/metadata/labels/sim~1test', value: 'yes' }, { op: 'add', path: '/spec/unschedulable', value: true }]
    });

    expect(res.status).toBe(200);
    expect(res.body.metadata.labels['sim/test']).toBe('yes');
    expect(unschedulable()).toBe(true);
  });

  it('refuses to change a set providerID with 422 Invalid', async () => {
    const res = await admin.call(RAW_NODE, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, json: { spec: { providerID: 'rke2://x' } } });

    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Invalid', code: 422 });
  });

  it('answers a missing node with a NotFound Status', async () => {
    const res = await admin.call('/k8s/clusters/c-m-prod0001/api/v1/nodes/nope');

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
  });

  it('lists nodes as a NodeList filtered by label and field selectors', async () => {
    const res = await admin.call(`/k8s/clusters/c-m-prod0001/api/v1/nodes?labelSelector=${ encodeURIComponent('node-role.kubernetes.io/etcd=true') }&fieldSelector=metadata.name%3D${ CP }`);

    expect(res.body.kind).toBe('NodeList');
    expect(res.body.items.map((n: any) => n.metadata.name)).toEqual([CP]);
  });

  it('answers a stale PUT of a lease with a Conflict Status', async () => {
    const path = '/k8s/clusters/c-m-prod0001/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager';
    const lease = (await admin.call(path)).body;

    sim.store.mutate('c-m-prod0001', 'coordination.k8s.io.lease', 'kube-system', 'kube-controller-manager', (o) => {
      o.spec.holderIdentity = 'other';
    });
    const res = await admin.call(path, { method: 'PUT', json: lease });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409 });
  });

  it('installs a chart from a cluster repo: an operation and a pending app', async () => {
    const repo = await admin.call('/k8s/clusters/c-m-prod0001/v1/catalog.cattle.io.clusterrepos', {
      method: 'POST', json: { type: 'catalog.cattle.io.clusterrepo', metadata: { name: 'aws-ccm' }, spec: { url: 'https://kubernetes.github.io/cloud-provider-aws' } }
    });

    expect(repo.status).toBe(201);
    const res = await admin.call('/k8s/clusters/c-m-prod0001/v1/catalog.cattle.io.clusterrepos/aws-ccm?action=install', {
      method: 'POST',
      json:   {
        namespace: 'kube-system', charts: [{
          chartName: 'aws-cloud-controller-manager', version: '0.0.8', releaseName: 'aws-cloud-controller-manager', values: { args: ['--v=2'] }
        }]
      },
    });

    // rancher/rancher pkg/api/steve/catalog/operation.go: 201 chartActionOutput; the operation is named after its pod
    // (in cattle-system) and lives in the release namespace (pkg/catalogv2/helmop/operation.go createOperation).
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ type: 'chartActionOutput', operationName: expect.stringMatching(/^helm-operation-[a-z0-9]{5}$/), operationNamespace: 'kube-system' });
    expect(sim.store.get('c-m-prod0001', 'catalog.cattle.io.operation', 'kube-system', res.body.operationName)?.status).toMatchObject({
      action: 'install', releaseName: 'aws-cloud-controller-manager', namespace: 'kube-system', podName: res.body.operationName, podNamespace: 'cattle-system'
    });
    expect(sim.store.get('c-m-prod0001', 'catalog.cattle.io.app', 'kube-system', 'aws-cloud-controller-manager')?.spec.values).toEqual({ args: ['--v=2'] });
    const upgrade = await admin.call('/k8s/clusters/c-m-prod0001/v1/catalog.cattle.io.clusterrepos/aws-ccm?action=upgrade', {
      method: 'POST', json: { charts: [{ chartName: 'aws-cloud-controller-manager', version: '0.0.9', releaseName: 'aws-cloud-controller-manager', namespace: 'kube-system', values: { nodeSelector: { a: 'b' } } }] }
    });

    expect(upgrade.status).toBe(201);
    expect(sim.store.get('c-m-prod0001', 'catalog.cattle.io.app', 'kube-system', 'aws-cloud-controller-manager')?.spec.chart.metadata.version).toBe('0.0.9');
  });

  it('uninstalls an app by its uninstall action: 201 and an uninstall operation, the app uninstalling; a missing app is 404, an empty body 500', async () => {
    const base = '/k8s/clusters/c-m-prod0001/v1/catalog.cattle.io';
    const chart = { chartName: 'aws-cloud-controller-manager', releaseName: 'ccm-gone', namespace: 'kube-system', version: '0.0.8' };

    expect((await admin.call(`${ base }.clusterrepos/rancher-charts?action=install`, { method: 'POST', json: { namespace: 'kube-system', charts: [chart] } })).status).toBe(201);
    expect((await admin.call(`${ base }.apps/kube-system/ccm-gone?action=uninstall`, { method: 'POST' })).status).toBe(500);
    const res = await admin.call(`${ base }.apps/kube-system/ccm-gone?action=uninstall`, { method: 'POST', json: {} });

    // rancher/rancher pkg/api/steve/catalog/operation.go: the same chartActionOutput as an install; the operation lives
    // in the app's namespace and runs `helm uninstall` (pkg/catalogv2/helmop/operation.go).
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ type: 'chartActionOutput', operationName: expect.stringMatching(/^helm-operation-[a-z0-9]{5}$/), operationNamespace: 'kube-system' });
    expect(sim.store.get('c-m-prod0001', 'catalog.cattle.io.operation', 'kube-system', res.body.operationName)?.status).toMatchObject({
      action: 'uninstall', releaseName: 'ccm-gone', namespace: 'kube-system', command: ['helm', 'uninstall', '--namespace=kube-system', 'ccm-gone'],
    });
    expect(sim.store.get('c-m-prod0001', 'catalog.cattle.io.app', 'kube-system', 'ccm-gone')?.spec.info.status).toBe('uninstalling');
    const missing = await admin.call(`${ base }.apps/kube-system/no-such-app?action=uninstall`, { method: 'POST', json: {} });

    expect([missing.status, missing.body.code]).toEqual([404, 'NotFound']);
  });

  it('lets a read-only user ask for the uninstall (the action is checked as a read), but its operation stalls and the app stays', async () => {
    const base = '/k8s/clusters/c-m-prod0001/v1/catalog.cattle.io';
    const chart = { chartName: 'aws-cloud-controller-manager', releaseName: 'ccm-kept', namespace: 'kube-system', version: '0.0.8' };
    const readonly = await login(sim, 'readonly');

    await admin.call(`${ base }.clusterrepos/rancher-charts?action=install`, { method: 'POST', json: { namespace: 'kube-system', charts: [chart] } });
    const before = sim.store.get('c-m-prod0001', 'catalog.cattle.io.app', 'kube-system', 'ccm-kept')?.spec.info.status;
    const res = await readonly.call(`${ base }.apps/kube-system/ccm-kept?action=uninstall`, { method: 'POST', json: {} });

    expect(res.status).toBe(201);
    expect(sim.store.get('c-m-prod0001', 'catalog.cattle.io.operation', 'kube-system', res.body.operationName)?.status.conditions).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'Stalled', status: 'True' }),
    ]));
    expect(sim.store.get('c-m-prod0001', 'catalog.cattle.io.app', 'kube-system', 'ccm-kept')?.spec.info.status).toBe(before);
  });

  it('an app upgrade with values replaces the release values (helm upgrade without --reuse-values); empty values reuse them unless resetValues', async () => {
    const base = '/k8s/clusters/c-m-prod0001/v1/catalog.cattle.io.clusterrepos/rancher-charts';

    const chart = { chartName: 'aws-cloud-controller-manager', releaseName: 'ccm-values', namespace: 'kube-system' };
    const app = () => sim.store.get('c-m-prod0001', 'catalog.cattle.io.app', 'kube-system', 'ccm-values')?.spec.values;
    const installed = { nodeSelector: { 'node-role.kubernetes.io/controlplane': 'true' }, tolerations: [{ key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' }], args: ['--v=2'] };

    expect((await admin.call(`${ base }?action=install`, { method: 'POST', json: { namespace: 'kube-system', charts: [{ ...chart, version: '0.0.8', values: installed }] } })).status).toBe(201);
    await admin.call(`${ base }?action=upgrade`, { method: 'POST', json: { charts: [{ ...chart, version: '0.0.9', values: { args: ['--v=4'] } }] } });
    expect(app()).toEqual({ args: ['--v=4'] });
    await admin.call(`${ base }?action=upgrade`, { method: 'POST', json: { charts: [{ ...chart, version: '0.0.9', values: {} }] } });
    expect(app()).toEqual({ args: ['--v=4'] });
    await admin.call(`${ base }?action=upgrade`, { method: 'POST', json: { charts: [{ ...chart, version: '0.0.9', resetValues: true }] } });
    expect(app()).toEqual({});
  });
});

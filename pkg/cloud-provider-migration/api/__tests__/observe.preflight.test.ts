/** The reads of the live pre-flight: StorageClasses and CSIDrivers through the raw API, and the cluster's field managers. */
import { readObservations, readPreflightObjects } from '../observe';
import { readEcrNodes } from '../downstream';
import { FakeStore, httpError } from '../../__tests__/fakeStore';
import { downstreamUrls, NODE_LIST_QUERY, NO_MANAGED_FIELDS } from '../../__tests__/downstreamUrls';
import { rke2ControlPlane, rke2Worker } from '../../engine/checks/__tests__/fixtures';

const ID = 'c-m-7x2k9q4z';
const PREFIX = `/k8s/clusters/${ ID }`;
const MGMT = `/v1/management.cattle.io.clusters/${ ID }`;
const PROV = '/v1/provisioning.cattle.io.clusters/fleet-default/prod';
const SC = `${ PREFIX }/apis/storage.k8s.io/v1/storageclasses`;
const ECR = `${ PREFIX }/v1/nodes?filter=status.images.names%3D.dkr.ecr&pagesize=20&include=metadata.name&include=status.images`;
const CSI = `${ PREFIX }/apis/storage.k8s.io/v1/csidrivers`;

const READY = [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }];
const gp2 = {
  apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gp2' }, provisioner: 'kubernetes.io/aws-ebs', parameters: { type: 'gp2' }, reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate'
};
const ebs = { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'ebs.csi.aws.com' }, spec: { attachRequired: true } };
const list = (kind: string, items: unknown[], cont?: string) => ({ ok: { kind, apiVersion: 'storage.k8s.io/v1', metadata: { resourceVersion: '42', ...(cont ? { continue: cont } : {}) }, items } });

/** A store answering the steps' reads of an RKE2 cluster, the provisioning cluster with these field managers. */
function cluster(managers?: string[]): FakeStore {
  const prov = {
    id: 'fleet-default/prod', metadata: { name: 'prod', namespace: 'fleet-default', generation: 3, ...(managers ? { managedFields: managers.map((manager) => ({ manager, operation: 'Update' })) } : {}) }, status: { observedGeneration: 3, conditions: READY }
  };

  return new FakeStore()
    .on('get', MGMT, { ok: { id: ID, metadata: { name: ID, managedFields: [{ manager: 'rancher' }] }, status: { conditions: READY } } })
    .on('get', PROV, { ok: prov })
    .on('get', `${ PREFIX }/v1/nodes?${ NODE_LIST_QUERY }`, { ok: { data: [rke2ControlPlane('cp-1')] } })
    .on('get', `${ PREFIX }/v1/apps.daemonsets/kube-system/aws-cloud-controller-manager?${ NO_MANAGED_FIELDS }`, { status: 404 })
    .on('get', `${ PREFIX }/v1/coordination.k8s.io.leases/kube-system?${ NO_MANAGED_FIELDS }`, { ok: { data: [] } });
}

describe('readPreflightObjects', () => {
  it('lists the StorageClasses and the CSIDrivers through the raw Kubernetes API of the downstream proxy, and the nodes naming ECR through Steve', async () => {
    const ecrNodes = { type: 'collection', data: [] };
    const store = new FakeStore().on('get', SC, list('StorageClassList', [gp2])).on('get', CSI, list('CSIDriverList', [ebs])).on('get', ECR, { ok: ecrNodes });

    expect(await readPreflightObjects(store, ID)).toEqual({ storageClasses: [gp2], csiDrivers: [ebs], ecrNodes: { matching: 0, read: [] } });
    expect(store.calls.map((c) => `${ c.action } ${ c.method } ${ c.url }`).sort()).toEqual([`management/request get ${ CSI }`, `management/request get ${ SC }`, `management/request get ${ ECR }`]);
  });

  it('follows the list\'s continue token to the last chunk', async () => {
    const gp3 = { ...gp2, metadata: { name: 'gp3' }, provisioner: 'ebs.csi.aws.com' };
    const store = new FakeStore()
      .on('get', SC, list('StorageClassList', [gp2], 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ'))
      .on('get', `${ SC }?continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ`, list('StorageClassList', [gp3]))
      .on('get', CSI, list('CSIDriverList', []));

    expect((await readPreflightObjects(store, ID)).storageClasses).toEqual([gp2, gp3]);
  });

  it.each([
    ['refused (403)', httpError(403, 'storageclasses.storage.k8s.io is forbidden: User "u-abc" cannot list resource "storageclasses"')],
    ['not served (404)', httpError(404, 'the server could not find the requested resource')],
  ])('reports a read Kubernetes %s as not read, and keeps the other', async (_name, refusal) => {
    const store = new FakeStore().on('get', SC, refusal).on('get', CSI, list('CSIDriverList', [ebs]));

    expect(await readPreflightObjects(store, ID)).toEqual({ csiDrivers: [ebs], preflightUnread: ['storageClasses'] });
  });

  it('reports both as not read when both are refused', async () => {
    const store = new FakeStore().on('get', SC, httpError(403, 'forbidden')).on('get', CSI, httpError(403, 'forbidden'));

    expect(await readPreflightObjects(store, ID)).toEqual({ preflightUnread: ['storageClasses', 'csiDrivers'] });
  });

  it('fails on any other failure rather than reporting the cluster as read', async () => {
    const store = new FakeStore().on('get', SC, list('StorageClassList', [gp2])).on('get', CSI, { status: 503 });

    await expect(readPreflightObjects(store, ID)).rejects.toMatchObject({ code: 'API_UNAVAILABLE' });
  });
});

describe('readObservations for the live pre-flight', () => {
  it('adds the pre-flight reads and the provisioning cluster\'s field managers when asked', async () => {
    const store = cluster(['rancher', 'Terraform']).on('get', SC, list('StorageClassList', [gp2])).on('get', CSI, list('CSIDriverList', []));

    const obs = await readObservations(store, {
      clusterId: ID, distro: 'rke2', provisioningId: 'fleet-default/prod', preflight: true
    });

    expect(obs).toEqual(expect.objectContaining({
      clusterReady: true, storageClasses: [gp2], csiDrivers: [], clusterManagers: ['rancher', 'Terraform']
    }));
    expect(obs.preflightUnread).toBeUndefined();
  });

  it('takes an RKE1 cluster\'s field managers from the management cluster', async () => {
    const store = cluster().on('get', SC, list('StorageClassList', [])).on('get', CSI, list('CSIDriverList', []));

    expect((await readObservations(store, { clusterId: ID, distro: 'rke1', preflight: true })).clusterManagers).toEqual(['rancher']);
  });

  it('leaves the field managers out when the object carries none', async () => {
    const store = cluster().on('get', SC, list('StorageClassList', [])).on('get', CSI, list('CSIDriverList', []));
    const obs = await readObservations(store, {
      clusterId: ID, distro: 'rke2', provisioningId: 'fleet-default/prod', preflight: true
    });

    expect('clusterManagers' in obs).toBe(false);
  });

  it('reads none of it for a step\'s wait (not asked)', async () => {
    const store = cluster(['Terraform']);
    const obs = await readObservations(store, { clusterId: ID, distro: 'rke2', provisioningId: 'fleet-default/prod' });

    expect(store.calls.map((c) => c.url)).not.toEqual(expect.arrayContaining([SC]));
    expect(store.calls.map((c) => c.url)).not.toEqual(expect.arrayContaining([CSI]));
    expect(Object.keys(obs).filter((k) => ['storageClasses', 'csiDrivers', 'preflightUnread', 'clusterManagers'].includes(k))).toEqual([]);
  });

  it('still reads the rest when Kubernetes refuses the pre-flight reads', async () => {
    const store = cluster().on('get', SC, httpError(403, 'forbidden')).on('get', CSI, httpError(404, 'not found'));
    const obs = await readObservations(store, { clusterId: ID, distro: 'rke1', preflight: true });

    expect(obs.preflightUnread).toEqual(['storageClasses', 'csiDrivers']);
    expect(obs.nodes).toHaveLength(1);
    expect(store.writes()).toEqual([]);
  });
});

describe('readEcrNodes', () => {
  const ecrImage = { names: ['123456789012.dkr.ecr.us-east-2.amazonaws.com/shop/api@sha256:ab', '123456789012.dkr.ecr.us-east-2.amazonaws.com/shop/api:1.2'], sizeBytes: 5000 };
  const withImages = (name: string, images: unknown[]) => ({ ...rke2Worker(name), status: { images } });

  it('asks Steve to filter on the image names and take a page, and keeps its count of every match', async () => {
    const page = [withImages('w-1', [ecrImage])];
    const store = new FakeStore().on('get', downstreamUrls(ID).ecrNodes, { ok: { type: 'collection', data: page, count: 4997, pages: 250 } });

    expect(await readEcrNodes(store, ID)).toEqual({ matching: 4997, read: page });
    expect(store.calls.map((c) => c.url)).toEqual([ECR]);
  });

  it('reads every node\'s name and images when Steve cannot filter on them (SQL cache: 422), and counts those naming ECR', async () => {
    const nodes = [withImages('w-1', [ecrImage]), withImages('w-2', [{ names: ['docker.io/library/nginx:1.25'], sizeBytes: 1 }])];
    const store = new FakeStore()
      .on('get', ECR, { status: 422, body: { type: 'error', status: 422, code: 'InvalidBodyContent', message: 'column is invalid [status.images.names]: supplied column is invalid' } })
      .on('get', downstreamUrls(ID).allImages, { ok: { type: 'collection', data: nodes } });

    expect(await readEcrNodes(store, ID)).toEqual({ matching: 1, read: [nodes[0]] });
  });

  it('lets any other failure through', async () => {
    const store = new FakeStore().on('get', ECR, { status: 503 });

    await expect(readEcrNodes(store, ID)).rejects.toMatchObject({ code: 'API_UNAVAILABLE' });
  });
});

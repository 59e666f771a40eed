/** StorageClasses and CSIDrivers of a downstream cluster through Rancher's proxy, raw Kubernetes API and Steve. */
import type { Simulator } from '../index';
import { Client, login, startTestSim } from './helpers';
import { csiDriver, storageClass } from '../../world/k8s/storage';

const PREFIX = '/k8s/clusters/c-m-prod0001';
const NOW = '2026-12-05T10:00:00Z';

describe('storage.k8s.io objects of a downstream cluster', () => {
  let sim: Simulator;
  let admin: Client;

  beforeAll(async () => {
    sim = await startTestSim({ rancher: '2.11' });
    admin = await login(sim);
    sim.store.create('c-m-prod0001', 'storage.k8s.io.storageclass', storageClass({
      name: 'gp2', provisioner: 'kubernetes.io/aws-ebs', parameters: { type: 'gp2' }, isDefault: true
    }, NOW));
    sim.store.create('c-m-prod0001', 'storage.k8s.io.csidriver', csiDriver('ebs.csi.aws.com', NOW));
  });
  afterAll(() => sim.close());

  it('lists StorageClasses as a StorageClassList, each item with its type and the apiserver defaults', async () => {
    const res = await admin.call(`${ PREFIX }/apis/storage.k8s.io/v1/storageclasses`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'StorageClassList', apiVersion: 'storage.k8s.io/v1', metadata: { resourceVersion: expect.any(String) } });
    expect(res.body.items).toEqual([expect.objectContaining({
      apiVersion:  'storage.k8s.io/v1',
      kind:        'StorageClass',
      metadata:    expect.objectContaining({ name: 'gp2', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
      provisioner: 'kubernetes.io/aws-ebs',
      parameters:  { type: 'gp2' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    })]);
  });

  it('lists CSIDrivers as a CSIDriverList, the EBS driver with its chart\'s spec and the defaults', async () => {
    const res = await admin.call(`${ PREFIX }/apis/storage.k8s.io/v1/csidrivers`);

    expect(res.body.kind).toBe('CSIDriverList');
    expect(res.body.items.map((d: any) => [d.kind, d.metadata.name, d.spec])).toEqual([['CSIDriver', 'ebs.csi.aws.com', {
      attachRequired: true, podInfoOnMount: false, storageCapacity: false, fsGroupPolicy: 'File', requiresRepublish: false, volumeLifecycleModes: ['Persistent'],
    }]]);
  });

  it('answers a cluster-scoped object by name, and a missing one with a NotFound Status', async () => {
    const one = await admin.call(`${ PREFIX }/apis/storage.k8s.io/v1/storageclasses/gp2`);
    const none = await admin.call(`${ PREFIX }/apis/storage.k8s.io/v1/storageclasses/gp3`);

    expect([one.status, one.body.metadata.name]).toEqual([200, 'gp2']);
    expect([none.status, none.body.kind, none.body.reason, none.body.message]).toEqual([404, 'Status', 'NotFound', 'storageclasses.storage.k8s.io "gp3" not found']);
  });

  it('serves the same objects through Steve', async () => {
    const res = await admin.call(`${ PREFIX }/v1/storage.k8s.io.storageclasses`);

    expect(res.body.data.map((o: any) => [o.id, o.type, o.provisioner])).toEqual([['gp2', 'storage.k8s.io.storageclass', 'kubernetes.io/aws-ebs']]);
  });

  it('lists nothing for a cluster that has none', async () => {
    const res = await admin.call('/k8s/clusters/c-rke1a/apis/storage.k8s.io/v1/csidrivers');

    expect([res.status, res.body.items]).toEqual([200, []]);
  });
});

import { isClusterReady, readObservations } from '../observe';
import { FakeStore } from '../../__tests__/fakeStore';
import { NODE_LIST_QUERY, NO_MANAGED_FIELDS } from '../../__tests__/downstreamUrls';
import { ccmDaemonSet, lease, rke2ControlPlane } from '../../engine/checks/__tests__/fixtures';

const ID = 'c-m-7x2k9q4z';
const MGMT = `/v1/management.cattle.io.clusters/${ ID }`;
const NODES = `/k8s/clusters/${ ID }/v1/nodes?${ NODE_LIST_QUERY }`;
const DS = `/k8s/clusters/${ ID }/v1/apps.daemonsets/kube-system/aws-cloud-controller-manager?${ NO_MANAGED_FIELDS }`;
const LEASES = `/k8s/clusters/${ ID }/v1/coordination.k8s.io.leases/kube-system?${ NO_MANAGED_FIELDS }`;

const mgmt = (conditions: { type: string; status: string }[]) => ({ id: ID, type: 'management.cattle.io.cluster', status: { conditions } });

describe('isClusterReady', () => {
  it.each([
    ['Ready and Updated is ready', [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }], true],
    ['Ready without an Updated condition is ready', [{ type: 'Ready', status: 'True' }], true],
    ['Ready while Updated is Unknown is still updating', [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'Unknown' }], false],
    ['not Ready is not ready', [{ type: 'Ready', status: 'False' }], false],
    ['no conditions is not ready', [], false],
  ])('%s', (_name, conditions, expected) => {
    expect(isClusterReady(mgmt(conditions))).toBe(expected);
  });
});

describe('readObservations', () => {
  it('reads the management cluster, every node, the CCM DaemonSet and the kube-system leases', async () => {
    const nodes = [rke2ControlPlane('cp-1')];
    const leases = [lease('kube-controller-manager', 'cp-1_abc')];
    const store = new FakeStore()
      .on('get', MGMT, { ok: mgmt([{ type: 'Ready', status: 'True' }]) })
      .on('get', NODES, { ok: { data: nodes } })
      .on('get', DS, { ok: ccmDaemonSet() })
      .on('get', LEASES, { ok: { data: leases } });

    const obs = await readObservations(store, { clusterId: ID, distro: 'rke2' });

    expect(obs).toEqual({
      clusterReady: true, nodes, daemonSet: ccmDaemonSet(), leases
    });
    expect(store.calls.map((c) => c.url).sort()).toEqual([DS, LEASES, MGMT, NODES].sort());
    expect(store.writes()).toEqual([]);
  });

  it('tolerates a DaemonSet that does not exist yet', async () => {
    const store = new FakeStore()
      .on('get', MGMT, { ok: mgmt([{ type: 'Ready', status: 'True' }]) })
      .on('get', NODES, { ok: { data: [] } })
      .on('get', DS, { status: 404 })
      .on('get', LEASES, { ok: { data: [] } });

    expect((await readObservations(store, { clusterId: ID, distro: 'rke1' })).daemonSet).toBeNull();
  });

  it('fails as a whole when the cluster cannot be read, rather than reporting part of it', async () => {
    const store = new FakeStore()
      .on('get', MGMT, { ok: mgmt([{ type: 'Ready', status: 'True' }]) })
      .on('get', NODES, { status: 503 })
      .on('get', DS, { ok: ccmDaemonSet() })
      .on('get', LEASES, { ok: { data: [] } });

    await expect(readObservations(store, { clusterId: ID, distro: 'rke2' })).rejects.toMatchObject({ code: 'API_UNAVAILABLE' });
  });
});

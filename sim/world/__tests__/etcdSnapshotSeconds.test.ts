/** @jest-environment ./node_modules/jest-environment-node */
import { World } from '..';
import { makeWorld, nodes, PROD, updateProv } from './helpers';

const SNAPSHOT = 'rke.cattle.io.etcdsnapshot';

function snapshots(world: World) {
  return world.store.list('local', SNAPSHOT, 'fleet-default').filter((s) => s.metadata.labels?.['rke.cattle.io/cluster-name'] === 'prod-rke2');
}

function requestSnapshot(world: World): void {
  updateProv(world, 'prod-rke2', (p) => {
    p.spec.rkeConfig.etcdSnapshotCreate = { generation: (p.spec.rkeConfig.etcdSnapshotCreate?.generation || 0) + 1 };
  });
}

describe('RKE2 etcd snapshots requested one after the other', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('each request takes its own snapshot on every etcd node, named after a later second, even within one second of the clock', async () => {
    const etcd = nodes(world, PROD).filter((n) => n.metadata.labels?.['node-role.kubernetes.io/etcd'] === 'true').length;

    requestSnapshot(world);
    await world.settle();
    const first = snapshots(world);

    requestSnapshot(world);
    await world.settle();
    const both = snapshots(world);
    const second = both.filter((s) => !first.some((f) => f.metadata.name === s.metadata.name));
    const seconds = (list: typeof both) => [...new Set(list.map((s) => Date.parse(s.snapshotFile.createdAt) / 1000))];

    expect(first).toHaveLength(etcd);
    expect(second).toHaveLength(etcd);
    expect(seconds(second)).toHaveLength(1);
    expect(seconds(second)[0]).toBeGreaterThan(seconds(first)[0]);
    expect(second.every((s) => s.snapshotFile.name.endsWith(`-${ seconds(second)[0] }`))).toBe(true);
    expect(world.errors).toEqual([]);
  });
});

/** @jest-environment ./node_modules/jest-environment-node */
import { World } from '..';
import { snapshotSpec } from '../controllers/etcdSnapshot';
import { condition, makeWorld, nodes, prov, PROD, updateProv } from './helpers';

const RKE1 = 'c-rke1a';
const SNAPSHOT = 'rke.cattle.io.etcdsnapshot';
const BACKUP = 'management.cattle.io.etcdbackup';
const MGMT = 'management.cattle.io.cluster';

/** Every Updated message the provisioning cluster (or, for RKE1, the management cluster) shows from now on. */
function updatedMessages(world: World, type: string, name: string): string[] {
  const seen: string[] = [];

  world.store.on((e) => {
    const c = (e.obj.status?.conditions || []).find((x: any) => x.type === 'Updated');

    if (e.type === type && e.obj.metadata.name === name && c && seen[seen.length - 1] !== `${ c.status } ${ c.message }`) {
      seen.push(`${ c.status } ${ c.message }`);
    }
  });

  return seen;
}

function snapshots(world: World, cluster: string) {
  return world.store.list('local', SNAPSHOT, 'fleet-default').filter((s) => s.metadata.labels?.['rke.cattle.io/cluster-name'] === cluster);
}

function etcdNodeNames(world: World, scope: string): string[] {
  return nodes(world, scope).filter((n) => n.metadata.labels?.['node-role.kubernetes.io/etcd'] === 'true').map((n) => n.metadata.name);
}

function requestSnapshot(world: World, name: string): void {
  updateProv(world, name, (p) => {
    p.spec.rkeConfig.etcdSnapshotCreate = { generation: (p.spec.rkeConfig.etcdSnapshotCreate?.generation || 0) + 1 };
  });
}

describe('RKE2 etcd snapshot (spec.rkeConfig.etcdSnapshotCreate)', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('a new generation takes one snapshot per etcd node while the cluster is Updating, then the cluster is reconciled again', async () => {
    const messages = updatedMessages(world, 'provisioning.cattle.io.cluster', 'prod-rke2');
    const plansBefore = nodes(world, PROD).map((n) => n.metadata.annotations!['sim.cattle.io/restart-stamp']);

    requestSnapshot(world, 'prod-rke2');
    await world.settle();

    const taken = snapshots(world, 'prod-rke2');
    const etcd = etcdNodeNames(world, PROD);

    expect(taken.map((s) => s.snapshotFile.nodeName).sort()).toEqual(etcd);
    for (const s of taken) {
      expect(s.metadata.name.length).toBeLessThanOrEqual(63);
      expect(s.spec).toEqual({ clusterName: 'prod-rke2' });
      expect(s.snapshotFile).toMatchObject({
        name: expect.stringMatching(new RegExp(`^on-demand-${ s.snapshotFile.nodeName.replace(/\./g, '\\.') }-\\d{10}$`)), status: 'successful', location: expect.stringMatching(/^file:\/\/\/var\/lib\/rancher\/rke2\/server\/db\/snapshots\/on-demand-/),
      });
      expect(s.snapshotFile.size).toBeGreaterThan(0);
      expect(snapshotSpec(s)?.rkeConfig?.etcdSnapshotCreate).toEqual({ generation: 1 });
    }
    expect(messages).toContain(`Unknown ${ etcd.map((n) => `waiting for etcd snapshot on node ${ n }`).join(', ') }`);
    expect(messages).toContain('Unknown waiting for etcd snapshot creation management plane restart');
    expect(messages[messages.length - 1]).toBe('True ');
    expect(prov(world, 'prod-rke2').status.observedGeneration).toBe(prov(world, 'prod-rke2').metadata.generation);
    expect(condition(world.store.get('local', MGMT, undefined, PROD), 'Updated').status).toBe('True');
    // A snapshot restarts nothing the plan drives.
    expect(nodes(world, PROD).map((n) => n.metadata.annotations!['sim.cattle.io/restart-stamp'])).toEqual(plansBefore);
  });

  it('a spec change that leaves etcdSnapshotCreate alone takes no snapshot; each new generation takes another', async () => {
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineGlobalConfig['etcd-expose-metrics'] = true;
    });
    await world.settle();
    expect(snapshots(world, 'prod-rke2')).toEqual([]);

    requestSnapshot(world, 'prod-rke2');
    await world.settle();
    requestSnapshot(world, 'prod-rke2');
    await world.settle();

    expect(snapshots(world, 'prod-rke2').length).toBeGreaterThanOrEqual(etcdNodeNames(world, PROD).length);
    expect(world.errors).toEqual([]);
  });
});

describe('RKE2 etcd restore (spec.rkeConfig.etcdSnapshotRestore)', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  async function snapshotThenChange(): Promise<string> {
    requestSnapshot(world, 'prod-rke2');
    await world.settle();
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineGlobalConfig['etcd-expose-metrics'] = true;
    });
    await world.settle();

    return snapshots(world, 'prod-rke2')[0].metadata.name;
  }

  function restore(name: string, restoreRKEConfig: string): void {
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.etcdSnapshotRestore = { name, generation: (p.spec.rkeConfig.etcdSnapshotRestore?.generation || 0) + 1, restoreRKEConfig };
    });
  }

  it('restoreRKEConfig none: shuts down, restores and restarts the cluster, keeping the spec as it is', async () => {
    const name = await snapshotThenChange();
    const messages = updatedMessages(world, 'provisioning.cattle.io.cluster', 'prod-rke2');

    restore(name, 'none');
    await world.settle();

    expect(messages).toEqual(expect.arrayContaining(['Unknown shutting down cluster', 'Unknown cluster shutdown complete, running etcd restore', 'Unknown waiting for etcd restore']));
    expect(messages[messages.length - 1]).toBe('True ');
    expect(prov(world, 'prod-rke2').spec.rkeConfig.machineGlobalConfig['etcd-expose-metrics']).toBe(true);
  });

  it('restoreRKEConfig all: the spec takes back the config the snapshot recorded', async () => {
    const name = await snapshotThenChange();

    restore(name, 'all');
    await world.settle();

    expect(prov(world, 'prod-rke2').spec.rkeConfig.machineGlobalConfig['etcd-expose-metrics']).toBe(false);
    expect(condition(prov(world, 'prod-rke2'), 'Updated').status).toBe('True');
  });

  it('a name without a snapshot object fails the restore', async () => {
    restore('prod-rke2-on-demand-nowhere-1700000000-local', 'none');
    await world.settle();

    expect(condition(prov(world, 'prod-rke2'), 'Updated')).toMatchObject({ status: 'False', message: 'operation etcd restore failed' });
  });
});

describe('RKE1 etcd backups', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld({ rancherVersion: '2.11' });
  });
  afterEach(() => world.stop());

  function createBackup(name: string): void {
    world.store.create('local', BACKUP, {
      apiVersion: 'management.cattle.io/v3',
      kind:       'EtcdBackup',
      metadata:   { name, namespace: RKE1 },
      spec:       { clusterId: RKE1, manual: true },
      status:     { kubernetesVersion: 'v1.26.15-rancher1-1' },
    });
  }

  it('a manual backup gets Created, then Completed, with its file name', async () => {
    const states: string[] = [];

    world.store.on((e) => {
      if (e.type === BACKUP) {
        states.push((e.obj.status?.conditions || []).map((c: any) => `${ c.type }=${ c.status }`).join(','));
      }
    });
    createBackup(`${ RKE1 }-ml-abcde`);
    await world.settle();
    const backup = world.store.get('local', BACKUP, RKE1, `${ RKE1 }-ml-abcde`)!;

    expect(states).toContain('Created=True,Completed=Unknown');
    expect(condition(backup, 'Completed').status).toBe('True');
    expect(backup.spec.filename).toMatch(new RegExp(`^${ RKE1 }-ml-abcde_\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\.zip$`));
    expect(backup.spec.backupConfig).toMatchObject({ enabled: true, retention: 6 });
  });

  it('a restore flag makes the cluster restore, then reset the flags and mark the cluster restored', async () => {
    createBackup(`${ RKE1 }-ml-abcde`);
    await world.settle();
    const messages = updatedMessages(world, MGMT, RKE1);

    world.store.mutate('local', MGMT, undefined, RKE1, (m) => {
      m.spec.rancherKubernetesEngineConfig.restore = { restore: true, snapshotName: `${ RKE1 }:${ RKE1 }-ml-abcde` };
    });
    await world.settle();
    const m = world.store.get('local', MGMT, undefined, RKE1)!;

    expect(messages).toContainEqual(expect.stringMatching(/^Unknown \[etcd\] Restoring etcd snapshot c-rke1a-ml-abcde_/));
    expect(messages[messages.length - 1]).toBe('True ');
    expect(m.spec.rancherKubernetesEngineConfig.restore).toEqual({});
    expect(m.metadata.annotations?.['rke.cattle.io/restore']).toBe('true');
    expect(world.errors).toEqual([]);
  });
});

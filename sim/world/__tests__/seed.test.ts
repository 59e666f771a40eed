/** @jest-environment ./node_modules/jest-environment-node */
import { Store } from '../../store';
import { World } from '..';
import { makeWorld, nodes, PROD, prov } from './helpers';

describe('seeded demo world', () => {
  let world: World;

  afterEach(() => world.stop());

  it.each([
    ['2.11', ['c-m-prod0001', 'c-m-edge0001', 'c-m-lgcy0001', 'c-m-oot00001', 'c-m-none0001', 'c-m-k3s00001', 'c-abcde', 'c-rke1a', 'local'], 'v2.11.3'],
    ['2.13', ['c-m-prod0001', 'c-m-edge0001', 'c-m-lgcy0001', 'c-m-oot00001', 'c-m-none0001', 'c-m-k3s00001', 'c-abcde', 'local'], 'v2.13.2'],
  ] as const)('Rancher %s has the demo management clusters and reports its server version', (version, ids, serverVersion) => {
    world = makeWorld({ rancherVersion: version });
    expect(world.store.list('local', 'management.cattle.io.cluster').map((m) => m.metadata.name).sort()).toEqual([...ids].sort());
    expect(world.serverVersion).toBe(serverVersion);
  });

  it('links every provisioning cluster to its management cluster', () => {
    world = makeWorld();
    for (const p of world.store.list('local', 'provisioning.cattle.io.cluster')) {
      expect(world.store.get('local', 'management.cattle.io.cluster', undefined, p.status.clusterName)).toBeDefined();
    }
  });

  it('gives prod-rke2 three tainted control-plane nodes, three workers and in-tree ProviderIDs', () => {
    world = makeWorld();
    const all = nodes(world, PROD);
    const cps = all.filter((n) => n.metadata.labels!['node-role.kubernetes.io/control-plane'] === 'true');

    expect(all).toHaveLength(6);
    expect(cps).toHaveLength(3);
    for (const n of cps) {
      expect(n.spec.taints).toEqual([
        { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
        { key: 'node-role.kubernetes.io/etcd', effect: 'NoExecute' },
      ]);
    }
    for (const n of all) {
      expect(n.metadata.name).toMatch(/^ip-10-0-1-\d+\.us-east-2\.compute\.internal$/);
      expect(n.spec.providerID).toMatch(/^aws:\/\/\/us-east-2[abc]\/i-0[0-9a-f]{16}$/);
    }
    expect(prov(world, 'prod-rke2').spec.rkeConfig.machineSelectorConfig[0]).toEqual({ config: { 'cloud-provider-name': 'aws', 'protect-kernel-defaults': false } });
    expect(prov(world, 'prod-rke2').metadata.annotations!['field.cattle.io/description']).toContain('<script>');
  });

  it('runs the in-tree provider on prod-rke2 control-plane components and holds the KCM lease on a control-plane node', () => {
    world = makeWorld();
    const cp = nodes(world, PROD).find((n) => n.metadata.labels!['node-role.kubernetes.io/control-plane'])!;

    expect(cp.metadata.annotations!['sim.cattle.io/kcm-cloud-provider']).toBe('aws');
    const holder = world.store.get(PROD, 'coordination.k8s.io.lease', 'kube-system', 'kube-controller-manager')!.spec.holderIdentity;

    expect(holder).toMatch(/^ip-10-0-1-\d+\.us-east-2\.compute\.internal_[0-9a-f-]{36}$/);
  });

  it('seeds oot-rke2 with a rolled-out CCM DaemonSet on its control-plane nodes', () => {
    world = makeWorld();
    const ds = world.store.get('c-m-oot00001', 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')!;

    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, observedGeneration: ds.metadata.generation });
    expect(ds.spec.template.spec.containers[0].image).toBe('registry.k8s.io/provider-aws/cloud-controller-manager:v1.27.10');
  });

  it('seeds RKE1 with the Norman-side config and RKE1 role labels and taints', () => {
    world = makeWorld();
    const m = world.store.get('local', 'management.cattle.io.cluster', undefined, 'c-rke1a')!;

    expect(m.spec.rancherKubernetesEngineConfig.cloudProvider.name).toBe('aws');
    expect(m.status.driver).toBe('rancherKubernetesEngine');
    const cp = nodes(world, 'c-rke1a').find((n) => n.metadata.labels!['node-role.kubernetes.io/controlplane'] === 'true')!;

    expect(cp.spec.taints).toContainEqual({ key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' });
  });

  it('gives plain-rke2 embedded rke2:// ProviderIDs and host names', () => {
    world = makeWorld();
    for (const n of nodes(world, 'c-m-none0001')) {
      expect(n.spec.providerID).toBe(`rke2://${ n.metadata.name }`);
      expect(n.metadata.name).toMatch(/^plain-rke2-/);
    }
  });

  it('reseeds the same names after reset, and an empty seed has only the local cluster', async () => {
    world = makeWorld();
    const before = nodes(world, PROD).map((n) => n.metadata.name);

    world.reset();
    expect(nodes(world, PROD).map((n) => n.metadata.name)).toEqual(before);
    world.stop();
    world = new World(new Store(), { rancherVersion: '2.13', seed: 'empty' });
    expect(world.store.list('local', 'management.cattle.io.cluster').map((m) => m.metadata.name)).toEqual(['local']);
  });

  it('settles at once when nothing changed', async () => {
    world = makeWorld();
    await world.settle(2000);
    expect(world.errors).toEqual([]);
  });
});

describe('generators', () => {
  // Full size (5,000 nodes, 1,000 clusters) takes about 3 s each under tsx; jest runs a tenth of it.
  it('adds a big cluster with the requested node count and many small clusters with distinct ids', async () => {
    const world = makeWorld({ seed: 'empty' });

    world.addBigCluster('big', 500);
    world.addManyClusters(100);
    const big = world.store.list('local', 'provisioning.cattle.io.cluster', 'fleet-default').find((p) => p.metadata.name === 'big')!;

    expect(world.store.list(big.status.clusterName, 'node')).toHaveLength(500);
    expect(world.store.list(big.status.clusterName, 'node').filter((n) => n.metadata.labels!['node-role.kubernetes.io/control-plane'])).toHaveLength(3);
    expect(world.store.list('local', 'management.cattle.io.cluster')).toHaveLength(102);
    await world.settle(5000);
    world.stop();
  }, 20000);

  it('gives the big cluster\'s nodes what real nodes carry: images as the kubelet lists them, managed fields, the agents\' annotations', () => {
    const world = makeWorld({ seed: 'empty' });

    world.addBigCluster('big', 40);
    world.stop();
    const nodes = world.store.list('c-m-b0000000', 'node');
    const workers = nodes.filter((n) => n.metadata.labels!['node-role.kubernetes.io/worker']);
    const imageNames = (n: any) => n.status.images.map((i: any) => i.names[1]);

    for (const n of nodes) {
      const sizes = n.status.images.map((i: any) => i.sizeBytes);

      // The kubelet lists at most 50 images, the biggest first, each by digest and by tag.
      expect(n.status.images.length).toBeGreaterThanOrEqual(25);
      expect(n.status.images.length).toBeLessThanOrEqual(50);
      expect(sizes).toEqual([...sizes].sort((a: number, b: number) => b - a));
      expect(n.status.images[0].names[0]).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(n.metadata.managedFields.map((f: any) => `${ f.manager }${ f.subresource ? `/${ f.subresource }` : '' }`)).toEqual(
        expect.arrayContaining(['kubelet', 'kubelet/status', 'rke2', 'kube-controller-manager', 'calico-node/status', 'agent']),
      );
      expect(n.metadata.managedFields.find((f: any) => f.subresource === 'status' && f.manager === 'kubelet').fieldsV1['f:status']['f:conditions']).toHaveProperty(['k:{"type":"Ready"}', 'f:lastHeartbeatTime']);
      expect(Object.keys(n.metadata.annotations || {})).toEqual(expect.arrayContaining([
        'rke2.io/node-args', 'rke2.io/node-config-hash', 'rke2.io/hostname', 'projectcalico.org/IPv4Address', 'management.cattle.io/pod-requests', 'cluster.x-k8s.io/machine',
      ]));
    }
    // Every worker ran the team's services from ECR, and its own share of other workloads.
    expect(workers.every((n) => imageNames(n).some((name: string) => name.startsWith('123456789012.dkr.ecr.us-east-2.amazonaws.com/shop/')))).toBe(true);
    expect(new Set(workers.map((n) => imageNames(n).sort().join())).size).toBeGreaterThan(5);
  });
});

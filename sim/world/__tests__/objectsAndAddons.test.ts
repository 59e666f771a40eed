/** @jest-environment ./node_modules/jest-environment-node */
import { World } from '..';
import { condition, cpNodes, makeWorld, nodes, PROD, updateProv } from './helpers';

const K3S = 'c-m-k3s00001';
const OOT = 'c-m-oot00001';
const RKE1 = 'c-rke1a';

function ccmPodsOn(world: World, nodeName: string) {
  return world.store.list(OOT, 'pod', 'kube-system').filter((p) => p.metadata.name.startsWith('aws-cloud-controller-manager-') && p.spec.nodeName === nodeName);
}

describe('node objects as real nodes are', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('K3s control-plane+etcd servers carry only the control-plane taint (rancher/rancher planner getTaints)', () => {
    const server = nodes(world, K3S).find((n) => n.metadata.labels!['node-role.kubernetes.io/etcd'] === 'true')!;

    expect(server.spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(cpNodes(world, PROD)[0].spec.taints).toContainEqual({ key: 'node-role.kubernetes.io/etcd', effect: 'NoExecute' });
  });

  it('nodes list tens of images with names and sizes, and carry managedFields', () => {
    for (const n of [...nodes(world, PROD), ...nodes(world, RKE1), ...nodes(world, K3S)]) {
      expect(n.status.images.length).toBeGreaterThanOrEqual(20);
      for (const img of n.status.images) {
        expect(img.names.length).toBeGreaterThanOrEqual(1);
        expect(img.sizeBytes).toBeGreaterThan(1000);
      }
      expect(n.metadata.managedFields.map((f: any) => f.manager)).toContain('kubelet');
    }
  });

  it('a node added by scaling a pool is shaped the same way', async () => {
    const names = nodes(world, PROD).map((n) => n.metadata.name);

    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machinePools.find((x: any) => x.name === 'worker').quantity = 4;
    });
    await world.settle();
    const added = nodes(world, PROD).find((n) => !names.includes(n.metadata.name))!;

    expect(added.status.images.length).toBeGreaterThanOrEqual(20);
    expect(added.metadata.managedFields.length).toBeGreaterThan(0);
  });

  it('RKE1 status.appliedSpec carries nodes and systemImages added by the provisioner, so it never equals the spec', async () => {
    const m = () => world.store.get('local', 'management.cattle.io.cluster', undefined, RKE1)!;
    const applied = m().status.appliedSpec.rancherKubernetesEngineConfig;

    expect(applied.nodes.map((n: any) => n.role)).toContainEqual(['etcd', 'controlplane']);
    expect(applied.nodes[0]).toMatchObject({ nodeName: expect.stringMatching(/^c-rke1a:m-/), address: expect.any(String), user: expect.any(String) });
    expect(applied.systemImages.kubernetes).toMatch(/^rancher\/hyperkube:v1\.26\.15-rancher1/);
    expect(applied).not.toEqual(m().spec.rancherKubernetesEngineConfig);
    expect(m().status.appliedSpec.displayName).toBe(m().spec.displayName);
    // Nothing changed: no rollout.
    await world.settle();
    expect(condition(m(), 'Updated').status).toBe('True');
    world.store.mutate('local', 'management.cattle.io.cluster', undefined, RKE1, (x) => {
      x.spec.rancherKubernetesEngineConfig.services.kubeController.extraArgs = { 'node-monitor-grace-period': '50s' };
    });
    await world.settle();
    expect(m().status.appliedSpec.rancherKubernetesEngineConfig.services.kubeController.extraArgs).toEqual({ 'node-monitor-grace-period': '50s' });
    expect(m().status.appliedSpec.rancherKubernetesEngineConfig.nodes.length).toBe(5);
  });
});

describe('add-ons', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('HelmChart spec.values win over spec.valuesContent (helm-controller passes values-0-000 ValuesContent, then values-0-001 Values)', async () => {
    updateProv(world, 'oot-rke2', (p) => {
      p.spec.rkeConfig.additionalManifest = p.spec.rkeConfig.additionalManifest.replace('  valuesContent: |-', '  values:\n    args:\n      - --cloud-provider=aws\n      - --v=5\n  valuesContent: |-');
    });
    await world.settle();
    const ds = world.store.get(OOT, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')!;

    expect(ds.spec.template.spec.containers[0].args).toContain('--v=5');
  });

  it('existing DaemonSet pods stay on a node that gets a new NoSchedule taint; a NoExecute taint evicts them', async () => {
    const cp = cpNodes(world, OOT)[0].metadata.name;

    expect(ccmPodsOn(world, cp)).toHaveLength(1);
    world.store.mutate(OOT, 'node', undefined, cp, (n) => {
      n.spec.taints = [...(n.spec.taints || []), { key: 'maintenance', value: 'yes', effect: 'NoSchedule' }];
    });
    await world.settle();
    expect(ccmPodsOn(world, cp)).toHaveLength(1);
    const ds = world.store.get(OOT, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')!;

    expect(ds.status).toMatchObject({ desiredNumberScheduled: 2, numberMisscheduled: 1 });
    world.store.mutate(OOT, 'node', undefined, cp, (n) => {
      n.spec.taints = [...(n.spec.taints || []), { key: 'maintenance', value: 'yes', effect: 'NoExecute' }];
    });
    await world.settle();
    expect(ccmPodsOn(world, cp)).toHaveLength(0);
  });
});

/** @jest-environment ./node_modules/jest-environment-node */
import { KObj } from '../../store';
import { World } from '..';
import { isEc2NodeName } from '../controllers/cloudNode';
import { isCcmPod } from '../ccmPods';
import { ccmHelmChart, condition, cpNodes, makeWorld, nodes, outOfTreeSelectors, PROD, setCordon, updateProv } from './helpers';

const RKE1 = 'c-rke1a';

function updateRke1(world: World, fn: (cfg: any) => void): void {
  world.store.mutate('local', 'management.cattle.io.cluster', undefined, RKE1, (m) => fn(m.spec.rancherKubernetesEngineConfig));
}

/** The CCM chart's Rancher app as the install action leaves it (pending-install), with RKE1 control-plane values. */
function installCcmApp(world: World): void {
  world.store.create(RKE1, 'catalog.cattle.io.app', {
    apiVersion: 'catalog.cattle.io/v1',
    kind:       'App',
    metadata:   { name: 'aws-cloud-controller-manager', namespace: 'kube-system' },
    spec:       {
      chart:  { metadata: { name: 'aws-cloud-controller-manager', version: '0.0.8' }, values: {} },
      values: { nodeSelector: { 'node-role.kubernetes.io/control-plane': null, 'node-role.kubernetes.io/controlplane': 'true' }, tolerations: [{ key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' }, { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' }] },
      info:   { status: 'pending-install' },
    },
  });
}

function mgmt(world: World, id: string): KObj {
  return world.store.get('local', 'management.cattle.io.cluster', undefined, id)!;
}

describe('RKE1 reconcile', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('rejects cloudProvider aws on 1.27 and applies nothing', async () => {
    const before = nodes(world, RKE1).map((n) => n.metadata.annotations!['sim.cattle.io/applied-plan']);

    updateRke1(world, (c) => {
      c.kubernetesVersion = 'v1.27.16-rancher1-1';
    });
    await world.settle();
    expect(condition(mgmt(world, RKE1), 'Updated')).toMatchObject({ status: 'False', message: 'Cloud provider aws is invalid for [v1.27.16-rancher1-1]' });
    expect(nodes(world, RKE1).map((n) => n.metadata.annotations!['sim.cattle.io/applied-plan'])).toEqual(before);
  });

  it('uncordons every control-plane host it processes, unlike RKE2', async () => {
    setCordon(world, RKE1, cpNodes(world, RKE1).map((n) => n.metadata.name), true);
    updateRke1(world, (c) => {
      c.services.kubeController.extraArgs = { 'enable-leader-migration': 'true' };
    });
    await world.settle();
    expect(condition(mgmt(world, RKE1), 'Updated').status).toBe('True');
    expect(cpNodes(world, RKE1).every((n) => !n.spec.unschedulable && n.metadata.annotations!['sim.cattle.io/kcm-leader-migration'] === 'true')).toBe(true);
    expect(mgmt(world, RKE1).status.appliedSpec.rancherKubernetesEngineConfig.services.kubeController.extraArgs).toEqual({ 'enable-leader-migration': 'true' });
  });

  it('switches every component to --cloud-provider=external with external-aws and keeps EC2 node names', async () => {
    const names = nodes(world, RKE1).map((n) => n.metadata.name);

    updateRke1(world, (c) => {
      c.cloudProvider = { name: 'external-aws', useInstanceMetadataHostname: true };
    });
    await world.settle();
    expect(nodes(world, RKE1).map((n) => n.metadata.name)).toEqual(names);
    expect(nodes(world, RKE1).every((n) => n.metadata.annotations!['sim.cattle.io/kubelet-cloud-provider'] === 'external')).toBe(true);
    expect(cpNodes(world, RKE1).every((n) => n.metadata.annotations!['sim.cattle.io/kcm-cloud-provider'] === 'external')).toBe(true);
  });

  it.each([
    ['a leftover awsCloudProvider block', 'aws', {}],
    ['the block sent as null', 'external', null],
  ])('external-aws with %s runs --cloud-provider=%s (rke InitCloudProvider picks aws while the block is set)', async (_what, provider, block) => {
    updateRke1(world, (c) => {
      c.cloudProvider = { name: 'external-aws', useInstanceMetadataHostname: true, awsCloudProvider: block };
    });
    await world.settle();
    expect(cpNodes(world, RKE1).every((n) => n.metadata.annotations!['sim.cattle.io/kcm-cloud-provider'] === provider)).toBe(true);
  });

  it('appends extraArgsArray after extraArgs, so an array entry wins (rke cluster/plan.go appendArrayArgs)', async () => {
    updateRke1(world, (c) => {
      c.services.kubeController.extraArgs = { 'enable-leader-migration': 'true' };
      c.services.kubeController.extraArgsArray = { 'enable-leader-migration': ['false'] };
    });
    await world.settle();
    expect(condition(mgmt(world, RKE1), 'Updated').status).toBe('True');
    expect(cpNodes(world, RKE1).map((n) => n.metadata.annotations!['sim.cattle.io/kcm-leader-migration'])).toEqual(cpNodes(world, RKE1).map(() => 'false'));
  });

  it('leaves the components down when extraArgsArray still carries a feature gate removed in the new version', async () => {
    updateRke1(world, (c) => {
      c.cloudProvider = { name: 'external-aws', useInstanceMetadataHostname: true };
      c.kubernetesVersion = 'v1.27.16-rancher1-1';
      c.services.kubelet.extraArgsArray = { 'feature-gates': ['CSIMigrationAWS=false'] };
    });
    await world.settle();
    const updated = condition(mgmt(world, RKE1), 'Updated');

    expect(updated.status).not.toBe('True');
    expect(updated.message).toContain('unrecognized feature gate: CSIMigrationAWS');
  });

  it('hangs the worker plane while a cordoned worker uses up maxUnavailableWorker (docs/rancher-behaviour.md#rke1-upgrade-unavailable), and continues once uncordoned', async () => {
    const workers = nodes(world, RKE1).filter((n) => n.metadata.labels!['node-role.kubernetes.io/worker'] === 'true').map((n) => n.metadata.name);

    setCordon(world, RKE1, [workers[0]], true);
    updateRke1(world, (c) => {
      c.services.kubelet.extraArgs = { 'max-pods': '200' };
    });
    await world.settle();
    expect(condition(mgmt(world, RKE1), 'Updated').message).toMatch(/more than allowed nodes upgrading.*unavailable 1 maxUnavailable 1/);
    expect(nodes(world, RKE1).filter((n) => !n.metadata.labels!['node-role.kubernetes.io/controlplane']).every((n) => n.metadata.annotations!['sim.cattle.io/kubelet-args'] === '["cloud-provider=aws"]')).toBe(true);
    setCordon(world, RKE1, [workers[0]], false);
    await world.settle();
    expect(condition(mgmt(world, RKE1), 'Updated').status).toBe('True');
    expect(nodes(world, RKE1).every((n) => n.metadata.annotations!['sim.cattle.io/kubelet-args'] === '["cloud-provider=aws","max-pods=200"]')).toBe(true);
  });

  it('installs the CCM from a Rancher app without Job pinning and marks the app deployed', async () => {
    setCordon(world, RKE1, cpNodes(world, RKE1).map((n) => n.metadata.name), true);
    installCcmApp(world);
    await world.settle();
    expect(world.store.get(RKE1, 'catalog.cattle.io.app', 'kube-system', 'aws-cloud-controller-manager')!.spec.info.status).toBe('deployed');
    expect(world.store.get(RKE1, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')!.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3 });
  });

  it('uninstalls an app turned uninstalling: the release (its DaemonSet and pods) goes, then the app, and the operation ends', async () => {
    installCcmApp(world);
    await world.settle();
    const ccmPods = () => world.store.list(RKE1, 'pod').filter(isCcmPod);

    expect(ccmPods().length).toBeGreaterThan(0);
    world.store.create(RKE1, 'catalog.cattle.io.operation', {
      apiVersion: 'catalog.cattle.io/v1',
      kind:       'Operation',
      metadata:   { name: 'helm-operation-ab12c', namespace: 'kube-system' },
      status:     {
        action: 'uninstall', releaseName: 'aws-cloud-controller-manager', namespace: 'kube-system', conditions: [{ type: 'Reconciling', status: 'True' }]
      },
    });
    world.store.mutate(RKE1, 'catalog.cattle.io.app', 'kube-system', 'aws-cloud-controller-manager', (a) => {
      a.spec.info = { status: 'uninstalling' };
    });
    expect(world.store.get(RKE1, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')).toBeDefined();
    await world.settle();
    expect(world.store.get(RKE1, 'catalog.cattle.io.app', 'kube-system', 'aws-cloud-controller-manager')).toBeUndefined();
    expect(world.store.get(RKE1, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')).toBeUndefined();
    expect(ccmPods()).toEqual([]);
    expect(world.store.get(RKE1, 'catalog.cattle.io.operation', 'kube-system', 'helm-operation-ab12c')!.status.conditions).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'Reconciling', status: 'False' }), expect.objectContaining({ type: 'Stalled', status: 'False' }),
    ]));
  });
});

describe('CCM cloud-node controller', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it.each([
    ['ip-10-0-1-23.us-east-2.compute.internal', true],
    ['ip-10-0-1-23.ec2.internal', true],
    ['i-0123456789abcdef0', true],
    ['prod-rke2-worker-1a2b3c4d5-xk2lp', false],
    ['ip-10-0-1-23', false],
    ['ip-10-0-1-23.corp.example.com', false],
  ])('%s is an EC2 name: %s', (name, expected) => {
    expect(isEc2NodeName(name)).toBe(expected);
  });

  async function migrateProd(extraWorkers: number, opts: { chart?: string } = {}): Promise<KObj[]> {
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineSelectorConfig = outOfTreeSelectors();
      p.spec.rkeConfig.additionalManifest = opts.chart ?? ccmHelmChart();
    });
    await world.settle();
    const before = new Set(nodes(world, PROD).map((n) => n.metadata.name));

    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machinePools[1].quantity += extraWorkers;
    });
    await world.settle();

    return nodes(world, PROD).filter((n) => !before.has(n.metadata.name));
  }

  it('initialises a new EC2-named node: ProviderID, zone labels, taint removed', async () => {
    const [added] = await migrateProd(1);

    expect(added.metadata.name).toMatch(/\.us-east-2\.compute\.internal$/);
    expect(added.spec.providerID).toMatch(/^aws:\/\/\/us-east-2[abc]\/i-0[0-9a-f]{16}$/);
    expect(added.spec.taints).toEqual([]);
    expect(added.metadata.labels!['topology.kubernetes.io/zone']).toMatch(/^us-east-2[abc]$/);
  });

  it('keeps existing nodes on the ProviderID the in-tree kubelet gave them', async () => {
    const before = Object.fromEntries(nodes(world, PROD).map((n) => [n.metadata.name, n.spec.providerID]));

    await migrateProd(0);
    for (const n of nodes(world, PROD)) {
      expect(n.spec.providerID).toBe(before[n.metadata.name]);
    }
  });

  it('leaves a new node that is not named after EC2 uninitialised, with the CCM error', async () => {
    await migrateProd(0);
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineSelectorConfig[0].config['cloud-provider-name'] = 'external';
      p.spec.rkeConfig.machinePools[1].quantity += 1;
    });
    await world.settle();
    const fresh = nodes(world, PROD).find((n) => n.metadata.name.startsWith('prod-rke2-worker-'))!;

    expect(fresh.spec.providerID).toBeUndefined();
    expect(fresh.spec.taints).toContainEqual({ key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' });
    expect(fresh.metadata.annotations!['sim.cattle.io/cloud-node-error']).toContain('instance not found');
  });

  it('fault nodeNeverProviderId keeps the named node uninitialised until the fault is cleared', async () => {
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineSelectorConfig = outOfTreeSelectors();
      p.spec.rkeConfig.additionalManifest = ccmHelmChart();
    });
    await world.settle();
    // The next new node's name is not known in advance: block every name the pool will use by
    // adding the node first with the CCM unable to lead, then set the fault.
    world.faults.daemonSetNeverReady.add(PROD);
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machinePools[1].quantity += 1;
    });
    await world.settle();
    const fresh = nodes(world, PROD).find((n) => (n.spec.taints || []).some((t: any) => t.key === 'node.cloudprovider.kubernetes.io/uninitialized'))!;

    expect(fresh).toBeDefined();
    world.faults.nodeNeverProviderId.add(fresh.metadata.name);
    world.faults.daemonSetNeverReady.delete(PROD);
    await world.settle();
    expect(world.store.get(PROD, 'node', undefined, fresh.metadata.name)!.spec.providerID).toBeUndefined();
    world.faults.nodeNeverProviderId.delete(fresh.metadata.name);
    await world.settle();
    expect(world.store.get(PROD, 'node', undefined, fresh.metadata.name)!.spec.providerID).toMatch(/^aws:\/\/\//);
  });

  it('fault daemonSetNeverReady keeps CCM pods not ready and the rollout incomplete', async () => {
    world.faults.daemonSetNeverReady.add(PROD);
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.additionalManifest = ccmHelmChart();
    });
    await world.settle();
    const ds = world.store.get(PROD, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')!;

    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 0, numberUnavailable: 3 });
    world.faults.daemonSetNeverReady.delete(PROD);
    await world.settle();
    expect(world.store.get(PROD, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')!.status.numberReady).toBe(3);
  });

  it('keeps LoadBalancer ingress of existing services', async () => {
    const before = world.store.get(PROD, 'service', 'default', 'web')!.status;

    await migrateProd(0);
    expect(world.store.get(PROD, 'service', 'default', 'web')!.status).toEqual(before);
  });
});

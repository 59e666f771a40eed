/** @jest-environment ./node_modules/jest-environment-node */
import { World } from '..';
import { ccmHelmChart, condition, cpNodes, lease, makeWorld, nodes, outOfTreeSelectors, PROD, prov, setCordon, updateProv } from './helpers';

describe('RKE2 provisioning reconcile', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('reconfigures control-plane nodes one at a time, then the workers, and ends Updated', async () => {
    const messages: string[] = [];
    const applied: string[] = [];

    world.store.on((e) => {
      if (e.type === 'provisioning.cattle.io.cluster' && e.obj.metadata.name === 'prod-rke2') {
        const m = condition(e.obj, 'Updated')?.message;

        if (m && messages[messages.length - 1] !== m) {
          messages.push(m);
        }
      }
      if (e.scope === PROD && e.type === 'node' && e.old && e.obj.metadata.annotations!['sim.cattle.io/applied-plan'] !== e.old.metadata.annotations!['sim.cattle.io/applied-plan']) {
        applied.push(e.obj.metadata.name);
      }
    });
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineSelectorConfig = outOfTreeSelectors();
    });
    await world.settle();
    const cps = cpNodes(world, PROD).map((n) => n.metadata.name);
    const nodeMessages = messages.filter((m) => /^configuring (etcd|control plane|worker) node/.test(m));

    expect(applied.slice(0, 3).sort()).toEqual(cps);
    expect(applied).toHaveLength(6);
    expect(nodeMessages).toHaveLength(6);
    expect(nodeMessages.slice(0, 3).every((m) => m.startsWith('configuring etcd node(s) prod-rke2-cp-') && !m.includes(','))).toBe(true);
    expect(nodeMessages.slice(3).every((m) => m.startsWith('configuring worker node(s) prod-rke2-worker-'))).toBe(true);
    const p = prov(world, 'prod-rke2');

    expect(condition(p, 'Updated').status).toBe('True');
    expect(p.status.observedGeneration).toBe(p.metadata.generation);
    for (const n of cpNodes(world, PROD)) {
      expect(n.metadata.annotations!['sim.cattle.io/kcm-cloud-provider']).toBe('external');
      expect(n.metadata.annotations!['sim.cattle.io/kubelet-cloud-provider']).toBe('external');
    }
  });

  it('counts each node restart: a manifest-only change restarts nothing, the switch every node once, a server-only change the control plane', async () => {
    const restarts = () => Object.fromEntries(nodes(world, PROD).map((n) => [n.metadata.name, Number(n.metadata.annotations!['sim.cattle.io/restarts'] || 0)]));
    const cps = cpNodes(world, PROD).map((n) => n.metadata.name);
    const workers = nodes(world, PROD).map((n) => n.metadata.name).filter((n) => !cps.includes(n));
    const before = restarts();

    expect(Object.values(before).every((v) => v === 0)).toBe(true);
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.additionalManifest = ccmHelmChart();
    });
    await world.settle();
    expect(restarts()).toEqual(before);
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineSelectorConfig = outOfTreeSelectors();
    });
    await world.settle();
    expect(Object.values(restarts())).toEqual([...cps, ...workers].map(() => 1));
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineSelectorConfig = outOfTreeSelectors(true);
    });
    await world.settle();
    const after = restarts();

    expect(cps.map((n) => after[n])).toEqual([2, 2, 2]);
    expect(workers.map((n) => after[n])).toEqual(workers.map(() => 1));
  });

  it('leaves cordoned nodes cordoned when drain is off (RKE2 never uncordons by itself)', async () => {
    const cps = cpNodes(world, PROD).map((n) => n.metadata.name);

    setCordon(world, PROD, cps, true);
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineSelectorConfig = outOfTreeSelectors();
    });
    await world.settle();
    expect(cpNodes(world, PROD).map((n) => n.spec.unschedulable)).toEqual([true, true, true]);
    expect(nodes(world, PROD).filter((n) => !cps.includes(n.metadata.name)).every((n) => !n.spec.unschedulable)).toBe(true);
  });

  it('with drain enabled cordons each node while it works on it and uncordons every drained node, also one an admin had cordoned', async () => {
    const workers = nodes(world, PROD).filter((n) => n.metadata.labels!['node-role.kubernetes.io/worker']).map((n) => n.metadata.name);
    const cordonedDuring = new Set<string>();

    setCordon(world, PROD, [workers[0]], true);
    world.store.on((e) => {
      if (e.scope === PROD && e.type === 'node' && e.obj.spec?.unschedulable) {
        cordonedDuring.add(e.obj.metadata.name);
      }
    });
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.upgradeStrategy.workerDrainOptions.enabled = true;
      p.spec.rkeConfig.machineSelectorConfig = outOfTreeSelectors();
    });
    await world.settle();
    expect([...cordonedDuring].sort()).toEqual(workers);
    const after = Object.fromEntries(nodes(world, PROD).map((n) => [n.metadata.name, !!n.spec.unschedulable]));

    expect(workers.map((w) => after[w])).toEqual([false, false, false]);
  });

  it('stops at the first node whose components cannot start: aws in-tree on 1.27 without overrides (rke2#4183)', async () => {
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.kubernetesVersion = 'v1.27.16+rke2r1';
    });
    await world.settle();
    const updated = condition(prov(world, 'prod-rke2'), 'Updated');
    const touched = nodes(world, PROD).filter((n) => n.status.nodeInfo.kubeletVersion === 'v1.27.16+rke2r1');

    expect(updated.status).toBe('Unknown');
    expect(updated.message).toContain('--cloud-provider=aws');
    expect(touched).toHaveLength(1);
    expect(condition(touched[0], 'Ready').status).toBe('Unknown');
    expect(condition(world.store.get('local', 'management.cattle.io.cluster', undefined, PROD), 'Updated').status).toBe('Unknown');
  });

  it('upgrades to 1.27 when every component runs cloud-provider=external', async () => {
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.kubernetesVersion = 'v1.27.16+rke2r1';
      p.spec.rkeConfig.machineSelectorConfig = outOfTreeSelectors();
    });
    await world.settle();
    expect(condition(prov(world, 'prod-rke2'), 'Updated').status).toBe('True');
    expect(nodes(world, PROD).every((n) => n.status.nodeInfo.kubeletVersion === 'v1.27.16+rke2r1' && condition(n, 'Ready').status === 'True')).toBe(true);
    expect(world.store.get('local', 'management.cattle.io.cluster', undefined, PROD)!.status.version.gitVersion).toBe('v1.27.16+rke2r1');
  });

  it('breaks components that keep the removed CSIMigrationAWS feature gate on 1.27', async () => {
    updateProv(world, 'legacy-rke2', (p) => {
      p.spec.kubernetesVersion = 'v1.27.16+rke2r1';
      p.spec.rkeConfig.machineGlobalConfig['cloud-provider-name'] = 'external';
    });
    await world.settle();
    expect(condition(prov(world, 'legacy-rke2'), 'Updated').message).toContain('unrecognized feature gate: CSIMigrationAWS');
  });

  it('shows invalid additionalManifest YAML as an Updated=False error and changes no node', async () => {
    const before = nodes(world, PROD).map((n) => n.metadata.annotations!['sim.cattle.io/applied-plan']);

    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.additionalManifest = 'apiVersion: v1\nkind: [unclosed';
      p.spec.rkeConfig.machineSelectorConfig = outOfTreeSelectors();
    });
    await world.settle();
    expect(condition(prov(world, 'prod-rke2'), 'Updated')).toMatchObject({ status: 'False', reason: 'Error' });
    expect(nodes(world, PROD).map((n) => n.metadata.annotations!['sim.cattle.io/applied-plan'])).toEqual(before);
  });

  it('pins a bootstrap HelmChart Job to control-plane nodes: Pending while all are cordoned, installs the CCM after an uncordon', async () => {
    const cps = cpNodes(world, PROD).map((n) => n.metadata.name);

    setCordon(world, PROD, cps, true);
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.additionalManifest = ccmHelmChart();
    });
    await world.settle();
    const jobPod = () => world.store.list(PROD, 'pod', 'kube-system').find((p) => p.metadata.name.startsWith('helm-install-aws-cloud-controller-manager'))!;

    expect(jobPod().status.phase).toBe('Pending');
    expect(condition(jobPod(), 'PodScheduled').message).toContain('3 node(s) were unschedulable');
    expect(world.store.get(PROD, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')).toBeUndefined();
    setCordon(world, PROD, [cps[1]], false);
    await world.settle();
    expect(jobPod().spec.nodeName).toBe(cps[1]);
    expect(world.store.get(PROD, 'batch.job', 'kube-system', 'helm-install-aws-cloud-controller-manager')!.status.succeeded).toBe(1);
    const ds = world.store.get(PROD, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')!;

    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3 });
  });

  it('a non-bootstrap chart schedules on a worker even with every control-plane node cordoned', async () => {
    setCordon(world, PROD, cpNodes(world, PROD).map((n) => n.metadata.name), true);
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.additionalManifest = ccmHelmChart({ bootstrap: false });
    });
    await world.settle();
    expect(world.store.get(PROD, 'batch.job', 'kube-system', 'helm-install-aws-cloud-controller-manager')!.status.succeeded).toBe(1);
  });

  it('removing the HelmChart from the manifest uninstalls the release', async () => {
    updateProv(world, 'oot-rke2', (p) => {
      p.spec.rkeConfig.additionalManifest = '';
    });
    await world.settle();
    expect(world.store.get('c-m-oot00001', 'helm.cattle.io.helmchart', 'kube-system', 'aws-cloud-controller-manager')).toBeUndefined();
    expect(world.store.get('c-m-oot00001', 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')).toBeUndefined();
  });
});

describe('leader migration', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('keeps the migration lease with the leading KCM while it runs the cloud loops with leader migration, then passes it to the CCM', async () => {
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineSelectorConfig.push({ config: { 'kube-controller-manager-arg': ['enable-leader-migration'] }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/control-plane-role': 'true' } } });
    });
    await world.settle();
    const kcmHolder = lease(world, PROD, 'cloud-provider-extraction-migration')!;

    expect(cpNodes(world, PROD).map((n) => n.metadata.name)).toContain(kcmHolder.split('_')[0]);
    // The CCM starts (uncordoned control plane) while the KCMs still run the in-tree loops: it waits.
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.additionalManifest = ccmHelmChart({ leaderMigration: true });
    });
    await world.settle();
    const ccmPods = world.store.list(PROD, 'pod', 'kube-system').filter((p) => p.metadata.name.startsWith('aws-cloud-controller-manager-'));

    expect(ccmPods).toHaveLength(3);
    expect(lease(world, PROD, 'cloud-provider-extraction-migration')).toBe(kcmHolder);
    expect(ccmPods.every((p) => p.metadata.annotations!['sim.cattle.io/waiting-for-lease'] === 'cloud-provider-extraction-migration')).toBe(true);
    // Switching the KCMs to external one by one: only a manager holding its main lease holds the migration
    // lease (controllermanager.go), and it ends with the CCM once no KCM leader runs with leader migration.
    const holdersDuring: [string, string | undefined, string | undefined][] = [];

    world.store.on((e) => {
      if (e.type === 'coordination.k8s.io.lease' && e.scope === PROD && e.obj.metadata.name === 'cloud-provider-extraction-migration') {
        holdersDuring.push([e.obj.spec.holderIdentity, lease(world, PROD, 'kube-controller-manager'), lease(world, PROD, 'cloud-controller-manager')]);
      }
    });
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineSelectorConfig = outOfTreeSelectors();
    });
    await world.settle();
    const ccmIds = world.store.list(PROD, 'pod', 'kube-system').filter((p) => p.metadata.name.startsWith('aws-cloud-controller-manager-')).map((p) => `${ p.spec.nodeName }_${ p.metadata.annotations!['sim.cattle.io/instance'] }`);

    expect(ccmIds).toContain(lease(world, PROD, 'cloud-provider-extraction-migration'));
    expect(holdersDuring.length).toBeGreaterThan(0);
    expect(holdersDuring.every(([migration, kcm, ccm]) => migration === kcm || migration === ccm)).toBe(true);
  });
});

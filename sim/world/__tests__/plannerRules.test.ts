/** @jest-environment ./node_modules/jest-environment-node */
import { World } from '..';
import { concurrency, tiers } from '../planner/tiers';
import { condition, cpNodes, lease, makeWorld, nodes, PROD, prov, setCordon, updateProv } from './helpers';

const A = {
  applied:     'sim.cattle.io/applied-plan',
  effective:   'sim.cattle.io/effective-config',
  kubeletCp:   'sim.cattle.io/kubelet-cloud-provider',
  kcmCp:       'sim.cattle.io/kcm-cloud-provider',
  kcmInstance: 'sim.cattle.io/kcm-instance',
  errors:      'sim.cattle.io/component-errors',
};
const PLAIN = 'c-m-none0001';
const OOT = 'c-m-oot00001';
const EDGE = 'c-m-edge0001';
const CP = { matchLabels: { 'rke.cattle.io/control-plane-role': 'true' } };

function workers(world: World, scope: string) {
  return nodes(world, scope).filter((n) => n.metadata.labels!['node-role.kubernetes.io/worker'] === 'true' && !n.metadata.labels!['node-role.kubernetes.io/control-plane']);
}

function ann(n: { metadata: { annotations?: Record<string, string> } }, key: string): string | undefined {
  return n.metadata.annotations?.[key];
}

describe('planner: per-role config filtering (rancher/rancher pkg/capr/planner/filter.go)', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('gives worker-only machines only agent arguments: server-only keys never reach them', () => {
    for (const w of workers(world, PROD)) {
      const cfg = JSON.parse(ann(w, A.effective)!);

      expect(cfg['cloud-provider-name']).toBe('aws');
      expect(cfg).not.toHaveProperty('cni');
      expect(cfg).not.toHaveProperty('etcd-expose-metrics');
      expect(cfg).not.toHaveProperty('disable-kube-proxy');
    }
    for (const c of cpNodes(world, PROD)) {
      expect(JSON.parse(ann(c, A.effective)!)).toMatchObject({ cni: 'calico', 'cloud-provider-name': 'aws' });
    }
  });

  it('a server-only change reconfigures the servers and leaves the workers alone', async () => {
    const before = Object.fromEntries(workers(world, PROD).map((w) => [w.metadata.name, ann(w, A.applied)]));

    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machineGlobalConfig['kube-apiserver-arg'] = ['audit-log-maxage=30'];
      p.spec.rkeConfig.machineGlobalConfig['kube-scheduler-arg'] = ['v=2'];
    });
    await world.settle();
    expect(condition(prov(world, 'prod-rke2'), 'Updated').status).toBe('True');
    expect(Object.fromEntries(workers(world, PROD).map((w) => [w.metadata.name, ann(w, A.applied)]))).toEqual(before);
    expect(cpNodes(world, PROD).every((c) => JSON.parse(ann(c, 'sim.cattle.io/kube-apiserver-args')!).includes('audit-log-maxage=30'))).toBe(true);
  });
});

describe('agent kubelet cloud-provider follows the server (k3s pkg/daemons/agent, pkg/agent/config)', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('an agent restarted after its servers disabled the embedded CCM runs the kubelet without cloud-provider=external', async () => {
    updateProv(world, 'plain-rke2', (p) => {
      p.spec.rkeConfig.machineSelectorConfig.push({ config: { 'disable-cloud-controller': true }, machineLabelSelector: CP });
    });
    await world.settle();
    // A server-only key: the worker was not restarted and keeps what it started with.
    expect(workers(world, PLAIN).map((w) => ann(w, A.kubeletCp))).toEqual(['external']);
    updateProv(world, 'plain-rke2', (p) => {
      p.spec.rkeConfig.machineGlobalConfig['kubelet-arg'] = ['max-pods=120'];
    });
    await world.settle();
    expect(workers(world, PLAIN).map((w) => ann(w, A.kubeletCp))).toEqual(['']);
  });

  it('the agent\'s own disable-cloud-controller does not matter: the kubelet keeps cloud-provider=external while the servers run the CCM', async () => {
    updateProv(world, 'plain-rke2', (p) => {
      p.spec.rkeConfig.machineGlobalConfig['kubelet-arg'] = ['max-pods=120'];
      p.spec.rkeConfig.machineSelectorConfig.push({ config: { 'disable-cloud-controller': true }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/worker-role': 'true' } } });
    });
    await world.settle();
    expect(workers(world, PLAIN).map((w) => ann(w, A.kubeletCp))).toEqual(['external']);
  });
});

describe('RKE2 cloud-provider-name: aws on releases without the in-tree provider (rancher/rke2 pkg/rke2/rke2_linux.go)', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it.each(['v1.29.11+rke2r1', 'v1.30.7+rke2r1', 'v1.31.4+rke2r1', 'v1.32.0+rke2r1'])('%s ignores aws for the components: nothing fails and no --cloud-provider is set', async (version) => {
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.kubernetesVersion = version;
    });
    await world.settle();
    expect(condition(prov(world, 'prod-rke2'), 'Updated').status).toBe('True');
    for (const n of nodes(world, PROD)) {
      expect(ann(n, A.errors)).toBe('[]');
      expect(ann(n, A.kubeletCp)).toBe('');
    }
    expect(cpNodes(world, PROD).every((n) => ann(n, A.kcmCp) === '')).toBe(true);
  });

  it('v1.31.2 still passes aws to the components, which fail', async () => {
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.kubernetesVersion = 'v1.31.2+rke2r1';
    });
    await world.settle();
    expect(condition(prov(world, 'prod-rke2'), 'Updated').message).toContain('--cloud-provider=aws');
  });

  it('a new node on such a release is named from EC2 metadata and gets no ProviderID (no cloud controller at all)', async () => {
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.kubernetesVersion = 'v1.31.4+rke2r1';
    });
    await world.settle();
    const names = nodes(world, PROD).map((n) => n.metadata.name);

    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.machinePools.find((x: any) => x.name === 'worker').quantity = 4;
    });
    await world.settle();
    const added = nodes(world, PROD).find((n) => !names.includes(n.metadata.name))!;

    expect(condition(prov(world, 'prod-rke2'), 'Updated').status).toBe('True');
    expect(added.metadata.name).toMatch(/^ip-10-/);
    expect(added.spec.providerID).toBeUndefined();
    expect(added.spec.taints).toEqual([]);
  });
});

describe('drain and uncordon (rancher/rancher pkg/capr/planner/drain.go, pkg/controllers/capr/machinedrain)', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('never drains a single-machine cluster', async () => {
    const cordoned: string[] = [];

    world.store.on((e) => {
      if (e.scope === EDGE && e.type === 'node' && e.obj.spec?.unschedulable) {
        cordoned.push(e.obj.metadata.name);
      }
    });
    updateProv(world, 'edge-rke2', (p) => {
      p.spec.rkeConfig.upgradeStrategy.controlPlaneDrainOptions.enabled = true;
      p.spec.rkeConfig.machineGlobalConfig['kubelet-arg'] = ['max-pods=120'];
    });
    await world.settle();
    expect(condition(prov(world, 'edge-rke2'), 'Updated').status).toBe('True');
    expect(cordoned).toEqual([]);
  });

  it('uncordons a drained node afterwards even if an admin had cordoned it before', async () => {
    const cps = cpNodes(world, PROD).map((n) => n.metadata.name);

    setCordon(world, PROD, [cps[0]], true);
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.upgradeStrategy.controlPlaneDrainOptions.enabled = true;
      p.spec.rkeConfig.machineGlobalConfig['kube-apiserver-arg'] = ['audit-log-maxage=30'];
    });
    await world.settle();
    expect(cpNodes(world, PROD).map((n) => !!n.spec.unschedulable)).toEqual([false, false, false]);
  });
});

describe('additionalManifest through the control-plane tier (rancher/rancher pkg/capr/planner/manifests.go, planner.go)', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('a manifest-only change is a plan change of the servers, one at a time, that restarts nothing', async () => {
    const messages: string[] = [];
    const kcm = Object.fromEntries(cpNodes(world, PROD).map((n) => [n.metadata.name, ann(n, A.kcmInstance)]));
    const workerPlans = workers(world, PROD).map((w) => ann(w, A.applied));

    world.store.on((e) => {
      if (e.type === 'provisioning.cattle.io.cluster' && e.obj.metadata.name === 'prod-rke2') {
        const m = condition(e.obj, 'Updated')?.message;

        if (m && messages[messages.length - 1] !== m) {
          messages.push(m);
        }
      }
    });
    updateProv(world, 'prod-rke2', (p) => {
      p.spec.rkeConfig.additionalManifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\n  namespace: default\ndata:\n  a: b\n';
    });
    await new Promise((r) => setTimeout(r, 60));
    expect(world.store.get(PROD, 'configmap', 'default', 'hello')).toBeUndefined();
    expect(condition(prov(world, 'prod-rke2'), 'Updated').status).toBe('Unknown');
    await world.settle();
    expect(world.store.get(PROD, 'configmap', 'default', 'hello')?.data).toEqual({ a: 'b' });
    expect(messages.filter((m) => /^configuring (etcd|control plane) node/.test(m))).toHaveLength(3);
    expect(cpNodes(world, PROD).map((n) => [n.metadata.name, ann(n, A.kcmInstance)])).toEqual(Object.entries(kcm));
    expect(workers(world, PROD).map((w) => ann(w, A.applied))).toEqual(workerPlans);
    expect(condition(prov(world, 'prod-rke2'), 'Updated').status).toBe('True');
  });
});

describe('concurrency strings (rancher/rancher pkg/capr/planner/planner.go calculateConcurrency)', () => {
  it.each([
    ['', 3, 1],
    [undefined, 3, 1],
    ['1', 3, 1],
    ['2', 3, 2],
    ['0', 3, Infinity],
    ['0%', 3, Infinity],
    ['10%', 3, 1],
    ['50%', 3, 2],
    ['34%', 3, 2],
    ['100%', 3, 3],
  ])('%p over a tier of %d is %p', (value, size, expected) => {
    expect(concurrency(value, size)).toBe(expected);
  });

  it('rejects what is neither a number nor a percentage', () => {
    expect(() => concurrency('abc', 3)).toThrow('concurrency must be a number or a percentage');
  });

  it('a percentage counts every node of the tier, not only the ones that change', () => {
    const node = (name: string) => ({
      name, etcd: false, controlPlane: false, worker: true
    });
    const plan = tiers([node('w1'), node('w2')], { workerConcurrency: '50%' }, { etcd: 0, controlPlane: 0, worker: 4 });

    expect(plan).toEqual([{ tier: 'worker', batches: [[node('w1'), node('w2')]] }]);
  });
});

describe('leases (kubernetes cmd/kube-controller-manager/app/controllermanager.go)', () => {
  let world: World;

  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.stop());

  it('a KCM with --enable-leader-migration holding the main lease contends for the migration lease even with cloud-provider=external', async () => {
    updateProv(world, 'oot-rke2', (p) => {
      p.spec.rkeConfig.machineSelectorConfig.push({ config: { 'kube-controller-manager-arg': ['cloud-provider=external', 'enable-leader-migration'] }, machineLabelSelector: CP });
    });
    await world.settle();
    expect(lease(world, OOT, 'cloud-provider-extraction-migration')).toBe(lease(world, OOT, 'kube-controller-manager'));
  });

  it('holders renew their lease while they hold it, and the world still settles', async () => {
    const renewTime = () => world.store.get(PROD, 'coordination.k8s.io.lease', 'kube-system', 'kube-controller-manager')!.spec.renewTime;
    const holder = lease(world, PROD, 'kube-controller-manager');
    const first = renewTime();

    await new Promise((r) => setTimeout(r, 1200));
    expect(renewTime()).not.toBe(first);
    expect(lease(world, PROD, 'kube-controller-manager')).toBe(holder);
    await world.settle();
  });
});

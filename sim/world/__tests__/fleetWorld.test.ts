/** @jest-environment ./node_modules/jest-environment-node */
import { KObj } from '../../store';
import { World } from '..';
import { makeWorld } from './helpers';

const JOURNAL = 'cloud-provider-migration.io/journal';

function provisioning(world: World): KObj[] {
  return world.store.list('local', 'provisioning.cattle.io.cluster', 'fleet-default').filter((p) => /^(fleet-|c-f)/.test(p.metadata.name));
}

function mgmtOf(world: World, p: KObj): KObj {
  return world.store.get('local', 'management.cattle.io.cluster', undefined, p.status.clusterName)!;
}

/** What the fleet generator means each cluster to be, told from its objects as Rancher serves them. */
function shape(world: World, p: KObj): string {
  const config = p.spec.rkeConfig?.machineGlobalConfig || {};
  const mgmt = mgmtOf(world, p);

  if (mgmt.spec.rancherKubernetesEngineConfig) {
    return mgmt.spec.rancherKubernetesEngineConfig.services.kubeController.extraArgs?.['enable-leader-migration'] ? 'rke1-migrating' : 'rke1-in-tree';
  }
  if (!p.spec.rkeConfig) {
    return mgmt.status.provider;
  }
  if (p.spec.kubernetesVersion.includes('k3s')) {
    return 'k3s';
  }
  if (config['disable-cloud-controller']) {
    return 'rke2-migrated';
  }
  if (config['kube-controller-manager-arg']?.includes('enable-leader-migration')) {
    return p.spec.rkeConfig.additionalManifest.includes('--enable-leader-migration=true') ? 'rke2-ccm-deployed' : 'rke2-leader-migration';
  }

  return config['cloud-provider-name'] === 'aws' ? `rke2-in-tree ${ p.spec.kubernetesVersion }` : 'rke2-no-provider';
}

function tally(values: string[]): Record<string, number> {
  return values.reduce((out, v) => ({ ...out, [v]: (out[v] || 0) + 1 }), {} as Record<string, number>);
}

describe('fleet world (sim/main.ts --world fleet1000, a tenth of it)', () => {
  let world: World;

  afterEach(() => world.stop());

  it('on Rancher 2.11 seeds every state of a fleet, RKE1 included, in the generator\'s shares', async () => {
    world = makeWorld({ rancherVersion: '2.11' });
    world.addFleetClusters(100);
    const clusters = provisioning(world);

    expect(clusters).toHaveLength(100);
    expect(tally(clusters.map((p) => shape(world, p)))).toEqual({
      'rke2-in-tree v1.26.15+rke2r1': 30,
      'rke2-in-tree v1.25.16+rke2r2': 5,
      'rke2-in-tree v1.28.15+rke2r1': 5,
      'rke2-in-tree v1.30.7+rke2r1':  5,
      'rke2-leader-migration':        10,
      'rke2-ccm-deployed':            5,
      'rke2-migrated':                10,
      'rke2-no-provider':             5,
      k3s:                            5,
      eks:                            5,
      'rke1-in-tree':                 10,
      'rke1-migrating':               5,
    });
    await world.settle(20000);
    expect(world.errors).toEqual([]);
  }, 60000);

  it('keeps a migration journal on the provisioning object of every cluster mid-migration or migrated', () => {
    world = makeWorld({ rancherVersion: '2.11' });
    world.addFleetClusters(40);

    for (const p of provisioning(world)) {
      const kind = shape(world, p);
      const raw = p.metadata.annotations?.[JOURNAL];

      if (/migrat|deployed/.test(kind)) {
        const journal = JSON.parse(raw!);
        const expected = { 'rke2-leader-migration': 1, 'rke2-ccm-deployed': 2, 'rke2-migrated': 6, 'rke1-migrating': 1 }[kind];

        expect(journal.entries).toHaveLength(expected as number);
        expect(journal.choices).toMatchObject({ strategy: 'leader-migration', awsPrerequisites: { by: journal.entries[0].by } });
        expect(journal.entries.map((e: any) => e.result)).not.toContain('failed');
      } else {
        expect(raw).toBeUndefined();
      }
    }
  });

  it('on Rancher 2.13, where RKE1 is gone, seeds in-tree RKE2 instead', () => {
    world = makeWorld({ rancherVersion: '2.13' });
    world.addFleetClusters(20);
    const shapes = provisioning(world).map((p) => shape(world, p));

    expect(shapes.filter((s) => s.startsWith('rke1'))).toEqual([]);
    expect(shapes.filter((s) => s === 'rke2-in-tree v1.26.15+rke2r1')).toHaveLength(9);
  });

  it('runs what each cluster is configured with: the CCM where its HelmChart is, in-tree provider IDs elsewhere', async () => {
    world = makeWorld({ rancherVersion: '2.13' });
    world.addFleetClusters(20);
    await world.settle(20000);
    const byShape = new Map(provisioning(world).map((p) => [shape(world, p), p]));
    const daemonSet = (p: KObj) => world.store.get(p.status.clusterName, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager');

    expect(daemonSet(byShape.get('rke2-migrated')!)).toBeDefined();
    expect(daemonSet(byShape.get('rke2-ccm-deployed')!)).toBeDefined();
    expect(daemonSet(byShape.get('rke2-leader-migration')!)).toBeUndefined();
    const inTree = byShape.get('rke2-in-tree v1.26.15+rke2r1')!;

    expect(world.store.list(inTree.status.clusterName, 'node').every((n) => n.spec.providerID.startsWith('aws:///'))).toBe(true);
  }, 60000);
});

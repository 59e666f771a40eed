/** @jest-environment ./node_modules/jest-environment-node */
/** The demo clusters' storage classes, CSI drivers and workload images, as the live pre-flight reads them. */
import { World } from '..';
import { cpNodes, makeWorld, nodes, PROD } from './helpers';

const LEGACY = 'c-m-lgcy0001';
const OOT = 'c-m-oot00001';
const ECR = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\//;

describe('storage and images of the demo clusters', () => {
  let world: World;

  beforeAll(() => {
    world = makeWorld();
  });
  afterAll(() => world.stop());

  const classes = (scope: string) => world.store.list(scope, 'storage.k8s.io.storageclass').map((c) => [c.metadata.name, c.provisioner, c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] || '']);
  const drivers = (scope: string) => world.store.list(scope, 'storage.k8s.io.csidriver').map((d) => d.metadata.name);

  it('prod-rke2 has the in-tree gp2 class as its default and no EBS CSI driver', () => {
    expect(classes(PROD)).toEqual([['gp2', 'kubernetes.io/aws-ebs', 'true']]);
    expect(drivers(PROD)).toEqual([]);
  });

  it('the migrated oot-rke2 has the EBS CSI driver, its gp3 class as default and the old gp2 class beside it', () => {
    expect(classes(OOT).sort()).toEqual([['gp2', 'kubernetes.io/aws-ebs', ''], ['gp3', 'ebs.csi.aws.com', 'true']]);
    expect(drivers(OOT)).toEqual(['ebs.csi.aws.com']);
  });

  it('a class from an additionalManifest gets the apiserver\'s defaults like any created class', () => {
    const legacy = world.store.get(LEGACY, 'storage.k8s.io.storageclass', undefined, 'gp2-legacy')!;

    expect([legacy.provisioner, legacy.reclaimPolicy, legacy.volumeBindingMode]).toEqual(['kubernetes.io/aws-ebs', 'Delete', 'Immediate']);
  });

  it('prod-rke2\'s workers list its images from the team\'s ECR registry; its control-plane nodes run no workload', () => {
    const names = (n: any): string[] => n.status.images.flatMap((i: any) => i.names);
    const workers = nodes(world, PROD).filter((n) => n.metadata.labels!['node-role.kubernetes.io/worker'] === 'true');

    expect(workers.length).toBeGreaterThan(0);
    for (const w of workers) {
      expect(names(w).filter((x) => ECR.test(x))).toEqual(expect.arrayContaining(['123456789012.dkr.ecr.us-east-2.amazonaws.com/payments/api:2.14.1']));
    }
    for (const cp of cpNodes(world, PROD)) {
      expect(names(cp).filter((x) => ECR.test(x))).toEqual([]);
    }
  });

  it('no other demo cluster pulls from a private ECR registry', () => {
    for (const scope of [OOT, LEGACY, 'c-m-edge0001', 'c-rke1a']) {
      expect(nodes(world, scope).flatMap((n) => n.status.images.flatMap((i: any) => i.names)).filter((x: string) => ECR.test(x))).toEqual([]);
    }
  });
});

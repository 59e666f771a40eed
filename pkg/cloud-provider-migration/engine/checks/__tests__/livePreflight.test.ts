/** The live pre-flight: what the tab reads from the downstream cluster, judged before (and while) the migration runs. */
import type {
  NodeLike, Observations, PreflightCheck, StorageClassLike,
} from '../../types';
import {
  clusterActiveCheck, ebsVolumesCheck, ecrImagesCheck, ecrRegistry, livePreflight, managersCheck, nodesReadyChecks, withLivePreflight,
} from '../livePreflight';
import {
  rke1ControlPlane, rke1Worker, rke2ControlPlane, rke2Worker,
} from './fixtures';
import { expectTranslated } from './l10n';
import { applyObservations } from '../observe';
import { planMigration } from '../../planning/planMigration';
import { fixture } from '../../__tests__/fixtures';

const shown = (checks: PreflightCheck[]) => checks.map((c) => [c.id, c.severity, c.message.key, c.message.params]);

function notReady(node: NodeLike, status = 'False'): NodeLike {
  return { ...node, status: { ...node.status, conditions: [{ type: 'Ready', status }] } };
}

function withImages(node: NodeLike, ...names: string[][]): NodeLike {
  return { ...node, status: { ...node.status, images: names.map((n) => ({ names: n, sizeBytes: 1000 })) } };
}

const gp2: StorageClassLike = { metadata: { name: 'gp2', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'kubernetes.io/aws-ebs', parameters: { type: 'gp2', fsType: 'ext4' } };
const gp3: StorageClassLike = { metadata: { name: 'gp3' }, provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3' } };
const localPath: StorageClassLike = { metadata: { name: 'local-path' }, provisioner: 'rancher.io/local-path' };
const EBS_DRIVER = { metadata: { name: 'ebs.csi.aws.com' } };

describe('cluster Active and not updating', () => {
  it('passes when Rancher reports the cluster reconciled', () => {
    expect(shown(clusterActiveCheck(true, false))).toEqual([['cluster-active', 'ok', 'preflight.clusterActive.ready', undefined]]);
  });

  it('blocks before the migration starts when Rancher is updating the cluster', () => {
    expect(shown(clusterActiveCheck(false, false))).toEqual([['cluster-active', 'blocker', 'preflight.clusterActive.updating', undefined]]);
  });

  it('only informs once the migration is under way: the migration itself updates the cluster', () => {
    expect(shown(clusterActiveCheck(false, true))).toEqual([['cluster-active', 'info', 'preflight.clusterActive.underWay', undefined]]);
  });

  it('is not judged when the cluster objects were not read', () => {
    expect(clusterActiveCheck(undefined, false)).toEqual([]);
  });
});

describe('nodes Ready', () => {
  it('passes when every node reports Ready, and says how many', () => {
    const nodes = [rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2'), rke2Worker('w-1')];

    expect(shown(nodesReadyChecks(nodes, 'rke2', false))).toEqual([['nodes-ready', 'ok', 'preflight.nodesReady.ready', { count: 3 }]]);
  });

  it('blocks before the start on a control-plane node that is not Ready, and only warns on a worker', () => {
    const nodes = [rke2ControlPlane('cp-1'), notReady(rke2ControlPlane('cp-2')), notReady(rke2Worker('w-1'), 'Unknown'), rke2Worker('w-2')];

    expect(shown(nodesReadyChecks(nodes, 'rke2', false))).toEqual([
      ['nodes-ready-control-plane', 'blocker', 'preflight.nodesReady.controlPlane', { nodes: 'cp-2' }],
      ['nodes-ready-workers', 'warning', 'preflight.nodesReady.workers', { nodes: 'w-1' }],
    ]);
  });

  it('tells RKE1 control-plane nodes by their own role label', () => {
    const nodes = [notReady(rke1ControlPlane('cp-1')), notReady(rke1Worker('w-1'))];

    expect(shown(nodesReadyChecks(nodes, 'rke1', false)).map(([id, severity, , params]) => [id, severity, params])).toEqual([
      ['nodes-ready-control-plane', 'blocker', { nodes: 'cp-1' }],
      ['nodes-ready-workers', 'warning', { nodes: 'w-1' }],
    ]);
  });

  it('counts a node without a Ready condition as not Ready (its kubelet never reported)', () => {
    const silent: NodeLike = { ...rke2Worker('w-1'), status: {} };

    expect(shown(nodesReadyChecks([rke2ControlPlane('cp-1'), silent], 'rke2', false))).toEqual([['nodes-ready-workers', 'warning', 'preflight.nodesReady.workers', { nodes: 'w-1' }]]);
  });

  it('only warns, naming every node, once the migration is under way (nodes restart because of it)', () => {
    const nodes = [notReady(rke2ControlPlane('cp-1')), rke2ControlPlane('cp-2'), notReady(rke2Worker('w-1'))];

    expect(shown(nodesReadyChecks(nodes, 'rke2', true))).toEqual([['nodes-ready', 'warning', 'preflight.nodesReady.underWay', { nodes: 'cp-1, w-1' }]]);
  });

  it('is not judged when the nodes were not read, or none were listed', () => {
    expect([nodesReadyChecks(undefined, 'rke2', false), nodesReadyChecks([], 'rke2', false)]).toEqual([[], []]);
  });
});

describe('in-tree EBS storage classes and the EBS CSI driver', () => {
  it('warns when a class uses kubernetes.io/aws-ebs and no ebs.csi.aws.com CSIDriver exists', () => {
    const obs: Observations = { storageClasses: [gp2, localPath], csiDrivers: [{ metadata: { name: 'driver.longhorn.io' } }] };

    expect(shown(ebsVolumesCheck(obs))).toEqual([['ebs-volumes', 'warning', 'preflight.ebs.noDriver', { classes: 'gp2', provisioner: 'kubernetes.io/aws-ebs', driver: 'ebs.csi.aws.com' }]]);
  });

  it('passes when the EBS CSI driver is installed beside the in-tree classes (CSI migration takes their volumes)', () => {
    const legacy = { ...gp2, metadata: { name: 'gp2-legacy' } };

    expect(shown(ebsVolumesCheck({ storageClasses: [gp2, legacy, gp3], csiDrivers: [EBS_DRIVER] }))).toEqual([
      ['ebs-volumes', 'ok', 'preflight.ebs.driverInstalled', { classes: 'gp2, gp2-legacy', provisioner: 'kubernetes.io/aws-ebs', driver: 'ebs.csi.aws.com' }],
    ]);
  });

  it('passes when no class uses the in-tree provisioner, whatever the CSI drivers', () => {
    expect(shown(ebsVolumesCheck({ storageClasses: [gp3, localPath], preflightUnread: ['csiDrivers'] }))).toEqual([['ebs-volumes', 'ok', 'preflight.ebs.none', { provisioner: 'kubernetes.io/aws-ebs' }]]);
  });

  it('says the driver was not checked when the CSIDrivers could not be read', () => {
    expect(shown(ebsVolumesCheck({ storageClasses: [gp2], preflightUnread: ['csiDrivers'] }))).toEqual([
      ['ebs-volumes', 'info', 'preflight.ebs.driverNotChecked', { classes: 'gp2', provisioner: 'kubernetes.io/aws-ebs', driver: 'ebs.csi.aws.com' }],
    ]);
  });

  it('says the volumes were not checked when Kubernetes refused the storage classes', () => {
    expect(shown(ebsVolumesCheck({ preflightUnread: ['storageClasses', 'csiDrivers'] }))).toEqual([['ebs-volumes', 'info', 'preflight.ebs.notChecked', { provisioner: 'kubernetes.io/aws-ebs' }]]);
  });

  it('is not judged when nothing was read for it', () => {
    expect([ebsVolumesCheck({}), ebsVolumesCheck({ csiDrivers: [EBS_DRIVER], preflightUnread: ['csiDrivers'] })]).toEqual([[], []]);
  });
});

describe('images pulled from Amazon ECR', () => {
  it.each([
    ['123456789012.dkr.ecr.us-east-2.amazonaws.com/payments/api:2.14.1', '123456789012.dkr.ecr.us-east-2.amazonaws.com'],
    ['123456789012.dkr.ecr.us-east-2.amazonaws.com/payments/api@sha256:0a1b', '123456789012.dkr.ecr.us-east-2.amazonaws.com'],
    ['210987654321.dkr.ecr-fips.us-gov-west-1.amazonaws.com/tools:1', '210987654321.dkr.ecr-fips.us-gov-west-1.amazonaws.com'],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1', '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn'],
    ['public.ecr.aws/eks-distro/kubernetes/pause:3.9', undefined],
    ['docker.io/rancher/rancher-agent:v2.11.3', undefined],
    ['12345.dkr.ecr.us-east-2.amazonaws.com/short-account:1', undefined],
    ['123456789012.dkr.ecr.us-east-2.amazonaws.com', undefined],
    ['evil.example.com/123456789012.dkr.ecr.us-east-2.amazonaws.com/x:1', undefined],
  ])('%s is from registry %s', (name, registry) => {
    expect(ecrRegistry(name)).toBe(registry);
  });

  it('warns with every private ECR registry and how many nodes pulled from them', () => {
    const ecr = (acct: string, region: string, repo: string) => [`${ acct }.dkr.ecr.${ region }.amazonaws.com/${ repo }@sha256:ab`, `${ acct }.dkr.ecr.${ region }.amazonaws.com/${ repo }:1`];
    const nodes = [
      withImages(rke2ControlPlane('cp-1'), ['docker.io/rancher/hardened-etcd:v3.5.13']),
      withImages(rke2Worker('w-1'), ecr('123456789012', 'us-east-2', 'payments/api'), ['docker.io/library/nginx:1.25']),
      withImages(rke2Worker('w-2'), ecr('123456789012', 'us-east-2', 'payments/worker'), ecr('555566667777', 'eu-west-1', 'shared/base')),
    ];

    expect(shown(ecrImagesCheck(nodes))).toEqual([[
      'ecr-images', 'warning', 'preflight.ecr.images', { registries: '123456789012.dkr.ecr.us-east-2.amazonaws.com, 555566667777.dkr.ecr.eu-west-1.amazonaws.com', count: 2 },
    ]]);
  });

  it('passes when the nodes report their images and none is from a private ECR registry', () => {
    const nodes = [withImages(rke2Worker('w-1'), ['public.ecr.aws/eks-distro/kubernetes/pause:3.9'], ['docker.io/rancher/shell:v0.4.1'])];

    expect(shown(ecrImagesCheck(nodes))).toEqual([['ecr-images', 'ok', 'preflight.ecr.none', undefined]]);
  });

  it('is not judged when no node reports its images, or the nodes were not read', () => {
    expect([ecrImagesCheck([rke2Worker('w-1')]), ecrImagesCheck(undefined)]).toEqual([[], []]);
  });

  describe('from the nodes Steve found naming ECR (the node list without images)', () => {
    const ecr = (acct: string, repo: string) => [`${ acct }.dkr.ecr.us-east-2.amazonaws.com/${ repo }@sha256:ab`, `${ acct }.dkr.ecr.us-east-2.amazonaws.com/${ repo }:1`];
    const listed = [rke2Worker('w-1'), rke2Worker('w-2'), rke2Worker('w-3')];

    it('names every registry and counts the nodes when it read all of them', () => {
      const read = [withImages(rke2Worker('w-1'), ecr('123456789012', 'shop/api')), withImages(rke2Worker('w-2'), ecr('555566667777', 'data/etl'))];

      expect(shown(ecrImagesCheck(listed, { matching: 2, read }))).toEqual([[
        'ecr-images', 'warning', 'preflight.ecr.images', { registries: '123456789012.dkr.ecr.us-east-2.amazonaws.com, 555566667777.dkr.ecr.us-east-2.amazonaws.com', count: 2 },
      ]]);
    });

    it('counts every node Steve matched and says which of them the registries come from when it read a page', () => {
      const read = [withImages(rke2Worker('w-1'), ecr('123456789012', 'shop/api'))];

      expect(shown(ecrImagesCheck(listed, { matching: 4997, read }))).toEqual([[
        'ecr-images', 'warning', 'preflight.ecr.imagesSampled', { registries: '123456789012.dkr.ecr.us-east-2.amazonaws.com', count: 4997, read: 1 },
      ]]);
    });

    it('passes when no node names ECR, though the listed nodes carry no images', () => {
      expect(shown(ecrImagesCheck(listed, { matching: 0, read: [] }))).toEqual([['ecr-images', 'ok', 'preflight.ecr.none', undefined]]);
    });

    it('passes on names that only look like ECR (public.ecr.aws, a host that is not an ECR registry)', () => {
      const read = [withImages(rke2Worker('w-1'), ['mirror.example.com/123456789012.dkr.ecr.us-east-2.amazonaws.com/x:1'])];

      expect(shown(ecrImagesCheck(listed, { matching: 1, read }))).toEqual([['ecr-images', 'ok', 'preflight.ecr.none', undefined]]);
    });
  });
});

describe('a Terraform field manager on the cluster object', () => {
  it('warns when a manager of the cluster object is Terraform', () => {
    expect(shown(managersCheck(['rancher', 'Terraform', 'kubectl-edit']))).toEqual([['managed-by-terraform', 'warning', 'preflight.managedBy', { owner: 'Terraform', mark: 'managedFields manager Terraform' }]]);
  });

  it('says nothing for other managers, or when the object carried none', () => {
    expect([managersCheck(['rancher', 'kubectl-client-side-apply']), managersCheck(undefined)]).toEqual([[], []]);
  });
});

describe('the live pre-flight of a plan', () => {
  const healthy = (): Observations => ({
    clusterReady:   true,
    nodes:          [withImages(rke2ControlPlane('cp-1'), ['docker.io/rancher/rke2-runtime:v1.26.15-rke2r1']), rke2Worker('w-1')],
    storageClasses: [gp2],
    csiDrivers:     [],
    clusterManagers: ['rancher'],
  });

  it('gives every item in order: cluster, nodes, EBS volumes, ECR images, owners', () => {
    expect(shown(livePreflight(healthy(), 'rke2', false)).map(([id, severity]) => `${ id }:${ severity }`)).toEqual([
      'cluster-active:ok', 'nodes-ready:ok', 'ebs-volumes:warning', 'ecr-images:ok',
    ]);
  });

  it('gives nothing for observations that were not read', () => {
    expect(livePreflight({}, 'rke2', false)).toEqual([]);
  });

  it('leaves out an item the plan already has (an owner read from the object itself)', () => {
    const fromObject: PreflightCheck = { id: 'managed-by-terraform', severity: 'warning', message: { key: 'preflight.managedBy', params: { owner: 'Terraform', mark: 'managedFields manager terraform' } } };
    const obs = { ...healthy(), clusterManagers: ['terraform'] };

    expect(livePreflight(obs, 'rke2', false, [fromObject]).map((c) => c.id)).not.toContain('managed-by-terraform');
    expect(livePreflight(obs, 'rke2', false).map((c) => c.id)).toContain('managed-by-terraform');
  });

  it('drops the generic EBS and ECR reminder once both were judged from the cluster, and keeps it otherwise', () => {
    const reminder: PreflightCheck = { id: 'storage-and-registry-credentials', severity: 'info', message: { key: 'preflight.ebsAndEcr' } };
    const iam: PreflightCheck = { id: 'iam-and-tags', severity: 'info', message: { key: 'preflight.iamAndTags' }, acknowledge: true };
    const judged = withLivePreflight([iam, reminder], healthy(), 'rke2', false);
    const noImages = withLivePreflight([iam, reminder], { ...healthy(), nodes: [rke2Worker('w-1')] }, 'rke2', false);

    expect(judged.map((c) => c.id)).toEqual(['iam-and-tags', 'cluster-active', 'nodes-ready', 'ebs-volumes', 'ecr-images']);
    expect(noImages.map((c) => c.id)).toEqual(['iam-and-tags', 'storage-and-registry-credentials', 'cluster-active', 'nodes-ready', 'ebs-volumes']);
  });

  it('has every message in both languages with exactly its placeholders', () => {
    const all = [
      ...clusterActiveCheck(true, false), ...clusterActiveCheck(false, false), ...clusterActiveCheck(false, true),
      ...nodesReadyChecks([rke2Worker('w')], 'rke2', false), ...nodesReadyChecks([notReady(rke2ControlPlane('c')), notReady(rke2Worker('w'))], 'rke2', false),
      ...nodesReadyChecks([notReady(rke2Worker('w'))], 'rke2', true),
      ...ebsVolumesCheck({ storageClasses: [] }), ...ebsVolumesCheck({ storageClasses: [gp2], csiDrivers: [] }), ...ebsVolumesCheck({ storageClasses: [gp2], csiDrivers: [EBS_DRIVER] }),
      ...ebsVolumesCheck({ storageClasses: [gp2] }), ...ebsVolumesCheck({ preflightUnread: ['storageClasses'] }),
      ...ecrImagesCheck([withImages(rke2Worker('w'), ['a/b:1'])]), ...ecrImagesCheck([withImages(rke2Worker('w'), ['123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1'])]),
      ...managersCheck(['terraform']),
    ];

    expect(new Set(all.map((c) => c.message.key)).size).toBe(15);
    all.forEach((c) => expectTranslated(c.message));
  });
});

describe('applyObservations adds the live pre-flight to a plan', () => {
  const planned = () => planMigration(fixture('rke2-steve-in-tree.json'), { existingCcm: null });
  const updating: Observations = { clusterReady: false, nodes: [rke2ControlPlane('cp-1'), rke2Worker('w-1')], daemonSet: null, leases: [] };

  it('blocks a migration nobody has started while Rancher updates the cluster', () => {
    const plan = applyObservations(planned(), updating);

    expect(plan.steps.some((s) => s.done)).toBe(false);
    expect(plan.preflight.filter((c) => c.severity === 'blocker').map((c) => c.id)).toEqual(['cluster-active']);
  });

  it('does not block once a step is done: the first update is what Rancher is applying', () => {
    const started = planned();

    started.steps[0].done = true;
    const plan = applyObservations(started, updating);

    expect(plan.preflight.find((c) => c.id === 'cluster-active')?.severity).toBe('info');
    expect(plan.preflight.some((c) => c.severity === 'blocker')).toBe(false);
  });

  it('keeps the object items first, then the live ones', () => {
    const before = planned().preflight.map((c) => c.id);
    const after = applyObservations(planned(), { ...updating, clusterReady: true }).preflight.map((c) => c.id);

    expect(after).toEqual([...before, 'cluster-active', 'nodes-ready']);
  });
});

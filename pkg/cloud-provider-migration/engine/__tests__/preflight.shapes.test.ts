/** The whole pre-flight list for the cluster shapes each check is about: what it adds, with which words, and when not. */
import type { ExistingCcm, PlanOptions, PreflightCheck } from '../types';
import { planMigration } from '../planning/planMigration';
import { inTreeRemoved, inTreeStillConfigured } from '../planning/preflight';
import { clusterModel } from '../cluster/clusterModel';
import { awsProviderIgnored } from '../cluster/clusterFacts';
import { fixture } from './fixtures';

const shown = (checks: PreflightCheck[]) => checks.map((c) => [c.id, c.severity, c.message.key, c.message.params]);
const release = (minor: string, imageTag: string) => ['ccm-release', 'info', 'preflight.ccmRelease', { minor, chartVersion: '0.0.8', imageTag }];
const IAM = ['iam-and-tags', 'info', 'preflight.iamAndTags', undefined];
const EBS = ['storage-and-registry-credentials', 'info', 'preflight.ebsAndEcr', undefined];
const MIGRATED = ['migrated', 'ok', 'preflight.migrated', undefined];
const RKE1_REGISTRY = ['registry', 'info', 'preflight.registry', { registry: 'registry.corp.example.com' }];
const RKE1_SETTINGS = ['cloud-config', 'warning', 'preflight.awsCloudProvider', {
  field: 'rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider', settings: 'global.kubernetes-cluster-tag=legacy-west, global.vpc=vpc-0a1b2c3d',
}];
const OURS: ExistingCcm = {
  managedBy: 'helm', release: 'aws-cloud-controller-manager', releaseNamespace: 'kube-system', image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.14',
};
const OURS_PARAMS = { owner: 'kube-system/aws-cloud-controller-manager', image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.14' };

/** The Norman fixture with its Kubernetes version (RKE1 names it rancherKubernetesEngineConfig.kubernetesVersion). */
function rke1At(version: string): Record<string, any> {
  const o = fixture('rke1-norman-in-tree.json');

  o.rancherKubernetesEngineConfig.kubernetesVersion = version;

  return o;
}

/** The Norman fixture after the switch: external-aws, the in-tree settings sent as null. */
function rke1Migrated(version: string): Record<string, any> {
  const o = rke1At(version);

  o.rancherKubernetesEngineConfig.cloudProvider = { type: '/v3/schemas/cloudProvider', name: 'external-aws', useInstanceMetadataHostname: true, awsCloudProvider: null };

  return o;
}

function rke2At(file: string, version: string): Record<string, any> {
  const o = fixture(file);

  o.spec.kubernetesVersion = version;

  return o;
}

/** The Steve fixture (3 control-plane+etcd machines, 4 workers) with its machine pools replaced. */
function rke2Pools(edit: (pools: Record<string, any>[]) => unknown[]): Record<string, any> {
  const o = fixture('rke2-steve-in-tree.json');

  o.spec.rkeConfig.machinePools = edit(o.spec.rkeConfig.machinePools);

  return o;
}

describe('pre-flight: the in-tree provider on Kubernetes 1.27 or later', () => {
  it('RKE1 still on awsCloudProvider at 1.27 is blocked', () => {
    expect(shown(planMigration(rke1At('v1.27.16-rancher1-1'), { useInstanceMetadataHostname: true, existingCcm: null }).preflight)).toEqual([
      ['in-tree-removed', 'blocker', 'preflight.inTreeRemoved', { version: 'v1.27.16-rancher1-1' }],
      RKE1_SETTINGS, release('1.27', 'v1.27.10'), RKE1_REGISTRY, IAM, EBS,
    ]);
  });

  it('RKE1 switched to external-aws at 1.27 is not, nor is a CCM nobody looked for worth a line once migrated', () => {
    expect(shown(planMigration(rke1Migrated('v1.27.16-rancher1-1')).preflight)).toEqual([MIGRATED, release('1.27', 'v1.27.10'), RKE1_REGISTRY, IAM, EBS]);
  });

  it('RKE2 migrated in the docs\' form (cloud-provider-name aws kept with external args) at 1.27 is not', () => {
    expect(shown(planMigration(fixture('rke2-kubectl-migrated-doc-form.yaml'), { existingCcm: null }).preflight)).toEqual([MIGRATED, release('1.27', 'v1.27.10'), IAM, EBS]);
  });

  it('RKE2 on a release that ignores aws is warned about while in-tree, and not once migrated', () => {
    expect(shown(planMigration(rke2At('rke2-steve-in-tree.json', 'v1.32.0+rke2r1'), { existingCcm: null }).preflight)).toEqual([
      ['aws-ignored', 'warning', 'preflight.awsIgnored', { version: 'v1.32.0+rke2r1' }], release('1.32', 'v1.32.8'), IAM, EBS,
    ]);
    expect(shown(planMigration(rke2At('rke2-kubectl-migrated-doc-form.yaml', 'v1.32.0+rke2r1'), { existingCcm: null }).preflight)).toEqual([
      MIGRATED, release('1.32', 'v1.32.8'), IAM, EBS,
    ]);
  });
});

describe('inTreeStillConfigured and inTreeRemoved, from the cluster as read (the fleet view reads every cluster)', () => {
  const withoutProvider = () => {
    const o = rke2At('rke2-kubectl-custom.yaml', 'v1.27.16+rke2r1');

    delete o.spec.rkeConfig.machineGlobalConfig['cloud-provider-name'];

    return o;
  };

  it.each<[string, () => Record<string, any>, [boolean, boolean]]>([
    ['RKE2 in-tree on 1.26', () => fixture('rke2-steve-in-tree.json'), [true, false]],
    ['RKE2 in-tree on 1.27', () => rke2At('rke2-steve-in-tree.json', 'v1.27.16+rke2r1'), [true, true]],
    ['RKE2 in-tree on a release that ignores aws', () => rke2At('rke2-steve-in-tree.json', 'v1.32.0+rke2r1'), [true, false]],
    ['RKE2 migrated in the docs\' form on 1.27', () => fixture('rke2-kubectl-migrated-doc-form.yaml'), [false, false]],
    ['RKE2 without a cloud provider on 1.27', withoutProvider, [false, false]],
    ['K3s', () => fixture('k3s-kubectl.yaml'), [false, false]],
    ['RKE1 in-tree on 1.27', () => rke1At('v1.27.16-rancher1-1'), [true, true]],
    ['RKE1 switched on 1.27', () => rke1Migrated('v1.27.16-rancher1-1'), [false, false]],
  ])('%s', (_name, cluster, expected) => {
    const { detection, rke2 } = clusterModel(cluster());

    expect([inTreeStillConfigured(detection, rke2), inTreeRemoved(detection, rke2, awsProviderIgnored(detection))]).toEqual(expected);
  });
});

describe('pre-flight: topology', () => {
  const NONE: PlanOptions = { existingCcm: null };

  it.each<[string, (pools: Record<string, any>[]) => unknown[], PlanOptions, unknown[]]>([
    ['one machine with every role, leader migration forced: a single node, no control-plane workers line', (p) => [{ ...p[0], workerRole: true, quantity: 1 }],
      { ...NONE, strategy: 'leader-migration' }, [['single-control-plane', 'warning', 'preflight.singleNode', undefined]]],
    ['one control-plane machine and four workers', (p) => [{ ...p[0], quantity: 1 }, p[1]], NONE,
      [['single-control-plane', 'warning', 'preflight.singleControlPlane', undefined]]],
    ['control-plane machines that also run workloads beside workers', (p) => [{ ...p[0], workerRole: true }, p[1]], NONE,
      [['control-plane-workers', 'info', 'preflight.controlPlaneWorkers', { count: 3, workers: 4 }]]],
    ['the same with downtime: nothing to hand over, no line', (p) => [{ ...p[0], workerRole: true }, p[1]], { ...NONE, strategy: 'downtime' }, []],
    ['control-plane machines that are the only workers', (p) => [{ ...p[0], workerRole: true }], NONE,
      [['control-plane-workers', 'warning', 'preflight.controlPlaneWorkers', { count: 3, workers: 0 }]]],
  ])('%s', (_name, pools, options, expected) => {
    expect(shown(planMigration(rke2Pools(pools), options).preflight)).toEqual([...expected, release('1.26', 'v1.26.14'), IAM, EBS]);
  });

  it('Rancher drains the control-plane nodes it reconfigures', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.rkeConfig.upgradeStrategy.controlPlaneDrainOptions.enabled = true;
    expect(shown(planMigration(o, { existingCcm: null }).preflight)).toEqual([
      ['control-plane-drain', 'info', 'preflight.controlPlaneDrain', undefined], release('1.26', 'v1.26.14'), IAM, EBS,
    ]);
  });
});

describe('pre-flight: a CCM already in the cluster', () => {
  it('RKE2 without the HelmChart: a CCM from elsewhere blocks, named by its image', () => {
    expect(shown(planMigration(fixture('rke2-steve-in-tree.json'), { existingCcm: { managedBy: 'other', image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.6' } }).preflight)).toEqual([
      ['existing-ccm', 'blocker', 'preflight.existingCcm.rke2', { owner: '-', image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.6' }],
      release('1.26', 'v1.26.14'), IAM, EBS,
    ]);
  });

  it('RKE1: the release the plan installs is upgraded while in-tree, and says nothing once migrated', () => {
    expect(shown(planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: true, existingCcm: OURS }).preflight)).toEqual([
      ['existing-ccm', 'warning', 'preflight.existingCcm.upgrade', OURS_PARAMS], RKE1_SETTINGS, release('1.26', 'v1.26.14'), RKE1_REGISTRY, IAM, EBS,
    ]);
    expect(shown(planMigration(rke1Migrated('v1.27.16-rancher1-1'), { existingCcm: OURS }).preflight)).toEqual([MIGRATED, release('1.27', 'v1.27.10'), RKE1_REGISTRY, IAM, EBS]);
  });

  it('RKE1: another release blocks, named by its namespace and name', () => {
    const other: ExistingCcm = { ...OURS, release: 'cloud-provider', releaseNamespace: 'cattle-system' };

    expect(shown(planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: true, existingCcm: other }).preflight)).toEqual([
      ['existing-ccm', 'blocker', 'preflight.existingCcm.rke1', { ...OURS_PARAMS, owner: 'cattle-system/cloud-provider' }],
      RKE1_SETTINGS, release('1.26', 'v1.26.14'), RKE1_REGISTRY, IAM, EBS,
    ]);
  });
});

describe('pre-flight: RKE1 in-tree settings and the hostname choice', () => {
  it('awsCloudProvider set but empty still runs the in-tree provider, with no setting to carry over', () => {
    const o = fixture('rke1-norman-in-tree.json');

    o.rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider = { type: '/v3/schemas/awsCloudProvider' };
    expect(shown(planMigration(o, { useInstanceMetadataHostname: true, existingCcm: null }).preflight)).toEqual([release('1.26', 'v1.26.14'), RKE1_REGISTRY, IAM, EBS]);
  });

  it('a custom cluster (no node pools) must choose, and the line says it is custom', () => {
    const o = fixture('rke1-norman-in-tree.json');

    o.nodePools = [];
    expect(shown(planMigration(o, { existingCcm: null }).preflight)).toEqual([
      RKE1_SETTINGS, ['choose-hostname', 'blocker', 'preflight.chooseHostname', { provisioning: 'custom' }], release('1.26', 'v1.26.14'), RKE1_REGISTRY, IAM, EBS,
    ]);
  });
});

describe('pre-flight: RKE2 cloud-provider-name external and the selectors', () => {
  it('node-driver pools are blocked (their names would change), an empty pool entry aside', () => {
    const expected = [['external-node-names', 'blocker', 'preflight.externalNodeDriver', undefined], release('1.26', 'v1.26.14'), IAM, EBS];

    expect(shown(planMigration(fixture('rke2-steve-in-tree.json'), { existingCcm: null, rke2ExternalMode: 'external' }).preflight)).toEqual(expected);
    expect(shown(planMigration(rke2Pools((p) => [null, ...p]), { existingCcm: null, rke2ExternalMode: 'external' }).preflight)).toEqual(expected);
  });

  it('a custom cluster is warned, with its cloud-provider-config and the selectors that match more than one kind of machine', () => {
    expect(shown(planMigration(fixture('rke2-kubectl-custom.yaml'), { existingCcm: null, rke2ExternalMode: 'external' }).preflight)).toEqual([
      ['cloud-config', 'warning', 'preflight.cloudConfig', { field: 'spec.rkeConfig.machineGlobalConfig.cloud-provider-config' }],
      ['ambiguous-selectors', 'warning', 'preflight.ambiguousSelectors', { entries: '2' }],
      ['external-node-names', 'warning', 'preflight.externalNodeNames', undefined],
      release('1.26', 'v1.26.14'),
      ['registry', 'info', 'preflight.registry', { registry: 'registry.lab.example.com:5000' }],
      IAM, EBS,
    ]);
  });

  it('every selector that matches more than one kind of machine is named', () => {
    const o = fixture('rke2-kubectl-custom.yaml');

    o.spec.rkeConfig.machineSelectorConfig.push({ config: { 'kubelet-arg': ['node-labels=disk=ssd'] }, machineLabelSelector: { matchLabels: { disk: 'ssd' } } });
    expect(shown(planMigration(o, { existingCcm: null }).preflight)).toEqual([
      ['cloud-config', 'warning', 'preflight.cloudConfig', { field: 'spec.rkeConfig.machineGlobalConfig.cloud-provider-config' }],
      ['ambiguous-selectors', 'warning', 'preflight.ambiguousSelectors', { entries: '2, 3' }],
      release('1.26', 'v1.26.14'),
      ['registry', 'info', 'preflight.registry', { registry: 'registry.lab.example.com:5000' }],
      IAM, EBS,
    ]);
  });

  it('a cluster already on cloud-provider-name external keeps its names: no line', () => {
    const o = fixture('rke2-kubectl-migrated-doc-form.yaml');

    o.spec.rkeConfig.machineGlobalConfig['cloud-provider-name'] = 'external';
    expect(shown(planMigration(o, { existingCcm: null, rke2ExternalMode: 'external' }).preflight)).toEqual([MIGRATED, release('1.27', 'v1.27.10'), IAM, EBS]);
  });
});

import { ccmHelmChartArgs, detectCluster } from '../cluster/detection';
import { ccmHelmChartText, fixture, thrown } from './fixtures';

// What detection reads from each shape, field by field: the names and ids the tab shows, the kind that decides
// whether a plan exists, where the provider is set and what it effectively is.

/** A kubectl-shape provisioning cluster; `spec` and `metadata` extras merged in. */
function provisioning(spec: Record<string, any>, metadata: Record<string, any> = {}, status?: Record<string, any>): Record<string, any> {
  return {
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    metadata:   { name: 'edge', ...metadata },
    spec,
    ...(status ? { status } : {}),
  };
}

const rke2Version = 'v1.27.10+rke2r1';
const CP_SELECTOR = { matchLabels: { 'rke.cattle.io/control-plane-role': 'true' } };

function pool(name: string, roles: { cp?: boolean; etcd?: boolean; worker?: boolean }): Record<string, any> {
  return {
    name, controlPlaneRole: !!roles.cp, etcdRole: !!roles.etcd, workerRole: !!roles.worker, quantity: 1, machineConfigRef: { kind: 'Amazonec2Config', name: `nc-${ name }` },
  };
}

function norman(extra: Record<string, any>): Record<string, any> {
  return { type: 'cluster', id: 'c-abcde', ...extra };
}

describe('detectCluster: names and ids', () => {
  it('names a kubectl cluster without a namespace in fleet-default, and one with a namespace in its own', () => {
    expect(detectCluster(provisioning({ kubernetesVersion: rke2Version, rkeConfig: {} })).id).toBe('fleet-default/edge');
    expect(detectCluster(provisioning({ kubernetesVersion: rke2Version, rkeConfig: {} }, { namespace: 'team-a' })).id).toBe('team-a/edge');
  });

  it('keeps the id Steve gives', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.id = 'fleet-default/other-id';
    expect(detectCluster(o)).toMatchObject({ id: 'fleet-default/other-id', name: 'prod-east', format: 'steve' });
  });

  it('has no management cluster id before Rancher wrote status.clusterName', () => {
    const d = detectCluster(provisioning({ kubernetesVersion: rke2Version, rkeConfig: {} }));

    expect(d.managementClusterId).toBeUndefined();
    expect(detectCluster(provisioning({ kubernetesVersion: rke2Version, rkeConfig: {} }, {}, { clusterName: 'c-m-12345' })).managementClusterId).toBe('c-m-12345');
  });

  it('names a Norman cluster by its name, or by its id when it has none', () => {
    expect(detectCluster(norman({ name: 'west' }))).toMatchObject({ name: 'west', id: 'c-abcde', managementClusterId: 'c-abcde', format: 'norman' });
    expect(detectCluster(norman({}))).toMatchObject({ name: 'c-abcde', id: 'c-abcde' });
  });
});

describe('detectCluster: the kind of a provisioning cluster without rkeConfig', () => {
  it.each([
    ['eksConfig', { eksConfig: {} }, {}, 'hosted'],
    ['aksConfig', { aksConfig: {} }, {}, 'hosted'],
    ['gkeConfig', { gkeConfig: {} }, {}, 'hosted'],
    ['the aks label', {}, { labels: { 'provider.cattle.io': 'aks' } }, 'hosted'],
    ['the gke label', {}, { labels: { 'provider.cattle.io': 'gke' } }, 'hosted'],
    ['the harvester label', {}, { labels: { 'provider.cattle.io': 'harvester' } }, 'harvester'],
    ['the rke label', {}, { labels: { 'provider.cattle.io': 'rke' } }, 'rke1'],
    ['another label', {}, { labels: { 'provider.cattle.io': 'k3s' } }, 'imported'],
    ['no labels at all', {}, {}, 'imported'],
  ])('reads the kind from %s', (_name, spec, metadata, kind) => {
    expect(detectCluster(provisioning(spec, metadata)).kind).toBe(kind);
  });

  it('takes an RKE1-style name whose management cluster is itself for the provisioning object of an RKE1 cluster', () => {
    expect(detectCluster(provisioning({}, { name: 'c-7tq4m' }, { clusterName: 'c-7tq4m' })).kind).toBe('rke1');
    // Either half alone is an imported cluster.
    expect(detectCluster(provisioning({}, { name: 'c-7tq4m' }, { clusterName: 'c-m-7tq4m' })).kind).toBe('imported');
    expect(detectCluster(provisioning({}, { name: 'c-7tq4m' })).kind).toBe('imported');
    expect(detectCluster(provisioning({}, { name: 'edge-7tq4m' }, { clusterName: 'edge-7tq4m' })).kind).toBe('imported');
  });

  it('reads no version when the spec has none', () => {
    expect(detectCluster(provisioning({})).kubernetesVersion).toBe('');
  });
});

describe('detectCluster: the kind of a cluster with rkeConfig', () => {
  it('calls an RKE2 cluster labelled harvester harvester, and reads no roles from it', () => {
    const d = detectCluster(provisioning({ kubernetesVersion: rke2Version, rkeConfig: { machineGlobalConfig: { 'cloud-provider-name': 'aws' } } }, { labels: { 'provider.cattle.io': 'harvester' } }));

    expect(d).toMatchObject({ kind: 'harvester', roleSets: [], providerLocations: [], effectiveProvider: '' });
  });

  it('reads no roles or provider from a K3s cluster', () => {
    const d = detectCluster(provisioning({ kubernetesVersion: 'v1.27.10+k3s1', rkeConfig: { machineGlobalConfig: { 'cloud-provider-name': 'aws' } } }));

    expect(d).toMatchObject({ kind: 'k3s', roleSets: [], providerLocations: [], effectiveProvider: '', outOfTree: false });
  });

  it('calls a version that is neither rke2 nor k3s unknown', () => {
    const d = detectCluster(provisioning({ kubernetesVersion: 'v1.27.10', rkeConfig: { machineGlobalConfig: { 'cloud-provider-name': 'aws' } } }));

    expect(d).toMatchObject({ kind: 'unknown', roleSets: [], providerLocations: [] });
  });

  it('reads machine pools without a machine config, and no machine pools at all', () => {
    const withBare = provisioning({ kubernetesVersion: rke2Version, rkeConfig: { machinePools: [{ name: 'p', controlPlaneRole: true, etcdRole: true, workerRole: true }] } });

    expect(detectCluster(withBare).kind).toBe('rke2');
    expect(detectCluster(provisioning({ kubernetesVersion: rke2Version, rkeConfig: { machinePools: 'none' } })).kind).toBe('rke2');
  });
});

describe('detectCluster: the RKE2 provider per role', () => {
  it('has no provider name where none is set, and an empty effective provider', () => {
    const d = detectCluster(provisioning({ kubernetesVersion: rke2Version, rkeConfig: { machinePools: [pool('all', { cp: true, etcd: true, worker: true })] } }));

    expect(d.roleSets).toHaveLength(1);
    expect(d.roleSets[0].cloudProviderName).toBeUndefined();
    expect(d.effectiveProvider).toBe('');
    expect(d.outOfTree).toBe(false);
  });

  it('reads the cloud-provider of each component from its args', () => {
    const d = detectCluster(provisioning({
      kubernetesVersion: rke2Version,
      rkeConfig:         {
        machinePools:        [pool('all', { cp: true, etcd: true, worker: true })],
        machineGlobalConfig: {
          'cloud-provider-name':         'aws',
          'kube-apiserver-arg':          ['cloud-provider=aws'],
          'kube-controller-manager-arg': ['cloud-provider=external'],
          'kubelet-arg':                 ['cloud-provider=aws'],
        },
      },
    }));

    expect(d.roleSets[0]).toMatchObject({
      cloudProviderName: 'aws', kubelet: 'aws', kubeApiserver: 'aws', kubeControllerManager: 'external',
    });
  });

  it('takes the effective provider from the control-plane machines even when another pool comes first', () => {
    const d = detectCluster(provisioning({
      kubernetesVersion: rke2Version,
      rkeConfig:         {
        machinePools:          [pool('w', { worker: true }), pool('cp', { cp: true, etcd: true })],
        machineSelectorConfig: [
          { config: { 'cloud-provider-name': 'aws' }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/control-plane-role': 'true' } } },
          { config: { 'cloud-provider-name': 'external' }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/worker-role': 'true' } } },
        ],
      },
    }));

    expect(d.roleSets.map((r) => r.roles)).toEqual([['worker'], ['control-plane', 'etcd']]);
    expect(d.effectiveProvider).toBe('aws');
    expect(d.outOfTree).toBe(false);
  });

  it('takes the effective provider from the only kind of machine when none runs the control plane', () => {
    const d = detectCluster(provisioning({
      kubernetesVersion: rke2Version,
      rkeConfig:         { machinePools: [pool('w', { worker: true })], machineGlobalConfig: { 'cloud-provider-name': 'aws' } },
    }));

    expect(d.effectiveProvider).toBe('aws');
  });

  it('calls a cluster out of tree when every kind of machine runs external, by name or by the kubelet flag alone', () => {
    const byKubelet = detectCluster(provisioning({
      kubernetesVersion: rke2Version,
      rkeConfig:         { machinePools: [pool('all', { cp: true, etcd: true, worker: true })], machineGlobalConfig: { 'kubelet-arg': ['cloud-provider=external'] } },
    }));

    expect(byKubelet.outOfTree).toBe(true);
    expect(byKubelet.effectiveProvider).toBe('');
    const half = detectCluster(provisioning({
      kubernetesVersion: rke2Version,
      rkeConfig:         {
        machinePools:          [pool('cp', { cp: true, etcd: true }), pool('w', { worker: true })],
        machineSelectorConfig: [
          { config: { 'cloud-provider-name': 'external' }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/control-plane-role': 'true' } } },
          { config: { 'cloud-provider-name': 'aws' }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/worker-role': 'true' } } },
        ],
      },
    }));

    expect(half.effectiveProvider).toBe('external');
    expect(half.outOfTree).toBe(false);
  });
});

describe('ccmHelmChartArgs', () => {
  it('is null without rkeConfig or without a CCM chart', () => {
    expect(ccmHelmChartArgs(undefined)).toBeNull();
    expect(ccmHelmChartArgs({ additionalManifest: '' })).toBeNull();
  });

  it('reads the args of the chart, none when the chart has no values', () => {
    expect(ccmHelmChartArgs({ additionalManifest: ccmHelmChartText([]) })).toEqual([]);
    expect(ccmHelmChartArgs({ additionalManifest: ccmHelmChartText(['args:', '  - --v=2', '  - --enable-leader-migration=true']) }))
      .toEqual(['--v=2', '--enable-leader-migration=true']);
  });
});

describe('detectCluster: Norman clusters', () => {
  it('calls a Norman cluster without RKE config hosted or imported, with the version Rancher reports', () => {
    expect(detectCluster(norman({ eksConfig: {}, version: { gitVersion: 'v1.28.3-eks' } }))).toMatchObject({ kind: 'hosted', kubernetesVersion: 'v1.28.3-eks' });
    expect(detectCluster(norman({ aksConfig: {} })).kind).toBe('hosted');
    expect(detectCluster(norman({ gkeConfig: {} })).kind).toBe('hosted');
    expect(detectCluster(norman({}))).toMatchObject({ kind: 'imported', kubernetesVersion: '' });
  });

  it('reads the RKE version, then the running version, then nothing', () => {
    expect(detectCluster(norman({ rancherKubernetesEngineConfig: { kubernetesVersion: 'v1.26.15-rancher1-1' }, version: { gitVersion: 'v1.26.14' } })).kubernetesVersion).toBe('v1.26.15-rancher1-1');
    expect(detectCluster(norman({ rancherKubernetesEngineConfig: {}, version: { gitVersion: 'v1.26.14' } })).kubernetesVersion).toBe('v1.26.14');
    expect(detectCluster(norman({ rancherKubernetesEngineConfig: {} })).kubernetesVersion).toBe('');
  });

  it('reads an RKE config without a cloud provider as no provider anywhere', () => {
    const d = detectCluster(norman({ rancherKubernetesEngineConfig: {} }));

    expect(d).toMatchObject({ kind: 'rke1', providerLocations: [], effectiveProvider: '', outOfTree: false, kcmLeaderMigration: false });
    expect(d.systemDefaultRegistry).toBeUndefined();
  });

  it('lists no location for a null name or a null awsCloudProvider', () => {
    const d = detectCluster(norman({ rancherKubernetesEngineConfig: { cloudProvider: { name: null, awsCloudProvider: null } } }));

    expect(d.providerLocations).toEqual([]);
    expect(d.effectiveProvider).toBe('');
  });

  it('lists the name and the awsCloudProvider block as locations', () => {
    const d = detectCluster(norman({ rancherKubernetesEngineConfig: { cloudProvider: { name: 'aws', awsCloudProvider: {} } } }));

    expect(d.providerLocations).toEqual([
      { path: 'rancherKubernetesEngineConfig.cloudProvider.name', value: 'aws' },
      { path: 'rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider', value: 'aws' },
    ]);
  });

  it.each([
    ['external-aws', true],
    ['external', true],
    ['aws', false],
  ])('name %s without awsCloudProvider: outOfTree %p', (name, outOfTree) => {
    const d = detectCluster(norman({ rancherKubernetesEngineConfig: { cloudProvider: { name } } }));

    expect(d.outOfTree).toBe(outOfTree);
    expect(d.effectiveProvider).toBe(name);
  });

  it('finds no default registry in odd registry lists, and none without a url', () => {
    expect(detectCluster(norman({ rancherKubernetesEngineConfig: { privateRegistries: [null, { url: 'a.example.com' }] } })).systemDefaultRegistry).toBeUndefined();
    expect(detectCluster(norman({ rancherKubernetesEngineConfig: { privateRegistries: { url: 'a.example.com', isDefault: true } } })).systemDefaultRegistry).toBeUndefined();
    expect(detectCluster(norman({ rancherKubernetesEngineConfig: { privateRegistries: [{ isDefault: true }] } })).systemDefaultRegistry).toBeUndefined();
    expect(detectCluster(norman({ rancherKubernetesEngineConfig: { privateRegistries: [{ url: 'a.example.com', isDefault: true }] } })).systemDefaultRegistry).toBe('a.example.com');
  });

  it.each([
    ['node pools', { nodePools: [{ id: 'np-1' }] }, 'node-driver'],
    ['an empty node pool list', { nodePools: [] }, 'custom'],
    ['a node template id', { nodeTemplateId: 'nt-1' }, 'node-driver'],
    ['a node template id deeper in the object', { nodePoolsInfo: [{ nodeTemplateId: 'nt-1' }] }, 'node-driver'],
    ['neither', {}, 'unknown'],
  ])('reads how an RKE1 cluster with %s provisions its nodes', (_name, extra, provisioningKind) => {
    expect(detectCluster(norman({ rancherKubernetesEngineConfig: {}, ...extra })).nodeProvisioning).toBe(provisioningKind);
  });
});

describe('detectCluster: what NOT_A_CLUSTER names', () => {
  it.each([
    ['a ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap' }, 'v1 ConfigMap'],
    ['a Steve collection', { type: 'collection' }, 'collection'],
    ['an object with only a kind', { kind: 'Secret' }, 'Secret'],
  ])('names %s by its apiVersion and kind or type', (_name, obj, what) => {
    const e = thrown(() => detectCluster(obj));

    expect(e).toMatchObject({ code: 'NOT_A_CLUSTER', messageKey: 'errors.NOT_A_CLUSTER', params: { what } });
    expect(e.message).toContain(`The input is ${ what }, not a provisioning.cattle.io/v1 Cluster`);
  });

  it('has a text of its own for an object without apiVersion or kind', () => {
    const e = thrown(() => detectCluster({ metadata: { name: 'x' } }));

    expect(e).toMatchObject({ code: 'NOT_A_CLUSTER', messageKey: 'errors.notAClusterUntyped', params: { what: '' } });
    expect(e.message).toContain('The input is an object without apiVersion/kind, not');
  });

  it('names what is not an object by its type', () => {
    const e = thrown(() => detectCluster('cluster' as any));

    expect(e).toMatchObject({ code: 'NOT_A_CLUSTER', messageKey: 'errors.NOT_A_CLUSTER', params: { what: 'string' } });
  });

  it.each([
    ['a provisioning cluster without metadata', { apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', spec: { rkeConfig: {} } }, 'provisioning.cattle.io/v1 Cluster', 'metadata'],
    ['a Steve provisioning cluster without a name', { type: 'provisioning.cattle.io.cluster', metadata: { namespace: 'fleet-default' }, spec: {} }, 'provisioning.cattle.io/v1 Cluster', 'name'],
    ['a provisioning cluster without spec', { apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', metadata: { name: 'edge' } }, 'provisioning.cattle.io/v1 Cluster', 'spec'],
    ['a management cluster with an empty name', { apiVersion: 'management.cattle.io/v3', kind: 'Cluster', metadata: { name: '' }, spec: {} }, 'management.cattle.io/v3 Cluster', 'name'],
    ['a management cluster with a namespace', { apiVersion: 'management.cattle.io/v3', kind: 'Cluster', metadata: { name: 'c-abcde', namespace: 'x' }, spec: {} }, 'management.cattle.io/v3 Cluster', 'namespace'],
    ['a Norman cluster without an id', { type: 'cluster', name: 'legacy' }, 'Norman v3 cluster', 'id'],
    ['a Norman cluster with a spec', { type: 'cluster', id: 'c-abcde', spec: {} }, 'Norman v3 cluster', 'mixed'],
  ])('says what %s lacks instead of calling it not the type it names', (_name, obj, what, problem) => {
    const e = thrown(() => detectCluster(obj));

    expect(e).toMatchObject({ code: 'NOT_A_CLUSTER', messageKey: 'errors.incompleteCluster', params: { what, problem } });
    expect(e.message).not.toContain(`, not a ${ what }`);
  });
});

describe('detectCluster: a Norman or management cluster without RKE1 configuration', () => {
  it.each([
    ['an EKS cluster by its config', { eksConfig: { imported: true } }, 'hosted', undefined],
    ['an EKS cluster registered as a generic import, by its provider', { driver: 'imported', provider: 'eks', importedConfig: {} }, 'hosted', undefined],
    ['an AKS cluster by its operator driver', { driver: 'AKS' }, 'hosted', undefined],
    ['a GKE cluster by its older kontainer driver', { driver: 'googleKubernetesEngine' }, 'hosted', undefined],
    ['a Harvester cluster by its provider', { driver: 'imported', provider: 'harvester' }, 'harvester', undefined],
    ['a Harvester cluster by its label', { labels: { 'provider.cattle.io': 'harvester' } }, 'harvester', undefined],
    ['an imported or Rancher-provisioned K3s cluster', { driver: 'k3s', provider: 'k3s' }, 'k3s', undefined],
    ['an imported RKE2 cluster (driver rke2)', { driver: 'rke2', provider: 'rke2' }, 'imported', undefined],
    ['an imported cluster with imported settings', { driver: 'imported', importedConfig: { kubeConfig: '' } }, 'imported', undefined],
    ['an imported RKE1 cluster (no configuration of its own)', { driver: 'imported', provider: 'rke' }, 'imported', undefined],
    ['an RKE2 cluster Rancher provisioned (driver imported, provider rke2)', { driver: 'imported', provider: 'rke2' }, 'imported', true],
    ['a cluster whose status tells nothing', {}, 'imported', true],
  ])('%s', (_name, extra, kind, configInProvisioning) => {
    const d = detectCluster(norman(extra));

    expect(d.kind).toBe(kind);
    expect(d.configInProvisioning).toBe(configInProvisioning);
  });
});

describe('detectCluster: leader migration and the registry', () => {
  const splitPools = [pool('cp', { cp: true }), pool('etcd', { etcd: true }), pool('w', { worker: true })];
  const ETCD = { matchLabels: { 'rke.cattle.io/etcd-role': 'true' } };

  it('counts the KCM flag only where the controller manager runs', () => {
    const onEtcd = detectCluster(provisioning({
      kubernetesVersion: rke2Version,
      rkeConfig:         {
        machinePools:          splitPools,
        machineGlobalConfig:   { 'cloud-provider-name': 'aws' },
        machineSelectorConfig: [{ config: { 'kube-controller-manager-arg': ['enable-leader-migration'] }, machineLabelSelector: ETCD }],
      },
    }));

    expect(onEtcd.kcmLeaderMigration).toBe(false);
    const onCp = detectCluster(provisioning({
      kubernetesVersion: rke2Version,
      rkeConfig:         {
        machinePools:          splitPools,
        machineGlobalConfig:   { 'cloud-provider-name': 'aws' },
        machineSelectorConfig: [{ config: { 'kube-controller-manager-arg': ['enable-leader-migration'] }, machineLabelSelector: CP_SELECTOR }],
      },
    }));

    expect(onCp.kcmLeaderMigration).toBe(true);
    expect(onCp.roleSets.map((r) => [r.roles.join('+'), r.leaderMigration])).toEqual([['control-plane', true], ['etcd', false], ['worker', false]]);
  });

  it('reads the registry the control-plane machines get, not one only workers get', () => {
    const read = (entries: Record<string, any>[]) => detectCluster(provisioning({
      kubernetesVersion: rke2Version,
      rkeConfig:         { machinePools: splitPools, machineGlobalConfig: { 'cloud-provider-name': 'aws' }, machineSelectorConfig: entries },
    })).systemDefaultRegistry;

    expect(read([{ config: { 'system-default-registry': 'mirror.example.com' } }])).toBe('mirror.example.com');
    expect(read([{ config: { 'system-default-registry': 'mirror.example.com' }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/worker-role': 'true' } } }])).toBeUndefined();
    expect(read([])).toBeUndefined();
  });

  it.each([
    ['"true"', 'true', true],
    ['"false"', 'false', false],
    ['absent', undefined, false],
  ])('reads the RKE1 KCM flag %s', (_name, value, enabled) => {
    const kubeController = value === undefined ? {} : { extraArgs: { 'enable-leader-migration': value } };

    expect(detectCluster(norman({ rancherKubernetesEngineConfig: { cloudProvider: { name: 'aws' }, services: { kubeController } } })).kcmLeaderMigration).toBe(enabled);
  });
});

describe('detectCluster: what only RKE2 detection sets', () => {
  it.each([
    ['a hosted cluster', provisioning({ eksConfig: {} })],
    ['a K3s cluster', provisioning({ kubernetesVersion: 'v1.27.10+k3s1', rkeConfig: {} })],
    ['an RKE1 cluster', norman({ rancherKubernetesEngineConfig: { cloudProvider: { name: 'aws' } } })],
  ])('reports no manifest, no leader migration and no switch for %s', (_name, obj) => {
    expect(detectCluster(obj)).toMatchObject({
      ccmManifestPresent: false, kcmLeaderMigration: false, ccmLeaderMigration: false, outOfTree: false, ambiguousSelectors: [],
    });
  });

  it('calls a cluster out of tree when every machine is named external', () => {
    const d = detectCluster(provisioning({
      kubernetesVersion: rke2Version,
      rkeConfig:         { machinePools: [pool('cp', { cp: true, etcd: true }), pool('w', { worker: true })], machineGlobalConfig: { 'cloud-provider-name': 'external' } },
    }));

    expect(d).toMatchObject({ effectiveProvider: 'external', outOfTree: true });
  });

  it('reads a null provider name as none', () => {
    const d = detectCluster(provisioning({
      kubernetesVersion: rke2Version,
      rkeConfig:         { machinePools: [pool('all', { cp: true, etcd: true, worker: true })], machineGlobalConfig: { 'cloud-provider-name': null } },
    }));

    expect(d.roleSets[0].cloudProviderName).toBeUndefined();
    expect(d.effectiveProvider).toBe('');
  });

  it('lists the entries whose selectors use labels other than the role labels', () => {
    const d = detectCluster(provisioning({
      kubernetesVersion: rke2Version,
      rkeConfig:         {
        machinePools:          [pool('all', { cp: true, etcd: true, worker: true })],
        machineGlobalConfig:   { 'cloud-provider-name': 'aws' },
        machineSelectorConfig: [{ config: {}, machineLabelSelector: CP_SELECTOR }, { config: {}, machineLabelSelector: { matchLabels: { zone: 'b' } } }],
      },
    }));

    expect(d.ambiguousSelectors).toEqual([1]);
  });

  it('reads a pool list with an empty entry', () => {
    expect(detectCluster(provisioning({ kubernetesVersion: rke2Version, rkeConfig: { machinePools: [null, pool('all', { cp: true, etcd: true, worker: true })] } })).kind).toBe('rke2');
  });
});

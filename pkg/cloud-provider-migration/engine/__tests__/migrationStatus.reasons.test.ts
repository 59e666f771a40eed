import { detectCluster } from '../cluster/detection';
import { migrationStatus } from '../cluster/migrationStatus';
import { rke2ProviderLocations } from '../cluster/providerLocation';
import { ccmReleaseFor } from '../ccm/ccmReleases';
import { planMigration } from '../planning/planMigration';
import { fixture, thrown } from './fixtures';

// The status a user sees for a cluster and the reason given when there is nothing to migrate, the provider
// locations the tab lists, and what the refusals of unknown providers and versions name.

const CP = { matchLabels: { 'rke.cattle.io/control-plane-role': 'true' } };
const WORKER = { matchLabels: { 'rke.cattle.io/worker-role': 'true' } };
const pools = [
  { name: 'cp', controlPlaneRole: true, etcdRole: true, workerRole: false, quantity: 1 },
  { name: 'w', controlPlaneRole: false, etcdRole: false, workerRole: true, quantity: 1 },
];

function rke2(rkeConfig: Record<string, any>, kubernetesVersion = 'v1.26.15+rke2r1'): Record<string, any> {
  return {
    apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', metadata: { name: 'edge', namespace: 'fleet-default' }, spec: { kubernetesVersion, rkeConfig },
  };
}

function rke1(cloudProvider: Record<string, any> | undefined): Record<string, any> {
  return {
    type: 'cluster', id: 'c-abcde', name: 'legacy', rancherKubernetesEngineConfig: { kubernetesVersion: 'v1.26.15-rancher1-1', ...(cloudProvider ? { cloudProvider } : {}) },
  };
}

describe('the status of an RKE2 cluster', () => {
  it('names the other provider a cluster runs', () => {
    const plan = planMigration(rke2({ machinePools: pools, machineGlobalConfig: { 'cloud-provider-name': 'azure' } }));

    expect(plan.status).toBe('not-applicable');
    expect(plan.reason).toEqual({ key: 'reasons.otherProvider', params: { provider: 'azure' } });
  });

  it('names the other provider even when some machines have none', () => {
    const plan = planMigration(rke2({ machinePools: pools, machineSelectorConfig: [{ config: { 'cloud-provider-name': 'azure' }, machineLabelSelector: WORKER }] }));

    expect(plan.reason).toEqual({ key: 'reasons.otherProvider', params: { provider: 'azure' } });
  });

  it('says there is no cloud provider when no machine has one', () => {
    expect(planMigration(rke2({ machinePools: pools })).reason?.key).toBe('reasons.noCloudProvider');
  });

  it('calls a cluster with the in-tree provider on some machines and external on others migrating', () => {
    const plan = planMigration(rke2({
      machinePools:          pools,
      machineSelectorConfig: [
        { config: { 'cloud-provider-name': 'aws' }, machineLabelSelector: CP },
        { config: { 'cloud-provider-name': 'external' }, machineLabelSelector: WORKER },
      ],
    }));

    expect(plan.status).toBe('migrating');
    expect(plan.reason).toBeUndefined();
  });

  it('calls an RKE2 cluster of an unknown version not applicable, reason unknown', () => {
    expect(planMigration(rke2({ machineGlobalConfig: { 'cloud-provider-name': 'aws' } }, 'v1.26.15'))).toMatchObject({ status: 'not-applicable', reason: { key: 'reasons.unknown' } });
  });

  it('reads an RKE2 object whose rkeConfig is not a map as having no provider', () => {
    const d = detectCluster(rke2({ machineGlobalConfig: { 'cloud-provider-name': 'aws' } }));

    expect(migrationStatus({ spec: {} }, d)).toEqual({ status: 'not-applicable', reason: { key: 'reasons.noCloudProvider', params: undefined } });
    expect(migrationStatus({}, d)).toEqual({ status: 'not-applicable', reason: { key: 'reasons.noCloudProvider', params: undefined } });
  });
});

describe('the status of an RKE1 cluster', () => {
  it.each([
    ['aws', { name: 'aws' }, { status: 'in-tree' }],
    ['external-aws', { name: 'external-aws' }, { status: 'migrated' }],
    ['external', { name: 'external' }, { status: 'not-applicable', reason: { key: 'reasons.genericExternal' } }],
    ['vsphere', { name: 'vsphere' }, { status: 'not-applicable', reason: { key: 'reasons.otherProvider', params: { provider: 'vsphere' } } }],
    ['no name', { name: '' }, { status: 'not-applicable', reason: { key: 'reasons.noCloudProvider' } }],
    ['no cloud provider', undefined, { status: 'not-applicable', reason: { key: 'reasons.noCloudProvider' } }],
  ])('cloud provider %s', (_name, cloudProvider, verdict) => {
    const o = rke1(cloudProvider);

    // toEqual: no reason where none is expected, and no params where the reason takes none.
    expect(migrationStatus(o, detectCluster(o))).toEqual(verdict);
  });

  it('sends the provisioning object of an RKE1 cluster without status to the cluster of its own name', () => {
    const o = fixture('rke1-provisioning-object.json');

    delete o.status;
    o.metadata.labels = { ...o.metadata.labels, 'provider.cattle.io': 'rke' };
    expect(planMigration(o)).toMatchObject({ status: 'not-applicable', reason: { key: 'reasons.rke1Provisioning', params: { id: o.metadata.name } } });
  });
});

describe('the reason of a cluster that is not RKE', () => {
  const noRke = (spec: Record<string, any>, labels: Record<string, string> = {}) => ({
    apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', metadata: { name: 'edge', namespace: 'fleet-default', labels }, spec,
  });

  it.each([
    ['a hosted cluster', noRke({ eksConfig: {} }), 'reasons.hosted'],
    ['a Harvester cluster', noRke({}, { 'provider.cattle.io': 'harvester' }), 'reasons.harvester'],
    ['an imported cluster', noRke({}), 'reasons.imported'],
    ['a K3s cluster', noRke({ kubernetesVersion: 'v1.27.10+k3s1', rkeConfig: {} }), 'reasons.k3s'],
    ['a Norman cluster without RKE config', { type: 'cluster', id: 'c-abcde' }, 'reasons.normanWithoutRkeConfig'],
    ['a hosted Norman cluster', { type: 'cluster', id: 'c-abcde', eksConfig: {} }, 'reasons.hosted'],
  ])('%s', (_name, obj, key) => {
    const plan = planMigration(obj);

    expect(plan.status).toBe('not-applicable');
    expect(plan.reason?.key).toBe(key);
  });
});

describe('provider locations and UNKNOWN_PROVIDER', () => {
  it('lists no location for a null cloud-provider-name', () => {
    expect(rke2ProviderLocations({ machineGlobalConfig: { 'cloud-provider-name': null, 'kubelet-arg': ['cloud-provider=aws'] } })).toEqual([
      { path: 'spec.rkeConfig.machineGlobalConfig.kubelet-arg', value: 'aws' },
    ]);
    expect(detectCluster(rke2({ machinePools: pools, machineGlobalConfig: { 'cloud-provider-name': null } })).providerLocations).toEqual([]);
  });

  it('names the unknown provider, where it is set and the names it knows', () => {
    const e = thrown(() => detectCluster(rke2({ machinePools: pools, machineSelectorConfig: [{ config: { 'cloud-provider-name': 'amazon' } }] })));

    expect(e).toMatchObject({ code: 'UNKNOWN_PROVIDER', params: { provider: 'amazon', path: 'spec.rkeConfig.machineSelectorConfig[0].config.cloud-provider-name' } });
    expect(e.message).toBe('Unknown cloud provider "amazon" at spec.rkeConfig.machineSelectorConfig[0].config.cloud-provider-name; expected one of aws, external, external-aws, azure, vsphere, rancher-vsphere, harvester, gce, openstack, custom.');
  });
});

describe('UNSUPPORTED_VERSION', () => {
  it('names the version and the minors the release table knows', () => {
    const e = thrown(() => ccmReleaseFor('v1.22.17+rke2r1'));

    expect(e).toMatchObject({ code: 'UNSUPPORTED_VERSION', params: { version: 'v1.22.17+rke2r1', known: '1.25-1.36' } });
    expect(e.message).toBe('No AWS cloud controller manager release is known for Kubernetes v1.22.17+rke2r1; supported minors are 1.25-1.36.');
  });
});

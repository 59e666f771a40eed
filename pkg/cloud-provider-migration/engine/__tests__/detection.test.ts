import { detectCluster } from '../cluster/detection';
import { planMigration } from '../planning/planMigration';
import { errorCode, fixture } from './fixtures';

function rke2(overrides: (o: Record<string, any>) => void): Record<string, any> {
  const o = fixture('rke2-steve-in-tree.json');

  overrides(o);

  return o;
}

describe('detectCluster', () => {
  it.each([
    ['a Steve RKE2 cluster', 'rke2-steve-in-tree.json', 'rke2', 'steve'],
    ['a kubectl RKE2 cluster', 'rke2-kubectl-custom.yaml', 'rke2', 'kubectl'],
    ['a Norman RKE1 cluster', 'rke1-norman-in-tree.json', 'rke1', 'norman'],
    ['an RKE1 management cluster (kubectl shape)', 'rke1-management-in-tree.json', 'rke1', 'management'],
    ['the provisioning object of an RKE1 cluster', 'rke1-provisioning-object.json', 'rke1', 'steve'],
    ['a K3s cluster', 'k3s-kubectl.yaml', 'k3s', 'kubectl'],
  ])('recognises %s', (_name, file, kind, format) => {
    expect(detectCluster(fixture(file))).toMatchObject({ kind, format });
  });

  it.each([
    ['hosted (EKS label)', (o: any) => {
      delete o.spec.rkeConfig; o.metadata.labels['provider.cattle.io'] = 'eks';
    }, 'hosted'],
    ['imported', (o: any) => {
      delete o.spec.rkeConfig;
    }, 'imported'],
    ['harvester (machine pools)', (o: any) => {
      o.spec.rkeConfig.machinePools.forEach((p: any) => {
        p.machineConfigRef.kind = 'HarvesterConfig';
      });
    }, 'harvester'],
    ['harvester (label, no rkeConfig)', (o: any) => {
      delete o.spec.rkeConfig; o.metadata.labels['provider.cattle.io'] = 'harvester';
    }, 'harvester'],
  ])('recognises a %s cluster', (_name, edit, kind) => {
    expect(detectCluster(rke2(edit)).kind).toBe(kind);
  });

  it('reads where the dashboard keeps the provider and the other RKE2 facts', () => {
    const d = detectCluster(fixture('rke2-steve-in-tree.json'));

    expect(d).toMatchObject({
      name:                'prod-east',
      id:                  'fleet-default/prod-east',
      managementClusterId: 'c-m-9xkq2fzt',
      kubernetesVersion:   'v1.26.15+rke2r1',
      effectiveProvider:   'aws',
      outOfTree:           false,
      ccmManifestPresent:  false,
      kcmLeaderMigration:  false,
    });
    expect(d.providerLocations).toEqual([{ path: 'spec.rkeConfig.machineSelectorConfig[0].config.cloud-provider-name', value: 'aws' }]);
    expect(d.roleSets.map((r) => r.roles)).toEqual([['control-plane', 'etcd'], ['worker']]);
  });

  it('reports every location, including cloud-provider= args, in merge order', () => {
    const d = detectCluster(fixture('rke2-kubectl-migrated-doc-form.yaml'));

    expect(d.providerLocations.map((l) => `${ l.path }=${ l.value }`)).toEqual([
      'spec.rkeConfig.machineGlobalConfig.cloud-provider-name=aws',
      'spec.rkeConfig.machineSelectorConfig[1].config.kubelet-arg=external',
      'spec.rkeConfig.machineSelectorConfig[2].config.kubelet-arg=external',
      'spec.rkeConfig.machineSelectorConfig[2].config.kube-apiserver-arg=external',
      'spec.rkeConfig.machineSelectorConfig[2].config.kube-controller-manager-arg=external',
      'spec.rkeConfig.machineSelectorConfig[3].config.kubelet-arg=external',
    ]);
    expect(d).toMatchObject({ outOfTree: true, ccmManifestPresent: true, ccmLeaderMigration: true });
  });

  it('reads the RKE1 provider, the KCM flag and the default private registry', () => {
    const o = fixture('rke1-norman-in-tree.json');

    o.rancherKubernetesEngineConfig.services.kubeController.extraArgs['enable-leader-migration'] = 'true';
    expect(detectCluster(o)).toMatchObject({
      kind: 'rke1', id: 'c-7tq4m', name: 'legacy-west', effectiveProvider: 'aws', kcmLeaderMigration: true, systemDefaultRegistry: 'registry.corp.example.com', nodeProvisioning: 'unknown',
    });
  });

  it.each([
    ['a ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: {} }],
    ['a management object that is not a Cluster', { apiVersion: 'management.cattle.io/v3', kind: 'Project', metadata: { name: 'p-1', namespace: 'c-m-1' }, spec: {} }],
    ['a Steve collection', { type: 'collection', data: [] }],
    ['a Norman node', { type: 'node', id: 'c-7tq4m:m-1' }],
  ])('refuses %s with NOT_A_CLUSTER', (_name, obj) => {
    expect(errorCode(() => detectCluster(obj))).toBe('NOT_A_CLUSTER');
  });

  it('refuses a provider name nobody knows with UNKNOWN_PROVIDER', () => {
    expect(errorCode(() => detectCluster(rke2((o) => {
      o.spec.rkeConfig.machineSelectorConfig[0].config['cloud-provider-name'] = 'amazon';
    })))).toBe('UNKNOWN_PROVIDER');
    const n = fixture('rke1-norman-in-tree.json');

    n.rancherKubernetesEngineConfig.cloudProvider.name = 'ec2';
    expect(errorCode(() => detectCluster(n))).toBe('UNKNOWN_PROVIDER');
  });
});

describe('migration status from the object alone', () => {
  const setProvider = (value: string) => (o: any) => {
    o.spec.rkeConfig.machineSelectorConfig[0].config['cloud-provider-name'] = value;
  };

  it.each([
    ['in-tree aws', (_o: any) => undefined, 'in-tree', undefined],
    ['no provider', (o: any) => delete o.spec.rkeConfig.machineSelectorConfig[0].config['cloud-provider-name'], 'not-applicable', 'reasons.noCloudProvider'],
    ['azure', setProvider('azure'), 'not-applicable', 'reasons.otherProvider'],
    ['vsphere', setProvider('rancher-vsphere'), 'not-applicable', 'reasons.otherProvider'],
    ['generic external without the AWS CCM', setProvider('external'), 'not-applicable', 'reasons.genericExternal'],
    ['the KCM flag alone', (o: any) => o.spec.rkeConfig.machineGlobalConfig['kube-controller-manager-arg'].push('enable-leader-migration'), 'migrating', undefined],
    ['a K3s version', (o: any) => {
      o.spec.kubernetesVersion = 'v1.26.15+k3s1';
    }, 'not-applicable', 'reasons.k3s'],
  ])('%s → %s', (_name, edit, status, reason) => {
    const plan = planMigration(rke2(edit));

    expect(plan.status).toBe(status);
    expect(plan.reason?.key).toBe(reason);
    if (status === 'not-applicable') {
      expect(plan.steps).toEqual([]);
    }
  });

  it('sends the provisioning object of an RKE1 cluster to its Norman cluster', () => {
    const plan = planMigration(fixture('rke1-provisioning-object.json'));

    expect(plan).toMatchObject({ status: 'not-applicable', reason: { key: 'reasons.rke1Provisioning', params: { id: 'c-7tq4m' } } });
  });

  it.each([
    ['aws', 'in-tree'],
    ['external-aws', 'migrated'],
    ['external', 'not-applicable'],
    ['', 'not-applicable'],
    ['vsphere', 'not-applicable'],
  ])('RKE1 cloudProvider.name %p → %s', (name, status) => {
    const o = fixture('rke1-norman-in-tree.json');

    o.rancherKubernetesEngineConfig.cloudProvider.name = name;
    delete o.rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider;
    expect(planMigration(o, { useInstanceMetadataHostname: true }).status).toBe(status);
  });

  it.each([
    // RKE runs the in-tree provider while awsCloudProvider is set, whatever the name says (even {} as Ember writes it).
    ['external-aws', {}, 'migrating'],
    ['external-aws', { global: { vpc: 'vpc-1' } }, 'migrating'],
    ['', {}, 'in-tree'],
    ['external-aws', null, 'migrated'],
  ])('RKE1 cloudProvider.name %p with awsCloudProvider %p → %s', (name, aws, status) => {
    const o = fixture('rke1-norman-in-tree.json');

    o.rancherKubernetesEngineConfig.cloudProvider = { name, useInstanceMetadataHostname: true, awsCloudProvider: aws };
    const plan = planMigration(o, { useInstanceMetadataHostname: true });

    expect(plan.status).toBe(status);
    if (status !== 'migrated') {
      expect(plan.steps.find((s) => s.id === 'switch-to-external')!.done).toBe(false);
    }
  });

  it('calls a cluster migrated by hand in the documented form migrated, with only the optional cleanup left', () => {
    const plan = planMigration(fixture('rke2-kubectl-migrated-doc-form.yaml'));

    expect(plan.status).toBe('migrated');
    expect(plan.steps.filter((s) => !s.live && !s.done).map((s) => s.id)).toEqual(['cleanup-ccm-leader-migration']);
  });

  it('calls a switched cluster without the CCM manifest migrating', () => {
    const o = fixture('rke2-kubectl-migrated-doc-form.yaml');

    o.spec.rkeConfig.additionalManifest = '';
    const plan = planMigration(o);

    expect(plan.status).toBe('migrating');
    expect(plan.steps.find((s) => s.id === 'deploy-ccm')!.done).toBe(false);
  });
});

/**
 * Cluster objects shaped like what Rancher serves (docs/rancher-behaviour.md#steve-update: Steve provisioning cluster, §4.3 Norman
 * RKE1 cluster), for the tab's component tests. Each call returns a fresh copy.
 */

/** Text a user could put into a description or a display name; it must never become markup. */
export const HTML_TEXT = '<img src="x" data-injected="1" onerror="window.__cpmInjected=1"><b data-injected="1">ops</b>';

export const RKE2_MGMT_ID = 'c-m-4x7kq2zd';
export const RKE1_ID = 'c-7wz2k';

const RANCHER = 'https://rancher.example.com';

/** An RKE2 cluster created in the UI on in-tree aws: the provider sits in the selector-less entry. */
export function rke2InTree(): Record<string, any> {
  return {
    id:         'fleet-default/prod-east',
    type:       'provisioning.cattle.io.cluster',
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    links:      {
      self:   `${ RANCHER }/v1/provisioning.cattle.io.clusters/fleet-default/prod-east`,
      update: `${ RANCHER }/v1/provisioning.cattle.io.clusters/fleet-default/prod-east`,
      remove: `${ RANCHER }/v1/provisioning.cattle.io.clusters/fleet-default/prod-east`,
      view:   `${ RANCHER }/apis/provisioning.cattle.io/v1/namespaces/fleet-default/clusters/prod-east`,
    },
    metadata: {
      name:            'prod-east',
      namespace:       'fleet-default',
      resourceVersion: '48213',
      generation:      7,
      uid:             'f1d0c6a2-3b5e-4c1e-9d7a-2a51e3c8b0aa',
      labels:          { team: 'payments', 'cpm.example.com/note': 'b-ops' },
      annotations:     { 'field.cattle.io/description': HTML_TEXT, 'field.cattle.io/creatorId': 'user-abcde' },
    },
    spec: {
      cloudCredentialSecretName: 'cattle-global-data:cc-8mfd2',
      kubernetesVersion:         'v1.26.15+rke2r1',
      localClusterAuthEndpoint:  {},
      rkeConfig:                 {
        chartValues:        { 'rke2-calico': {} },
        etcd:               { snapshotRetention: 5, snapshotScheduleCron: '0 */5 * * *' },
        machineGlobalConfig: {
          cni: 'calico', 'disable-kube-proxy': false, 'etcd-expose-metrics': false
        },
        machinePools: [
          {
            name: 'cp', controlPlaneRole: true, etcdRole: true, workerRole: false, quantity: 3, machineConfigRef: { kind: 'Amazonec2Config', name: 'nc-prod-east-cp-x7k2d' }
          },
          {
            name: 'workers', controlPlaneRole: false, etcdRole: false, workerRole: true, quantity: 2, machineConfigRef: { kind: 'Amazonec2Config', name: 'nc-prod-east-workers-q9w4z' }
          },
        ],
        machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws', 'protect-kernel-defaults': false } }],
        additionalManifest:    '',
        upgradeStrategy:       {
          controlPlaneConcurrency: '1', controlPlaneDrainOptions: { enabled: false }, workerConcurrency: '1', workerDrainOptions: { enabled: false }
        },
      },
    },
    status: {
      clusterName:   RKE2_MGMT_ID,
      agentDeployed: true,
      ready:         true,
      conditions:    [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }],
    },
  };
}

/** The same cluster with an additionalManifest that is not valid YAML (an unterminated flow mapping). */
export function rke2InvalidManifest(): Record<string, any> {
  const c = rke2InTree();

  c.spec.rkeConfig.additionalManifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken, namespace: kube-system\ndata:\n  a: b\n';

  return c;
}

/** A K3s cluster: it has an rkeConfig too, but the migration does not apply to it. */
export function k3sCluster(): Record<string, any> {
  const c = rke2InTree();

  c.id = 'fleet-default/edge-k3s';
  c.metadata.name = 'edge-k3s';
  c.spec.kubernetesVersion = 'v1.26.15+k3s1';
  c.spec.rkeConfig.machineSelectorConfig = [{ config: { 'protect-kernel-defaults': false } }];
  c.spec.rkeConfig.chartValues = {};
  c.status.clusterName = 'c-m-k3sedge1';

  return c;
}

/** The provisioning object Rancher keeps for an RKE1 cluster: no rkeConfig, named after the Norman id. */
export function rke1Provisioning(): Record<string, any> {
  return {
    id:         `fleet-default/${ RKE1_ID }`,
    type:       'provisioning.cattle.io.cluster',
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    links:      {
      self:   `${ RANCHER }/v1/provisioning.cattle.io.clusters/fleet-default/${ RKE1_ID }`,
      update: `${ RANCHER }/v1/provisioning.cattle.io.clusters/fleet-default/${ RKE1_ID }`,
    },
    metadata: {
      name: RKE1_ID, namespace: 'fleet-default', resourceVersion: '9911', generation: 1
    },
    spec:   { localClusterAuthEndpoint: {} },
    status: {
      clusterName: RKE1_ID, ready: true, conditions: [{ type: 'Ready', status: 'True' }]
    },
    // The model getter (mgmt.spec.rancherKubernetesEngineConfig is set).
    isRke1: true,
  };
}

/** The Norman v3 object of that RKE1 cluster, on in-tree aws. `name` is the user's display name. */
export function rke1Norman(name = 'legacy-west'): Record<string, any> {
  return {
    id:                            RKE1_ID,
    type:                          'cluster',
    baseType:                      'cluster',
    name,
    description:                   HTML_TEXT,
    state:                         'active',
    driver:                        'rancherKubernetesEngine',
    internal:                      false,
    labels:                        { 'provider.cattle.io': 'rke' },
    annotations:                   {},
    links:                         { self: `${ RANCHER }/v3/clusters/${ RKE1_ID }`, update: `${ RANCHER }/v3/clusters/${ RKE1_ID }`, nodePools: `${ RANCHER }/v3/nodePools?clusterId=${ RKE1_ID }` },
    actions:                       { generateKubeconfig: `${ RANCHER }/v3/clusters/${ RKE1_ID }?action=generateKubeconfig` },
    rancherKubernetesEngineConfig: {
      kubernetesVersion: 'v1.26.15-rancher1-1',
      cloudProvider:     {
        name:             'aws',
        awsCloudProvider: {
          global:          { 'disable-security-group-ingress': false, 'disable-strict-zone-check': false },
          serviceOverride: {},
        },
      },
      services: {
        kubeController: {
          clusterCidr: '10.42.0.0/16', serviceClusterIpRange: '10.43.0.0/16', extraArgs: {}
        },
        kubeApi: { serviceClusterIpRange: '10.43.0.0/16' },
        kubelet: { clusterDnsServer: '10.43.0.10' },
      },
      upgradeStrategy: { maxUnavailableControlplane: '1', maxUnavailableWorker: '10%', drain: false },
    },
    conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }],
  };
}

/** Downstream nodes of an in-tree aws cluster: control-plane nodes labelled as the distro labels them. */
export function nodesFor(distro: 'rke2' | 'rke1'): Record<string, any>[] {
  const cpLabel = distro === 'rke2' ? 'node-role.kubernetes.io/control-plane' : 'node-role.kubernetes.io/controlplane';
  const node = (i: number, controlPlane: boolean) => ({
    id:       `ip-10-0-1-${ 10 + i }.us-east-2.compute.internal`,
    type:     'node',
    metadata: {
      name:   `ip-10-0-1-${ 10 + i }.us-east-2.compute.internal`,
      labels: controlPlane ? { [cpLabel]: 'true', 'node-role.kubernetes.io/etcd': 'true' } : { 'node-role.kubernetes.io/worker': 'true' },
    },
    spec:   { providerID: `aws:///us-east-2a/i-0${ i }9f3c2d1e0b4a7c6` },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  });

  return [node(0, true), node(1, true), node(2, true), node(3, false), node(4, false)];
}

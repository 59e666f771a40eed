/** Cluster objects as Rancher serves them, for the api tests. Each call returns a fresh object. */

/** A provisioning cluster as Steve returns it (docs/rancher-behaviour.md#steve-update), trimmed. */
export function provisioningCluster(resourceVersion: string, kcmArgs: string[] = []): Record<string, any> {
  return {
    id:         'fleet-default/prod',
    type:       'provisioning.cattle.io.cluster',
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    links:      {
      self:   'https://rancher.example.com/v1/provisioning.cattle.io.clusters/fleet-default/prod',
      update: 'https://rancher.example.com/v1/provisioning.cattle.io.clusters/fleet-default/prod',
      view:   'https://rancher.example.com/apis/provisioning.cattle.io/v1/namespaces/fleet-default/clusters/prod',
    },
    metadata: {
      name:              'prod',
      namespace:         'fleet-default',
      resourceVersion,
      generation:        7,
      uid:               '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
      creationTimestamp: '2025-11-02T09:14:00Z',
      finalizers:        ['wrangler.cattle.io/provisioning-cluster-remove'],
      managedFields:     [{ manager: 'rancher', operation: 'Update', apiVersion: 'provisioning.cattle.io/v1' }],
      relationships:     [{ toType: 'management.cattle.io.cluster', toId: 'c-m-7x2k9q4z', rel: 'applies' }],
      state:             { name: 'active', error: false, transitioning: false },
    },
    spec: {
      cloudCredentialSecretName: 'cattle-global-data:cc-8s7d6',
      kubernetesVersion:         'v1.26.15+rke2r1',
      rkeConfig:                 {
        machineGlobalConfig:   { cni: 'calico', 'disable-kube-proxy': false },
        machineSelectorConfig: [
          { config: { 'cloud-provider-name': 'aws', 'protect-kernel-defaults': false } },
          ...(kcmArgs.length ? [{ config: { 'kube-controller-manager-arg': kcmArgs }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/control-plane-role': 'true' } } }] : []),
        ],
        additionalManifest: '',
      },
    },
    status: { clusterName: 'c-m-7x2k9q4z', ready: true, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** An RKE1 cluster as Norman v3 returns it (docs/rancher-behaviour.md#norman-update), trimmed. */
export function normanCluster(extraArgs: Record<string, string>, cloudProviderName = 'aws'): Record<string, any> {
  return {
    id:                            'c-5xk2n',
    type:                          'cluster',
    name:                          'legacy',
    state:                         'active',
    rancherKubernetesEngineConfig: {
      kubernetesVersion: 'v1.26.15-rancher1-1',
      cloudProvider:     { name: cloudProviderName, awsCloudProvider: { global: { 'kubernetes-cluster-tag': 'legacy' } } },
      services:          { kubeController: { extraArgs, clusterCidr: '10.42.0.0/16', serviceClusterIpRange: '10.43.0.0/16' } },
    },
    actions: { generateKubeconfig: 'https://rancher.example.com/v3/clusters/c-5xk2n?action=generateKubeconfig' },
    links:   { self: 'https://rancher.example.com/v3/clusters/c-5xk2n', update: 'https://rancher.example.com/v3/clusters/c-5xk2n' },
  };
}

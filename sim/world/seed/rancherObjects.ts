/**
 * Rancher's local-cluster objects for one downstream cluster: the provisioning cluster (fleet-default),
 * the management cluster, and management nodes, shaped as Rancher v2.11/v2.13 stores them
 * (rancher/rancher pkg/apis/provisioning.cattle.io/v1 cluster.go, management.cattle.io/v3 cluster_types.go,
 * conditions as the provisioning/management controllers set them).
 */
import { KObj } from '../../store';
import { condition } from '../k8s/conditions';
import { gitVersion, parseKubeVersion } from '../kubeVersion';
import { FLEET_DEFAULT } from '../types';

export const MGMT_CONDITIONS = [
  'Pending', 'Provisioned', 'Waiting', 'AgentDeployed', 'Connected', 'Ready', 'Updated', 'BackingNamespaceCreated',
  'DefaultProjectCreated', 'SystemProjectCreated', 'InitialRolesPopulated', 'CreatorMadeOwner', 'NoDiskPressure',
  'NoMemoryPressure', 'GlobalAdminsSynced', 'SystemAccountCreated', 'ServiceAccountSecretsMigrated',
];

export const PROV_CONDITIONS = [
  'Ready', 'Provisioned', 'Updated', 'Created', 'RKECluster', 'BackingNamespaceCreated', 'DefaultProjectCreated',
  'SystemProjectCreated', 'InitialRolesPopulated', 'CreatorMadeOwner', 'NoDiskPressure', 'NoMemoryPressure',
  'Connected', 'AgentDeployed', 'SecretsMigrated', 'ServiceAccountSecretsMigrated', 'RKESecretsMigrated',
];

export interface Resources {
  cpu: number;
  memoryGi: number;
  pods: number;
}

export function versionInfo(kubernetesVersion: string): Record<string, string> {
  const v = parseKubeVersion(kubernetesVersion) || { major: 1, minor: 0, patch: 0 };

  return {
    major:        `${ v.major }`,
    minor:        `${ v.minor }`,
    gitVersion:   gitVersion(kubernetesVersion),
    gitCommit:    '1649f592f1909b97aa3c2a0a8f968a3fd05a7b8b',
    gitTreeState: 'clean',
    buildDate:    '2024-07-17T18:23:57Z',
    goVersion:    'go1.22.5 X:boringcrypto',
    compiler:     'gc',
    platform:     'linux/amd64',
  };
}

export function mgmtCluster(opts: {
  id: string; displayName: string; provider: string; driver: string; kubernetesVersion: string; nodeCount: number;
  res: Resources; now: string; description?: string; rke1Config?: Record<string, any>; internal?: boolean;
}): KObj {
  const { res } = opts;
  const capacity = { cpu: `${ res.cpu }`, memory: `${ res.memoryGi }Gi`, pods: `${ res.pods }` };

  return {
    apiVersion: 'management.cattle.io/v3',
    kind:       'Cluster',
    metadata:   {
      name:   opts.id,
      labels: { 'provider.cattle.io': opts.provider },
      annotations: {
        'authz.management.cattle.io/creator-role-bindings': '{"created":["cluster-owner"],"required":["cluster-owner"]}',
        'management.cattle.io/current-cluster-controllers-version': gitVersion(opts.kubernetesVersion),
        ...(opts.description ? { 'field.cattle.io/description': opts.description } : {}),
      },
      finalizers: ['wrangler.cattle.io/mgmt-cluster-remove'],
    },
    spec: {
      displayName:              opts.displayName,
      description:              opts.description || '',
      internal:                 !!opts.internal,
      fleetWorkspaceName:       opts.internal ? 'fleet-local' : FLEET_DEFAULT,
      localClusterAuthEndpoint: { enabled: false },
      enableNetworkPolicy:      false,
      dockerRootDir:            '/var/lib/docker',
      agentImageOverride:       '',
      desiredAgentImage:        '',
      desiredAuthImage:         '',
      ...(opts.rke1Config ? { rancherKubernetesEngineConfig: opts.rke1Config } : {}),
    },
    status: {
      provider:     opts.provider,
      driver:       opts.driver,
      version:      versionInfo(opts.kubernetesVersion),
      conditions:   MGMT_CONDITIONS.map((t) => condition(t, 'True', opts.now)),
      allocatable:  capacity,
      capacity,
      requested:    { cpu: `${ Math.ceil(res.cpu * 0.3 * 1000) }m`, memory: `${ Math.ceil(res.memoryGi * 0.2 * 1024) }Mi`, pods: `${ Math.ceil(res.pods * 0.1) }` },
      limits:       { cpu: `${ Math.ceil(res.cpu * 0.4 * 1000) }m`, memory: `${ Math.ceil(res.memoryGi * 0.3 * 1024) }Mi`, pods: '0' },
      nodeCount:    opts.nodeCount,
      agentImage:   'rancher/rancher-agent:v2.11.3',
      connected:    true,
      apiEndpoint:  `https://10.0.0.1:6443`,

    },
  };
}

export function provCluster(opts: {
  name: string; namespace?: string; clusterName: string; kubernetesVersion?: string; rkeConfig?: Record<string, any>;
  now: string; description?: string; labels?: Record<string, string>; annotations?: Record<string, string>; cloudCredential?: string;
}): KObj {
  const spec: Record<string, any> = { localClusterAuthEndpoint: {} };

  if (opts.kubernetesVersion) {
    spec.kubernetesVersion = opts.kubernetesVersion;
  }
  if (opts.rkeConfig) {
    spec.rkeConfig = opts.rkeConfig;
    spec.cloudCredentialSecretName = opts.cloudCredential || 'cattle-global-data:cc-aws0001';
    spec.defaultPodSecurityAdmissionConfigurationTemplateName = '';
  }

  return {
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    metadata:   {
      name:        opts.name,
      namespace:   opts.namespace || FLEET_DEFAULT,
      labels:      opts.labels || {},
      annotations: {
        'field.cattle.io/creatorId': 'user-admin1',
        ...(opts.description ? { 'field.cattle.io/description': opts.description } : {}),
        ...opts.annotations,
      },
      finalizers: ['wrangler.cattle.io/provisioning-cluster-remove'],
      generation: 1,
    },
    spec,
    status: {
      clusterName:        opts.clusterName,
      clientSecretName:   `${ opts.name }-kubeconfig`,
      fleetWorkspaceName: opts.namespace === 'fleet-local' ? 'fleet-local' : FLEET_DEFAULT,
      agentDeployed:      true,
      ready:              true,
      observedGeneration: 1,
      conditions:         PROV_CONDITIONS.map((t) => condition(t, 'True', opts.now)).concat([
        condition('Reconciling', 'False', opts.now),
        condition('Stalled', 'False', opts.now),
      ]),
    },
  };
}

export function mgmtNode(opts: {
  clusterId: string; id: string; nodeName: string; hostname: string; roles: { controlPlane: boolean; etcd: boolean; worker: boolean };
  ip: string; pool?: string; now: string; labels: Record<string, string>;
}): KObj {
  return {
    apiVersion: 'management.cattle.io/v3',
    kind:       'Node',
    metadata:   { name: opts.id, namespace: opts.clusterId, labels: { 'cattle.io/creator': 'norman' } },
    spec:       {
      controlPlane:      opts.roles.controlPlane,
      etcd:              opts.roles.etcd,
      worker:            opts.roles.worker,
      requestedHostname: opts.hostname,
      displayName:       opts.nodeName,
      // Rancher sets nodePoolName on every node ('' outside node pools); the dashboard's node model reads it.
      nodePoolName:      opts.pool || '',
      desiredNodeUnschedulable: '',
      imported:          false,
    },
    status: {
      nodeName:    opts.nodeName,
      ipAddress:   opts.ip,
      hostname:    opts.hostname,
      nodeLabels:  opts.labels,
      conditions:  [condition('Initialized', 'True', opts.now), condition('Provisioned', 'True', opts.now), condition('Registered', 'True', opts.now), condition('Ready', 'True', opts.now)],
    },
  };
}

/**
 * An RKE1 node pool (rancher/rancher pkg/apis/management.cattle.io/v3 NodePool): node-driver RKE1 clusters have
 * them, custom clusters do not. Lives in the namespace named after the cluster, like the nodes.
 */
export function mgmtNodePool(opts: {
  clusterId: string; name: string; hostnamePrefix: string; quantity: number; roles: { controlPlane: boolean; etcd: boolean; worker: boolean };
}): KObj {
  return {
    apiVersion: 'management.cattle.io/v3',
    kind:       'NodePool',
    metadata:   { name: opts.name, namespace: opts.clusterId },
    spec:       {
      clusterName:      opts.clusterId,
      hostnamePrefix:   opts.hostnamePrefix,
      nodeTemplateName: 'cattle-global-nt:nt-aws01',
      quantity:         opts.quantity,
      controlPlane:     opts.roles.controlPlane,
      etcd:             opts.roles.etcd,
      worker:           opts.roles.worker,
      displayName:      opts.hostnamePrefix,
      deleteNotReadyAfterSecs: 0,
    },
    status: { conditions: [] },
  };
}

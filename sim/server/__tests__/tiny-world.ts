/**
 * A small hand-seeded world without controllers, for the server tests (fast, deterministic, independent of
 * sim/world's controllers). Uses the demo ids of sim/world/seed/demo.ts.
 */
import type { KObj, Store } from '../../store';
import type { WorldPort } from '../types';

const cond = (type: string, status = 'True', message = '') => ({ type, status, message, lastUpdateTime: '2025-11-01T10:00:00Z' });

export function node(name: string, roles: string[], extra: Partial<KObj> = {}): KObj {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': 'us-east-2a' };

  roles.forEach((r) => {
    labels[`node-role.kubernetes.io/${ r }`] = 'true';
  });

  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { providerID: `aws:///us-east-2a/i-0${ name.length }abc` }, status: { conditions: [cond('Ready')] }, ...extra
  };
}

export function seedTinyWorld(store: Store): void {
  for (const ns of ['fleet-default', 'fleet-local', 'cattle-system', 'default']) {
    store.create('local', 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, status: { phase: 'Active' } });
  }
  store.create('local', 'provisioning.cattle.io.cluster', {
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    metadata:   { name: 'prod-rke2', namespace: 'fleet-default', annotations: { 'field.cattle.io/description': '<b>Prod</b> <script>alert(1)</script> cluster' } },
    spec:       { kubernetesVersion: 'v1.26.15+rke2r1', rkeConfig: { machineGlobalConfig: { cni: 'calico' }, machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws' } }] } },
    status:     { clusterName: 'c-m-prod0001', ready: true, conditions: [cond('Ready'), cond('Provisioned'), cond('Updated')] },
  });
  store.create('local', 'provisioning.cattle.io.cluster', {
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    metadata:   { name: 'c-rke1a', namespace: 'fleet-default' },
    spec:       {},
    status:     { clusterName: 'c-rke1a', ready: true, conditions: [cond('Ready')] },
  });
  store.create('local', 'provisioning.cattle.io.cluster', {
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    metadata:   { name: 'local', namespace: 'fleet-local', labels: { 'provider.cattle.io': 'k3s' } },
    spec:       { kubernetesVersion: 'v1.32.5+k3s1', localClusterAuthEndpoint: {} },
    status:     { clusterName: 'local', ready: true, conditions: [cond('Ready')] },
  });
  const resources = { cpu: '4', memory: '16Gi', pods: '110' };
  const mgmt = (name: string, spec: Record<string, unknown>, ready = 'True'): KObj => ({
    apiVersion: 'management.cattle.io/v3',
    kind:       'Cluster',
    metadata:   { name, labels: { 'provider.cattle.io': 'rke2' } },
    spec:       { displayName: name, internal: false, fleetWorkspaceName: 'fleet-default', ...spec },
    status:     {
      conditions: [cond('Ready', ready), cond('Provisioned')], driver: 'imported', provider: 'rke2', version: { gitVersion: 'v1.26.15+rke2r1' }, allocatable: resources, capacity: resources, requested: { cpu: '1', memory: '1Gi', pods: '20' }
    },
  });

  store.create('local', 'management.cattle.io.cluster', mgmt('local', { displayName: 'local', internal: true, fleetWorkspaceName: 'fleet-local' }));

  store.create('local', 'management.cattle.io.cluster', mgmt('c-m-prod0001', { displayName: 'prod-rke2' }));
  store.create('local', 'management.cattle.io.cluster', mgmt('c-m-down0001', { displayName: 'down' }, 'False'));
  store.create('local', 'management.cattle.io.cluster', mgmt('c-rke1a', {
    displayName:                    'c-rke1a',
    rancherKubernetesEngineConfig: {
      kubernetesVersion: 'v1.26.15-rancher1-1',
      cloudProvider:     { name: 'aws', awsCloudProvider: { global: { zone: 'us-east-2a', vpc: 'vpc-1' } } },
      services:          { kubeController: { extraArgs: { 'node-monitor-grace-period': '50s', 'feature-gates': 'X=true' }, clusterCidr: '10.42.0.0/16' } },
    },
  }));
  const ds = 'c-m-prod0001';

  store.create(ds, 'node', node('ip-10-0-1-1.us-east-2.compute.internal', ['control-plane', 'etcd']));
  store.create(ds, 'node', node('ip-10-0-1-2.us-east-2.compute.internal', ['control-plane', 'etcd']));
  store.create(ds, 'node', node('ip-10-0-1-3.us-east-2.compute.internal', ['worker']));
  store.create(ds, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
  store.create(ds, 'coordination.k8s.io.lease', {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'kube-controller-manager', namespace: 'kube-system' }, spec: { holderIdentity: 'ip-10-0-1-1_abc' }
  });
  store.create(ds, 'catalog.cattle.io.clusterrepo', {
    apiVersion: 'catalog.cattle.io/v1', kind: 'ClusterRepo', metadata: { name: 'rancher-charts' }, spec: { gitRepo: 'https://git.rancher.io/charts', gitBranch: 'release-v2.11' }
  });
}

export class TinyWorld implements WorldPort {
  readonly faults = { daemonSetNeverReady: new Set<string>(), nodeNeverProviderId: new Set<string>(), ccmImagePullBackOff: new Set<string>() };
  readonly serverVersion: string;
  speed = 1;
  started = false;

  constructor(readonly store: Store, rancher: '2.11' | '2.13' = '2.13') {
    this.serverVersion = rancher === '2.11' ? 'v2.11.3' : 'v2.13.2';
    seedTinyWorld(store);
  }

  start(): void {
    this.started = true;
  }

  stop(): void {
    this.started = false;
  }

  reset(): void {
    this.store.clear();
    seedTinyWorld(this.store);
  }

  setSpeed(factor: number): void {
    this.speed = factor;
  }

  settle(): Promise<void> {
    return Promise.resolve();
  }
}

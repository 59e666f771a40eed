// The wait-cluster rule (checks/clusterReconcile.ts): checkClusterReconciled, the tab's verdict from its observations,
// and checkRancherReconciled, Rancher's verdict on the cluster objects as the api layer reads them (the management
// cluster and, for RKE2, the provisioning cluster). The objects below are built in each test, in the shapes Rancher
// serves them: conditions with their update time, RKE1's applied spec with the nodes and system images it adds.
import type { ClusterObjects } from '../clusterReconcile';
import { checkClusterReconciled, checkRancherReconciled } from '../clusterReconcile';
import { expectResultTranslated, expectTranslated } from './l10n';

type Obj = Record<string, any>;

describe('checkClusterReconciled', () => {
  it.each([
    ['a Ready cluster whose update is not written yet is waiting for the update', false, true, 'waiting', 'checks.clusterReconcile.updatePending'],
    ['an updated cluster that is Ready is done', true, true, 'done', 'checks.clusterReconcile.ready'],
    ['an updated cluster that is still updating is waiting', true, false, 'waiting', 'checks.clusterReconcile.updating'],
    ['an updated cluster whose state was not read is waiting', true, undefined, 'waiting', 'checks.notObserved'],
  ] as const)('%s', (_name, updateDone, ready, state, key) => {
    const result = checkClusterReconciled(updateDone, ready);

    expect(result.state).toBe(state);
    expect(result.message.key).toBe(key);
    expectResultTranslated(result);
  });
});

/** A condition as Rancher writes it; `message` only when Rancher gives one. */
function condition(type: string, status: string, message?: string): Obj {
  return {
    type, status, lastUpdateTime: '2024-06-11T09:14:02Z', ...(message === undefined ? {} : { message })
  };
}

/** An RKE2 provisioning cluster (provisioning.cattle.io) at `generation`, whose controller has seen `observed`. */
function provisioningCluster(generation: number, observed: number | undefined, conditions: Obj[]): Obj {
  const status: Obj = { clusterName: 'c-m-5hq8w2lt', ready: true, conditions };

  if (observed !== undefined) {
    status.observedGeneration = observed;
  }

  return {
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    metadata:   { name: 'edge-rke2', namespace: 'fleet-default', generation },
    spec:       { kubernetesVersion: 'v1.28.10+rke2r1', rkeConfig: { machineGlobalConfig: { 'cloud-provider-name': 'aws', 'disable-cloud-controller': true } } },
    status,
  };
}

/** The management cluster (management.cattle.io) of an RKE2 cluster: no RKE config in its spec. */
function rke2Management(conditions: Obj[]): Obj {
  return {
    apiVersion: 'management.cattle.io/v3',
    kind:       'Cluster',
    metadata:   { name: 'c-m-5hq8w2lt', generation: 57 },
    spec:       { displayName: 'edge-rke2', fleetWorkspaceName: 'fleet-default', localClusterAuthEndpoint: { enabled: false } },
    status:     { driver: 'rke2', provider: 'rke2', conditions },
  };
}

/** An RKE1 cluster's rancherKubernetesEngineConfig while it still runs the in-tree aws provider. */
function rkeConfig(): Obj {
  return {
    kubernetesVersion: 'v1.26.15-rancher1-1',
    cloudProvider:     { name: 'aws', awsCloudProvider: { global: { 'kubernetes-cluster-tag': 'legacy-west' } } },
    network:           { plugin: 'canal', options: { flannel_backend_type: 'vxlan' } },
    services:          { kubeController: { clusterCidr: '10.42.0.0/16', extraArgs: { 'terminated-pod-gc-threshold': '500' } } },
    upgradeStrategy:   { drain: false, maxUnavailableWorker: '10%' },
  };
}

/** That config as Rancher reports it applied: the same keys, plus the nodes and system images RKE ran with. */
function appliedConfig(config: Obj): Obj {
  return {
    ...config,
    nodes:        [{ address: '10.0.1.15', hostnameOverride: 'legacy-west-cp-1', role: ['controlplane', 'etcd'], user: 'rancher' }],
    systemImages: { etcd: 'rancher/mirrored-coreos-etcd:v3.5.10', kubernetes: 'rancher/hyperkube:v1.26.15-rancher1' },
  };
}

/** An RKE1 management cluster with `spec` as its RKE config and `applied` as the applied one. */
function rke1Management(spec: Obj, applied: Obj, conditions: Obj[]): Obj {
  return {
    apiVersion: 'management.cattle.io/v3',
    kind:       'Cluster',
    metadata:   { name: 'c-7vq2m', generation: 214 },
    spec:       { displayName: 'legacy-west', rancherKubernetesEngineConfig: spec },
    status:     { driver: 'rancherKubernetesEngine', appliedSpec: { displayName: 'legacy-west', rancherKubernetesEngineConfig: applied }, conditions },
  };
}

/** The cloud provider switch as written to an RKE1 spec (the in-tree block gone, the external provider named). */
function switchedConfig(): Obj {
  return { ...rkeConfig(), cloudProvider: { name: 'external-aws', useInstanceMetadataHostname: true } };
}

const upToDate = () => [condition('Ready', 'True'), condition('Updated', 'True')];

function ready(): Obj {
  return { state: 'done', message: { key: 'checks.clusterReconcile.ready', params: {} } };
}

function stillUpdating(): Obj {
  return { state: 'waiting', message: { key: 'checks.clusterReconcile.updating', params: {} } };
}

describe('checkRancherReconciled: RKE2, the provisioning cluster', () => {
  it('is done once the controller has seen the last generation and both clusters are Ready and Updated', () => {
    const objects: ClusterObjects = { management: rke2Management(upToDate()), provisioning: provisioningCluster(8, 8, upToDate()) };
    const result = checkRancherReconciled(objects);

    expect(result).toEqual(ready());
    expectResultTranslated(result);
  });

  it('is done when the controller has seen a later generation than the one read', () => {
    const objects: ClusterObjects = { management: rke2Management(upToDate()), provisioning: provisioningCluster(8, 9, upToDate()) };

    expect(checkRancherReconciled(objects)).toEqual(ready());
  });

  it('waits while the controller has not seen the written generation, though both clusters still say Ready and Updated', () => {
    const objects: ClusterObjects = { management: rke2Management(upToDate()), provisioning: provisioningCluster(9, 8, upToDate()) };
    const result = checkRancherReconciled(objects);

    expect(result).toEqual(stillUpdating());
    expectResultTranslated(result);
  });

  it('waits while the controller has written no observedGeneration yet', () => {
    const objects: ClusterObjects = { management: rke2Management(upToDate()), provisioning: provisioningCluster(1, undefined, upToDate()) };

    expect(checkRancherReconciled(objects)).toEqual(stillUpdating());
  });

  it('waits while the provisioning cluster has no status yet', () => {
    const provisioning = provisioningCluster(1, undefined, []);

    delete provisioning.status;

    expect(checkRancherReconciled({ management: rke2Management(upToDate()), provisioning })).toEqual(stillUpdating());
  });

  it('waits when the controller has seen the generation but the provisioning cluster is not Ready, though the management cluster is', () => {
    const provisioning = provisioningCluster(8, 8, [condition('Ready', 'False', 'waiting for the control plane to be ready'), condition('Updated', 'True')]);

    expect(checkRancherReconciled({ management: rke2Management(upToDate()), provisioning })).toEqual(stillUpdating());
  });

  it('waits when the provisioning cluster has no Ready condition', () => {
    const provisioning = provisioningCluster(8, 8, [condition('Provisioned', 'True'), condition('Updated', 'True')]);

    expect(checkRancherReconciled({ management: rke2Management(upToDate()), provisioning })).toEqual(stillUpdating());
  });

  it('waits when the management cluster is not Ready, though the provisioning cluster is caught up', () => {
    const management = rke2Management([condition('Ready', 'False', 'Cluster agent is not connected'), condition('Updated', 'True')]);

    expect(checkRancherReconciled({ management, provisioning: provisioningCluster(8, 8, upToDate()) })).toEqual(stillUpdating());
  });

  it('waits when the management cluster was not read, though the provisioning cluster is caught up', () => {
    expect(checkRancherReconciled({ management: undefined, provisioning: provisioningCluster(8, 8, upToDate()) })).toEqual(stillUpdating());
  });

  it('waits while the provisioning cluster says Updated=Unknown, and carries its message', () => {
    const provisioning = provisioningCluster(9, 8, [condition('Ready', 'True'), condition('Updated', 'Unknown', 'configuring control plane node(s) edge-rke2-cp-1')]);
    const result = checkRancherReconciled({ management: rke2Management(upToDate()), provisioning });

    expect(result).toEqual({
      state:   'waiting',
      message: { key: 'checks.clusterReconcile.updating', params: {} },
      details: [{ key: 'rancher.Updated', params: { status: 'Unknown', message: 'configuring control plane node(s) edge-rke2-cp-1' } }],
    });
    expectTranslated(result.message);
  });

  it('waits while Updated=Unknown even when the generation is seen and both clusters are Ready; no message, no detail', () => {
    const provisioning = provisioningCluster(8, 8, [condition('Ready', 'True'), condition('Updated', 'Unknown')]);

    expect(checkRancherReconciled({ management: rke2Management(upToDate()), provisioning })).toEqual(stillUpdating());
  });

  it('carries the first Updated condition that has a message: the management cluster\'s when the provisioning cluster\'s has none', () => {
    const provisioning = provisioningCluster(9, 8, [condition('Ready', 'True'), condition('Updated', 'Unknown')]);
    const management = rke2Management([condition('Ready', 'True'), condition('Updated', 'Unknown', 'waiting for the cluster agent to reconnect')]);

    expect(checkRancherReconciled({ management, provisioning })).toEqual({
      state:   'waiting',
      message: { key: 'checks.clusterReconcile.updating', params: {} },
      details: [{ key: 'rancher.Updated', params: { status: 'Unknown', message: 'waiting for the cluster agent to reconnect' } }],
    });
  });

  it('fails on Updated=False of the provisioning cluster with Rancher\'s message, though everything else is caught up and Ready', () => {
    const provisioning = provisioningCluster(8, 8, [condition('Ready', 'True'), condition('Updated', 'False', 'error applying the plan on edge-rke2-cp-1: exit status 1')]);
    const result = checkRancherReconciled({ management: rke2Management(upToDate()), provisioning });

    expect(result).toEqual({
      state:   'failed',
      message: { key: 'checks.clusterReconcile.updating', params: {} },
      details: [{ key: 'rancher.Updated', params: { status: 'False', message: 'error applying the plan on edge-rke2-cp-1: exit status 1' } }],
    });
    expectTranslated(result.message);
  });

  it('fails on Updated=False of the management cluster and keeps only the first message, the provisioning cluster\'s', () => {
    const provisioning = provisioningCluster(9, 8, [condition('Ready', 'True'), condition('Updated', 'Unknown', 'configuring control plane node(s) edge-rke2-cp-1')]);
    const management = rke2Management([condition('Ready', 'True'), condition('Updated', 'False', 'Cluster health check failed: cluster agent is not ready')]);

    expect(checkRancherReconciled({ management, provisioning })).toEqual({
      state:   'failed',
      message: { key: 'checks.clusterReconcile.updating', params: {} },
      details: [{ key: 'rancher.Updated', params: { status: 'Unknown', message: 'configuring control plane node(s) edge-rke2-cp-1' } }],
    });
  });

  it('fails on Updated=False without a message, with no detail', () => {
    const provisioning = provisioningCluster(8, 8, [condition('Ready', 'True'), condition('Updated', 'False')]);

    expect(checkRancherReconciled({ management: rke2Management(upToDate()), provisioning })).toEqual({
      state: 'failed', message: { key: 'checks.clusterReconcile.updating', params: {} },
    });
  });
});

describe('checkRancherReconciled: RKE1, the management cluster\'s applied spec', () => {
  it('is done when every key of the RKE config is in the applied spec as it is (Rancher adds nodes and systemImages there)', () => {
    const result = checkRancherReconciled({ management: rke1Management(rkeConfig(), appliedConfig(rkeConfig()), upToDate()) });

    expect(result).toEqual(ready());
    expectResultTranslated(result);
  });

  it('waits while the applied spec still holds the old value of the written key, though the others match and the cluster is Ready', () => {
    expect(checkRancherReconciled({ management: rke1Management(switchedConfig(), appliedConfig(rkeConfig()), upToDate()) })).toEqual(stillUpdating());
  });

  it('waits while a nested value differs (an extra argument of kube-controller)', () => {
    const spec = rkeConfig();

    spec.services.kubeController.extraArgs['cloud-provider'] = 'external';

    expect(checkRancherReconciled({ management: rke1Management(spec, appliedConfig(rkeConfig()), upToDate()) })).toEqual(stillUpdating());
  });

  it('waits while a key of the spec is missing from the applied spec', () => {
    const spec = { ...rkeConfig(), enableCriDockerd: true };

    expect(checkRancherReconciled({ management: rke1Management(spec, appliedConfig(rkeConfig()), upToDate()) })).toEqual(stillUpdating());
  });

  it('waits while the status has no applied spec yet', () => {
    const management = rke1Management(rkeConfig(), {}, upToDate());

    delete management.status.appliedSpec;

    expect(checkRancherReconciled({ management })).toEqual(stillUpdating());
  });

  it('waits while the management cluster has no status yet', () => {
    const management = rke1Management(rkeConfig(), {}, []);

    delete management.status;

    expect(checkRancherReconciled({ management })).toEqual(stillUpdating());
  });

  it('waits when the applied spec is caught up but the cluster is not Ready', () => {
    const management = rke1Management(rkeConfig(), appliedConfig(rkeConfig()), [condition('Ready', 'False', 'Cluster agent is not connected'), condition('Updated', 'True')]);

    expect(checkRancherReconciled({ management })).toEqual(stillUpdating());
  });

  it('waits while Updated=Unknown, though the applied spec is caught up and the cluster Ready, and carries Rancher\'s message', () => {
    const management = rke1Management(switchedConfig(), appliedConfig(switchedConfig()), [
      condition('Ready', 'True'), condition('Updated', 'Unknown', '[Updating] waiting for the kube-controller-manager to be healthy'),
    ]);

    expect(checkRancherReconciled({ management })).toEqual({
      state:   'waiting',
      message: { key: 'checks.clusterReconcile.updating', params: {} },
      details: [{ key: 'rancher.Updated', params: { status: 'Unknown', message: '[Updating] waiting for the kube-controller-manager to be healthy' } }],
    });
  });

  it('fails on Updated=False with Rancher\'s message', () => {
    const message = '[Failed to bring up Control Plane: [Failed to verify healthcheck: service [kube-controller-manager] on host [10.0.1.15] is not healthy]]';
    const management = rke1Management(switchedConfig(), appliedConfig(rkeConfig()), [condition('Ready', 'True'), condition('Updated', 'False', message)]);

    expect(checkRancherReconciled({ management })).toEqual({
      state:   'failed',
      message: { key: 'checks.clusterReconcile.updating', params: {} },
      details: [{ key: 'rancher.Updated', params: { status: 'False', message } }],
    });
  });
});

describe('checkRancherReconciled: the management cluster read alone, without an RKE config', () => {
  it('is done when it is Ready and Updated (an RKE2 management cluster read without its provisioning cluster)', () => {
    expect(checkRancherReconciled({ management: rke2Management(upToDate()) })).toEqual(ready());
  });

  it('is done when it is Ready and has no Updated condition', () => {
    expect(checkRancherReconciled({ management: rke2Management([condition('Ready', 'True')]) })).toEqual(ready());
  });

  it('is done when only its status was read, Ready and Updated', () => {
    const management = rke2Management(upToDate());

    delete management.spec;

    expect(checkRancherReconciled({ management })).toEqual(ready());
  });

  it('waits when it has no conditions yet', () => {
    expect(checkRancherReconciled({ management: rke2Management([]) })).toEqual(stillUpdating());
  });

  it('waits when it was not read', () => {
    expect(checkRancherReconciled({ management: undefined })).toEqual(stillUpdating());
  });
});

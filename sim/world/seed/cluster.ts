/**
 * Seeding one downstream cluster and its Rancher objects in a consistent, settled state: nodes whose
 * components already run the plan the cluster spec gives them, leases held, add-ons installed.
 */
import { createHash } from 'crypto';
import { KObj } from '../../store';
import { WorldContext } from '../context';
import { elbHostname, loadBalancerName } from '../controllers/serviceLoadBalancer';
import { condition } from '../k8s/conditions';
import { buildPod, setPodRunning } from '../k8s/pods';
import { applyPlanToNode } from '../nodeAgent';
import { NodePlan } from '../nodePlan';
import { effectiveMachineConfig } from '../planner/mergeConfig';
import { rke1NodePlan } from '../planner/rke1Plan';
import { rke2NodePlan, specServerDisablesCcm } from '../planner/rke2Plan';
import { syncStaticPods } from '../staticPods';
import { KUBE_SYSTEM, T } from '../types';
import { buildNode, Distro, ec2Name, machineLabels, Roles } from './nodes';
import { mgmtCluster, mgmtNode, mgmtNodePool, provCluster } from './rancherObjects';
import { rke1AppliedSpec } from './rke1Applied';
import { csiDriver, storageClass, StorageClassSeed } from '../k8s/storage';

export interface PoolSeed {
  name: string;
  roles: Roles;
  quantity: number;
  instanceType?: string;
  labels?: Record<string, string>;
}

export interface ClusterSeed {
  /** Provisioning cluster name (fleet-default). */
  name: string;
  /** Management cluster id. */
  id: string;
  distro: Distro;
  kubernetesVersion: string;
  pools: PoolSeed[];
  /** RKE2/K3s: spec.rkeConfig (pools are added from `pools`). */
  rkeConfig?: Record<string, any>;
  /** RKE1: spec.rancherKubernetesEngineConfig. */
  rke1Config?: Record<string, any>;
  /** RKE1: false for a custom cluster (nodes registered by hand, no node pools). Default: node-driver pools. */
  rke1NodePools?: boolean;
  displayName?: string;
  description?: string;
  labels?: Record<string, string>;
  /** Annotations of the provisioning cluster besides the ones Rancher sets (e.g. the migration journal). */
  annotations?: Record<string, string>;
  /** Nodes run on EC2 (EC2 names available, in-tree/CCM provider ids). */
  aws: boolean;
  /** A CCM already initialised the nodes (out-of-tree clusters). */
  ccm?: boolean;
  region?: string;
  /** Fewer extras (big/many generators): no node leases, no mgmt nodes, no agent pods. */
  light?: boolean;
  subnet?: number;
  /** Images of the cluster's workloads, pulled on its worker nodes (`status.images`). */
  workloadImages?: string[];
  /** StorageClasses and CSIDrivers the cluster has besides what its additionalManifest creates. */
  storage?: { classes?: StorageClassSeed[]; csiDrivers?: string[] };
}

export interface SeedHooks {
  applyManifest(scope: string, text: string | undefined, instant: boolean): string | undefined;
  settleScope(scope: string): void;
}

const ZONES = ['a', 'b', 'c'];

function upgradeStrategy(): Record<string, any> {
  const drain = {
    deleteEmptyDirData: true, disableEviction: false, enabled: false, force: false, gracePeriod: -1, ignoreDaemonSets: true, ignoreErrors: false, skipWaitForDeleteTimeoutSeconds: 0, timeout: 120
  };

  return {
    controlPlaneConcurrency: '1', controlPlaneDrainOptions: { ...drain }, workerConcurrency: '1', workerDrainOptions: { ...drain }
  };
}

export function rkeConfigFor(seed: ClusterSeed): Record<string, any> {
  const base = seed.rkeConfig || {};

  return {
    chartValues:           seed.distro === 'rke2' ? { 'rke2-calico': {} } : {},
    etcd:                  { disableSnapshots: false, snapshotRetention: 5, snapshotScheduleCron: '0 */5 * * *' },
    machineGlobalConfig:   {},
    machineSelectorConfig: [{ config: { 'protect-kernel-defaults': false } }],
    registries:            {},
    upgradeStrategy:       upgradeStrategy(),
    additionalManifest:    '',
    ...base,
    machinePools:          seed.pools.map((p) => ({
      name:                 p.name,
      displayName:          p.name,
      controlPlaneRole:     p.roles.controlPlane,
      etcdRole:             p.roles.etcd,
      workerRole:           p.roles.worker,
      quantity:             p.quantity,
      drainBeforeDelete:    true,
      unhealthyNodeTimeout: '0s',
      labels:               p.labels || {},
      machineConfigRef:     { kind: 'Amazonec2Config', name: `nc-${ seed.name }-${ p.name }-${ seed.id.slice(-5) }` },
    })),
  };
}

export function planFor(seed: { distro: Distro }, rkeConfig: Record<string, any> | undefined, rke1Config: Record<string, any> | undefined, version: string, roles: Roles, mLabels: Record<string, string>): NodePlan | undefined {
  if (seed.distro === 'rke1') {
    return rke1NodePlan(rke1Config || {}, roles);
  }
  if (seed.distro === 'eks') {
    return undefined;
  }

  return rke2NodePlan({
    merged:             effectiveMachineConfig(rkeConfig, mLabels),
    roles,
    kubernetesVersion:  version,
    additionalManifest: rkeConfig?.additionalManifest,
    serverDisablesCcm:  specServerDisablesCcm(rkeConfig, version),
  });
}

export function seedCluster(ctx: WorldContext, seed: ClusterSeed, hooks: SeedHooks): void {
  const { store, ids } = ctx;
  const now = ctx.now();
  const region = seed.region || 'us-east-2';
  const rkeConfig = seed.distro === 'rke2' || seed.distro === 'k3s' ? rkeConfigFor(seed) : undefined;
  const subnet = seed.subnet ?? (1 + ids.int(200));
  let totalCpu = 0;
  let totalMem = 0;
  let count = 0;
  const nodes: KObj[] = [];

  for (const pool of seed.pools) {
    if (seed.distro === 'rke1' && !seed.light && seed.rke1NodePools !== false) {
      store.create('local', T.mgmtNodePool, mgmtNodePool({
        clusterId: seed.id, name: `np-${ pool.name }`, hostnamePrefix: `${ seed.name }-${ pool.name }`, quantity: pool.quantity, roles: pool.roles
      }));
    }
    for (let i = 0; i < pool.quantity; i++) {
      const block = subnet + Math.floor(count / 240);
      const ip = `10.${ Math.floor(block / 256) }.${ block % 256 }.${ 10 + (count % 240) }`;
      const instanceId = ids.instanceId();
      const zone = `${ region }${ ZONES[count % 3] }`;
      const machineHostname = seed.distro === 'rke1' ? `${ seed.name }-${ pool.name }${ i + 1 }` : `${ seed.name }-${ pool.name }-${ ids.hex(9) }-${ ids.suffix() }`;
      const mLabels = machineLabels(pool.roles, pool.name, pool.labels);
      const plan = planFor(seed, rkeConfig, seed.rke1Config, seed.kubernetesVersion, pool.roles, mLabels);
      const ec2 = ec2Name(ip, region);
      const name = seed.distro === 'eks' || (seed.aws && plan?.nameFromEc2) ? ec2 : machineHostname;
      const inTree = plan ? plan.kubeletArgs.includes('cloud-provider=aws') : false;
      let providerID = '';

      if (seed.aws && (inTree || seed.ccm || seed.distro === 'eks')) {
        providerID = `aws:///${ zone }/${ instanceId }`;
      } else if (plan?.embeddedCloudController) {
        providerID = `${ seed.distro }://${ name }`;
      }
      const cpu = pool.instanceType === 't3.xlarge' ? 4 : 2;
      const node = buildNode({
        name,
        distro:            seed.distro,
        roles:             pool.roles,
        kubernetesVersion: plan?.kubernetesVersion || seed.kubernetesVersion,
        region,
        zone,
        instanceType:      pool.instanceType || 't3.large',
        ip,
        instanceId,
        ec2Name:           ec2,
        machineHostname,
        providerID,
        cloudLabels:       providerID.startsWith('aws') ? 'aws' : (providerID ? 'embedded' : 'none'),
        machineLabels:     seed.distro === 'rke1' ? undefined : mLabels,
        machineName:       seed.distro === 'rke1' ? undefined : machineHostname,
        clusterName:       seed.name,
        now,
        cpu,
        memoryGi:          cpu * 4,
        workloadImages:    pool.roles.worker ? seed.workloadImages : undefined,
      });

      if (plan) {
        applyPlanToNode(node, plan, () => ids.uuid(), now);
      }
      nodes.push(store.create(seed.id, T.node, node));
      if (!seed.light && seed.distro !== 'eks') {
        store.create('local', T.mgmtNode, mgmtNode({
          clusterId: seed.id,
          id:        seed.distro === 'rke1' ? `m-${ ids.suffix() }` : `machine-${ ids.suffix() }`,
          nodeName:  name,
          hostname:  machineHostname,
          roles:     pool.roles,
          ip,
          pool:      seed.distro === 'rke1' && seed.rke1NodePools !== false ? `${ seed.id }:np-${ pool.name }` : undefined,
          now,
          labels:    node.metadata.labels || {},
        }));
      }
      totalCpu += cpu;
      totalMem += cpu * 4;
      count++;
    }
  }
  const provider = seed.distro === 'rke1' ? 'rke' : seed.distro;
  const driver = seed.distro === 'rke1' ? 'rancherKubernetesEngine' : 'imported';

  store.create('local', T.mgmtCluster, mgmtCluster({
    id:                seed.id,
    displayName:       seed.displayName || seed.name,
    provider,
    driver,
    kubernetesVersion: seed.kubernetesVersion,
    nodeCount:         count,
    res:               { cpu: totalCpu, memoryGi: totalMem, pods: 110 * count },
    now,
    description:       seed.description,
    rke1Config:        seed.rke1Config,
  }));
  store.create('local', T.provCluster, provCluster({
    name:              seed.name,
    clusterName:       seed.id,
    kubernetesVersion: seed.distro === 'rke1' || seed.distro === 'eks' ? undefined : seed.kubernetesVersion,
    rkeConfig,
    now,
    description:       seed.description,
    labels:            seed.labels,
    annotations:       seed.annotations,
  }));
  if (seed.rke1Config) {
    store.mutate('local', T.mgmtCluster, undefined, seed.id, (m) => {
      m.status.appliedSpec = rke1AppliedSpec(m.spec, store.list('local', T.mgmtNode, seed.id));
    });
  }
  seedDownstreamBasics(ctx, seed, nodes);
  for (const node of nodes) {
    syncStaticPods(ctx, seed.id, node);
  }
  if (rkeConfig?.additionalManifest) {
    hooks.applyManifest(seed.id, rkeConfig.additionalManifest, true);
  }
  hooks.settleScope(seed.id);
}

function ns(name: string, now: string): KObj {
  return {
    apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name }, creationTimestamp: now }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' }
  };
}

/** A UUID made from a text (the same text, the same UUID): for seeded objects whose ids must not draw from `ids`. */
function uuidOf(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');

  return `${ h.slice(0, 8) }-${ h.slice(8, 12) }-4${ h.slice(13, 16) }-a${ h.slice(17, 20) }-${ h.slice(20, 32) }`;
}

/**
 * The Services of type LoadBalancer of an AWS cluster, each with the address the in-tree provider published for its
 * load balancer (controllers/serviceLoadBalancer.ts: the load balancer is named after the Service's UID, so the CCM
 * finds the same one and keeps the address): `default/web` behind a classic ELB, `default/api` behind an NLB.
 */
function awsLoadBalancerServices(seed: ClusterSeed, ids: WorldContext['ids']): KObj[] {
  const region = seed.region || 'us-east-2';
  // 31 hex digits and one number, as this cluster's seed has always drawn here, so that every id after it stays put.
  const h = ids.hex(31);

  ids.int(899999999);
  const services = [
    {
      name: 'web', uid: `${ h.slice(0, 8) }-${ h.slice(8, 12) }-${ h.slice(12, 16) }-${ h.slice(16, 20) }-${ h.slice(20, 31) }0`, type: 'classic', clusterIP: '10.43.12.34', port: 80, nodePort: 31080,
    },
    {
      name: 'api', uid: uuidOf(`${ seed.id }/default/api`), type: 'nlb', clusterIP: '10.43.12.35', port: 443, nodePort: 31443,
    },
  ];

  return services.map((s) => ({
    apiVersion: 'v1',
    kind:       'Service',
    metadata:   {
      name: s.name, namespace: 'default', uid: s.uid, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': s.type }, finalizers: ['service.kubernetes.io/load-balancer-cleanup'],
    },
    spec: {
      type: 'LoadBalancer', clusterIP: s.clusterIP, selector: { app: s.name }, ports: [{ port: s.port, protocol: 'TCP', targetPort: 8080, nodePort: s.nodePort }]
    },
    status: { loadBalancer: { ingress: [{ hostname: elbHostname(loadBalancerName(s.uid), region, s.type === 'nlb') }] } },
  }));
}

function seedDownstreamBasics(ctx: WorldContext, seed: ClusterSeed, nodes: KObj[]): void {
  const { store, ids } = ctx;
  const now = ctx.now();
  const names = seed.light ? ['default', KUBE_SYSTEM] : ['default', KUBE_SYSTEM, 'kube-public', 'kube-node-lease', 'cattle-system', 'cattle-fleet-system', 'cattle-impersonation-system', 'local'];

  for (const n of names) {
    store.create(seed.id, T.namespace, ns(n, now));
  }
  store.create('local', T.namespace, ns(seed.id, now));
  store.create(seed.id, T.service, {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } }, spec: { type: 'ClusterIP', clusterIP: '10.43.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }, status: { loadBalancer: {} }
  });
  if (seed.light) {
    return;
  }
  for (const sc of seed.storage?.classes || []) {
    store.create(seed.id, T.storageClass, storageClass(sc, now));
  }
  for (const driver of seed.storage?.csiDrivers || []) {
    store.create(seed.id, T.csiDriver, csiDriver(driver, now));
  }
  if (seed.aws) {
    for (const svc of awsLoadBalancerServices(seed, ids)) {
      store.create(seed.id, T.service, svc);
    }
  }
  for (const repo of seed.distro === 'rke2' ? ['rancher-charts', 'rancher-partner-charts', 'rancher-rke2-charts'] : ['rancher-charts', 'rancher-partner-charts']) {
    store.create(seed.id, T.clusterRepo, {
      apiVersion: 'catalog.cattle.io/v1',
      kind:       'ClusterRepo',
      metadata:   { name: repo },
      spec:       { gitRepo: `https://git.rancher.io/${ repo.replace('rancher-', '') }`, gitBranch: 'release-v2.11' },
      status:     { conditions: [condition('Downloaded', 'True', now), condition('FollowerDownloaded', 'True', now)], observedGeneration: 1, downloadTime: now },
    });
  }
  const agent = buildPod(`cattle-cluster-agent-${ ids.hex(10) }-${ ids.suffix() }`, 'cattle-system', undefined, {
    metadata: { labels: { app: 'cattle-cluster-agent' } },
    spec:     { containers: [{ name: 'cluster-register', image: 'rancher/rancher-agent:v2.11.3' }] },
  }, nodes[nodes.length - 1]?.metadata.name, ids.uuid(), now);

  setPodRunning(agent, true, '10.42.0.5', now);
  store.create(seed.id, T.pod, agent);
  for (const node of nodes) {
    store.create(seed.id, T.lease, {
      apiVersion: 'coordination.k8s.io/v1',
      kind:       'Lease',
      metadata:   { name: node.metadata.name, namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid }] },
      spec:       { holderIdentity: node.metadata.name, leaseDurationSeconds: 40, renewTime: now },
    });
  }
}

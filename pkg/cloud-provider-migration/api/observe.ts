/**
 * Reading what the engine needs to judge the live steps (engine/checks/observe.ts `applyObservations`): every node,
 * the CCM DaemonSet (null when it is not there yet), the kube-system leases, and whether Rancher reports the
 * cluster reconciled; while the CCM is not rolled out, what says why (rolloutEvidence.ts: its pods, or the RKE2
 * install Job). For the tab's live pre-flight also the StorageClasses and CSIDrivers (a 403 or 404 there is "not
 * checked") and the field managers of the cluster object; once the switch is in, every Service (their load balancers;
 * a 403 or 404 there is "not checked" too). Any other failure propagates as a MigrationError: a half-read cluster is
 * not reported as a healthy one.
 */
import type {
  ClusterObjects, Distro, LoadBalancerRecord, Observations, PreflightRead, StepId,
} from '../engine';
import { CCM_DAEMONSET, checkRancherReconciled } from '../engine';
import { getProvisioningCluster } from './steve';
import {
  getDaemonSet, listCsiDrivers, listLeases, listNodes, listServices, listStorageClasses, readEcrNodes,
} from './downstream';
import { request, type StoreLike } from './request';
import { readRolloutEvidence } from './rolloutEvidence';

export interface ObservationTarget {
  /** Management cluster id: `c-m-…` (RKE2) or `c-…` (RKE1). */
  clusterId: string;
  distro: Distro;
  /** RKE2: the provisioning cluster (`fleet-default/<name>`); its generation and conditions then count too. */
  provisioningId?: string;
  /**
   * When the caller started waiting for each live step (ISO time). Given, the observations carry it with the time
   * they were read, and a stalled wait says how long it has waited.
   */
  stepStartedAt?: Partial<Record<StepId, string>>;
  /** From the journal: the nodes the migration cordoned and has not given back (the uncordon is judged on those). */
  cordonedByMigration?: string[];
  /** Also read what the live pre-flight judges (the tab's reads; a step's wait does without). */
  preflight?: boolean;
  /** Also read every Service (once the switch is in: the verification judges their load balancers). */
  services?: boolean;
  /**
   * Read what says why the CCM rollout stalls (its pods, the RKE2 install Job): unless false. The tab asks for it only
   * while a rollout wait can be judged (rolloutEvidenceNeeded), as that wait alone reads it.
   */
  rolloutEvidence?: boolean;
  /** From the journal: the load balancer addresses recorded before the switch (the verification compares with them). */
  loadBalancersBefore?: LoadBalancerRecord;
}

/**
 * Rancher reports the cluster reconciled (the engine's one rule, checkRancherReconciled): with the management cluster
 * alone, Ready and not Updating; with the provisioning cluster too, that one has also seen and applied its spec.
 */
export function isClusterReady(management: Record<string, any> | undefined, provisioning?: Record<string, any>): boolean {
  return checkRancherReconciled({ management, provisioning }).state === 'done';
}

export function getManagementCluster(store: StoreLike, clusterId: string): Promise<Record<string, any>> {
  return request(store, 'management', { url: `/v1/management.cattle.io.clusters/${ encodeURIComponent(clusterId) }` });
}

/**
 * The cluster objects Rancher's reconcile rule reads: the management cluster and, when its id is given, the RKE2
 * provisioning cluster (fetched together).
 */
export async function readClusterObjects(store: StoreLike, clusterId: string, provisioningId?: string): Promise<ClusterObjects> {
  const [management, provisioning] = await Promise.all([
    getManagementCluster(store, clusterId),
    provisioningId ? getProvisioningCluster(store, provisioningId) : undefined,
  ]);

  return { management, provisioning };
}

/** A read the pre-flight can do without: refused (403) or not served (404) is undefined; any other failure propagates. */
async function optional<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (e: any) {
    if (e?.code === 'FORBIDDEN' || e?.code === 'NOT_FOUND') {
      return undefined;
    }
    throw e;
  }
}

/**
 * The StorageClasses and CSIDrivers of the downstream cluster, and which of the two could not be read; the nodes that
 * name Amazon ECR (the node list leaves the images out).
 */
export async function readPreflightObjects(store: StoreLike, clusterId: string): Promise<Pick<Observations, 'storageClasses' | 'csiDrivers' | 'preflightUnread' | 'ecrNodes'>> {
  const [storageClasses, csiDrivers, ecrNodes] = await Promise.all([
    optional(listStorageClasses(store, clusterId)), optional(listCsiDrivers(store, clusterId)), optional(readEcrNodes(store, clusterId)),
  ]);
  const out: Pick<Observations, 'storageClasses' | 'csiDrivers' | 'preflightUnread' | 'ecrNodes'> = {};

  if (ecrNodes) {
    out.ecrNodes = ecrNodes;
  }
  const unread: PreflightRead[] = [];

  if (storageClasses) {
    out.storageClasses = storageClasses;
  } else {
    unread.push('storageClasses');
  }
  if (csiDrivers) {
    out.csiDrivers = csiDrivers;
  } else {
    unread.push('csiDrivers');
  }
  if (unread.length) {
    out.preflightUnread = unread;
  }

  return out;
}

/** The field managers of an object as read, when it carries its managed fields (Steve serves them unless excluded). */
function managersOf(obj: Record<string, any> | undefined): string[] | undefined {
  const fields = obj?.metadata?.managedFields;

  return Array.isArray(fields) ? fields.map((f: any) => f?.manager).filter((m: unknown): m is string => typeof m === 'string') : undefined;
}

export async function readObservations(store: StoreLike, target: ObservationTarget): Promise<Observations> {
  const { clusterId } = target;
  const [{ management, provisioning }, nodes, daemonSet, leases, preflight] = await Promise.all([
    readClusterObjects(store, clusterId, target.distro === 'rke2' ? target.provisioningId : undefined),
    listNodes(store, clusterId),
    getDaemonSet(store, clusterId, CCM_DAEMONSET.namespace, CCM_DAEMONSET.name),
    listLeases(store, clusterId),
    target.preflight ? readPreflightObjects(store, clusterId) : undefined,
  ]);
  const services = target.services ? await listServices(store, clusterId) : undefined;

  const evidence = target.rolloutEvidence === false ? {} : await readRolloutEvidence(store, clusterId, target.distro, daemonSet, nodes);
  const obs: Observations = {
    clusterReady: isClusterReady(management, provisioning), nodes, daemonSet, leases
  };

  if (evidence.pods) {
    obs.ccmPods = evidence.pods;
  }
  if (evidence.installJob !== undefined) {
    obs.ccmInstallJob = evidence.installJob;
  }
  if (evidence.installJobPods) {
    obs.ccmInstallJobPods = evidence.installJobPods;
  }
  if (target.cordonedByMigration) {
    obs.cordonedByMigration = target.cordonedByMigration;
  }
  if (services) {
    obs.services = services;
  }
  if (target.loadBalancersBefore) {
    obs.loadBalancersBefore = target.loadBalancersBefore;
  }
  if (preflight) {
    // The object the migration edits: the RKE2 provisioning cluster, the RKE1 management cluster.
    const managers = managersOf(target.distro === 'rke2' ? provisioning : management);

    Object.assign(obs, preflight, managers ? { clusterManagers: managers } : {});
  }
  if (target.stepStartedAt) {
    obs.stepStartedAt = target.stepStartedAt;
    obs.observedAt = new Date().toISOString();
  }

  return obs;
}

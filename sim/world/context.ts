/**
 * What every controller of the world shares: the store, simulated time, faults, deterministic ids and the
 * per-step durations (realistic milliseconds, divided by the speed factor when scheduled).
 */
import { KObj, Store } from '../store';
import { Ids } from './random';
import { Scheduler } from './scheduler';

export interface Faults {
  /** Downstream cluster ids whose aws-cloud-controller-manager never gets ready. */
  daemonSetNeverReady: Set<string>;
  /** Node names the CCM never initialises. */
  nodeNeverProviderId: Set<string>;
  /** Downstream cluster ids whose CCM image cannot be pulled (its pods stay Pending in ImagePullBackOff). */
  ccmImagePullBackOff: Set<string>;
}

export interface Durations {
  /** RKE2 planner: one node's plan applied and its components restarted. */
  rke2Node: number;
  /** RKE1: one host's components redeployed. */
  rke1Node: number;
  /** Rancher noticing a spec change (planner/provisioner reconcile delay). */
  observe: number;
  /** The helm install Job running once scheduled. */
  helmJob: number;
  /** A pod going from created to Running/Ready. */
  podStart: number;
  /** CCM cloud-node controller initialising a node. */
  cloudNodeInit: number;
  /** The cloud service controller ensuring a Service's load balancer and publishing its address. */
  loadBalancer: number;
  /** Leader election hand-over (lease expiry + acquire). */
  leaseHandover: number;
  /** One etcd snapshot taken on the etcd nodes (RKE2 planner plan, RKE1 `rke etcd snapshot-save`). */
  etcdSnapshot: number;
  /** One phase of an etcd restore (shut down, restore, restart). */
  etcdRestore: number;
}

export const DEFAULT_DURATIONS: Durations = {
  rke2Node:      20000,
  rke1Node:      20000,
  observe:       1000,
  helmJob:       8000,
  podStart:      4000,
  cloudNodeInit: 2000,
  loadBalancer:  5000,
  leaseHandover: 3000,
  etcdSnapshot:  6000,
  etcdRestore:   10000,
};

export interface WorldContext {
  store: Store;
  sched: Scheduler;
  faults: Faults;
  ids: Ids;
  durations: Durations;
  now: () => string;
}

export function annotations(o: KObj): Record<string, string> {
  o.metadata.annotations = o.metadata.annotations || {};

  return o.metadata.annotations;
}

export function labels(o: KObj): Record<string, string> {
  o.metadata.labels = o.metadata.labels || {};

  return o.metadata.labels;
}

/** The api layer: thin typed calls over the shell store (passed in, never imported). No decisions here. */
export { toMigrationError, statusOf } from './errors';
export type { RequestContext } from './errors';
export { request, JSON_HEADERS } from './request';
export type { StoreLike, RequestOptions, RequestStore } from './request';
export {
  getProvisioningCluster, putProvisioningCluster, provisioningClusterUrl, cleanForSave
} from './steve';
export {
  getNormanCluster, putNormanCluster, normanClusterUrl, NORMAN_OWNED_PATHS, listNormanNodePools, readRke1NodeProvisioning
} from './norman';
export {
  listNodes, getDaemonSet, getDownstreamObject, listLeases, setUnschedulable, clusterPrefix
} from './downstream';
export { applyClusterStep } from './writeCluster';
export type { ClusterStepIo, ClusterStepResult } from './writeCluster';
export {
  takeEtcdSnapshot, restoreEtcdSnapshot, listEtcdSnapshots, updateWillWrite, ETCD_SNAPSHOTS, SNAPSHOT_CLUSTER_LABEL,
} from './etcdSnapshot';
export type {
  SnapshotTarget, TakenSnapshot, RestoreMode, RestoreResult, Until,
} from './etcdSnapshot';
export {
  readObservations, readClusterObjects, isClusterReady, getManagementCluster
} from './observe';
export type { ObservationTarget } from './observe';
export { StepRunner, StepWaitError, OWNED_FIELD } from './stepRunner';
export type { RunTarget, RunnerOptions, StepRecord } from './stepRunner';
export { installChartApp, getChartApp, getChartRelease } from './catalog';
export { acceptLoadBalancers, appendJournal } from './journal';
export { readOfferedVersions, OFFERED_VERSIONS } from './offeredVersions';
export { openDownstreamWatch, subscribeUrl, WATCHED } from './downstreamWatch';
export type {
  DownstreamWatch, SocketFactory, SocketLike, WatchEvents, WatchFrame,
} from './downstreamWatch';

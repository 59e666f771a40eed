/** Pure verdicts on the observed downstream cluster. Each returns a CheckResult whose messages are l10n keys. */
export {
  checkDaemonSetRollout, schedulingCauses, CCM_DAEMONSET, CCM_INSTALL_JOB
} from './ccmRollout';
export {
  podProblem, imageRegistry, daemonPodTolerations, nodeDiagnoses, jobDiagnosis
} from './rolloutDiagnosis';
export type { RolloutOptions } from './ccmRollout';
export { checkProviderIds, parseProviderId } from './providerId';
export type { ParsedProviderId } from './providerId';
export { checkUninitializedTaint, UNINITIALIZED_TAINT } from './uninitializedTaint';
export {
  checkCordon, controlPlaneNodes, controlPlaneSelector, nodesToChange
} from './cordon';
export type { CordonState } from './cordon';
export {
  checkMigrationLease, parseHolderIdentity, MIGRATION_LEASE, KCM_LEASE, CCM_LEASE
} from './migrationLease';
export type { HolderIdentity, LeaseHolder } from './migrationLease';
export { checkChartRelease } from './chartRelease';
export { checkClusterReconciled } from './clusterReconcile';
export { controlPlaneLabel, controlPlaneTaints } from './controlPlaneNode';
export { tolerates, toleratedBy, formatTaint } from './toleration';
export type { Toleration } from './toleration';
export { jsonEqual } from '../cluster/clusterShape';

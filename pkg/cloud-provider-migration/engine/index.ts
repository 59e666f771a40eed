/**
 * Public entry point of the migration engine (pure TypeScript: no Vue, no store, no network, no clock).
 */
export * from './types';
export * from './errors';
export { parseClusterText } from './cluster/clusterText';
export { detectCluster, rke2RoleSetConfigs, ccmHelmChartArgs } from './cluster/detection';
export { planMigration } from './planning/planMigration';
export { existingCcmOf } from './ccm/existingCcm';
export { clusterTopology, rke2IgnoresAwsProvider } from './cluster/clusterFacts';
export type { Topology } from './cluster/clusterFacts';
export { migrationStatus } from './cluster/migrationStatus';
export { renderMessage, L10N_ROOT } from './messages';
export { CCM_RELEASES, ccmReleaseFor } from './ccm/ccmReleases';
export { RKE1_GATED_SERVICES } from './rke1/rke1Edits';
export type { CcmRelease } from './ccm/ccmReleases';
export {
  effectiveConfig, effectiveConfigSources, effectiveConfigVariants, configSources, clusterRoleSets, editRoleSets,
  ambiguousSelectorIndexes, roleLabels, ROLE_LABELS, STANDARD_ROLE_SETS, ALL_ROLE_SETS,
} from './rke2/effectiveConfig';
export type { ConfigSource, EffectiveConfigOptions } from './rke2/effectiveConfig';
export { selectorMatches } from './rke2/labelSelector';
export type { LabelSelector, LabelSelectorRequirement } from './rke2/labelSelector';
export { rke2ProviderLocations, KNOWN_PROVIDERS } from './cluster/providerLocation';
export { ccmValues, ccmTolerations, ccmNodeSelector, ccmArgs, CCM_CHART_NAME, CCM_NAMESPACE, CCM_DEFAULT_REPO, CONTROL_PLANE_LABEL } from './ccm/ccmValues';
export { readCcmHelmChart, upsertCcmHelmChart } from './rke2/additionalManifest';
export { kubernetesMinor, validateTargetVersion, compareKubernetesVersions } from './cluster/kubernetesVersion';
export { offeredKubernetesVersions, targetVersionChoices } from './planning/targetVersions';
export { editableView, inputFormat, isManagementCluster, jsonEqual } from './cluster/clusterShape';
export { OBJECT_YAML_OPTIONS } from './planning/objectDiff';
export { normanViewOfManagement } from './cluster/managementCluster';
export { shellQuote } from './planning/shellCommands';
export { controlPlaneSelector } from './checks/cordon';
export { MIGRATION_LEASE } from './checks/migrationLease';
// Live checks and observation merging (engine/checks). Every step action, defined once (engine/actions).
export { applyObservations, currentStep, progressOf, passedByLaterStep } from './checks/observe';
export {
  checkDaemonSetRollout, CCM_DAEMONSET, checkProviderIds, parseProviderId, checkUninitializedTaint, checkCordon,
  controlPlaneNodes, nodesToChange, checkMigrationLease, parseHolderIdentity, checkChartRelease, checkClusterReconciled
} from './checks';
export { checkRancherReconciled } from './checks/clusterReconcile';
export {
  checkLoadBalancers, recordLoadBalancers, isCloudLoadBalancer, ingressAddresses, LOAD_BALANCER_RECORD_MAX, changedLoadBalancers,
  acceptedLoadBalancers, type ChangedLoadBalancer,
} from './checks/loadBalancers';
export {
  detailsBesideNodeTable, problemNodeCount, providerIdProblems, MAX_NODE_LINES,
} from './checks/nodeProblems';
export { recordsLoadBalancers, switchIsIn } from './actions/judging';
export type { ClusterObjects } from './checks/clusterReconcile';
export { ACTIONS, actionOf } from './actions';
export type {
  ActionDefinition, ActionIo, ActionOutcome, WriteOutcome, WriteResult,
} from './actions';
export {
  readJournal, withJournalEntry, lastEntries, cordonedByMigration, loadBalancersBefore, waitsStartedAt, diffDigest, journalReport, JOURNAL_ANNOTATION, JOURNAL_MAX_ENTRIES, ANNOTATION_PREFIX,
} from './progress/journal';
export type {
  Journal, JournalEntry, JournalChoices, JournalResult, JournalUndo,
} from './progress/journal';
export { migrationCost, restartScope, atOnce, roughDuration } from './progress/cost';
export type { MigrationCost, StepCost, RestartScope, DurationUnit } from './progress/cost';
export { completionSummary } from './progress/completion';
export type { CompletionSummary } from './progress/completion';
export { planRollback, rollbackObject, rollbackObserves } from './planning/rollback';
export type { StepRollback, RollbackRefusal, RollbackInput } from './planning/rollback';
export { fleetVerdict } from './fleet/fleetVerdict';
export type {
  FleetVerdict, FleetState, FleetPreflight, FleetProgress,
} from './fleet/fleetVerdict';

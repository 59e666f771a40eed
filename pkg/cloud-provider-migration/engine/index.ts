/**
 * Public entry point of the migration engine (pure TypeScript: no Vue, no store, no network, no clock).
 */
export * from './types';
export * from './errors';
export { parseClusterText } from './clusterText';
export { detectCluster, rke2RoleSetConfigs, ccmHelmChartArgs } from './detection';
export { planMigration } from './planMigration';
export { existingCcmOf } from './existingCcm';
export { clusterTopology, rke2IgnoresAwsProvider } from './clusterFacts';
export type { Topology } from './clusterFacts';
export { migrationStatus } from './migrationStatus';
export { renderMessage, L10N_ROOT } from './messages';
export { CCM_RELEASES, ccmReleaseFor } from './ccmReleases';
export { RKE1_GATED_SERVICES } from './rke1Edits';
export type { CcmRelease } from './ccmReleases';
export {
  effectiveConfig, effectiveConfigSources, effectiveConfigVariants, configSources, clusterRoleSets, editRoleSets,
  ambiguousSelectorIndexes, roleLabels, ROLE_LABELS, STANDARD_ROLE_SETS, ALL_ROLE_SETS,
} from './effectiveConfig';
export type { ConfigSource, EffectiveConfigOptions } from './effectiveConfig';
export { selectorMatches } from './labelSelector';
export type { LabelSelector, LabelSelectorRequirement } from './labelSelector';
export { rke2ProviderLocations, KNOWN_PROVIDERS } from './providerLocation';
export { ccmValues, ccmTolerations, ccmNodeSelector, ccmArgs, CCM_CHART_NAME, CCM_NAMESPACE, CCM_DEFAULT_REPO, CONTROL_PLANE_LABEL } from './ccmValues';
export { readCcmHelmChart, upsertCcmHelmChart } from './additionalManifest';
export { kubernetesMinor, validateTargetVersion } from './kubernetesVersion';
export { editableView, inputFormat, isManagementCluster, jsonEqual } from './clusterShape';
export { OBJECT_YAML_OPTIONS } from './objectDiff';
export { normanViewOfManagement } from './managementCluster';
export { shellQuote, controlPlaneSelector, MIGRATION_LEASE } from './shellCommands';
// Live checks and observation merging (engine/checks, engine/observe). Exported by name: checks/cordon.ts has its
// own controlPlaneSelector, the same rule as shellCommands'.
export { applyObservations, currentStep, progressOf, passedByLaterStep } from './observe';
export {
  checkDaemonSetRollout, CCM_DAEMONSET, checkProviderIds, parseProviderId, checkUninitializedTaint, checkCordon,
  controlPlaneNodes, nodesToChange, checkMigrationLease, parseHolderIdentity, checkChartRelease, checkClusterReconciled
} from './checks';

import type { Detection, MachineRole, RoleSetConfig } from '../types';
import { MigrationError } from '../errors';
import { cloneJson, clusterShapeProblem, inputFormat, isPlainObject } from './clusterShape';
import { MachineConfigs, machineConfigs } from '../rke2/machineKinds';
import { APISERVER_ARG, KCM_ARG, KUBELET_ARG, LEADER_MIGRATION_FLAG, argList, argValue, flagEnabled } from '../rke2/componentArgs';
import { RKE2_PROVIDER_KEY, assertKnownProviders, providerLocationsIn } from './providerLocation';
import { readCcmHelmChart } from '../rke2/additionalManifest';
import { CCM_LEADER_MIGRATION_ARG } from '../ccm/ccmValues';
import { rke1FlagValue, rke1RunsInTreeAws } from '../rke1/rke1Edits';
import { managementDetection, normanViewOfManagement } from './managementCluster';

const RKE1_ID = /^c-[a-z0-9]{5}$/;

function roleSetConfigOf(config: Record<string, any>, roles: readonly MachineRole[]): Omit<RoleSetConfig, 'ambiguous'> {
  const name = config[RKE2_PROVIDER_KEY];

  return {
    roles:                 [...roles],
    cloudProviderName:     name === undefined || name === null ? undefined : String(name),
    kubelet:               argValue(argList(config[KUBELET_ARG]), 'cloud-provider'),
    kubeApiserver:         argValue(argList(config[APISERVER_ARG]), 'cloud-provider'),
    kubeControllerManager: argValue(argList(config[KCM_ARG]), 'cloud-provider'),
    leaderMigration:       roles.includes('control-plane') && flagEnabled(argList(config[KCM_ARG]), LEADER_MIGRATION_FLAG),
  };
}

/** Effective cloud-provider settings of each role combination; `ambiguous` when selector guesses change them. */
export function rke2RoleSetConfigs(rkeConfig: Record<string, any> | undefined): RoleSetConfig[] {
  return roleSetConfigsIn(machineConfigs(rkeConfig));
}

function roleSetConfigsIn(configs: MachineConfigs): RoleSetConfig[] {
  return configs.layout.clusterRoleSets.map((roles) => {
    const variants = configs.variants(roles).map((c) => roleSetConfigOf(c, roles));
    const first = JSON.stringify(variants[0]);

    return { ...variants[0], ambiguous: variants.some((v) => JSON.stringify(v) !== first) };
  });
}

type CcmHelmChart = ReturnType<typeof readCcmHelmChart>;

function ccmArgsOf(chart: CcmHelmChart): string[] | null {
  return chart ? argList(chart.values.args) : null;
}

/** The CCM container args of the HelmChart in additionalManifest, or null when there is none. */
export function ccmHelmChartArgs(rkeConfig: Record<string, any> | undefined): string[] | null {
  return ccmArgsOf(readCcmHelmChart(rkeConfig?.additionalManifest));
}

/** What detection read of an RKE2 cluster's configuration, for the plan to read again instead of reading the object. */
export interface Rke2Reading {
  /** The effective config of every kind of machine (role combination, guess about ambiguous selectors). */
  configs: MachineConfigs;
  /** The CCM HelmChart of additionalManifest as plain data, or null when there is none. */
  ccmChart: CcmHelmChart;
}

/** The detection, and for an RKE2 cluster what it was read from. */
export interface ClusterReading {
  detection: Detection;
  rke2?: Rke2Reading;
}

function providerLabel(obj: Record<string, any>): string | undefined {
  return obj.metadata.labels?.['provider.cattle.io'];
}

function usesHarvester(rkeConfig: Record<string, any>): boolean {
  const pools = Array.isArray(rkeConfig.machinePools) ? rkeConfig.machinePools : [];

  return pools.some((p: any) => p?.machineConfigRef?.kind === 'HarvesterConfig');
}

function baseDetection(obj: Record<string, any>, format: Detection['format']): Detection {
  const name = format === 'norman' ? String(obj.name || obj.id) : obj.metadata.name;
  const id = format === 'norman' ? obj.id : (obj.id || `${ obj.metadata.namespace || 'fleet-default' }/${ name }`);

  return {
    kind:               'unknown',
    format,
    name,
    id,
    managementClusterId: format === 'norman' ? obj.id : obj.status?.clusterName || undefined,
    kubernetesVersion:   '',
    providerLocations:   [],
    effectiveProvider:   '',
    outOfTree:           false,
    roleSets:            [],
    ambiguousSelectors:  [],
    ccmManifestPresent:  false,
    kcmLeaderMigration:  false,
    ccmLeaderMigration:  false,
  };
}

function outOfTreeEverywhere(roleSets: RoleSetConfig[]): boolean {
  return roleSets.length > 0 && roleSets.every((r) => r.cloudProviderName === 'external' || r.kubelet === 'external');
}

function detectProvisioning(obj: Record<string, any>, format: Detection['format']): ClusterReading {
  const d = baseDetection(obj, format);
  const spec = obj.spec;
  const rkeConfig = isPlainObject(spec.rkeConfig) ? spec.rkeConfig : undefined;
  const version = String(spec.kubernetesVersion || '');

  d.kubernetesVersion = version;
  if (!rkeConfig) {
    if (spec.eksConfig || spec.aksConfig || spec.gkeConfig || ['eks', 'aks', 'gke'].includes(providerLabel(obj) || '')) {
      d.kind = 'hosted';
    } else if (providerLabel(obj) === 'harvester') {
      d.kind = 'harvester';
    } else if (providerLabel(obj) === 'rke' || (RKE1_ID.test(d.name) && obj.status?.clusterName === d.name)) {
      d.kind = 'rke1';
    } else {
      d.kind = 'imported';
    }

    return { detection: d };
  }
  if (usesHarvester(rkeConfig) || providerLabel(obj) === 'harvester') {
    d.kind = 'harvester';
  } else if (version.includes('k3s')) {
    d.kind = 'k3s';
  } else if (version.includes('rke2')) {
    d.kind = 'rke2';
  }
  // Any other version stays 'unknown' (baseDetection).
  if (d.kind !== 'rke2') {
    return { detection: d };
  }
  const configs = machineConfigs(rkeConfig);

  d.providerLocations = providerLocationsIn(configs.sources);
  assertKnownProviders(d.providerLocations);
  d.roleSets = roleSetConfigsIn(configs);
  d.ambiguousSelectors = [...configs.layout.ambiguous];
  const controlPlane = d.roleSets.find((r) => r.roles.includes('control-plane')) || d.roleSets[0];

  d.effectiveProvider = controlPlane?.cloudProviderName || '';
  d.outOfTree = outOfTreeEverywhere(d.roleSets);
  const ccmChart = readCcmHelmChart(rkeConfig.additionalManifest);
  const ccmArgs = ccmArgsOf(ccmChart);

  d.ccmManifestPresent = ccmArgs !== null;
  d.ccmLeaderMigration = !!ccmArgs?.includes(CCM_LEADER_MIGRATION_ARG);
  d.kcmLeaderMigration = d.roleSets.some((r) => r.leaderMigration);
  // Where the CCM runs: the dashboard keeps the registry in the selector-less entry, not in machineGlobalConfig
  // (docs/rancher-behaviour.md#provider-location), so read it as the control-plane machines get it.
  const registry = controlPlane ? configs.variants(controlPlane.roles)[0]['system-default-registry'] : undefined;

  d.systemDefaultRegistry = registry ? String(registry) : undefined;

  return { detection: d, rke2: { configs, ccmChart } };
}

/** node-driver when the Norman object shows node pools or templates, custom when it shows none, else unknown. */
function rke1NodeProvisioning(obj: Record<string, any>): Detection['nodeProvisioning'] {
  if (Array.isArray(obj.nodePools)) {
    return obj.nodePools.length ? 'node-driver' : 'custom';
  }
  if (obj.nodeTemplateId || JSON.stringify(obj).includes('"nodeTemplateId"')) {
    return 'node-driver';
  }

  return 'unknown';
}

/** Norman `driver` values (lower case) of hosted clusters: the KEv2 operators and the older kontainer drivers. */
const HOSTED_DRIVERS = ['eks', 'aks', 'gke', 'amazonelasticcontainerservice', 'azurekubernetesservice', 'googlekubernetesengine'];
const HOSTED_PROVIDERS = ['eks', 'aks', 'gke'];

/**
 * What a Norman cluster without RKE1 configuration is (a management cluster's view has its status flattened in):
 * its hosted config, else its `driver` (how Rancher manages it) and `provider` (the distribution the agent reports).
 * An imported EKS cluster may have no eksConfig at all, only the EKS driver or provider.
 */
function normanWithoutRke(d: Detection, obj: Record<string, any>): void {
  const driver = String(obj.driver || '').toLowerCase();
  const provider = String(obj.provider || '').toLowerCase();

  if (obj.eksConfig || obj.aksConfig || obj.gkeConfig || HOSTED_DRIVERS.includes(driver) || HOSTED_PROVIDERS.includes(provider)) {
    d.kind = 'hosted';
  } else if (provider === 'harvester' || obj.labels?.['provider.cattle.io'] === 'harvester') {
    d.kind = 'harvester';
  } else if (provider === 'k3s') {
    d.kind = 'k3s';
  } else {
    d.kind = 'imported';
    // Rancher-provisioned RKE2 clusters report driver imported (imported ones report rke2); without a driver, a
    // provider or imported settings nothing tells the two apart.
    const saysImported = !!obj.importedConfig || (!!driver && driver !== 'imported') || (!!provider && provider !== 'rke2');

    if (provider === 'rke2' ? driver === 'imported' : !saysImported) {
      d.configInProvisioning = true;
    }
  }
}

function detectNorman(obj: Record<string, any>): Detection {
  const d = baseDetection(obj, 'norman');
  const rkec = obj.rancherKubernetesEngineConfig;

  if (!isPlainObject(rkec)) {
    normanWithoutRke(d, obj);
    d.kubernetesVersion = String(obj.version?.gitVersion || '');

    return d;
  }
  d.kind = 'rke1';
  d.kubernetesVersion = String(rkec.kubernetesVersion || obj.version?.gitVersion || '');
  const name = rkec.cloudProvider?.name;

  if (name !== undefined && name !== null) {
    d.providerLocations = [{ path: 'rancherKubernetesEngineConfig.cloudProvider.name', value: String(name) }];
  }
  assertKnownProviders(d.providerLocations);
  const aws = rkec.cloudProvider?.awsCloudProvider;

  if (aws !== undefined && aws !== null) {
    // RKE runs the in-tree provider whatever the name says while this block is set (rke1RunsInTreeAws).
    d.providerLocations.push({ path: 'rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider', value: 'aws' });
  }
  d.effectiveProvider = rke1RunsInTreeAws(rkec.cloudProvider) ? 'aws' : (name ? String(name) : '');
  d.outOfTree = d.effectiveProvider === 'external-aws' || d.effectiveProvider === 'external';
  const leaderMigration = rke1FlagValue(rkec.services?.kubeController, LEADER_MIGRATION_FLAG);

  d.kcmLeaderMigration = leaderMigration !== undefined && leaderMigration !== 'false';
  const registry = (Array.isArray(rkec.privateRegistries) ? rkec.privateRegistries : []).find((r: any) => r?.isDefault);

  d.systemDefaultRegistry = registry?.url ? String(registry.url) : undefined;
  d.nodeProvisioning = rke1NodeProvisioning(obj);

  return d;
}

/**
 * Recognises a provisioning.cattle.io/v1 Cluster (Steve or kubectl shape), a Norman v3 cluster or a
 * management.cattle.io/v3 Cluster (read as its Norman view) and reads where and how its cloud provider is
 * configured. Throws NOT_A_CLUSTER for any other object, UNKNOWN_PROVIDER for a provider name no distro knows,
 * INVALID_MANIFEST when the additional manifest does not parse.
 */
export function detectCluster(obj: Record<string, any>): Detection {
  return readCluster(obj).detection;
}

/**
 * detectCluster, with what an RKE2 detection read (the per-role effective config, the CCM HelmChart). Read from a
 * copy of the object taken here, so later changes to the caller's object never reach it.
 */
export function readCluster(obj: Record<string, any>): ClusterReading {
  const format = isPlainObject(obj) ? inputFormat(obj) : null;

  if (!format) {
    const shape = isPlainObject(obj) ? clusterShapeProblem(obj) : undefined;

    if (shape) {
      // A cluster of a shape the engine reads, cut short or mixed with another: say what is missing, not that it is
      // not the very type it names.
      throw new MigrationError('NOT_A_CLUSTER', `The input names a ${ shape.what } but is not a whole one (${ shape.problem }); export the cluster again, whole and unedited.`, { key: 'errors.incompleteCluster', params: { what: shape.what, problem: shape.problem } });
    }
    const what = isPlainObject(obj) ? [obj.apiVersion, obj.kind || obj.type].filter(Boolean).join(' ') : typeof obj;
    // Without apiVersion/kind there is nothing to name: a text of its own rather than an English filler in {what}.
    const key = what ? undefined : 'errors.notAClusterUntyped';

    throw new MigrationError('NOT_A_CLUSTER', `The input is ${ what || 'an object without apiVersion/kind' }, not a provisioning.cattle.io/v1 Cluster, a management.cattle.io/v3 Cluster or a Norman v3 cluster; export one cluster from Rancher (Edit as YAML, kubectl get clusters.provisioning.cattle.io -n fleet-default NAME -o yaml, kubectl get clusters.management.cattle.io c-xxxxx -o yaml, or /v3/clusters/<id>).`, { key, params: { what } });
  }
  if (format === 'management') {
    return { detection: managementDetection(detectNorman(normanViewOfManagement(obj))) };
  }
  const source = cloneJson(obj);

  return format === 'norman' ? { detection: detectNorman(source) } : detectProvisioning(source, format);
}

import type { MachineRole } from '../types';
import { LabelSelector, selectorKeys, selectorMatches, selectorMatchesOn } from './labelSelector';

/**
 * THE RKE2 merge rule (rancher/rancher pkg/capr/planner config.go addUserConfig): start from
 * `machineGlobalConfig`, then every `machineSelectorConfig` entry, in order, whose `machineLabelSelector` is
 * absent or matches the machine's labels overwrites keys (`config[k] = v`: lists are replaced, never merged).
 * Nothing else in the engine reads machineSelectorConfig to answer "what does this machine run with": machineKinds.ts
 * evaluates this rule's two halves (reachingSources, then sourceOfKey / mergeReaching) once per cluster layout.
 */

export const ROLE_LABELS: Record<MachineRole, string> = {
  'control-plane': 'rke.cattle.io/control-plane-role',
  etcd:            'rke.cattle.io/etcd-role',
  worker:          'rke.cattle.io/worker-role',
};

const ROLE_LABEL_KEYS = Object.values(ROLE_LABELS);

/**
 * Config keys only servers (machines with the etcd or control-plane role) receive. Rancher's planner filters the
 * merged config of a worker-only machine down to the agent arguments of the release, so these never reach one
 * (docs/rancher-behaviour.md#role-filter). Only the server-only keys the engine reads are listed.
 */
export const SERVER_ONLY_KEYS: readonly string[] = [
  'disable-cloud-controller', 'kube-apiserver-arg', 'kube-controller-manager-arg', 'kube-scheduler-arg',
  'kube-cloud-controller-manager-arg', 'etcd-arg', 'cni', 'disable',
];

/** True for a machine that runs the agent only (neither the etcd nor the control-plane role). */
export function isAgentOnly(machineLabels: Record<string, string>): boolean {
  return machineLabels[ROLE_LABELS['control-plane']] !== 'true' && machineLabels[ROLE_LABELS.etcd] !== 'true';
}

function reachesMachine(key: string, agentOnly: boolean): boolean {
  return !agentOnly || !SERVER_ONLY_KEYS.includes(key);
}
const ROLE_ORDER: MachineRole[] = ['control-plane', 'etcd', 'worker'];

/** Role combinations of a custom cluster when no machine pools say otherwise. */
export const STANDARD_ROLE_SETS: MachineRole[][] = [['control-plane'], ['etcd'], ['worker'], ['control-plane', 'etcd'], ['control-plane', 'etcd', 'worker']];

/** Every non-empty role combination (custom nodes may register with any of them). */
export const ALL_ROLE_SETS: MachineRole[][] = [...STANDARD_ROLE_SETS, ['control-plane', 'worker'], ['etcd', 'worker']];

export interface ConfigSource {
  /** Dotted path of the config map, e.g. `spec.rkeConfig.machineSelectorConfig[2].config`. */
  path: string;
  /** -1 for machineGlobalConfig, else the machineSelectorConfig index. */
  index: number;
  config: Record<string, any>;
  selector?: LabelSelector;
}

export interface EffectiveConfigOptions {
  /**
   * Indexes of selector entries that look at labels other than the role labels and are assumed to match
   * whenever their role-label requirements hold. Other entries are evaluated on the given labels only.
   */
  assumeMatch?: ReadonlySet<number>;
}

/** The labels a machine with these roles carries. */
export function roleLabels(roles: readonly MachineRole[]): Record<string, string> {
  const labels: Record<string, string> = {};

  roles.forEach((r) => {
    labels[ROLE_LABELS[r]] = 'true';
  });

  return labels;
}

/** machineGlobalConfig first, then each machineSelectorConfig entry, in merge order. */
export function configSources(rkeConfig: Record<string, any> | undefined): ConfigSource[] {
  const sources: ConfigSource[] = [{ path: 'spec.rkeConfig.machineGlobalConfig', index: -1, config: asMap(rkeConfig?.machineGlobalConfig) }];
  const entries = Array.isArray(rkeConfig?.machineSelectorConfig) ? rkeConfig!.machineSelectorConfig : [];

  entries.forEach((entry: any, index: number) => {
    sources.push({
      path:     `spec.rkeConfig.machineSelectorConfig[${ index }].config`,
      index,
      config:   asMap(entry?.config),
      selector: entry?.machineLabelSelector || undefined,
    });
  });

  return sources;
}

function asMap(value: unknown): Record<string, any> {
  return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, any> : {};
}

function sourceApplies(source: ConfigSource, labels: Record<string, string>, assumeMatch?: ReadonlySet<number>): boolean {
  if (!source.selector) {
    return true;
  }

  return assumeMatch?.has(source.index) ? selectorMatchesOn(source.selector, labels, ROLE_LABEL_KEYS) : selectorMatches(source.selector, labels);
}

/**
 * The first half of the merge rule: the sources that reach a machine with these labels, in merge order. It reads
 * only the selectors, never the config maps.
 */
export function reachingSources(sources: readonly ConfigSource[], machineLabels: Record<string, string>, options: EffectiveConfigOptions = {}): ConfigSource[] {
  return sources.filter((source) => sourceApplies(source, machineLabels, options.assumeMatch));
}

/**
 * The second half: of the sources that reach a machine, the last one that sets `key` gives its value, unless the
 * role filter keeps the key from the machine. Undefined when no source gives the machine `key`.
 */
export function sourceOfKey(reaching: readonly ConfigSource[], key: string, agentOnly: boolean): ConfigSource | undefined {
  if (!reachesMachine(key, agentOnly)) {
    return undefined;
  }
  for (let i = reaching.length - 1; i >= 0; i--) {
    if (Object.prototype.hasOwnProperty.call(reaching[i].config, key)) {
      return reaching[i];
    }
  }

  return undefined;
}

/** Every key the reaching sources give a machine, with the source it comes from (the second half for every key). */
export function mergeReaching(reaching: readonly ConfigSource[], agentOnly: boolean): Map<string, ConfigSource> {
  const result = new Map<string, ConfigSource>();

  reaching.forEach((source) => {
    Object.keys(source.config).filter((k) => reachesMachine(k, agentOnly)).forEach((k) => {
      result.set(k, source);
    });
  });

  return result;
}

/** Every key a machine with these labels receives, with the source it comes from, after merge and role filter. */
function mergedEntries(rkeConfig: Record<string, any> | undefined, machineLabels: Record<string, string>, options: EffectiveConfigOptions): Map<string, ConfigSource> {
  return mergeReaching(reachingSources(configSources(rkeConfig), machineLabels, options), isAgentOnly(machineLabels));
}

/** The config a machine with these labels runs with: the planner merge rule, then the role filter. */
export function effectiveConfig(rkeConfig: Record<string, any> | undefined, machineLabels: Record<string, string>, options: EffectiveConfigOptions = {}): Record<string, any> {
  const result: Record<string, any> = {};

  mergedEntries(rkeConfig, machineLabels, options).forEach((source, k) => {
    result[k] = source.config[k];
  });

  return result;
}

/** The source each key of the effective config comes from (the "where is it set" view). */
export function effectiveConfigSources(rkeConfig: Record<string, any> | undefined, machineLabels: Record<string, string>, options: EffectiveConfigOptions = {}): Record<string, string> {
  const result: Record<string, string> = {};

  mergedEntries(rkeConfig, machineLabels, options).forEach((source, k) => {
    result[k] = source.path;
  });

  return result;
}

/** Indexes of machineSelectorConfig entries whose selectors use labels other than the role labels. */
export function ambiguousSelectorIndexes(rkeConfig: Record<string, any> | undefined): number[] {
  return configSources(rkeConfig)
    .filter((s) => s.selector && selectorKeys(s.selector).some((k) => !ROLE_LABEL_KEYS.includes(k)))
    .map((s) => s.index);
}

/** Largest number of ambiguous entries whose every on/off combination is evaluated; beyond it only all-on and all-off. */
const MAX_EXHAUSTIVE_AMBIGUOUS = 6;

/** Every assumption about the ambiguous entries: each set holds the entries assumed to match. */
export function ambiguityAssumptions(rkeConfig: Record<string, any> | undefined): ReadonlySet<number>[] {
  const ambiguous = ambiguousSelectorIndexes(rkeConfig);

  if (ambiguous.length > MAX_EXHAUSTIVE_AMBIGUOUS) {
    return [new Set(ambiguous), new Set()];
  }
  const out: ReadonlySet<number>[] = [];

  for (let mask = (1 << ambiguous.length) - 1; mask >= 0; mask--) {
    out.push(new Set(ambiguous.filter((_, i) => mask & (1 << i))));
  }

  return out;
}

/** The effective config under every ambiguity assumption; the first one assumes every ambiguous entry matches. */
export function effectiveConfigVariants(rkeConfig: Record<string, any> | undefined, machineLabels: Record<string, string>): Record<string, any>[] {
  return ambiguityAssumptions(rkeConfig).map((assumeMatch) => effectiveConfig(rkeConfig, machineLabels, { assumeMatch }));
}

function sortRoles(roles: MachineRole[]): MachineRole[] {
  return ROLE_ORDER.filter((r) => roles.includes(r));
}

/** Role combinations of the cluster's machine pools, or the standard combinations of a custom cluster. */
export function clusterRoleSets(rkeConfig: Record<string, any> | undefined): MachineRole[][] {
  const pools = Array.isArray(rkeConfig?.machinePools) ? rkeConfig!.machinePools : [];
  const seen = new Map<string, MachineRole[]>();

  pools.forEach((pool: any) => {
    const roles = sortRoles([
      ...(pool?.controlPlaneRole ? ['control-plane' as MachineRole] : []),
      ...(pool?.etcdRole ? ['etcd' as MachineRole] : []),
      ...(pool?.workerRole ? ['worker' as MachineRole] : []),
    ]);

    if (roles.length) {
      seen.set(roles.join('+'), roles);
    }
  });

  return seen.size ? [...seen.values()] : STANDARD_ROLE_SETS.map((r) => [...r]);
}

/** Role combinations an edit must be correct for: the pools' combinations, or every combination for custom clusters. */
export function editRoleSets(rkeConfig: Record<string, any> | undefined): MachineRole[][] {
  const pools = Array.isArray(rkeConfig?.machinePools) ? rkeConfig!.machinePools : [];

  return pools.length ? clusterRoleSets(rkeConfig) : ALL_ROLE_SETS.map((r) => [...r]);
}

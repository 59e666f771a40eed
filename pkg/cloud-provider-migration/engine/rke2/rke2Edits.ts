import type { MachineRole, Rke2ExternalMode } from '../types';
import { cloneJson, isPlainObject } from '../cluster/clusterShape';
import { ConfigSource, configSources } from './effectiveConfig';
import {
  MachineConfigs, MachineLayout, editKindsWith, kindSourceOf, kindValueOf, machineConfigs, machineLayout,
} from './machineKinds';
import {
  APISERVER_ARG, CLOUD_PROVIDER_ARG_KEYS, FEATURE_GATE_ARG_KEYS, KCM_ARG, KUBELET_ARG, LEADER_MIGRATION_FLAG,
  argList, argValue, putArgList, splitArg, withArg, withFlag, withoutArg, withoutAwsGateArgs,
} from './componentArgs';
import { RKE2_PROVIDER_KEY } from '../cluster/providerLocation';
import { CcmHelmChartTarget, removeCcmHelmChart, upsertCcmHelmChart } from './additionalManifest';

/**
 * Edits of an RKE2 provisioning cluster. Each takes the whole object and returns a new one; each is idempotent.
 * Lists are edited in place, where the effective list lives, because a matching machineSelectorConfig entry
 * REPLACES the lists of earlier ones (docs/rancher-behaviour.md#merge-rule): appending a new entry would hide the user's other args.
 */

export const DISABLE_CLOUD_CONTROLLER = 'disable-cloud-controller';

/** The config keys the switch step owns in machineGlobalConfig and in every machineSelectorConfig entry. */
export const SWITCH_OWNED_KEYS = [RKE2_PROVIDER_KEY, KUBELET_ARG, APISERVER_ARG, KCM_ARG, 'kube-scheduler-arg', DISABLE_CLOUD_CONTROLLER];

/**
 * Roles whose machines need `cloud-provider=external` in each arg list, and `disable-cloud-controller`. Only servers
 * receive the server-only keys (docs/rancher-behaviour.md#role-filter), so a worker never needs them: the docs' form,
 * with `disable-cloud-controller` on the control-plane entry only, is complete.
 */
const NEEDS: Record<string, MachineRole[]> = {
  [KUBELET_ARG]:              ['control-plane', 'etcd', 'worker'],
  [APISERVER_ARG]:            ['control-plane'],
  [KCM_ARG]:                  ['control-plane'],
  [DISABLE_CLOUD_CONTROLLER]: ['control-plane'],
};

function editRkeConfig(obj: Record<string, any>, edit: (rkeConfig: Record<string, any>) => void): Record<string, any> {
  const out = cloneJson(obj);

  if (isPlainObject(out.spec?.rkeConfig)) {
    edit(out.spec.rkeConfig);
  }

  return out;
}

/** The config map of a source inside a (cloned) rkeConfig, as it is there (undefined when the source has none). */
function liveConfig(rkeConfig: Record<string, any>, source: ConfigSource): Record<string, any> | undefined {
  return source.index < 0 ? rkeConfig.machineGlobalConfig : rkeConfig.machineSelectorConfig[source.index]?.config;
}

/** machineGlobalConfig inside a (cloned) rkeConfig, created when there is none. */
function globalConfig(rkeConfig: Record<string, any>): Record<string, any> {
  if (!isPlainObject(rkeConfig.machineGlobalConfig)) {
    rkeConfig.machineGlobalConfig = {};
  }

  return rkeConfig.machineGlobalConfig;
}

/**
 * The sources whose `key` is the one in effect on some machine of this cluster with one of `roles` (under some guess
 * about ambiguous selectors). Only those are edited: a list another entry overrides everywhere changes nothing on
 * any machine, so editing it would not be a minimal change. Read from the object as the edit has it so far; the
 * layout (which sources reach which machines) is the object's, and no edit changes it.
 */
function effectiveSources(rkeConfig: Record<string, any>, layout: MachineLayout, key: string, roles: MachineRole[]): Set<string> {
  const sources = configSources(rkeConfig);
  const paths = new Set<string>();

  editKindsWith(layout, roles).forEach((kind) => {
    const source = kindSourceOf(sources, kind, key);

    if (source) {
      paths.add(source.path);
    }
  });

  return paths;
}

/** Edits the list under `key` of every source that is in effect on a machine with one of `roles`. */
function editListsInPlace(rkeConfig: Record<string, any>, layout: MachineLayout, key: string, roles: MachineRole[], edit: (list: string[]) => string[]): void {
  const effective = effectiveSources(rkeConfig, layout, key, roles);

  configSources(rkeConfig).forEach((source) => {
    if (source.config[key] !== undefined && effective.has(source.path)) {
      const config = liveConfig(rkeConfig, source)!;

      putArgList(config, key, edit(argList(config[key])), source.index >= 0);
    }
  });
}

/** True when, for some machine with one of `roles` (and some guess about ambiguous selectors), `key` is unset. */
function someMachineLacks(rkeConfig: Record<string, any>, layout: MachineLayout, key: string, roles: MachineRole[]): boolean {
  const sources = configSources(rkeConfig);

  return editKindsWith(layout, roles).some((kind) => kindValueOf(sources, kind, key) === undefined);
}

/**
 * Makes `edit` hold for every machine with one of `roles`: in place where lists exist, and in
 * machineGlobalConfig for the machines no list reaches (global is overridden by every entry that sets the key,
 * so it only reaches exactly those machines).
 */
function ensureEverywhere(rkeConfig: Record<string, any>, layout: MachineLayout, key: string, roles: MachineRole[], edit: (list: string[]) => string[]): void {
  editListsInPlace(rkeConfig, layout, key, roles, edit);
  if (someMachineLacks(rkeConfig, layout, key, roles)) {
    const global = globalConfig(rkeConfig);

    putArgList(global, key, edit(argList(global[key])));
  }
}

/** Step enable-leader-migration: `enable-leader-migration` in the kube-controller-manager args of control-plane machines. */
export function withKcmLeaderMigration(obj: Record<string, any>): Record<string, any> {
  return editRkeConfig(obj, (rkeConfig) => {
    ensureEverywhere(rkeConfig, machineLayout(rkeConfig), KCM_ARG, ['control-plane'], (list) => withFlag(list, LEADER_MIGRATION_FLAG));
  });
}

/**
 * The rollback of enable-leader-migration: `enable-leader-migration` out of the kube-controller-manager lists that
 * step edits (those in effect on control-plane machines, machineGlobalConfig's among them when the step put it
 * there). A list emptied in a machineSelectorConfig entry stays as [] (removing it would let an earlier entry's
 * list take effect); an emptied global list goes, as the step found it.
 */
export function withoutKcmLeaderMigration(obj: Record<string, any>): Record<string, any> {
  return editRkeConfig(obj, (rkeConfig) => {
    editListsInPlace(rkeConfig, machineLayout(rkeConfig), KCM_ARG, ['control-plane'], (list) => withoutArg(list, LEADER_MIGRATION_FLAG));
  });
}

/**
 * The rollback of deploy-ccm: the CCM HelmChart document out of additionalManifest, the other documents and
 * comments as they are. A manifest that held only the HelmChart is left empty (''), as the dashboard writes a
 * cluster without one.
 */
export function withoutCcmHelmChart(obj: Record<string, any>): Record<string, any> {
  return editRkeConfig(obj, (rkeConfig) => {
    const removed = removeCcmHelmChart(rkeConfig.additionalManifest);

    if (removed !== (rkeConfig.additionalManifest || '')) {
      rkeConfig.additionalManifest = removed;
    }
  });
}

/** Step deploy-ccm / cleanup: the CCM HelmChart document in additionalManifest as the target says. */
export function withCcmHelmChart(obj: Record<string, any>, target: CcmHelmChartTarget): Record<string, any> {
  return editRkeConfig(obj, (rkeConfig) => {
    // Never '': upsertCcmHelmChart returns the manifest unchanged or with the HelmChart written.
    rkeConfig.additionalManifest = upsertCcmHelmChart(rkeConfig.additionalManifest, target);
  });
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function ensureDisableCloudController(rkeConfig: Record<string, any>, layout: MachineLayout): void {
  const roles = NEEDS[DISABLE_CLOUD_CONTROLLER];
  const effective = effectiveSources(rkeConfig, layout, DISABLE_CLOUD_CONTROLLER, roles);

  configSources(rkeConfig).forEach((source) => {
    if (source.config[DISABLE_CLOUD_CONTROLLER] !== undefined && !isTrue(source.config[DISABLE_CLOUD_CONTROLLER]) && effective.has(source.path)) {
      liveConfig(rkeConfig, source)![DISABLE_CLOUD_CONTROLLER] = true;
    }
  });
  if (someMachineLacks(rkeConfig, layout, DISABLE_CLOUD_CONTROLLER, roles)) {
    globalConfig(rkeConfig)[DISABLE_CLOUD_CONTROLLER] = true;
  }
}

function replaceProviderValue(list: string[], from: string, to: string): string[] {
  return argValue(list, 'cloud-provider') === from ? withArg(list, 'cloud-provider', to) : list;
}

export interface Rke2SwitchOptions {
  mode: Rke2ExternalMode;
  /** spec.kubernetesVersion after the switch (the leader-migration guide pairs the switch with the upgrade). */
  kubernetesVersion?: string;
}

/**
 * Step switch-to-external, one update: the cloud provider switch, `enable-leader-migration` removed from every
 * kube-controller-manager list (KCM N+1 MUST NOT keep it), the AWS-only feature gates removed, and the version.
 */
export function withRke2Switch(obj: Record<string, any>, options: Rke2SwitchOptions): Record<string, any> {
  const out = editRkeConfig(obj, (rkeConfig) => {
    configSources(rkeConfig).forEach((source) => {
      const config = liveConfig(rkeConfig, source);
      const keepEmpty = source.index >= 0;

      // No config map (no machineGlobalConfig, an entry with only a selector): nothing here to switch.
      if (!isPlainObject(config)) {
        return;
      }
      // putArgList leaves a list the edit does not change as it was, and writes no list where there was none.
      putArgList(config, KCM_ARG, withoutArg(argList(config[KCM_ARG]), LEADER_MIGRATION_FLAG), keepEmpty);
      dropAwsGates(config, keepEmpty);
      if (options.mode === 'external') {
        if (config[RKE2_PROVIDER_KEY] === 'aws') {
          config[RKE2_PROVIDER_KEY] = 'external';
        }
        CLOUD_PROVIDER_ARG_KEYS.forEach((key) => putArgList(config, key, replaceProviderValue(argList(config[key]), 'aws', 'external'), keepEmpty));
      }
    });
    if (options.mode === 'aws-with-overrides') {
      const layout = machineLayout(rkeConfig);

      CLOUD_PROVIDER_ARG_KEYS.forEach((key) => ensureEverywhere(rkeConfig, layout, key, NEEDS[key], (list) => withArg(list, 'cloud-provider', 'external')));
      ensureDisableCloudController(rkeConfig, layout);
    }
  });

  if (options.kubernetesVersion && isPlainObject(out.spec)) {
    out.spec.kubernetesVersion = options.kubernetesVersion;
  }

  return out;
}

/** The AWS-only feature gates out of every component arg list of one config map (gone from Kubernetes 1.27). */
function dropAwsGates(config: Record<string, any>, keepEmpty: boolean): void {
  FEATURE_GATE_ARG_KEYS.forEach((key) => putArgList(config, key, withoutAwsGateArgs(argList(config[key])), keepEmpty));
}

/**
 * Step upgrade-kubernetes: `spec.kubernetesVersion`, and the AWS-only feature gates a cluster migrated by hand may
 * still carry (a component given a gate its version no longer knows does not start). Nothing else.
 */
export function withRke2KubernetesVersion(obj: Record<string, any>, version: string): Record<string, any> {
  const out = editRkeConfig(obj, (rkeConfig) => {
    configSources(rkeConfig).forEach((source) => {
      const config = liveConfig(rkeConfig, source);

      if (isPlainObject(config)) {
        dropAwsGates(config, source.index >= 0);
      }
    });
  });

  if (isPlainObject(out.spec)) {
    out.spec.kubernetesVersion = version;
  }

  return out;
}

/**
 * True when every machine (every role combination the cluster can have, every guess about ambiguous selectors)
 * runs out of tree: `cloud-provider-name: external`, or the per-component `cloud-provider=external` overrides with
 * `disable-cloud-controller` on control-plane and worker machines.
 */
export function rke2SwitchComplete(rkeConfig: Record<string, any> | undefined): boolean {
  return switchCompleteIn(machineConfigs(rkeConfig));
}

/** rke2SwitchComplete of the effective configs already merged. */
export function switchCompleteIn(configs: MachineConfigs): boolean {
  return configs.layout.editRoleSets.every((roles) => configs.variants(roles).every((config) => {
    if (config[RKE2_PROVIDER_KEY] === 'external') {
      return true;
    }
    const external = (key: string) => argValue(argList(config[key]), 'cloud-provider') === 'external';
    const needs = (key: string) => NEEDS[key].some((r) => roles.includes(r));

    return CLOUD_PROVIDER_ARG_KEYS.every((key) => !needs(key) || external(key)) &&
      (!needs(DISABLE_CLOUD_CONTROLLER) || isTrue(config[DISABLE_CLOUD_CONTROLLER]));
  }));
}

/** Every distinct `cloud-provider-name` a machine can end up with ('' = none). */
export function rke2EffectiveProviderNames(rkeConfig: Record<string, any> | undefined): string[] {
  return providerNamesIn(machineConfigs(rkeConfig));
}

/** rke2EffectiveProviderNames of the effective configs already merged. */
export function providerNamesIn(configs: MachineConfigs): string[] {
  const names = new Set<string>();

  configs.layout.editRoleSets.forEach((roles) => configs.variants(roles).forEach((c) => {
    names.add(c[RKE2_PROVIDER_KEY] === undefined || c[RKE2_PROVIDER_KEY] === null ? '' : String(c[RKE2_PROVIDER_KEY]));
  }));

  return [...names];
}

/** True when some component arg list already says `cloud-provider=external` (a partial switch). */
export function rke2AnyExternalArg(rkeConfig: Record<string, any> | undefined): boolean {
  return anyExternalArgIn(configSources(rkeConfig));
}

/** rke2AnyExternalArg of the config sources already read. */
export function anyExternalArgIn(sources: readonly ConfigSource[]): boolean {
  return sources.some((s) => CLOUD_PROVIDER_ARG_KEYS.some((key) => argList(s.config[key]).some((a) => {
    const { name, value } = splitArg(a);

    return name === 'cloud-provider' && value === 'external';
  })));
}

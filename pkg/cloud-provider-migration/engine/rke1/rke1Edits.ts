import { cloneJson, isPlainObject } from '../cluster/clusterShape';
import { LEADER_MIGRATION_FLAG, withoutAwsGates } from '../rke2/componentArgs';

/**
 * Edits of an RKE1 cluster in its Norman v3 shape (`rancherKubernetesEngineConfig`). Norman PUT replaces
 * primitive-valued maps such as `extraArgs` wholesale, so every edit keeps the other keys of the map it touches.
 */

export const RKE1_EXTERNAL_PROVIDER = 'external-aws';

function editRkec(obj: Record<string, any>, edit: (rkec: Record<string, any>) => void): Record<string, any> {
  const out = cloneJson(obj);

  if (isPlainObject(out.rancherKubernetesEngineConfig)) {
    edit(out.rancherKubernetesEngineConfig);
  }

  return out;
}

function kubeControllerExtraArgs(rkec: Record<string, any>): Record<string, string> {
  rkec.services = isPlainObject(rkec.services) ? rkec.services : {};
  rkec.services.kubeController = isPlainObject(rkec.services.kubeController) ? rkec.services.kubeController : {};
  rkec.services.kubeController.extraArgs = isPlainObject(rkec.services.kubeController.extraArgs) ? rkec.services.kubeController.extraArgs : {};

  return rkec.services.kubeController.extraArgs;
}

/**
 * The value RKE gives a component flag: `extraArgs` first, then every `extraArgsArray` entry (rancher/rke
 * cluster/plan.go appendArgs, appendArrayArgs), and the last occurrence of a flag wins.
 */
export function rke1FlagValue(service: Record<string, any> | undefined, flag: string): string | undefined {
  const array = service?.extraArgsArray?.[flag];

  if (Array.isArray(array) && array.length) {
    return String(array[array.length - 1]);
  }
  const single = service?.extraArgs?.[flag];

  return single === undefined || single === null ? undefined : String(single);
}

/** Drops `key` from an `extraArgs` or `extraArgsArray` map, leaving the rest of the map as it was. */
function withoutKey(map: unknown, key: string): void {
  if (isPlainObject(map) && key in map) {
    delete map[key];
  }
}

/**
 * Step enable-leader-migration: `services.kubeController.extraArgs["enable-leader-migration"] = "true"`. An
 * `extraArgsArray` entry for the flag would come later on the command line and win, so one that does not
 * already say true is dropped.
 */
export function withRke1KcmLeaderMigration(obj: Record<string, any>): Record<string, any> {
  return editRkec(obj, (rkec) => {
    if (rke1FlagValue(rkec.services?.kubeController, LEADER_MIGRATION_FLAG) === 'true') {
      return;
    }
    const extraArgs = kubeControllerExtraArgs(rkec);

    extraArgs[LEADER_MIGRATION_FLAG] = 'true';
    withoutKey(rkec.services.kubeController.extraArgsArray, LEADER_MIGRATION_FLAG);
  });
}

/** `enable-leader-migration` out of kube-controller's extraArgs and extraArgsArray (the rollback and the switch). */
function dropKcmLeaderMigration(rkec: Record<string, any>): void {
  withoutKey(rkec.services?.kubeController?.extraArgs, LEADER_MIGRATION_FLAG);
  withoutKey(rkec.services?.kubeController?.extraArgsArray, LEADER_MIGRATION_FLAG);
}

/**
 * The rollback of enable-leader-migration: the flag out of `services.kubeController.extraArgs` and
 * `extraArgsArray`, the rest of each map as it is (Norman replaces `extraArgs` whole, so the key goes by leaving it out).
 */
export function withoutRke1KcmLeaderMigration(obj: Record<string, any>): Record<string, any> {
  return editRkec(obj, dropKcmLeaderMigration);
}

/** `["A=true,CSIMigrationAWS=false", "CSIMigrationAWS=false"]` → `["A=true"]`. */
function withoutAwsGateEntries(values: unknown[]): unknown[] {
  return values.flatMap((v) => {
    if (typeof v !== 'string') {
      return [v];
    }
    const kept = withoutAwsGates(v);

    return kept ? [kept] : [];
  });
}

/** The services whose `extraArgs["feature-gates"]` or `extraArgsArray["feature-gates"]` may carry the AWS-only gates. */
export const RKE1_GATED_SERVICES = ['kubeApi', 'kubeController', 'kubelet', 'scheduler'];

/** Step upgrade-kubernetes: `rancherKubernetesEngineConfig.kubernetesVersion` and the AWS-only gates, nothing else. */
export function withRke1KubernetesVersion(obj: Record<string, any>, version: string): Record<string, any> {
  return editRkec(obj, (rkec) => {
    withoutRke1AwsGates(rkec);
    rkec.kubernetesVersion = version;
  });
}

/** The AWS-only feature gates out of every service's extraArgs and extraArgsArray (gone from Kubernetes 1.27). */
function withoutRke1AwsGates(rkec: Record<string, any>): void {
  RKE1_GATED_SERVICES.forEach((service) => {
    const extraArgs = rkec.services?.[service]?.extraArgs;

    if (isPlainObject(extraArgs) && typeof extraArgs['feature-gates'] === 'string') {
      const kept = withoutAwsGates(extraArgs['feature-gates']);

      if (!kept) {
        delete extraArgs['feature-gates'];
      } else {
        extraArgs['feature-gates'] = kept;
      }
    }
    const arrays = rkec.services?.[service]?.extraArgsArray;

    if (isPlainObject(arrays) && Array.isArray(arrays['feature-gates'])) {
      const kept = withoutAwsGateEntries(arrays['feature-gates']);

      if (!kept.length) {
        delete arrays['feature-gates'];
      } else {
        arrays['feature-gates'] = kept;
      }
    }
  });
}

export interface Rke1SwitchOptions {
  useInstanceMetadataHostname: boolean;
  kubernetesVersion?: string;
}

/**
 * True when RKE runs the in-tree aws provider: `cloudProvider.awsCloudProvider` is set (even `{}`) or the name is
 * `aws` (docs/rancher-behaviour.md#rke1-cloud-provider).
 */
export function rke1RunsInTreeAws(cloudProvider: Record<string, any> | undefined): boolean {
  return !!cloudProvider && ((cloudProvider.awsCloudProvider !== undefined && cloudProvider.awsCloudProvider !== null) || cloudProvider.name === 'aws');
}

/**
 * Step switch-to-external, one update: `cloudProvider.name: external-aws` with useInstanceMetadataHostname,
 * `cloudProvider.awsCloudProvider` set to null (while it is set, RKE keeps running the in-tree provider; a Norman
 * PUT or merge patch keeps an omitted key, so it must be sent as null), `enable-leader-migration` removed from
 * kube-controller, AWS-only gates removed, and the version.
 */
export function withRke1Switch(obj: Record<string, any>, options: Rke1SwitchOptions): Record<string, any> {
  return editRkec(obj, (rkec) => {
    rkec.cloudProvider = isPlainObject(rkec.cloudProvider) ? rkec.cloudProvider : {};
    rkec.cloudProvider.name = RKE1_EXTERNAL_PROVIDER;
    rkec.cloudProvider.useInstanceMetadataHostname = options.useInstanceMetadataHostname;
    if (rkec.cloudProvider.awsCloudProvider !== undefined) {
      rkec.cloudProvider.awsCloudProvider = null;
    }
    dropKcmLeaderMigration(rkec);
    withoutRke1AwsGates(rkec);
    if (options.kubernetesVersion) {
      rkec.kubernetesVersion = options.kubernetesVersion;
    }
  });
}

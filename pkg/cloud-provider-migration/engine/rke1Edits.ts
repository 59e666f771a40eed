import { cloneJson, isPlainObject } from './clusterShape';
import { LEADER_MIGRATION_FLAG, withoutAwsGates } from './componentArgs';

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

/** Step enable-leader-migration: `services.kubeController.extraArgs["enable-leader-migration"] = "true"`. */
export function withRke1KcmLeaderMigration(obj: Record<string, any>): Record<string, any> {
  return editRkec(obj, (rkec) => {
    const extraArgs = kubeControllerExtraArgs(rkec);

    if (extraArgs[LEADER_MIGRATION_FLAG] !== 'true') {
      extraArgs[LEADER_MIGRATION_FLAG] = 'true';
    }
  });
}

/** The services whose `extraArgs["feature-gates"]` may carry the AWS-only gates. */
export const RKE1_GATED_SERVICES = ['kubeApi', 'kubeController', 'kubelet', 'scheduler'];

export interface Rke1SwitchOptions {
  useInstanceMetadataHostname: boolean;
  kubernetesVersion?: string;
}

/**
 * Step switch-to-external, one update: `cloudProvider.name: external-aws` with useInstanceMetadataHostname,
 * `enable-leader-migration` removed from kube-controller, AWS-only gates removed, and the version.
 * `cloudProvider.awsCloudProvider` is left as it is (the preflight says what the CCM needs instead).
 */
export function withRke1Switch(obj: Record<string, any>, options: Rke1SwitchOptions): Record<string, any> {
  return editRkec(obj, (rkec) => {
    rkec.cloudProvider = isPlainObject(rkec.cloudProvider) ? rkec.cloudProvider : {};
    rkec.cloudProvider.name = RKE1_EXTERNAL_PROVIDER;
    rkec.cloudProvider.useInstanceMetadataHostname = options.useInstanceMetadataHostname;
    const kcmArgs = rkec.services?.kubeController?.extraArgs;

    if (isPlainObject(kcmArgs) && LEADER_MIGRATION_FLAG in kcmArgs) {
      delete kcmArgs[LEADER_MIGRATION_FLAG];
    }
    RKE1_GATED_SERVICES.forEach((service) => {
      const extraArgs = rkec.services?.[service]?.extraArgs;

      if (isPlainObject(extraArgs) && typeof extraArgs['feature-gates'] === 'string') {
        const kept = withoutAwsGates(extraArgs['feature-gates']);

        if (!kept) {
          delete extraArgs['feature-gates'];
        } else if (kept !== extraArgs['feature-gates']) {
          extraArgs['feature-gates'] = kept;
        }
      }
    });
    if (options.kubernetesVersion && rkec.kubernetesVersion !== options.kubernetesVersion) {
      rkec.kubernetesVersion = options.kubernetesVersion;
    }
  });
}

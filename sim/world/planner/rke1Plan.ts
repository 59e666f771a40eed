/**
 * RKE1's component flags and validation (rancher/rke):
 * - cluster/defaults.go: `cloud_provider.name: aws` is rejected for Kubernetes >= 1.27
 *   ("Cloud provider aws is invalid for [<version>]"); nothing is applied;
 * - cluster/plan.go getCloudProviderName: `aws` → `--cloud-provider=aws` on kubelet, kube-apiserver and
 *   kube-controller-manager; `external-aws` (and `external`) → `--cloud-provider=external`;
 * - services.<component>.extraArgs (map) are appended as `--key=value`, then extraArgsArray (map of lists) as one
 *   `--key=value` per list entry (appendArgs, then appendArrayArgs), so an array entry comes later and wins;
 * - node names: the in-tree `aws` provider and `useInstanceMetadataHostname: true` (external-aws) name nodes
 *   after the EC2 metadata hostname (cluster/plan.go, rke PR #3413); otherwise the host's own hostname.
 * - cloudprovider/cloudprovider.go InitCloudProvider: the in-tree aws provider is picked when
 *   `cloudProvider.awsCloudProvider` is set at all (even `{}`) or the name is `aws`, and cluster/defaults.go
 *   setCloudProvider then writes the name `aws` back; so a leftover block keeps (or makes) the provider aws.
 */
import { atLeast } from '../kubeVersion';
import { NodePlan } from '../nodePlan';
import { componentErrors } from './componentHealth';
import { Roles } from '../seed/nodes';

/** The provider name RKE ends up with: `aws` whenever the awsCloudProvider block is set, whatever the name says. */
function rke1ProviderName(config: Record<string, any> | undefined): string {
  const cp = config?.cloudProvider;

  return cp?.awsCloudProvider !== undefined && cp?.awsCloudProvider !== null ? 'aws' : (cp?.name || '');
}

export function rke1Validate(config: Record<string, any> | undefined): string | undefined {
  const version = config?.kubernetesVersion || '';

  if (rke1ProviderName(config) === 'aws' && atLeast(version, 1, 27)) {
    return `Cloud provider aws is invalid for [${ version }]`;
  }

  return undefined;
}

export function rke1CloudArg(config: Record<string, any> | undefined): string {
  const name = rke1ProviderName(config);

  if (name === 'aws') {
    return 'aws';
  }
  if (name === 'external' || name === 'external-aws') {
    return 'external';
  }

  return name;
}

function extraArgs(service: Record<string, any> | undefined): string[] {
  const single = Object.entries(service?.extraArgs || {}).map(([k, v]) => `${ k }=${ v }`);
  const arrays = Object.entries(service?.extraArgsArray || {}).flatMap(([k, values]) => (Array.isArray(values) ? values : []).map((v) => `${ k }=${ v }`));

  return [...single, ...arrays];
}

export function rke1NodePlan(config: Record<string, any>, roles: Roles): NodePlan {
  const version = config.kubernetesVersion || '';
  const cloud = rke1CloudArg(config);
  const cloudArgs = cloud ? [`cloud-provider=${ cloud }`] : [];
  const services = config.services || {};
  const kubeletArgs = [...cloudArgs, ...extraArgs(services.kubelet)];
  const apiserverArgs = roles.controlPlane ? [...cloudArgs, ...extraArgs(services.kubeApi)] : undefined;
  const kcmArgs = roles.controlPlane ? [...cloudArgs, ...extraArgs(services.kubeController)] : undefined;
  const cp = config.cloudProvider || {};
  const planConfig: Record<string, any> = {
    cloudProvider: { name: rke1ProviderName(config), useInstanceMetadataHostname: cp.useInstanceMetadataHostname ?? null },
    kubelet:       services.kubelet?.extraArgs || {},
  };

  if (roles.controlPlane) {
    planConfig.kubeController = services.kubeController?.extraArgs || {};
    planConfig.kubeApi = services.kubeApi?.extraArgs || {};
  }
  const gitVersion = version.replace(/-rancher\d+-\d+$/, '');

  return {
    kubernetesVersion:       gitVersion,
    kubeletArgs,
    apiserverArgs,
    kcmArgs,
    config:                  planConfig,
    nameFromEc2:             rke1ProviderName(config) === 'aws' || (cp.name === 'external-aws' && cp.useInstanceMetadataHostname === true),
    embeddedCloudController: false,
    errors:                  [
      ...componentErrors('kubelet', kubeletArgs, version),
      ...(apiserverArgs ? componentErrors('kube-apiserver', apiserverArgs, version) : []),
      ...(kcmArgs ? componentErrors('kube-controller-manager', kcmArgs, version) : []),
    ],
  };
}

/**
 * From a node's planner-merged config to the flags RKE2/K3s give each component
 * (rancher/rke2 pkg/rke2/rke2.go + k3s pkg/daemons/control and agent config):
 * - `cloud-provider-name: aws|external` → `--cloud-provider=<name>` on kubelet, and on kube-apiserver and
 *   kube-controller-manager of server nodes; empty (or `rke2`/`k3s`) → the embedded cloud controller and
 *   kubelet `--cloud-provider=external`;
 * - the user's `kubelet-arg`, `kube-apiserver-arg`, `kube-controller-manager-arg` lists are appended after
 *   those defaults, so their `cloud-provider=…` wins (last flag wins);
 * - `disable-cloud-controller: true` turns the embedded controller off;
 * - `cloud-provider-name: aws` also names the node after EC2 metadata (rancher/rke2#7336), as does
 *   `node-name-from-cloud-provider-metadata: true` (rke2#7343).
 */
import { NodePlan } from '../nodePlan';
import { asList, flagValue } from './componentFlags';
import { componentErrors } from './componentHealth';

export function rke2NodePlan(config: Record<string, any>, controlPlane: boolean, kubernetesVersion: string): NodePlan {
  const provider = String(config['cloud-provider-name'] ?? '');
  const inTreeOrExternal = provider !== '' && provider !== 'rke2' && provider !== 'k3s';
  const cloudDefault = inTreeOrExternal ? [`cloud-provider=${ provider }`] : [];
  const kubeletArgs = [...(inTreeOrExternal ? cloudDefault : ['cloud-provider=external']), ...asList(config['kubelet-arg'])];
  const apiserverArgs = controlPlane ? [...cloudDefault, ...asList(config['kube-apiserver-arg'])] : undefined;
  const kcmArgs = controlPlane ? [...cloudDefault, ...asList(config['kube-controller-manager-arg'])] : undefined;
  const disableCloudController = config['disable-cloud-controller'] === true || config['disable-cloud-controller'] === 'true';
  const errors = [
    ...componentErrors('kubelet', kubeletArgs, kubernetesVersion),
    ...(apiserverArgs ? componentErrors('kube-apiserver', apiserverArgs, kubernetesVersion) : []),
    ...(kcmArgs ? componentErrors('kube-controller-manager', kcmArgs, kubernetesVersion) : []),
  ];

  return {
    kubernetesVersion,
    kubeletArgs,
    apiserverArgs,
    kcmArgs,
    nodeArgs:                [controlPlane ? 'server' : 'agent', ...configToArgs(config)],
    config,
    nameFromEc2:             provider === 'aws' || config['node-name-from-cloud-provider-metadata'] === true,
    embeddedCloudController: !inTreeOrExternal && !disableCloudController,
    errors,
  };
}

/** The effective cloud provider of a component's args ('' when the flag is absent). */
export function cloudProviderOf(args: string[] | undefined): string {
  return args ? flagValue(args, 'cloud-provider') || '' : '';
}

/** `rke2.io/node-args`: the config rendered as the CLI flags rke2 was started with. */
function configToArgs(config: Record<string, any>): string[] {
  const out: string[] = [];

  for (const [k, v] of Object.entries(config)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      out.push(`--${ k }`, typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
  }

  return out;
}

/**
 * From a machine's planner-merged config to what Rancher's planner hands it and the flags RKE2/K3s give
 * each component:
 * - the planner filters the merged config by role (planner/configFilter.ts): a worker-only machine gets the
 *   release's agent arguments only. The plan Rancher compares is that config, the Kubernetes version and, on
 *   control-plane machines, the additionalManifest file (rancher/rancher pkg/capr/planner/manifests.go
 *   getAddons: `server/manifests/rancher/addons.yaml`, Dynamic, so it is left out of the restart stamp and
 *   the drain hash, config.go restartStamp/drainHash: a manifest-only change restarts and drains nothing);
 * - RKE2 `cloud-provider-name: <p>` → `--cloud-provider=<p>` first on the kubelet and, on servers, on
 *   kube-apiserver/kube-controller-manager (rancher/rke2 pkg/executor/staticpod/staticpod.go); except `aws`
 *   from v1.29.11/v1.30.7/v1.31.3/v1.32.0 on (rke2 pkg/rke2/rke2_linux.go, "Move AWS hostname support behind
 *   new flag"): it only names the node after EC2 metadata, no component gets a cloud provider;
 * - the embedded cloud controller is off (k3s `DisableCCM`) on a server with `disable-cloud-controller` or,
 *   for RKE2, with `cloud-provider-name`/`cloud-provider-config` set at all (rke2_linux.go initExecutor);
 * - the kubelet gets `cloud-provider=external` from k3s when the embedded CCM is on — for an agent that is
 *   the SERVER's setting, not its own (k3s pkg/agent/config/config.go `AgentConfig.DisableCCM =
 *   controlConfig.DisableCCM`, pkg/daemons/agent/agent_linux.go kubeletArgsAndConfig); it comes after the
 *   RKE2 flag, and the user's `kubelet-arg` replace k3s defaults and come last (last flag wins);
 * - `cloud-provider-name: aws` (before the gate too) and `node-name-from-cloud-provider-metadata: true` name
 *   the node after EC2 metadata (rancher/rke2#7336, #7343).
 */
import { distroOf, parseKubeVersion } from '../kubeVersion';
import { NodePlan } from '../nodePlan';
import { asList, flagValue } from './componentFlags';
import { componentErrors } from './componentHealth';
import { filterConfig } from './configFilter';
import { effectiveMachineConfig, RkeConfigLike } from './mergeConfig';
import { machineLabels } from '../seed/nodes';

export interface PlanRoles {
  etcd: boolean;
  controlPlane: boolean;
  worker: boolean;
}

/** RKE2 releases that treat `cloud-provider-name: aws` as a node-naming switch only (first patch per minor). */
const AWS_IGNORED_FROM: Record<number, number> = { 29: 11, 30: 7, 31: 3 };

export function rke2IgnoresAwsProvider(kubernetesVersion: string): boolean {
  const v = parseKubeVersion(kubernetesVersion);

  if (!v || distroOf(kubernetesVersion) !== 'rke2' || v.major !== 1) {
    return false;
  }
  if (v.minor >= 32) {
    return true;
  }
  const from = AWS_IGNORED_FROM[v.minor];

  return from !== undefined && v.patch >= from;
}

function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

/** k3s `DisableCCM` of a server running this (filtered) config. */
export function serverDisablesCcm(serverConfig: Record<string, any>, kubernetesVersion: string): boolean {
  if (isTrue(serverConfig['disable-cloud-controller'])) {
    return true;
  }
  if (distroOf(kubernetesVersion) !== 'rke2') {
    return false;
  }

  return !!serverConfig['cloud-provider-name'] || !!serverConfig['cloud-provider-config'];
}

/** DisableCCM of a server as the cluster spec configures it (the first pool with the etcd or control-plane role). */
export function specServerDisablesCcm(rkeConfig: (RkeConfigLike & { machinePools?: any[] }) | undefined, kubernetesVersion: string): boolean {
  const pool = (rkeConfig?.machinePools || []).find((p: any) => p.etcdRole || p.controlPlaneRole);
  const labels = pool ? machineLabels({ etcd: !!pool.etcdRole, controlPlane: !!pool.controlPlaneRole, worker: !!pool.workerRole }, pool.name, pool.labels || {}) : {};

  return serverDisablesCcm(filterConfig(effectiveMachineConfig(rkeConfig, labels), kubernetesVersion, true), kubernetesVersion);
}

export interface Rke2PlanInput {
  /** The planner merge (machineGlobalConfig + matching machineSelectorConfig), before the role filter. */
  merged: Record<string, any>;
  roles: PlanRoles;
  kubernetesVersion: string;
  /** `spec.rkeConfig.additionalManifest` (part of control-plane plans only). */
  additionalManifest?: string;
  /** For agents: DisableCCM of the server they join (ignored for servers, which use their own). */
  serverDisablesCcm?: boolean;
}

export function rke2NodePlan(input: Rke2PlanInput): NodePlan {
  const { roles, kubernetesVersion } = input;
  const isServer = roles.etcd || roles.controlPlane;
  const config = filterConfig(input.merged, kubernetesVersion, isServer);
  const rke2 = distroOf(kubernetesVersion) === 'rke2';
  const named = rke2 ? String(config['cloud-provider-name'] ?? '') : '';
  const provider = named === 'aws' && rke2IgnoresAwsProvider(kubernetesVersion) ? '' : named;
  const cloudDefault = provider ? [`cloud-provider=${ provider }`] : [];
  const disableCcm = isServer ? serverDisablesCcm(config, kubernetesVersion) : !!input.serverDisablesCcm;
  const kubeletArgs = [...cloudDefault, ...(disableCcm ? [] : ['cloud-provider=external']), ...asList(config['kubelet-arg'])];
  const apiserverArgs = roles.controlPlane ? [...cloudDefault, ...asList(config['kube-apiserver-arg'])] : undefined;
  const kcmArgs = roles.controlPlane ? [...cloudDefault, ...asList(config['kube-controller-manager-arg'])] : undefined;
  const addons = roles.controlPlane ? (input.additionalManifest || '') : undefined;
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
    nodeArgs:                [isServer ? 'server' : 'agent', ...configToArgs(config)],
    config,
    nameFromEc2:             named === 'aws' || isTrue(config['node-name-from-cloud-provider-metadata']),
    embeddedCloudController: !disableCcm,
    errors,
    addons,
    plannerKey:              [kubernetesVersion, config, addons ?? null],
    restartKey:              [kubernetesVersion, config],
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

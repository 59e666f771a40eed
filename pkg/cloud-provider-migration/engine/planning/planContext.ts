import type { Detection, Distro, ExistingCcm, MigrationStatus, PlanOptions, Rke2ExternalMode, Strategy } from '../types';
import type { CcmRelease } from '../ccm/ccmReleases';
import type { Topology } from '../cluster/clusterFacts';
import type { ClusterModel } from '../cluster/clusterModel';
import type { ClusterOwner } from '../cluster/ownership';
import { MigrationError } from '../errors';

/** Everything a step builder needs, resolved once from the object and the options. */
export interface PlanContext {
  obj: Record<string, any>;
  /**
   * The input as read once for this plan (cluster/clusterModel.ts): detection, status and, for RKE2, the effective
   * config of every kind of machine. Questions about the input read it; `detection` is `model.detection`.
   */
  model: ClusterModel;
  detection: Detection;
  distro: Distro;
  strategy: Strategy;
  /** Where the cluster stands, from the object alone. */
  status: MigrationStatus;
  currentVersion: string;
  finalVersion: string;
  /** The target version as asked (it may equal the current one once the upgrade is in the object). */
  targetVersion?: string;
  /** True when the target version differs from the current one. */
  upgrading: boolean;
  /**
   * The CCM release the migration deploys: the CURRENT Kubernetes minor. A cloud controller manager must not be
   * newer than the apiservers (docs/rancher-behaviour.md#version-skew); it follows the version change afterwards.
   */
  release: CcmRelease;
  /** The CCM release of the final Kubernetes minor (the upgrade-ccm step moves the CCM there). */
  finalRelease: CcmRelease;
  /** True when the plan ends with moving the CCM to the final release (a version change, or a CCM left behind). */
  ccmUpgrade: boolean;
  repo: string;
  registry?: string;
  rke2Mode: Rke2ExternalMode;
  cleanup: boolean;
  /** RKE1: the value written at the switch, and whether it was chosen (option, node-driver cluster, already set). */
  instanceMetadataHostname: { value: boolean; chosen: boolean };
  /** The CCM found in the downstream cluster (null: none; undefined: not looked for). */
  existingCcm?: ExistingCcm | null;
  /** Control-plane and worker machines, when the pools or the observed nodes tell. */
  topology?: Topology;
  /** RKE2: Rancher drains and then uncordons each control-plane node it reconfigures. */
  drainsControlPlane: boolean;
  /** RKE2: this release ignores `cloud-provider-name: aws`, so no in-tree provider runs now. */
  awsIgnored: boolean;
  /** Leader migration only helps with more than one control-plane node and an in-tree provider to hand over from. */
  recommendedStrategy: Strategy;
  /** GitOps tools or Terraform that keep the cluster object as their source says (cluster/ownership.ts). */
  owners: ClusterOwner[];
}

const STRATEGIES: Strategy[] = ['leader-migration', 'downtime'];
const MODES: Rke2ExternalMode[] = ['aws-with-overrides', 'external'];

/** Options whose accepted values are not a list to show as is: their text says what they take, in each language. */
const DESCRIBED_OPTIONS = ['targetVersion', 'chartRepo', 'systemDefaultRegistry'];

function invalidOption(option: string, value: unknown, expected: string): MigrationError {
  const key = DESCRIBED_OPTIONS.includes(option) ? `errors.invalidOption.${ option }` : undefined;

  return new MigrationError('INVALID_OPTION', `Invalid value "${ String(value) }" for ${ option }; expected ${ expected }.`, { key, params: { option, value: String(value), expected } });
}

/** Throws INVALID_OPTION for a value outside what each option accepts. */
export function validatePlanOptions(options: PlanOptions): void {
  if (options.strategy !== undefined && !STRATEGIES.includes(options.strategy)) {
    throw invalidOption('strategy', options.strategy, STRATEGIES.join(' | '));
  }
  if (options.rke2ExternalMode !== undefined && !MODES.includes(options.rke2ExternalMode)) {
    throw invalidOption('rke2ExternalMode', options.rke2ExternalMode, MODES.join(' | '));
  }
  if (options.useInstanceMetadataHostname !== undefined && typeof options.useInstanceMetadataHostname !== 'boolean') {
    throw invalidOption('useInstanceMetadataHostname', options.useInstanceMetadataHostname, 'true | false');
  }
  if (options.rke1NodeProvisioning !== undefined && !['node-driver', 'custom'].includes(options.rke1NodeProvisioning)) {
    throw invalidOption('rke1NodeProvisioning', options.rke1NodeProvisioning, 'node-driver | custom');
  }
  if (options.cleanup !== undefined && typeof options.cleanup !== 'boolean') {
    throw invalidOption('cleanup', options.cleanup, 'true | false');
  }
  if (options.targetVersion !== undefined && (typeof options.targetVersion !== 'string' || !options.targetVersion.trim())) {
    throw invalidOption('targetVersion', options.targetVersion, 'a Kubernetes version such as v1.27.16+rke2r1');
  }
  if (options.chartRepo !== undefined && !/^(https?|oci):\/\/[^\s'"]+$/.test(String(options.chartRepo))) {
    throw invalidOption('chartRepo', options.chartRepo, 'an http(s):// or oci:// chart repository URL');
  }
  // A host, with a port and a path if need be, never a URL: the image reference is `<registry>/<repository>:<tag>`.
  if (options.systemDefaultRegistry !== undefined && !/^(?!.*:\/\/)[A-Za-z0-9][A-Za-z0-9.\-:/_]*$/.test(String(options.systemDefaultRegistry))) {
    throw invalidOption('systemDefaultRegistry', options.systemDefaultRegistry, 'a registry host such as registry.example.com:5000 (no scheme)');
  }
}

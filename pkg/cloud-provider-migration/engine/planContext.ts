import type { Detection, Distro, PlanOptions, Rke2ExternalMode, Strategy } from './types';
import type { CcmRelease } from './ccmReleases';
import { MigrationError } from './errors';

/** Everything a step builder needs, resolved once from the object and the options. */
export interface PlanContext {
  obj: Record<string, any>;
  detection: Detection;
  distro: Distro;
  strategy: Strategy;
  currentVersion: string;
  finalVersion: string;
  /** Set only when it differs from the current version. */
  targetVersion?: string;
  release: CcmRelease;
  repo: string;
  registry?: string;
  rke2Mode: Rke2ExternalMode;
  cleanup: boolean;
  /** RKE1: the value written at the switch, and whether it was chosen (option, node-driver cluster, already set). */
  instanceMetadataHostname: { value: boolean; chosen: boolean };
}

const STRATEGIES: Strategy[] = ['leader-migration', 'downtime'];
const MODES: Rke2ExternalMode[] = ['aws-with-overrides', 'external'];

function invalidOption(option: string, value: unknown, expected: string): MigrationError {
  return new MigrationError('INVALID_OPTION', `Invalid value "${ String(value) }" for ${ option }; expected ${ expected }.`, { params: { option, value: String(value), expected } });
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
  if (options.systemDefaultRegistry !== undefined && !/^[A-Za-z0-9][A-Za-z0-9.\-:/_]*$/.test(String(options.systemDefaultRegistry))) {
    throw invalidOption('systemDefaultRegistry', options.systemDefaultRegistry, 'a registry host such as registry.example.com:5000 (no scheme)');
  }
}

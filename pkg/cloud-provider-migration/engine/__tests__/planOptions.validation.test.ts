// The plan options as validatePlanOptions takes them: each bad value throws INVALID_OPTION naming the option, the
// value as given and what the option accepts (in the developer message and in the params of the l10n text), and
// every accepted value of every option passes.
import { MigrationError } from '../errors';
import { validatePlanOptions } from '../planning/planContext';
import type { PlanOptions } from '../types';
import { thrown } from './fixtures';

const GENERIC = 'errors.INVALID_OPTION';

describe('validatePlanOptions', () => {
  it.each([
    ['an unknown strategy', 'strategy', 'fast', 'leader-migration | downtime', GENERIC],
    ['an unknown RKE2 form', 'rke2ExternalMode', 'aws', 'aws-with-overrides | external', GENERIC],
    ['a hostname choice given as text', 'useInstanceMetadataHostname', 'yes', 'true | false', GENERIC],
    ['an unknown RKE1 provisioning', 'rke1NodeProvisioning', 'manual', 'node-driver | custom', GENERIC],
    ['a cleanup choice given as text', 'cleanup', 'false', 'true | false', GENERIC],
    ['a blank target version', 'targetVersion', '  ', 'a Kubernetes version such as v1.27.16+rke2r1', 'errors.invalidOption.targetVersion'],
    ['a target version given as a number', 'targetVersion', 1.27, 'a Kubernetes version such as v1.27.16+rke2r1', 'errors.invalidOption.targetVersion'],
    ['a chart repository that is no URL', 'chartRepo', 'not a url', 'an http(s):// or oci:// chart repository URL', 'errors.invalidOption.chartRepo'],
    ['a chart repository URL after other words', 'chartRepo', 'see https://charts.example.com', 'an http(s):// or oci:// chart repository URL', 'errors.invalidOption.chartRepo'],
    ['a chart repository URL followed by other words', 'chartRepo', 'https://charts.example.com --insecure', 'an http(s):// or oci:// chart repository URL', 'errors.invalidOption.chartRepo'],
    ['a chart repository of another scheme', 'chartRepo', 'ftp://charts.example.com', 'an http(s):// or oci:// chart repository URL', 'errors.invalidOption.chartRepo'],
    ['a registry with a space', 'systemDefaultRegistry', 'my registry', 'a registry host such as registry.example.com:5000 (no scheme)', 'errors.invalidOption.systemDefaultRegistry'],
    // The image would be pulled as https://registry.example.com/…, which no container runtime takes.
    ['a registry given as a URL', 'systemDefaultRegistry', 'https://registry.example.com', 'a registry host such as registry.example.com:5000 (no scheme)', 'errors.invalidOption.systemDefaultRegistry'],
  ])('rejects %s with the option, the value and what it accepts', (_what, option, value, expected, key) => {
    const e = thrown(() => validatePlanOptions({ [option]: value } as PlanOptions));

    expect(e).toBeInstanceOf(MigrationError);
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toBe(`Invalid value "${ String(value) }" for ${ option }; expected ${ expected }.`);
    expect(e.messageKey).toBe(key);
    expect(e.params).toEqual({ option, value: String(value), expected });
  });

  it('accepts no options at all', () => {
    expect(() => validatePlanOptions({})).not.toThrow();
  });

  it.each([
    ['strategy', 'leader-migration'],
    ['strategy', 'downtime'],
    ['rke2ExternalMode', 'aws-with-overrides'],
    ['rke2ExternalMode', 'external'],
    ['useInstanceMetadataHostname', true],
    ['useInstanceMetadataHostname', false],
    ['rke1NodeProvisioning', 'node-driver'],
    ['rke1NodeProvisioning', 'custom'],
    ['cleanup', true],
    ['cleanup', false],
    ['targetVersion', 'v1.27.16+rke2r1'],
    ['chartRepo', 'https://charts.example.com'],
    ['chartRepo', 'http://charts.internal:8080/aws'],
    ['chartRepo', 'oci://registry.example.com/charts'],
    ['systemDefaultRegistry', 'registry.example.com:5000'],
    ['systemDefaultRegistry', 'registry.example.com:5000/mirror'],
  ])('accepts %s %p', (option, value) => {
    expect(() => validatePlanOptions({ [option]: value } as PlanOptions)).not.toThrow();
  });
});

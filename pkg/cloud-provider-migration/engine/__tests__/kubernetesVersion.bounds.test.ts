// Boundaries of the Kubernetes version rules: parsing, "at least a minor", and the target-version checks with the
// message key and params each refusal carries (the UI shows them translated).
import { atLeastMinor, kubernetesMinor, parseKubernetesVersion, validateTargetVersion } from '../cluster/kubernetesVersion';
import { thrown } from './fixtures';

describe('parsing', () => {
  it('ignores surrounding whitespace and rejects what is not a version', () => {
    expect(kubernetesMinor('  v1.28.3+rke2r1 \n')).toBe('1.28');
    expect(kubernetesMinor('1.28')).toBeNull();
    expect(parseKubernetesVersion(undefined as unknown as string)).toBeNull();
    expect(parseKubernetesVersion(128 as unknown as string)).toBeNull();
  });
});

describe('atLeastMinor', () => {
  it.each([
    ['v1.27.0+rke2r1', 1, 27, true],
    ['v1.28.0+rke2r1', 1, 27, true],
    ['v1.26.99+rke2r1', 1, 27, false],
    ['v2.0.0+rke2r1', 1, 27, true],
    ['v1.30.0+rke2r1', 2, 0, false],
    ['not a version', 1, 0, false],
  ])('%s is at least %i.%i: %p', (version, major, minor, result) => {
    expect(atLeastMinor(version, major, minor)).toBe(result);
  });
});

describe('validateTargetVersion', () => {
  it('accepts a target with whitespace around it', () => {
    expect(() => validateTargetVersion('rke2', 'v1.26.15+rke2r1', ' v1.27.16+rke2r1 ')).not.toThrow();
  });

  it.each([
    ['rke2', 'v1.27.16+rke2r1-extra', 'v1.27.16+rke2r1'],
    ['rke2', 'v1.27.16+rke2', 'v1.27.16+rke2r1'],
    ['rke1', 'v1.27.16-rancher1-1-x', 'v1.27.16-rancher1-1'],
    ['rke1', 'v1.27.16-rancher', 'v1.27.16-rancher1-1'],
  ] as const)('%s refuses %s as not a version of the distro, showing the form %s', (distro, target, example) => {
    const current = distro === 'rke2' ? 'v1.26.15+rke2r1' : 'v1.26.15-rancher1-1';
    const e = thrown(() => validateTargetVersion(distro, current, target));

    expect(e.code).toBe('INVALID_TARGET_VERSION');
    expect(e.messageKey).toBe('errors.targetVersionFormat');
    expect(e.params).toEqual({ current, target, example });
    expect(e.message).toBe(`Target version "${ target }" is not a ${ distro.toUpperCase() } Kubernetes version; use the form ${ example }.`);
  });

  it('accepts the RKE1 form without the last build number', () => {
    expect(() => validateTargetVersion('rke1', 'v1.26.15-rancher1-1', 'v1.27.16-rancher1')).not.toThrow();
  });

  it('reports a current version that does not parse as INVALID_CLUSTER_VERSION', () => {
    const e = thrown(() => validateTargetVersion('rke2', 'garbage', 'v1.27.16+rke2r1'));

    expect(e.code).toBe('INVALID_CLUSTER_VERSION');
    expect(e.message).toContain('"garbage"');
  });

  it('refuses a downgrade, even of the patch only, with its own key', () => {
    const e = thrown(() => validateTargetVersion('rke2', 'v1.27.16+rke2r1', 'v1.27.15+rke2r1'));

    expect(e.messageKey).toBe('errors.targetVersionDowngrade');
    expect(e.params).toEqual({ current: 'v1.27.16+rke2r1', target: 'v1.27.15+rke2r1' });
  });

  it('refuses more than one minor ahead, or another major, with its own key', () => {
    ['v1.29.0+rke2r1', 'v2.27.0+rke2r1'].forEach((target) => {
      const e = thrown(() => validateTargetVersion('rke2', 'v1.27.16+rke2r1', target));

      expect(e.code).toBe('INVALID_TARGET_VERSION');
      expect(e.messageKey).toBe('errors.targetVersionTooFar');
    });
  });
});

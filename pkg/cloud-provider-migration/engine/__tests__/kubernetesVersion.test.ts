import { validateTargetVersion, kubernetesMinor, atLeastMinor } from '../cluster/kubernetesVersion';
import { errorCode } from './fixtures';

describe('validateTargetVersion', () => {
  it.each([
    ['rke2', 'v1.26.15+rke2r1', 'v1.26.15+rke2r1', 'NO_ERROR'],
    ['rke2', 'v1.26.15+rke2r1', 'v1.26.15+rke2r2', 'NO_ERROR'],
    ['rke2', 'v1.26.15+rke2r1', 'v1.27.16+rke2r1', 'NO_ERROR'],
    ['rke2', 'v1.26.15+rke2r1', 'v1.28.1+rke2r1', 'INVALID_TARGET_VERSION'],
    ['rke2', 'v1.26.15+rke2r1', 'v1.26.10+rke2r1', 'INVALID_TARGET_VERSION'],
    ['rke2', 'v1.26.15+rke2r1', 'v1.25.16+rke2r1', 'INVALID_TARGET_VERSION'],
    ['rke2', 'v1.26.15+rke2r1', 'v1.27.16-rancher1-1', 'INVALID_TARGET_VERSION'],
    ['rke2', 'v1.26.15+rke2r1', 'v1.27.16+k3s1', 'INVALID_TARGET_VERSION'],
    ['rke2', 'v1.26.15+rke2r1', '1.27', 'INVALID_TARGET_VERSION'],
    ['rke1', 'v1.26.15-rancher1-1', 'v1.27.16-rancher1-1', 'NO_ERROR'],
    ['rke1', 'v1.26.15-rancher1-1', 'v1.26.15-rancher1-2', 'NO_ERROR'],
    ['rke1', 'v1.26.15-rancher1-1', 'v1.28.15-rancher1-1', 'INVALID_TARGET_VERSION'],
    ['rke1', 'v1.26.15-rancher1-1', 'v1.27.16+rke2r1', 'INVALID_TARGET_VERSION'],
  ] as const)('%s from %s to %s: %s', (distro, current, target, code) => {
    expect(errorCode(() => validateTargetVersion(distro, current, target))).toBe(code);
  });

  it('names the minor of both distros the same way', () => {
    expect(kubernetesMinor('v1.27.16+rke2r1')).toBe('1.27');
    expect(kubernetesMinor('v1.27.16-rancher1-1')).toBe('1.27');
    expect(atLeastMinor('v1.27.0-rancher1-1', 1, 27)).toBe(true);
    expect(atLeastMinor('v1.26.15+rke2r1', 1, 27)).toBe(false);
  });
});

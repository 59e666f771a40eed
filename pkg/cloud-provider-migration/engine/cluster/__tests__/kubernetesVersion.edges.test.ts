// Edges of the Kubernetes version helpers: whitespace around a version, the distro's release numbers used for
// ordering (two-digit numbers, text after the suffix, build lists of different length), the accepted distro
// suffixes, and the exact developer messages of the target-version refusals.
import { compareKubernetesVersions, parseKubernetesVersion, validateTargetVersion } from '../kubernetesVersion';

function caught(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('parseKubernetesVersion with surrounding whitespace', () => {
  it('parses the trimmed text, even when the padding alone is longer than a version may be', () => {
    const padded = `${ ' '.repeat(300) }v1.28.3+rke2r1${ ' '.repeat(10) }`;
    const v = parseKubernetesVersion(padded);

    expect(v).not.toBeNull();
    expect(v?.version).toBe('1.28.3');
    expect(v?.raw).toBe('v1.28.3+rke2r1');
    expect(parseKubernetesVersion(' \tv1.27.16-rancher1-1\n')?.raw).toBe('v1.27.16-rancher1-1');
  });
});

describe('compareKubernetesVersions release numbers', () => {
  it('reads multi-digit rke2 and rancher release numbers as numbers', () => {
    expect(compareKubernetesVersions('v1.26.15+rke2r12', 'v1.26.15+rke2r3')).toBe(9);
    expect(compareKubernetesVersions('v1.26.15-rancher12', 'v1.26.15-rancher3')).toBe(9);
    expect(compareKubernetesVersions('v1.26.15-rancher12-1', 'v1.26.15-rancher3-1')).toBe(9);
    expect(compareKubernetesVersions('v1.26.15-rancher1-12', 'v1.26.15-rancher1-3')).toBe(9);
    expect(compareKubernetesVersions('v1.26.15-rancher1-3', 'v1.26.15-rancher1-12')).toBe(-9);
  });

  it('ignores a release number that is followed by more text', () => {
    expect(compareKubernetesVersions('v1.26.15+rke2r2.x', 'v1.26.15+rke2r1.x')).toBe(0);
    expect(compareKubernetesVersions('v1.26.15+rke2r9-x', 'v1.26.15+rke2r1-x')).toBe(0);
    expect(compareKubernetesVersions('v1.26.15-rancher2-1.x', 'v1.26.15-rancher1-1.x')).toBe(0);
    expect(compareKubernetesVersions('v1.26.15-rancher7.x', 'v1.26.15-rancher1.x')).toBe(0);
  });

  it('compares every position of the longer list', () => {
    expect(compareKubernetesVersions('v1.26.15-rancher1', 'v1.26.15-rancher1-2')).toBe(-2);
    expect(compareKubernetesVersions('v1.26.15-rancher1-2', 'v1.26.15-rancher1')).toBe(2);
    expect(compareKubernetesVersions('v1.26.15+rke2r3', 'v1.26.15')).toBe(3);
    expect(compareKubernetesVersions('v1.26.15', 'v1.26.15+rke2r3')).toBe(-3);
    expect(compareKubernetesVersions('v1.26.15-rancher4', 'v1.26.15')).toBe(4);
    expect(compareKubernetesVersions('v1.26.15', 'v1.26.15-rancher1-5')).toBe(-1);
  });
});

describe('validateTargetVersion distro suffixes', () => {
  it('accepts two-digit release numbers', () => {
    expect(() => validateTargetVersion('rke2', 'v1.26.15+rke2r1', 'v1.26.16+rke2r12')).not.toThrow();
    expect(() => validateTargetVersion('rke1', 'v1.26.15-rancher1-1', 'v1.26.16-rancher12')).not.toThrow();
    expect(() => validateTargetVersion('rke1', 'v1.26.15-rancher1-1', 'v1.26.16-rancher12-1')).not.toThrow();
    expect(() => validateTargetVersion('rke1', 'v1.26.15-rancher1-1', 'v1.26.16-rancher1-12')).not.toThrow();
  });
});

describe('validateTargetVersion messages', () => {
  it('names both versions when the target is lower', () => {
    const e = caught(() => validateTargetVersion('rke2', 'v1.27.16+rke2r1', 'v1.26.15+rke2r1'));

    expect(e.code).toBe('INVALID_TARGET_VERSION');
    expect(e.message).toBe('Target version v1.26.15+rke2r1 is lower than the current version v1.27.16+rke2r1; downgrades are not supported.');
  });

  it('names both versions when the target is more than one minor ahead', () => {
    const e = caught(() => validateTargetVersion('rke1', 'v1.26.15-rancher1-1', 'v1.28.1-rancher1-1'));

    expect(e.code).toBe('INVALID_TARGET_VERSION');
    expect(e.message).toBe('Target version v1.28.1-rancher1-1 is more than one minor ahead of v1.26.15-rancher1-1; upgrade one minor at a time.');
  });
});

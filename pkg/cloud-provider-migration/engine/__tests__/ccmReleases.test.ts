import { CCM_RELEASES, ccmReleaseFor } from '../ccm/ccmReleases';
import { errorCode } from './fixtures';

describe('ccmReleaseFor', () => {
  it.each([
    ['v1.25.16+rke2r1', '0.0.8', 'v1.25.16'],
    ['v1.26.15+rke2r1', '0.0.8', 'v1.26.14'],
    ['v1.27.16+rke2r1', '0.0.8', 'v1.27.10'],
    ['v1.28.15-rancher1-1', '0.0.8', 'v1.28.11'],
    ['v1.29.9+rke2r1', '0.0.8', 'v1.29.10'],
    ['v1.30.4+rke2r1', '0.0.8', 'v1.30.10'],
    ['v1.31.1+rke2r1', '0.0.8', 'v1.31.9'],
    ['v1.32.3+rke2r1', '0.0.8', 'v1.32.8'],
    ['v1.33.2+rke2r1', '0.0.9', 'v1.33.4'],
    ['v1.34.1+rke2r1', '0.0.10', 'v1.34.3'],
    ['v1.35.0+rke2r1', '0.0.11', 'v1.35.2'],
    ['v1.36.0+rke2r1', '0.0.11', 'v1.36.1'],
  ])('Kubernetes %s gets chart %s and image %s', (version, chartVersion, imageTag) => {
    expect(ccmReleaseFor(version)).toMatchObject({ chartVersion, imageTag });
  });

  it('pins the image tag to the same minor as the Kubernetes version for every row', () => {
    CCM_RELEASES.forEach((r) => expect(r.imageTag.startsWith(`v${ r.minor }.`)).toBe(true));
  });

  it.each(['v1.24.17+rke2r1', 'v1.37.0+rke2r1', 'latest', ''])('refuses %p with UNSUPPORTED_VERSION', (version) => {
    expect(errorCode(() => ccmReleaseFor(version))).toBe('UNSUPPORTED_VERSION');
  });
});

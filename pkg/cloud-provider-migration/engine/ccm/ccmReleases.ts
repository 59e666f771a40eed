import { MigrationError } from '../errors';
import { kubernetesMinor } from '../cluster/kubernetesVersion';

/** One AWS cloud-controller-manager release per Kubernetes minor (docs/rancher-behaviour.md#version-skew). */
export interface CcmRelease {
  /** Kubernetes minor, e.g. `1.27`. */
  minor: string;
  /** Version of the `aws-cloud-controller-manager` chart in https://kubernetes.github.io/cloud-provider-aws. */
  chartVersion: string;
  /** Newest CCM image tag of that minor. */
  imageTag: string;
}

/**
 * The CCM must match the Kubernetes minor ("compatibility is ONLY guaranteed between that release and the
 * corresponding Kubernetes version"). Chart 0.0.8 serves every minor up to 1.32, later charts follow the minor.
 */
export const CCM_RELEASES: readonly CcmRelease[] = [
  { minor: '1.25', chartVersion: '0.0.8', imageTag: 'v1.25.16' },
  { minor: '1.26', chartVersion: '0.0.8', imageTag: 'v1.26.14' },
  { minor: '1.27', chartVersion: '0.0.8', imageTag: 'v1.27.10' },
  { minor: '1.28', chartVersion: '0.0.8', imageTag: 'v1.28.11' },
  { minor: '1.29', chartVersion: '0.0.8', imageTag: 'v1.29.10' },
  { minor: '1.30', chartVersion: '0.0.8', imageTag: 'v1.30.10' },
  { minor: '1.31', chartVersion: '0.0.8', imageTag: 'v1.31.9' },
  { minor: '1.32', chartVersion: '0.0.8', imageTag: 'v1.32.8' },
  { minor: '1.33', chartVersion: '0.0.9', imageTag: 'v1.33.4' },
  { minor: '1.34', chartVersion: '0.0.10', imageTag: 'v1.34.3' },
  { minor: '1.35', chartVersion: '0.0.11', imageTag: 'v1.35.2' },
  { minor: '1.36', chartVersion: '0.0.11', imageTag: 'v1.36.1' },
];

/** The CCM release for a Kubernetes version; throws UNSUPPORTED_VERSION for a minor the table does not know. */
export function ccmReleaseFor(kubernetesVersion: string): CcmRelease {
  const minor = kubernetesMinor(kubernetesVersion);
  const release = CCM_RELEASES.find((r) => r.minor === minor);

  if (!release) {
    const known = `${ CCM_RELEASES[0].minor }-${ CCM_RELEASES[CCM_RELEASES.length - 1].minor }`;

    throw new MigrationError('UNSUPPORTED_VERSION', `No AWS cloud controller manager release is known for Kubernetes ${ kubernetesVersion }; supported minors are ${ known }.`, { params: { version: kubernetesVersion, known } });
  }

  return { ...release };
}

/**
 * Which component flags stop a Kubernetes component from starting, by version.
 * - The in-tree AWS provider was removed in v1.27 (kubernetes/kubernetes#115838): `--cloud-provider=aws`
 *   fails ("unknown cloud provider"), which crashed RKE2 1.27 servers and kubelets (rancher/rke2#4183).
 * - Feature gates removed from a release are rejected by k8s.io/component-base featuregate
 *   ("unrecognized feature gate"). CSIMigrationAWS went GA and was locked in v1.25, removed in v1.27.
 */
import { atLeast } from '../kubeVersion';
import { featureGates, flagValue } from './componentFlags';

/** Feature gates whose removal matters here: name → first minor (1.x) that no longer knows it. */
export const REMOVED_FEATURE_GATES: Record<string, number> = {
  CSIMigrationAWS:         27,
  CSIMigrationAWSComplete: 26,
};

export function componentErrors(component: string, args: string[], kubernetesVersion: string): string[] {
  const errors: string[] = [];
  const cloud = flagValue(args, 'cloud-provider');

  if (cloud === 'aws' && atLeast(kubernetesVersion, 1, 27)) {
    errors.push(`${ component }: --cloud-provider=aws: unknown cloud provider "aws" (the in-tree AWS provider was removed in v1.27)`);
  }
  for (const [gate, value] of Object.entries(featureGates(args))) {
    const removedIn = REMOVED_FEATURE_GATES[gate];

    if (removedIn !== undefined && atLeast(kubernetesVersion, 1, removedIn)) {
      errors.push(`${ component }: --feature-gates=${ gate }=${ value }: unrecognized feature gate: ${ gate }`);
    }
  }

  return errors;
}

// Cluster facts from objects and nodes that lack optional parts: a node without labels, a cluster without
// rkeConfig or machine pools, and which detections count as "the AWS provider is ignored".
import type { Detection, NodeLike } from '../../types';
import { awsProviderIgnored, clusterTopology, rke2DrainsControlPlane } from '../clusterFacts';

describe('clusterTopology with parts missing', () => {
  it('counts a node without labels as neither control plane nor worker', () => {
    const nodes: NodeLike[] = [
      { metadata: { name: 'bare' } },
      { metadata: { name: 'cp', labels: { 'node-role.kubernetes.io/control-plane': 'true' } } },
      { metadata: { name: 'w', labels: { 'node-role.kubernetes.io/worker': 'true' } } },
    ];

    expect(clusterTopology({}, { kind: 'rke2' } as Detection, nodes)).toEqual({
      controlPlane: 1, controlPlaneWorkers: 0, workersOnly: 1, total: 3, source: 'nodes',
    });
  });

  it('knows nothing of an RKE2 cluster whose spec has no rkeConfig', () => {
    expect(clusterTopology({ spec: { kubernetesVersion: 'v1.31.3+rke2r1' } }, { kind: 'rke2' } as Detection)).toBeUndefined();
  });

  it('knows nothing of an RKE2 cluster whose rkeConfig has no machine pools (a custom cluster)', () => {
    expect(clusterTopology({ spec: { rkeConfig: {} } }, { kind: 'rke2' } as Detection)).toBeUndefined();
  });
});

describe('rke2DrainsControlPlane with parts missing', () => {
  it('does not drain when the spec has no rkeConfig', () => {
    expect(rke2DrainsControlPlane({ spec: { kubernetesVersion: 'v1.31.3+rke2r1' } }, undefined)).toBe(false);
  });
});

describe('awsProviderIgnored', () => {
  const detection = (kind: Detection['kind'], effectiveProvider: string, kubernetesVersion: string) => ({ kind, effectiveProvider, kubernetesVersion } as Detection);

  it('is true only for RKE2 with the aws provider on a release that ignores it', () => {
    expect(awsProviderIgnored(detection('rke2', 'aws', 'v1.31.3+rke2r1'))).toBe(true);
    expect(awsProviderIgnored(detection('rke2', 'aws', 'v1.28.15+rke2r1'))).toBe(false);
  });

  it('is false for RKE1 with the aws provider, whatever its Kubernetes release', () => {
    expect(awsProviderIgnored(detection('rke1', 'aws', 'v1.31.3-rancher1-1'))).toBe(false);
  });

  it('is false for RKE2 on a release that ignores aws when the provider is not aws', () => {
    expect(awsProviderIgnored(detection('rke2', '', 'v1.32.0+rke2r1'))).toBe(false);
    expect(awsProviderIgnored(detection('rke2', 'external', 'v1.32.0+rke2r1'))).toBe(false);
  });
});

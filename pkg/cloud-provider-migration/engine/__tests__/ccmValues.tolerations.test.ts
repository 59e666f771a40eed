import { ccmImage, ccmTolerations } from '../ccm/ccmValues';
import { ccmReleaseFor } from '../ccm/ccmReleases';

// The tolerations replace the chart's list: each names the taint it is for, so the CCM lands on control-plane
// nodes and nowhere a toleration of no key would let it.

describe('CCM tolerations', () => {
  it('writes the RKE1 list: the role taints with value true, the uninitialized taint and master', () => {
    expect(ccmTolerations('rke1')).toEqual([
      { key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/etcd', value: 'true', effect: 'NoExecute' },
      { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it.each(['rke1', 'rke2'] as const)('names a key and an effect in every %s toleration (Kubernetes refuses an empty key unless Exists)', (distro) => {
    ccmTolerations(distro).forEach((t) => {
      expect(t.key).toMatch(/^node(-role)?\.(kubernetes|cloudprovider)\./);
      expect(['NoSchedule', 'NoExecute']).toContain(t.effect);
    });
  });
});

describe('CCM image', () => {
  it('drops every trailing slash of the registry', () => {
    expect(ccmImage({ distro: 'rke2', release: ccmReleaseFor('v1.27.16+rke2r1'), registry: 'registry.corp.example.com//', leaderMigration: false }).repository)
      .toBe('registry.corp.example.com/provider-aws/cloud-controller-manager');
  });
});

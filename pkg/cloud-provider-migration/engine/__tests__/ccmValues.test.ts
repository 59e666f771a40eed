import type { Taint } from '../types';
import { ccmValues, ccmTolerations } from '../ccm/ccmValues';
import { ccmReleaseFor } from '../ccm/ccmReleases';

interface Toleration { key?: string; operator?: string; value?: string; effect?: string }

/** Kubernetes toleration matching (k8s.io/api core/v1 Toleration.ToleratesTaint), written here to judge the engine. */
function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) {
    return false;
  }
  if (t.key && t.key !== taint.key) {
    return false;
  }
  if (t.operator === 'Exists') {
    return true;
  }

  return (t.value || '') === (taint.value || '');
}

const release = ccmReleaseFor('v1.27.16+rke2r1');

describe('CCM values', () => {
  it.each([
    ['RKE2 control-plane (empty value)', 'rke2', { key: 'node-role.kubernetes.io/control-plane', value: '', effect: 'NoSchedule' }],
    ['RKE2 etcd (empty value)', 'rke2', { key: 'node-role.kubernetes.io/etcd', value: '', effect: 'NoExecute' }],
    ['uninitialized', 'rke2', { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' }],
    ['master', 'rke2', { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }],
    ['RKE1 controlplane=true', 'rke1', { key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' }],
    ['RKE1 etcd=true', 'rke1', { key: 'node-role.kubernetes.io/etcd', value: 'true', effect: 'NoExecute' }],
    ['RKE1 uninitialized', 'rke1', { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' }],
  ] as const)('tolerates the %s taint', (_name, distro, taint) => {
    expect(ccmTolerations(distro).some((t) => tolerates(t, taint))).toBe(true);
  });

  it('does not tolerate an unrelated taint (the matcher can say no)', () => {
    expect(ccmTolerations('rke2').some((t) => tolerates(t, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }))).toBe(false);
  });

  it('writes the documented RKE2 values with the pinned image and leader migration', () => {
    expect(ccmValues({ distro: 'rke2', release, leaderMigration: true })).toMatchObject({
      hostNetworking: true,
      image:          { tag: 'v1.27.10' },
      nodeSelector:   { 'node-role.kubernetes.io/control-plane': 'true' },
      args:           ['--configure-cloud-routes=false', '--v=2', '--cloud-provider=aws', '--enable-leader-migration=true'],
    });
  });

  it('deletes the chart default control-plane selector key with null on RKE1', () => {
    const values = ccmValues({ distro: 'rke1', release, leaderMigration: false });

    expect(values.nodeSelector).toEqual({ 'node-role.kubernetes.io/controlplane': 'true', 'node-role.kubernetes.io/control-plane': null });
    expect(values.args).not.toContain('--enable-leader-migration=true');
  });

  it('pulls the image from the system default registry', () => {
    expect(ccmValues({ distro: 'rke1', release, registry: 'registry.corp.example.com/', leaderMigration: false }).image).toEqual({
      repository: 'registry.corp.example.com/provider-aws/cloud-controller-manager', tag: 'v1.27.10',
    });
  });
});

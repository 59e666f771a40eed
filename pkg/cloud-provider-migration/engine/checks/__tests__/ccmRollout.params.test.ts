// checkDaemonSetRollout at its boundaries (generation equal to observed, exactly one pod per control-plane node)
// and the params and causes it reports, which the UI renders into the sentence an admin reads.
import type { DaemonSetLike } from '../../types';
import { checkDaemonSetRollout, schedulingCauses } from '../ccmRollout';
import { RKE1_TOLERATIONS, RKE2_TOLERATIONS, ccmDaemonSet } from './fixtures';

const NAME = 'kube-system/aws-cloud-controller-manager';
const rke2 = { controlPlaneNodes: 3, distro: 'rke2' as const };

describe('checkDaemonSetRollout params', () => {
  it('an absent DaemonSet is named by the CCM DaemonSet it waits for', () => {
    expect(checkDaemonSetRollout(null, rke2).message.params).toEqual({ name: NAME });
  });

  it('names the strategy it cannot follow', () => {
    expect(checkDaemonSetRollout(ccmDaemonSet({ strategy: 'OnDelete' }), rke2).message.params).toEqual({ name: NAME, strategy: 'OnDelete' });
  });

  it('is not waiting for the controller once observedGeneration equals generation', () => {
    expect(checkDaemonSetRollout(ccmDaemonSet({ generation: 5, observedGeneration: 5 }), rke2).state).toBe('done');
    expect(checkDaemonSetRollout(ccmDaemonSet({ generation: 5, observedGeneration: 6 }), rke2).state).toBe('done');
  });

  it('gives both generations while the controller has not observed the spec', () => {
    expect(checkDaemonSetRollout(ccmDaemonSet({ generation: 5, observedGeneration: 4 }), rke2).message).toEqual({
      key: 'checks.ccmRollout.specNotObserved', params: { name: NAME, generation: 5, observed: 4 },
    });
  });

  it('counts a missing generation and status as 0: no status at all is zero desired pods', () => {
    const ds: DaemonSetLike = { ...ccmDaemonSet(), status: undefined } as DaemonSetLike;

    delete (ds.metadata as any).generation;
    expect(checkDaemonSetRollout(ds, rke2).message).toEqual({
      key: 'checks.ccmRollout.fewerThanControlPlane', params: { name: NAME, desired: 0, controlPlaneNodes: 3 },
    });
  });

  it('a generation the controller never reported is not observed', () => {
    const ds = ccmDaemonSet({ generation: 1 });

    delete (ds.status as any).observedGeneration;
    expect(checkDaemonSetRollout(ds, rke2).message.key).toBe('checks.ccmRollout.specNotObserved');
  });

  it('exactly one pod per control-plane node is enough, one fewer is not', () => {
    expect(checkDaemonSetRollout(ccmDaemonSet({ desired: 3 }), rke2).message).toEqual({
      key: 'checks.ccmRollout.done', params: { name: NAME, desired: 3, controlPlaneNodes: 3 },
    });
    expect(checkDaemonSetRollout(ccmDaemonSet({ desired: 2 }), rke2).message).toEqual({
      key: 'checks.ccmRollout.fewerThanControlPlane', params: { name: NAME, desired: 2, controlPlaneNodes: 3 },
    });
  });

  it('reports the counts while pods are updated and then available, and is done once all are', () => {
    expect(checkDaemonSetRollout(ccmDaemonSet({ desired: 3, updated: 2 }), rke2).message.params).toEqual({ name: NAME, updated: 2, desired: 3 });
    expect(checkDaemonSetRollout(ccmDaemonSet({ desired: 3, updated: 3, available: 2 }), rke2).message.params).toEqual({ name: NAME, available: 2, desired: 3 });
    expect(checkDaemonSetRollout(ccmDaemonSet({ desired: 3, updated: 3, available: 3 }), rke2).state).toBe('done');
  });

  it('a DaemonSet that cannot schedule names the distro in capitals and the counts', () => {
    const result = checkDaemonSetRollout(ccmDaemonSet({ desired: 0, nodeSelector: { 'example.com/ccm': 'yes' } }), { controlPlaneNodes: 2, distro: 'rke1' });

    expect(result.state).toBe('failed');
    expect(result.message.params).toEqual({ name: NAME, desired: 0, controlPlaneNodes: 2, distro: 'RKE1' });
  });

  it('a DaemonSet read without spec is judged as RollingUpdate, and its zero pods blamed on the missing tolerations', () => {
    const ds = { ...ccmDaemonSet({ desired: 0 }), spec: undefined } as DaemonSetLike;
    const result = checkDaemonSetRollout(ds, rke2);

    expect(result.message.key).toBe('checks.ccmRollout.notScheduled');
    expect((result.details || []).map((d) => d.key)).toEqual(['checks.ccmRollout.cause.taintNotTolerated', 'checks.ccmRollout.cause.taintNotTolerated']);
  });

  it('zero desired pods is not done even when no control-plane node was counted', () => {
    expect(checkDaemonSetRollout(ccmDaemonSet({ desired: 0 }), { controlPlaneNodes: 0, distro: 'rke2' }).state).toBe('waiting');
  });
});

describe('schedulingCauses', () => {
  const ds = (nodeSelector: Record<string, string> | undefined, tolerations: any[] | undefined): DaemonSetLike => {
    const d = ccmDaemonSet();

    d.spec!.template!.spec = { nodeSelector, tolerations } as any;

    return d;
  };

  it('is empty for the selector and tolerations the engine writes, on both distros', () => {
    expect(schedulingCauses(ds({ 'node-role.kubernetes.io/control-plane': 'true', 'kubernetes.io/os': 'linux' }, RKE2_TOLERATIONS), 'rke2')).toEqual([]);
    expect(schedulingCauses(ds({ 'node-role.kubernetes.io/controlplane': 'true', 'beta.kubernetes.io/arch': 'amd64' }, RKE1_TOLERATIONS), 'rke1')).toEqual([]);
  });

  it('a pod template without selector or tolerations misses both control-plane taints', () => {
    expect(schedulingCauses(ds(undefined, undefined), 'rke2')).toEqual([
      { key: 'checks.ccmRollout.cause.taintNotTolerated', params: { taint: 'node-role.kubernetes.io/control-plane:NoSchedule' } },
      { key: 'checks.ccmRollout.cause.taintNotTolerated', params: { taint: 'node-role.kubernetes.io/etcd:NoExecute' } },
    ]);
    const noTemplate = ccmDaemonSet();

    delete noTemplate.spec!.template;
    expect(schedulingCauses(noTemplate, 'rke1').map((c) => c.params)).toEqual([
      { taint: 'node-role.kubernetes.io/controlplane=true:NoSchedule' },
      { taint: 'node-role.kubernetes.io/etcd=true:NoExecute' },
    ]);
  });

  it('gives the key and expected label of each selector cause', () => {
    expect(schedulingCauses(ds({ 'node-role.kubernetes.io/control-plane': 'false', 'node-role.kubernetes.io/controlplane': 'true', pool: 'a' }, RKE2_TOLERATIONS), 'rke2')).toEqual([
      { key: 'checks.ccmRollout.cause.selectorValue', params: { key: 'node-role.kubernetes.io/control-plane', value: '"false"', expected: 'true' } },
      { key: 'checks.ccmRollout.cause.rke1Key', params: { key: 'node-role.kubernetes.io/controlplane', expected: 'node-role.kubernetes.io/control-plane=true' } },
      { key: 'checks.ccmRollout.cause.unknownKey', params: { key: 'pool', value: 'a' } },
    ]);
    expect(schedulingCauses(ds({ 'node-role.kubernetes.io/control-plane': '' }, RKE1_TOLERATIONS), 'rke1')).toEqual([
      { key: 'checks.ccmRollout.cause.chartDefaultKeyKept', params: { key: 'node-role.kubernetes.io/control-plane', expected: 'node-role.kubernetes.io/controlplane=true' } },
    ]);
  });

  it('names a same-key toleration that cannot match an empty RKE2 taint value, with its value', () => {
    const tolerations = [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
      // An operator Kubernetes does not know, no value: matches nothing.
      { key: 'node-role.kubernetes.io/etcd', operator: 'In' },
    ];

    expect(schedulingCauses(ds(undefined, tolerations), 'rke2')).toEqual([
      { key: 'checks.ccmRollout.cause.emptyTaintValue', params: { key: 'node-role.kubernetes.io/control-plane', value: 'true' } },
      { key: 'checks.ccmRollout.cause.emptyTaintValue', params: { key: 'node-role.kubernetes.io/etcd', value: '' } },
    ]);
  });

  it('blames the toleration of the taint\'s own key, not an earlier toleration of another key', () => {
    const tolerations = [
      { key: 'dedicated', value: 'ccm' },
      { key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/etcd', operator: 'Exists' },
    ];

    expect(schedulingCauses(ds(undefined, tolerations), 'rke2')).toEqual([
      { key: 'checks.ccmRollout.cause.emptyTaintValue', params: { key: 'node-role.kubernetes.io/control-plane', value: 'true' } },
    ]);
  });

  it('does not blame the value when the same-key toleration is for another effect, or the taint has a value (RKE1)', () => {
    const otherEffect = [{ key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoExecute' }, { key: 'node-role.kubernetes.io/etcd', operator: 'Exists' }];

    expect(schedulingCauses(ds(undefined, otherEffect), 'rke2').map((c) => c.key)).toEqual(['checks.ccmRollout.cause.taintNotTolerated']);
    const wrongValue = [{ key: 'node-role.kubernetes.io/controlplane', value: 'yes', effect: 'NoSchedule' }, { key: 'node-role.kubernetes.io/etcd', operator: 'Exists' }];

    expect(schedulingCauses(ds({ 'node-role.kubernetes.io/controlplane': 'true' }, wrongValue), 'rke1')).toEqual([
      { key: 'checks.ccmRollout.cause.taintNotTolerated', params: { taint: 'node-role.kubernetes.io/controlplane=true:NoSchedule' } },
    ]);
  });
});

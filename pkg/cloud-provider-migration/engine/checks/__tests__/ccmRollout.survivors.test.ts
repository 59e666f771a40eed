// Edges of the rollout check: the "selector matches no node" cause only when no pod is desired, an install Job
// whose pods were not read, and which toleration cause a control-plane taint gets.
import { checkDaemonSetRollout, schedulingCauses } from '../ccmRollout';
import { ccmDaemonSet, rke2ControlPlane } from './fixtures';
import { installJob } from './podFixtures';

describe('checkDaemonSetRollout: the selector-matches-no-node cause', () => {
  it('is not given while the DaemonSet still wants a pod, even when the nodes read carry none of its selector labels', () => {
    // The status was counted before a node lost the label the template selects on.
    const ds = ccmDaemonSet({ desired: 1, updated: 0, nodeSelector: { 'example.com/ccm': 'yes' } });
    const result = checkDaemonSetRollout(ds, { controlPlaneNodes: 1, distro: 'rke2', nodes: [rke2ControlPlane('cp-1')] });

    expect(result.message.key).toBe('checks.ccmRollout.updated');
    expect(result.details).toEqual([
      { key: 'checks.ccmRollout.node.selectorMismatch', params: { labels: 'example.com/ccm=yes', nodes: 'cp-1' } },
    ]);
  });
});

describe('checkDaemonSetRollout: the install Job before the DaemonSet exists', () => {
  it('an active install Job whose pods were not read is waiting with "no pod"', () => {
    const result = checkDaemonSetRollout(null, { controlPlaneNodes: 3, distro: 'rke2', installJob: installJob('active') });

    expect(result).toEqual({
      state:   'waiting',
      message: { key: 'checks.ccmRollout.absent', params: { name: 'kube-system/aws-cloud-controller-manager' } },
      details: [{ key: 'checks.ccmRollout.job.noPod', params: { job: 'kube-system/helm-install-aws-cloud-controller-manager' } }],
    });
  });
});

describe('schedulingCauses: a toleration with the taint\'s key that does not tolerate it', () => {
  it('RKE1: a wrong value for a taint valued "true" is "not tolerated", not the empty-value cause', () => {
    const ds = ccmDaemonSet({
      desired:      0,
      nodeSelector: { 'node-role.kubernetes.io/controlplane': 'true' },
      tolerations:  [
        { key: 'node-role.kubernetes.io/controlplane', operator: 'Equal', value: 'false', effect: 'NoSchedule' },
        { key: 'node-role.kubernetes.io/etcd', value: 'true', effect: 'NoExecute' },
      ],
    });

    expect(schedulingCauses(ds, 'rke1')).toEqual([
      { key: 'checks.ccmRollout.cause.taintNotTolerated', params: { taint: 'node-role.kubernetes.io/controlplane=true:NoSchedule' } },
    ]);
  });

  it('RKE2: an empty operator means Equal, so a value for the empty-valued taint is the empty-value cause', () => {
    const ds = ccmDaemonSet({
      desired:     0,
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: '', value: 'true', effect: 'NoSchedule' },
        { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' },
      ],
    });

    expect(schedulingCauses(ds, 'rke2')).toEqual([
      { key: 'checks.ccmRollout.cause.emptyTaintValue', params: { key: 'node-role.kubernetes.io/control-plane', value: 'true' } },
    ]);
  });
});

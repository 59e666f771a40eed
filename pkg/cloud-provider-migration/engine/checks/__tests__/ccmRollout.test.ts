import type { DaemonSetLike, Distro } from '../../types';
import { checkDaemonSetRollout } from '../ccmRollout';
import {
  CHART_DEFAULT_TOLERATIONS, RKE1_TOLERATIONS, RKE2_TOLERATIONS, ccmDaemonSet
} from './fixtures';
import { expectResultTranslated } from './l10n';

const RKE2_SELECTOR = { 'node-role.kubernetes.io/control-plane': 'true' };
const RKE1_SELECTOR = { 'node-role.kubernetes.io/controlplane': 'true' };

interface Row {
  name: string;
  ds: DaemonSetLike | null | undefined;
  distro?: Distro;
  controlPlaneNodes?: number;
  state: 'done' | 'waiting' | 'failed';
  key: string;
  causes?: string[];
}

const rows: Row[] = [
  {
    name: 'a DaemonSet that was never read is waiting for creation', ds: undefined, state: 'waiting', key: 'checks.ccmRollout.absent'
  },
  {
    name: 'a DaemonSet that does not exist yet is waiting for creation', ds: null, state: 'waiting', key: 'checks.ccmRollout.absent'
  },
  {
    name: 'an OnDelete DaemonSet cannot be followed and fails', ds: ccmDaemonSet({ strategy: 'OnDelete' }), state: 'failed', key: 'checks.ccmRollout.notRollingUpdate'
  },
  {
    name: 'rollout waits while observedGeneration lags behind generation', ds: ccmDaemonSet({ generation: 3, observedGeneration: 2 }), state: 'waiting', key: 'checks.ccmRollout.specNotObserved'
  },
  {
    name: 'rollout waits while fewer pods are updated than desired', ds: ccmDaemonSet({ desired: 3, updated: 1 }), state: 'waiting', key: 'checks.ccmRollout.updated'
  },
  {
    name: 'rollout waits while updated pods are not all available', ds: ccmDaemonSet({ desired: 3, updated: 3, available: 2 }), state: 'waiting', key: 'checks.ccmRollout.available'
  },
  {
    name: 'a DaemonSet with one available pod per control-plane node is done', ds: ccmDaemonSet({ desired: 3 }), state: 'done', key: 'checks.ccmRollout.done'
  },
  {
    name: 'more pods than control-plane nodes is still done', ds: ccmDaemonSet({ desired: 4 }), state: 'done', key: 'checks.ccmRollout.done'
  },
  {
    name:     'a DaemonSet with zero desired pods is not done, and the RKE1 chart default key kept by Helm is named',
    ds:       ccmDaemonSet({ desired: 0, nodeSelector: { 'node-role.kubernetes.io/control-plane': '', ...RKE1_SELECTOR }, tolerations: RKE1_TOLERATIONS }),
    distro:   'rke1',
    state:    'failed',
    key:      'checks.ccmRollout.notScheduled',
    causes:   ['checks.ccmRollout.cause.chartDefaultKeyKept'],
  },
  {
    name:   'the chart default selector value "" does not select RKE2 nodes labelled true',
    ds:     ccmDaemonSet({ desired: 0, nodeSelector: { 'node-role.kubernetes.io/control-plane': '' } }),
    state:  'failed',
    key:    'checks.ccmRollout.notScheduled',
    causes: ['checks.ccmRollout.cause.selectorValue'],
  },
  {
    name:   'an RKE1 selector copied onto an RKE2 cluster is named',
    ds:     ccmDaemonSet({ desired: 0, nodeSelector: RKE1_SELECTOR }),
    state:  'failed',
    key:    'checks.ccmRollout.notScheduled',
    causes: ['checks.ccmRollout.cause.rke1Key'],
  },
  {
    name:   'a selector on a label Rancher does not set is named',
    ds:     ccmDaemonSet({ desired: 0, nodeSelector: { ...RKE2_SELECTOR, 'example.com/ccm': 'yes', 'kubernetes.io/os': 'linux' } }),
    state:  'failed',
    key:    'checks.ccmRollout.notScheduled',
    causes: ['checks.ccmRollout.cause.unknownKey'],
  },
  {
    name:   'the chart default tolerations miss the etcd taint of RKE2 control-plane + etcd nodes',
    ds:     ccmDaemonSet({ desired: 0, tolerations: CHART_DEFAULT_TOLERATIONS }),
    state:  'failed',
    key:    'checks.ccmRollout.notScheduled',
    causes: ['checks.ccmRollout.cause.taintNotTolerated'],
  },
  {
    name:   'a toleration with value "true" does not match the empty-valued RKE2 control-plane taint',
    ds:     ccmDaemonSet({ desired: 1, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoSchedule' }, { key: 'node-role.kubernetes.io/etcd', operator: 'Exists' }] }),
    state:  'failed',
    key:    'checks.ccmRollout.notScheduled',
    causes: ['checks.ccmRollout.cause.emptyTaintValue'],
  },
  {
    name:   'RKE2 tolerations on an RKE1 cluster miss both RKE1 taints',
    ds:     ccmDaemonSet({ desired: 0, nodeSelector: RKE1_SELECTOR, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }),
    distro: 'rke1',
    state:  'failed',
    key:    'checks.ccmRollout.notScheduled',
    causes: ['checks.ccmRollout.cause.taintNotTolerated', 'checks.ccmRollout.cause.taintNotTolerated'],
  },
  {
    name:  'fewer pods than control-plane nodes with a correct template is waiting, not failed (a node may be joining)',
    ds:    ccmDaemonSet({ desired: 2 }),
    state: 'waiting',
    key:   'checks.ccmRollout.fewerThanControlPlane',
  },
  {
    name:             'zero desired pods with a correct template and no control-plane node found is still not done',
    ds:               ccmDaemonSet({ desired: 0, tolerations: [{ operator: 'Exists' }] }),
    controlPlaneNodes: 0,
    state:            'waiting',
    key:              'checks.ccmRollout.fewerThanControlPlane',
  },
  {
    name:   'an RKE1 DaemonSet with the RKE1 selector and tolerations is done',
    ds:     ccmDaemonSet({ desired: 3, nodeSelector: RKE1_SELECTOR, tolerations: RKE1_TOLERATIONS }),
    distro: 'rke1',
    state:  'done',
    key:    'checks.ccmRollout.done',
  },
];

describe('checkDaemonSetRollout', () => {
  it.each(rows)('$name', (row) => {
    const result = checkDaemonSetRollout(row.ds, { controlPlaneNodes: row.controlPlaneNodes ?? 3, distro: row.distro ?? 'rke2' });

    expect(result.state).toBe(row.state);
    expect(result.message.key).toBe(row.key);
    expect((result.details || []).map((d) => d.key)).toEqual(row.causes || []);
    expectResultTranslated(result);
  });

  it('names the DaemonSet and gives the counts', () => {
    const result = checkDaemonSetRollout(ccmDaemonSet({ desired: 3, updated: 1 }), { controlPlaneNodes: 3, distro: 'rke2' });

    expect(result.message.params).toEqual({ name: 'kube-system/aws-cloud-controller-manager', updated: 1, desired: 3 });
  });

  it('a DaemonSet the API server defaulted (no updateStrategy in the object) is judged as RollingUpdate', () => {
    const ds = ccmDaemonSet({ desired: 3 });

    delete ds.spec!.updateStrategy;

    expect(checkDaemonSetRollout(ds, { controlPlaneNodes: 3, distro: 'rke2' }).state).toBe('done');
  });

  it('the RKE2 tolerations we write pass even with the etcd taint, so zero pods is then blamed on the selector only', () => {
    const result = checkDaemonSetRollout(ccmDaemonSet({ desired: 0, nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }, tolerations: RKE2_TOLERATIONS }), { controlPlaneNodes: 3, distro: 'rke2' });

    expect(result.details).toEqual([{ key: 'checks.ccmRollout.cause.selectorValue', params: { key: 'node-role.kubernetes.io/control-plane', value: '""', expected: 'true' } }]);
  });
});

/** @jest-environment ./node_modules/jest-environment-node */
import { KObj } from '../../store';
import { renderCcmDaemonSet } from '../chart/ccmChart';
import { coalesceValues } from '../chart/helmValues';
import { nodeShouldRunDaemonPod } from '../controllers/daemonSet';
import { toleratesTaint } from '../k8s/taints';
import { buildNode, NodeSeed } from '../seed/nodes';

function node(distro: 'rke2' | 'rke1', roles: { controlPlane: boolean; etcd: boolean; worker: boolean }, extra: Partial<KObj['spec']> = {}): KObj {
  const seed: NodeSeed = {
    name: 'n1', distro, roles, kubernetesVersion: 'v1.26.15+rke2r1', region: 'us-east-2', zone: 'us-east-2a', instanceType: 't3.large', ip: '10.0.0.1', instanceId: 'i-0abc', ec2Name: 'ip-10-0-0-1.us-east-2.compute.internal', machineHostname: 'm1', providerID: '', cloudLabels: 'aws', now: '2025-01-01T00:00:00Z'
  };
  const n = buildNode(seed);

  n.spec = { ...n.spec, ...extra };

  return n;
}

const render = (values: Record<string, any>) => renderCcmDaemonSet(values, {
  name: 'aws-cloud-controller-manager', namespace: 'kube-system', chartVersion: '0.0.8', revision: 1
});
const CP_ONLY = { controlPlane: true, etcd: false, worker: false };
const CP_ETCD = { controlPlane: true, etcd: true, worker: false };

describe('toleration matching', () => {
  it.each([
    ['Equal with value "true" does not match an empty-valued taint', { key: 'k', value: 'true', effect: 'NoSchedule' }, { key: 'k', effect: 'NoSchedule' }, false],
    ['Equal without value matches an empty-valued taint', { key: 'k', effect: 'NoSchedule' }, { key: 'k', effect: 'NoSchedule' }, true],
    ['Exists matches any value', { key: 'k', operator: 'Exists', effect: 'NoSchedule' }, { key: 'k', value: 'x', effect: 'NoSchedule' }, true],
    ['an empty key with Exists matches every taint', { operator: 'Exists' }, { key: 'anything', effect: 'NoExecute' }, true],
    ['a different effect does not match', { key: 'k', operator: 'Exists', effect: 'NoSchedule' }, { key: 'k', effect: 'NoExecute' }, false],
    ['an empty effect matches every effect', { key: 'k', operator: 'Exists' }, { key: 'k', effect: 'NoExecute' }, true],
  ])('%s', (_n, tol, taint, expected) => {
    expect(toleratesTaint(tol, taint)).toBe(expected);
  });
});

describe('CCM DaemonSet placement traps', () => {
  it('RKE1: overriding nodeSelector with controlplane keeps the chart default control-plane: "" key, so no RKE1 node qualifies (Helm merges maps)', () => {
    const ds = render({ nodeSelector: { 'node-role.kubernetes.io/controlplane': 'true' }, tolerations: [{ key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' }, { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' }] });

    expect(ds.spec.template.spec.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/controlplane': 'true' });
    expect(nodeShouldRunDaemonPod(ds, node('rke1', CP_ETCD))).toBe(false);
  });

  it('RKE1: nulling the default key leaves only the controlplane selector, and the node qualifies', () => {
    const ds = render({ nodeSelector: { 'node-role.kubernetes.io/control-plane': null, 'node-role.kubernetes.io/controlplane': 'true' }, tolerations: [{ key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' }, { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' }] });

    expect(nodeShouldRunDaemonPod(ds, node('rke1', CP_ETCD))).toBe(true);
  });

  it.each([
    ['value "true" with Equal does not tolerate the empty RKE2 control-plane taint (docs/rancher-behaviour.md#control-plane-taints)', [{ key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoSchedule' }], false],
    ['Exists tolerates it', [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }], true],
    ['the chart default (no value) tolerates it', undefined, true],
  ])('dedicated RKE2 control-plane node: %s', (_n, tolerations, expected) => {
    const ds = render({ nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' }, ...(tolerations ? { tolerations } : {}) });

    expect(nodeShouldRunDaemonPod(ds, node('rke2', CP_ONLY))).toBe(expected);
  });

  it('the chart default tolerations leave control-plane+etcd RKE2 nodes out (etcd NoExecute, not in the chart defaults)', () => {
    expect(nodeShouldRunDaemonPod(render({ nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' } }), node('rke2', CP_ETCD))).toBe(false);
  });

  it('a cordoned node still gets its daemon pod (daemon pods tolerate unschedulable)', () => {
    const ds = render({ nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' } });

    expect(nodeShouldRunDaemonPod(ds, node('rke2', CP_ONLY, { unschedulable: true }))).toBe(true);
  });
});

describe('helm values coalescing', () => {
  it.each([
    ['maps merge key by key', { m: { a: 1 } }, { m: { b: 2 } }, { m: { a: 1, b: 2 } }],
    ['lists replace', { l: [1, 2] }, { l: [3] }, { l: [3] }],
    ['null deletes a default key', { m: { a: 1, b: 2 } }, { m: { a: null } }, { m: { b: 2 } }],
    ['scalars replace', { s: 'x' }, { s: 'y' }, { s: 'y' }],
  ])('%s', (_n, defaults, user, expected) => {
    expect(coalesceValues(defaults, user as any)).toEqual(expected);
  });
});

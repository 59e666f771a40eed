import {
  ambiguousSelectorIndexes, clusterRoleSets, effectiveConfig, effectiveConfigSources, effectiveConfigVariants, roleLabels, STANDARD_ROLE_SETS,
} from '../rke2/effectiveConfig';
import { rke2RoleSetConfigs } from '../cluster/detection';

const CP = roleLabels(['control-plane']);
const WORKER = roleLabels(['worker']);
const cpIn = { matchExpressions: [{ key: 'rke.cattle.io/control-plane-role', operator: 'In', values: ['true'] }] };

describe('effectiveConfig (the planner merge rule)', () => {
  it.each([
    ['global only', { machineGlobalConfig: { a: 1 } }, CP, { a: 1 }],
    ['an entry without selector applies to every machine', { machineGlobalConfig: { a: 1 }, machineSelectorConfig: [{ config: { a: 2 } }] }, WORKER, { a: 2 }],
    ['a matching selector overrides global', { machineGlobalConfig: { a: 1 }, machineSelectorConfig: [{ config: { a: 3 }, machineLabelSelector: cpIn }] }, CP, { a: 3 }],
    ['a non-matching entry is ignored', { machineGlobalConfig: { a: 1 }, machineSelectorConfig: [{ config: { a: 3 }, machineLabelSelector: cpIn }] }, WORKER, { a: 1 }],
    ['the last of two matching entries wins', { machineSelectorConfig: [{ config: { a: 1 } }, { config: { a: 2 }, machineLabelSelector: cpIn }] }, CP, { a: 2 }],
    ['lists are replaced, never merged', { machineGlobalConfig: { 'kubelet-arg': ['x'] }, machineSelectorConfig: [{ config: { 'kubelet-arg': ['y'] } }] }, CP, { 'kubelet-arg': ['y'] }],
    ['matchLabels must all hold', { machineSelectorConfig: [{ config: { a: 1 }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/control-plane-role': 'true', 'rke.cattle.io/etcd-role': 'true' } } }] }, CP, {}],
    ['NotIn matches a machine without the label', { machineSelectorConfig: [{ config: { a: 1 }, machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/worker-role', operator: 'NotIn', values: ['true'] }] } }] }, CP, { a: 1 }],
    ['NotIn excludes a machine with the value', { machineSelectorConfig: [{ config: { a: 1 }, machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/worker-role', operator: 'NotIn', values: ['true'] }] } }] }, WORKER, {}],
    ['Exists needs the label', { machineSelectorConfig: [{ config: { a: 1 }, machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/worker-role', operator: 'Exists' }] } }] }, WORKER, { a: 1 }],
    ['DoesNotExist needs the label absent', { machineSelectorConfig: [{ config: { a: 1 }, machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/worker-role', operator: 'DoesNotExist' }] } }] }, WORKER, {}],
    ['an empty selector matches everything', { machineSelectorConfig: [{ config: { a: 1 }, machineLabelSelector: {} }] }, WORKER, { a: 1 }],
    ['an unknown operator never matches', { machineSelectorConfig: [{ config: { a: 1 }, machineLabelSelector: { matchExpressions: [{ key: 'x', operator: 'Gt', values: ['1'] }] } }] }, WORKER, {}],
  ])('%s', (_name, rkeConfig, labels, expected) => {
    expect(effectiveConfig(rkeConfig, labels)).toEqual(expected);
  });

  it('says where each effective key comes from', () => {
    const rkeConfig = { machineGlobalConfig: { a: 1, b: 1 }, machineSelectorConfig: [{ config: { b: 2 }, machineLabelSelector: cpIn }] };

    expect(effectiveConfigSources(rkeConfig, CP)).toEqual({ a: 'spec.rkeConfig.machineGlobalConfig', b: 'spec.rkeConfig.machineSelectorConfig[0].config' });
  });
});

describe('role sets and ambiguous selectors', () => {
  it('takes the role combinations of the machine pools, once each', () => {
    const rkeConfig = {
      machinePools: [
        { name: 'a', controlPlaneRole: true, etcdRole: true },
        { name: 'b', workerRole: true },
        { name: 'c', workerRole: true },
      ],
    };

    expect(clusterRoleSets(rkeConfig)).toEqual([['control-plane', 'etcd'], ['worker']]);
  });

  it('uses the standard combinations for a custom cluster', () => {
    expect(clusterRoleSets({})).toEqual(STANDARD_ROLE_SETS);
  });

  it('reports entries whose selectors use non-role labels, and computes both ways', () => {
    const rkeConfig = {
      machineGlobalConfig:   { 'cloud-provider-name': 'aws' },
      machineSelectorConfig: [
        { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/worker-role': 'true', pool: 'gpu' } } },
        { config: { x: 1 }, machineLabelSelector: cpIn },
      ],
      machinePools: [{ controlPlaneRole: true }, { workerRole: true }],
    };

    expect(ambiguousSelectorIndexes(rkeConfig)).toEqual([0]);
    expect(effectiveConfigVariants(rkeConfig, WORKER).map((c) => c['kubelet-arg'])).toEqual([['cloud-provider=external'], undefined]);
    const sets = rke2RoleSetConfigs(rkeConfig);

    expect(sets.find((s) => s.roles.includes('worker'))).toMatchObject({ ambiguous: true, kubelet: 'external' });
    expect(sets.find((s) => s.roles.includes('control-plane'))).toMatchObject({ ambiguous: false, kubelet: undefined });
  });
});

/** @jest-environment ./node_modules/jest-environment-node */
import { effectiveMachineConfig } from '../planner/mergeConfig';
import { selectorMatches } from '../k8s/selector';

const CP = { 'rke.cattle.io/control-plane-role': 'true', 'rke.cattle.io/etcd-role': 'true' };
const WORKER = { 'rke.cattle.io/worker-role': 'true' };

describe('planner merge rule', () => {
  it.each([
    ['machineGlobalConfig alone is the whole config', { machineGlobalConfig: { a: 1 } }, CP, { a: 1 }],
    ['a selector-less entry overrides the global value', { machineGlobalConfig: { 'cloud-provider-name': 'aws' }, machineSelectorConfig: [{ config: { 'cloud-provider-name': 'external' } }] }, CP, { 'cloud-provider-name': 'external' }],
    ['a later matching entry replaces a list instead of merging it', { machineSelectorConfig: [{ config: { 'kubelet-arg': ['a=1'] } }, { config: { 'kubelet-arg': ['b=2'] }, machineLabelSelector: { matchLabels: CP } }] }, CP, { 'kubelet-arg': ['b=2'] }],
    ['an entry whose selector does not match is skipped', { machineSelectorConfig: [{ config: { x: 1 }, machineLabelSelector: { matchLabels: WORKER } }] }, CP, {}],
    ['entries apply in order, the last matching one wins', { machineSelectorConfig: [{ config: { x: 1 } }, { config: { x: 2 }, machineLabelSelector: { matchLabels: CP } }, { config: { x: 3 } }] }, CP, { x: 3 }],
    ['editing only machineGlobalConfig is hidden by the selector-less entry (docs/rancher-behaviour.md#provider-location)', { machineGlobalConfig: { 'cloud-provider-name': 'external' }, machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws' } }] }, WORKER, { 'cloud-provider-name': 'aws' }],
  ])('%s', (_name, rkeConfig, labels, expected) => {
    expect(effectiveMachineConfig(rkeConfig as any, labels)).toEqual(expected);
  });
});

describe('label selectors', () => {
  const labels = { a: '1', b: '2' };

  it.each([
    ['In with the value', { matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '3'] }] }, true],
    ['In without the value', { matchExpressions: [{ key: 'a', operator: 'In', values: ['3'] }] }, false],
    ['NotIn with the value', { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, false],
    ['NotIn on an absent key', { matchExpressions: [{ key: 'z', operator: 'NotIn', values: ['1'] }] }, true],
    ['Exists on a present key', { matchExpressions: [{ key: 'b', operator: 'Exists' }] }, true],
    ['Exists on an absent key', { matchExpressions: [{ key: 'z', operator: 'Exists' }] }, false],
    ['DoesNotExist on an absent key', { matchExpressions: [{ key: 'z', operator: 'DoesNotExist' }] }, true],
    ['DoesNotExist on a present key', { matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, false],
    ['matchLabels and matchExpressions are ANDed', { matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'In', values: ['9'] }] }, false],
    ['an empty selector matches everything', {}, true],
  ])('%s', (_name, sel, expected) => {
    expect(selectorMatches(sel as any, labels)).toBe(expected);
  });
});

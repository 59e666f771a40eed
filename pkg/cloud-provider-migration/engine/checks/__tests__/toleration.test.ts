import type { Taint } from '../../types';
import { formatTaint, tolerates, type Toleration } from '../toleration';

const rke2ControlPlaneTaint: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
const rke1ControlPlaneTaint: Taint = { key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' };

describe('tolerates', () => {
  it.each<[string, Toleration, Taint, boolean]>([
    ['a key-only toleration matches the empty-valued RKE2 taint', { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, rke2ControlPlaneTaint, true],
    ['value "true" does not match the empty-valued RKE2 taint', { key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoSchedule' }, rke2ControlPlaneTaint, false],
    ['Exists matches whatever the value', { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }, rke2ControlPlaneTaint, true],
    ['value "true" matches the RKE1 taint', { key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' }, rke1ControlPlaneTaint, true],
    ['a different effect does not match', { key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoExecute' }, rke1ControlPlaneTaint, false],
    ['a different key does not match', { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }, rke2ControlPlaneTaint, false],
    ['an empty key with Exists tolerates everything', { operator: 'Exists' }, rke1ControlPlaneTaint, true],
    ['an empty key without Exists tolerates nothing', { value: 'true' }, rke1ControlPlaneTaint, false],
    ['an unknown operator tolerates nothing', { key: 'node-role.kubernetes.io/controlplane', operator: 'In', value: 'true' }, rke1ControlPlaneTaint, false],
  ])('%s', (_name, toleration, taint, expected) => {
    expect(tolerates(toleration, taint)).toBe(expected);
  });
});

describe('formatTaint', () => {
  it.each([
    ['an empty value is left out, as kubectl prints it', rke2ControlPlaneTaint, 'node-role.kubernetes.io/control-plane:NoSchedule'],
    ['a value is printed after =', rke1ControlPlaneTaint, 'node-role.kubernetes.io/controlplane=true:NoSchedule'],
  ])('%s', (_name, taint, expected) => {
    expect(formatTaint(taint)).toBe(expected);
  });
});

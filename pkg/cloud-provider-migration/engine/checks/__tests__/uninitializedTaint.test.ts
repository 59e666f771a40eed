import { checkUninitializedTaint, UNINITIALIZED_TAINT } from '../uninitializedTaint';
import { rke2ControlPlane, rke2Worker } from './fixtures';
import { expectResultTranslated } from './l10n';

const uninitialized = { key: UNINITIALIZED_TAINT, value: 'true', effect: 'NoSchedule' };

describe('checkUninitializedTaint', () => {
  it.each([
    ['nodes with only role taints are done', [rke2ControlPlane('cp-1'), rke2Worker('w-1')], 'done', 'checks.uninitializedTaint.done', []],
    ['no nodes at all is waiting', [], 'waiting', 'checks.uninitializedTaint.noNodes', []],
    ['a new worker registered with --cloud-provider=external waits for the CCM', [rke2ControlPlane('cp-1'), rke2Worker('w-new', { providerID: '', taints: [uninitialized] })], 'waiting', 'checks.uninitializedTaint.present', ['w-new']],
    ['the taint is found next to the role taints of a control-plane node', [rke2ControlPlane('cp-2', {
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, uninitialized]
    })], 'waiting', 'checks.uninitializedTaint.present', ['cp-2']],
  ])('%s', (_name, nodes, state, key, tainted) => {
    const result = checkUninitializedTaint(nodes);

    expect(result.state).toBe(state);
    expect(result.message.key).toBe(key);
    expect((result.details || []).map((d) => d.params?.node)).toEqual(tainted);
    expectResultTranslated(result);
  });
});

import { checkClusterReconciled } from '../clusterReconcile';
import { expectResultTranslated } from './l10n';

describe('checkClusterReconciled', () => {
  it.each([
    ['a Ready cluster whose update is not written yet is waiting for the update', false, true, 'waiting', 'checks.clusterReconcile.updatePending'],
    ['an updated cluster that is Ready is done', true, true, 'done', 'checks.clusterReconcile.ready'],
    ['an updated cluster that is still updating is waiting', true, false, 'waiting', 'checks.clusterReconcile.updating'],
    ['an updated cluster whose state was not read is waiting', true, undefined, 'waiting', 'checks.notObserved'],
  ] as const)('%s', (_name, updateDone, ready, state, key) => {
    const result = checkClusterReconciled(updateDone, ready);

    expect(result.state).toBe(state);
    expect(result.message.key).toBe(key);
    expectResultTranslated(result);
  });
});

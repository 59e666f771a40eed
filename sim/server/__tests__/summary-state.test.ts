import { summarize } from '../summary-state';

const withConditions = (conditions: { type: string; status: string; message?: string }[], extra: Record<string, unknown> = {}) => ({ metadata: { name: 'x' }, status: { conditions, ...extra } });

describe('metadata.state summary', () => {
  it.each([
    ['no conditions', withConditions([]), 'active', false, false],
    ['all True', withConditions([{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }]), 'active', false, false],
    ['Updated Unknown', withConditions([{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'Unknown' }]), 'updating', false, true],
    ['Provisioned Unknown', withConditions([{ type: 'Provisioned', status: 'Unknown' }]), 'provisioning', false, true],
    ['Updated False', withConditions([{ type: 'Updated', status: 'False' }]), 'updating', true, false],
    ['Ready False alone', withConditions([{ type: 'Ready', status: 'False' }]), 'unavailable', false, true],
    ['Failed True', withConditions([{ type: 'Failed', status: 'True' }]), 'error', true, false],
    ['a catalog app summary', { metadata: { name: 'a' }, status: { summary: { state: 'deployed' } } }, 'deployed', false, false],
    ['a namespace phase', { metadata: { name: 'n' }, status: { phase: 'Active' } }, 'active', false, false],
    ['being deleted', { metadata: { name: 'd', deletionTimestamp: '2025-01-01T00:00:00Z' } }, 'removing', false, true],
    // wrangler kstatus on a helm Operation: SetTransitioning, SetActive, SetError
    ['Reconciling True', withConditions([{ type: 'Reconciling', status: 'True' }, { type: 'Stalled', status: 'False' }]), 'reconciling', false, true],
    ['Reconciling False', withConditions([{ type: 'Reconciling', status: 'False' }, { type: 'Stalled', status: 'False' }]), 'active', false, false],
    ['Stalled True', withConditions([{ type: 'Reconciling', status: 'False' }, { type: 'Stalled', status: 'True' }]), 'error', true, false],
  ])('%s → %s', (_name, obj, name, error, transitioning) => {
    expect(summarize(obj as any)).toMatchObject({ name, error, transitioning });
  });

  it('carries the condition message', () => {
    expect(summarize(withConditions([{ type: 'Updated', status: 'Unknown', message: 'waiting for plan' }]) as any).message).toBe('waiting for plan');
  });
});

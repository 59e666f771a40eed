// The completion summary: the lease holder, and the provider IDs and uninitialized taints counted over the nodes read.
import type { MigrationPlan, NodeLike } from '../types';
import { planMigration } from '../planning/planMigration';
import { fixture } from './fixtures';
import { completionSummary } from '../progress/completion';
import { UNINITIALIZED_TAINT } from '../checks/uninitializedTaint';

/** A migrated RKE2 cluster with every required step confirmed, the lease check ending with the message given. */
function finished(message: NonNullable<MigrationPlan['steps'][number]['check']>['message']): MigrationPlan {
  const plan = planMigration(fixture('rke2-kubectl-migrated-doc-form.yaml'));

  plan.steps.forEach((s) => {
    s.done = s.done || !s.optional;
    if (s.id === 'verify-migration-lease') {
      s.check = { state: 'done', message };
    }
  });

  return plan;
}

const HELD = { key: 'checks.migrationLease.held', params: { holder: 'ip-10-0-1-10_4f2a' } };

describe('the completion summary', () => {
  it('names no holder when the lease check found it held but gave none', () => {
    expect(completionSummary(finished({ key: 'checks.migrationLease.held' }), { entries: [], dropped: 0 }, [])?.lease).toEqual({ state: 'held', holder: '' });
    expect(completionSummary(finished({ key: 'checks.migrationLease.held', params: {} }), { entries: [], dropped: 0 }, [])?.lease).toEqual({ state: 'held', holder: '' });
  });

  it('counts only the nodes with an AWS provider ID as valid, of all the nodes', () => {
    const nodes: NodeLike[] = [
      { metadata: { name: 'a' }, spec: { providerID: 'aws:///us-east-2a/i-0abc' } },
      { metadata: { name: 'b' }, spec: { providerID: 'rke2://b' } },
      { metadata: { name: 'c' }, spec: {} },
    ];

    expect(completionSummary(finished(HELD), { entries: [], dropped: 0 }, nodes)?.providerIds).toEqual({ valid: 1, total: 3 });
  });

  it('counts a node without a spec among the nodes, as neither valid nor tainted', () => {
    const nodes: NodeLike[] = [{ metadata: { name: 'a' } }, { metadata: { name: 'b' }, spec: { providerID: 'aws:///us-east-2b/i-0def', taints: [{ key: UNINITIALIZED_TAINT, effect: 'NoSchedule' }] } }];
    const summary = completionSummary(finished(HELD), { entries: [], dropped: 0 }, nodes);

    expect(summary?.providerIds).toEqual({ valid: 1, total: 2 });
    expect(summary?.tainted).toBe(1);
  });

  it('counts only the uninitialized taint, not other taints', () => {
    const nodes: NodeLike[] = [
      { metadata: { name: 'a' }, spec: { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } },
      { metadata: { name: 'b' }, spec: { taints: [{ key: 'dedicated', effect: 'NoExecute' }, { key: UNINITIALIZED_TAINT, effect: 'NoSchedule' }] } },
      { metadata: { name: 'c' }, spec: { providerID: 'aws:///us-east-2c/i-0123' } },
    ];

    expect(completionSummary(finished(HELD), { entries: [], dropped: 0 }, nodes)?.tainted).toBe(1);
  });
});

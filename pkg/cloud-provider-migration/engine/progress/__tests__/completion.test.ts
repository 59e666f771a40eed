import type { MigrationPlan, NodeLike, PlanStep } from '../../types';
import { planMigration } from '../../planning/planMigration';
import { fixture } from '../../__tests__/fixtures';
import { completionSummary } from '../completion';
import type { Journal, JournalEntry } from '../journal';

const TAINT = 'node.cloudprovider.kubernetes.io/uninitialized';

/** A migrated RKE2 cluster whose required steps the live cluster has all confirmed; the optional cleanup is left. */
function finished(edit: (step: PlanStep) => void = () => undefined): MigrationPlan {
  const plan = planMigration(fixture('rke2-kubectl-migrated-doc-form.yaml'));

  plan.steps.forEach((s) => {
    s.done = s.done || !s.optional;
    if (s.id === 'verify-migration-lease') {
      s.check = { state: 'done', message: { key: 'checks.migrationLease.held', params: { lease: 'kube-system/cloud-provider-extraction-migration', holder: 'ip-10-0-1-10_4f2a', component: 'ccm' } } };
    }
    edit(s);
  });

  return plan;
}

const node = (name: string, providerID?: string, taints: string[] = []): NodeLike => ({
  metadata: { name }, spec: { ...(providerID ? { providerID } : {}), taints: taints.map((key) => ({ key, effect: 'NoSchedule' })) },
});

const entry = (step: JournalEntry['step'], at: string, by: string, result: JournalEntry['result'] = 'applied'): JournalEntry => ({
  step, action: 'update-cluster', by, at, result
});

const journal = (...entries: JournalEntry[]): Journal => ({ entries, dropped: 0 });

describe('completionSummary', () => {
  it('counts the nodes with an AWS provider ID and those still tainted uninitialized', () => {
    const nodes = [node('a', 'aws:///us-east-2a/i-0abc'), node('b', 'aws:///us-east-2b/i-0def'), node('c', 'rke2://c'), node('d', undefined, [TAINT])];
    const summary = completionSummary(finished(), journal(), nodes);

    expect(summary).toMatchObject({ providerIds: { valid: 2, total: 4 }, tainted: 1 });
  });

  it('says nothing of provider IDs or taints when the nodes were not read', () => {
    const summary = completionSummary(finished(), journal());

    expect(summary).toBeDefined();
    expect(summary).not.toHaveProperty('providerIds');
    expect(summary).not.toHaveProperty('tainted');
  });

  it('names the lease holder the check found, or that the lease was released by the cleanup', () => {
    expect(completionSummary(finished(), journal(), [])?.lease).toEqual({ state: 'held', holder: 'ip-10-0-1-10_4f2a' });
    const cleanedUp = finished((s) => {
      if (s.id === 'verify-migration-lease') {
        s.check = { state: 'done', message: { key: 'checks.movedPast' } };
      }
    });

    expect(completionSummary(cleanedUp, journal(), [])?.lease).toEqual({ state: 'released' });
  });

  it('keeps the verification\'s load balancer lines, the acceptance of new addresses included, and none of its others', () => {
    const kept = { key: 'checks.loadBalancers.kept', params: { total: 2, kept: 2 } };
    const accepted = { key: 'checks.loadBalancers.accepted', params: { by: 'bob', at: '2026-01-02T00:00:00Z' } };
    const plan = finished((s) => {
      if (s.id === 'verify-provider-ids') {
        s.check = {
          state: 'done', message: { key: 'checks.providerId.done', params: { total: 3 } }, details: [{ key: 'checks.uninitializedTaint.done', params: { taint: 'node.cloudprovider.kubernetes.io/uninitialized', total: 3 } }, kept, accepted],
        };
      }
    });

    expect(completionSummary(plan, journal(), [])?.loadBalancers).toEqual([kept, accepted]);
  });

  it('has no load balancer lines when the verification said nothing of them', () => {
    const plan = finished((s) => {
      if (s.id === 'verify-provider-ids') {
        s.check = { state: 'done', message: { key: 'checks.providerId.done', params: { total: 3 } }, details: [{ key: 'checks.uninitializedTaint.done', params: { taint: 'node.cloudprovider.kubernetes.io/uninitialized', total: 3 } }] };
      }
    });

    expect(completionSummary(plan, journal(), [])).not.toHaveProperty('loadBalancers');
    expect(completionSummary(finished(), journal(), [])).not.toHaveProperty('loadBalancers');
  });

  it('has no lease line for a plan without the lease check (the downtime strategy)', () => {
    const plan = finished();

    plan.steps = plan.steps.filter((s) => s.id !== 'verify-migration-lease');
    expect(completionSummary(plan, journal(), [])).not.toHaveProperty('lease');
  });

  it('lists the optional steps not done, in plan order', () => {
    expect(completionSummary(finished(), journal(), [])?.optionalLeft).toEqual(['cleanup-ccm-leader-migration', 'wait-cleanup-rollout']);
    const all = finished((s) => {
      s.done = true;
    });

    expect(completionSummary(all, journal(), [])?.optionalLeft).toEqual([]);
  });

  it('tells when and by whom the last required step was carried out, not the later optional cleanup or a failed try', () => {
    const summary = completionSummary(finished(), journal(
      entry('switch-to-external', '2026-12-05T10:00:00Z', 'alice'),
      entry('uncordon-control-plane', '2026-12-05T10:20:00Z', 'bob', 'done'),
      entry('switch-to-external', '2026-12-05T10:25:00Z', 'carol', 'failed'),
      entry('cleanup-ccm-leader-migration', '2026-12-05T11:00:00Z', 'dave'),
    ), []);

    expect(summary?.finished).toEqual({ at: '2026-12-05T10:20:00Z', by: 'bob', step: 'uncordon-control-plane' });
  });

  it('has no finish record for a cluster migrated outside the tab (no journal)', () => {
    expect(completionSummary(finished(), journal(), [])).not.toHaveProperty('finished');
  });

  it('is undefined while a required step is left or for a cluster that is not migrated', () => {
    expect(completionSummary(finished((s) => {
      s.done = s.id === 'verify-provider-ids' ? false : s.done;
    }), journal(), [])).toBeUndefined();
    expect(completionSummary({ ...finished(), status: 'migrating' }, journal(), [])).toBeUndefined();
  });
});

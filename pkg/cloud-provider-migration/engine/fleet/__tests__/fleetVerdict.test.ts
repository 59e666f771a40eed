import { fleetVerdict } from '../fleetVerdict';
import { planMigration } from '../../planning/planMigration';
import { withJournalEntry, type JournalEntry } from '../../progress/journal';
import type { MigrationPlan, PlanOptions, StepId } from '../../types';
import { ccmHelmChartText, fixture } from '../../__tests__/fixtures';

const RKE2 = 'rke2-steve-in-tree.json';

function rke2(version?: string): Record<string, any> {
  const obj = fixture(RKE2);

  if (version) {
    obj.spec.kubernetesVersion = version;
  }

  return obj;
}

/** The cluster object as it is once every update step of the plan up to `last` is applied. */
function appliedUpTo(plan: MigrationPlan, last: StepId): Record<string, any> {
  const at = plan.steps.findIndex((s) => s.id === last);
  const update = plan.steps.slice(0, at + 1).reverse().find((s) => s.object);

  return update!.object!;
}

function entry(step: StepId, result: JournalEntry['result'], extra: Partial<JournalEntry> = {}): JournalEntry {
  return {
    step, action: 'update-cluster', by: 'admin', at: '2026-03-02T10:00:00Z', result, ...extra,
  };
}

function journalled(obj: Record<string, any>, entries: JournalEntry[], choices: PlanOptions = { strategy: 'leader-migration' }): Record<string, any> {
  return entries.reduce((o, e) => withJournalEntry(o, e, choices as any), obj);
}

const required = (plan: MigrationPlan) => plan.steps.filter((s) => !s.optional).map((s) => s.id);

/** An RKE1 cluster as the cluster list holds it: the provisioning object without rkeConfig and its management cluster. */
function rke1Pair(version?: string): { provisioning: Record<string, any>; management: Record<string, any> } {
  const provisioning = fixture('rke1-provisioning-object.json');
  const management = fixture('rke1-management-in-tree.json');

  if (version) {
    management.spec.rancherKubernetesEngineConfig.kubernetesVersion = version;
  }
  provisioning.status.clusterName = management.metadata.name;

  return { provisioning, management };
}

describe('fleetVerdict', () => {
  it('in-tree RKE2 before 1.27: in-tree, and it holds back an upgrade to 1.27', () => {
    const v = fleetVerdict(rke2());

    expect(v).toMatchObject({
      kind: 'rke2', kubernetesVersion: 'v1.26.15+rke2r1', state: 'in-tree', preflight: 'upgrade-blocked', blocksUpgrade: true,
    });
    expect(v.progress).toBeUndefined();
    expect(v.lastEntry).toBeUndefined();
  });

  it('in-tree RKE2 on 1.27 or later: the tab\'s pre-flight blocker', () => {
    const obj = rke2('v1.27.16+rke2r1');
    const v = fleetVerdict(obj);

    expect(v).toMatchObject({ state: 'in-tree', preflight: 'in-tree-removed', blocksUpgrade: true });
    expect(planMigration(obj).preflight.some((p) => p.id === 'in-tree-removed' && p.severity === 'blocker')).toBe(true);
  });

  it('aws left on an RKE2 release that ignores it: the tab\'s warning, no upgrade held back', () => {
    const obj = rke2('v1.30.7+rke2r1');
    const v = fleetVerdict(obj);

    expect(v).toMatchObject({ state: 'in-tree', preflight: 'aws-ignored', blocksUpgrade: false });
    expect(planMigration(obj).preflight.some((p) => p.id === 'aws-ignored')).toBe(true);
    expect(fleetVerdict(rke2('v1.30.6+rke2r1')).preflight).toBe('in-tree-removed');
  });

  it('migrating with a journal: the step it is at, counted over the plan\'s required steps', () => {
    const plan = planMigration(rke2(), { strategy: 'leader-migration' });
    const obj = journalled(appliedUpTo(plan, 'deploy-ccm'), [entry('enable-leader-migration', 'applied'), entry('deploy-ccm', 'applied')]);
    const v = fleetVerdict(obj);
    const steps = required(planMigration(obj, { strategy: 'leader-migration' }));

    expect(v.state).toBe('migrating');
    // deploy-ccm finished: the migration is at the step after it (the CCM rollout).
    expect(v.progress).toEqual({ step: steps[steps.indexOf('deploy-ccm') + 1], number: steps.indexOf('deploy-ccm') + 2, total: steps.length });
    expect(v.lastEntry).toMatchObject({ step: 'deploy-ccm', result: 'applied', by: 'admin' });
    expect(v.strategy).toBe('leader-migration');
    expect(v.preflight).toBe('upgrade-blocked');
  });

  it('migrating: a step that failed, or was rolled back, is the step it is at', () => {
    const plan = planMigration(rke2(), { strategy: 'leader-migration' });
    const base = appliedUpTo(plan, 'deploy-ccm');
    const steps = required(plan);
    const failed = fleetVerdict(journalled(base, [entry('enable-leader-migration', 'applied'), entry('cordon-control-plane', 'failed')]));
    const rolledBack = fleetVerdict(journalled(base, [entry('deploy-ccm', 'applied'), entry('deploy-ccm', 'rolled-back', { undo: 'rollback' })]));

    expect(failed.progress).toEqual({ step: 'cordon-control-plane', number: steps.indexOf('cordon-control-plane') + 1, total: steps.length });
    expect(rolledBack.progress).toMatchObject({ step: 'deploy-ccm', number: steps.indexOf('deploy-ccm') + 1 });
  });

  it('counts the steps of the plan the migration started with: a Kubernetes upgrade adds its own', () => {
    const upgrade: PlanOptions = { strategy: 'leader-migration', targetVersion: 'v1.27.16+rke2r1' };
    const withUpgrade = planMigration(rke2(), upgrade);
    const v = fleetVerdict(journalled(appliedUpTo(withUpgrade, 'enable-leader-migration'), [entry('enable-leader-migration', 'applied')], upgrade));

    expect(required(withUpgrade)).toContain('upgrade-kubernetes');
    expect(required(withUpgrade).length).toBeGreaterThan(required(planMigration(rke2())).length);
    expect(v.progress).toEqual({ step: required(withUpgrade)[1], number: 2, total: required(withUpgrade).length });
    expect(v.strategy).toBe('leader-migration');
  });

  it('tells no step when the plan of the recorded choices does not list the journal\'s step', () => {
    const obj = appliedUpTo(planMigration(rke2(), { strategy: 'leader-migration' }), 'deploy-ccm');
    // Recorded as a downtime migration, whose plan has no deploy-ccm step.
    const v = fleetVerdict(journalled(obj, [entry('deploy-ccm', 'applied')], { strategy: 'downtime' }));

    expect(v.state).toBe('migrating');
    expect(v.progress).toBeUndefined();
    expect(v.strategy).toBe('downtime');
  });

  it('migrating without a journal (changed outside the tab): no step is told', () => {
    const plan = planMigration(rke2());
    const v = fleetVerdict(appliedUpTo(plan, 'enable-leader-migration'));

    expect(v.state).toBe('migrating');
    expect(v.progress).toBeUndefined();
  });

  it('migrated: done, nothing held back, the last journal entry kept', () => {
    const plan = planMigration(rke2('v1.27.16+rke2r1'));
    const migrated = plan.steps.filter((s) => s.object).pop()!.object!;
    const v = fleetVerdict(journalled(migrated, [entry('cleanup-ccm-leader-migration', 'applied')]));

    expect(planMigration(migrated).status).toBe('migrated');
    expect(v).toMatchObject({ state: 'migrated', preflight: 'ok', blocksUpgrade: false });
    expect(v.progress).toBeUndefined();
    expect(v.lastEntry?.step).toBe('cleanup-ccm-leader-migration');
  });

  it('not applicable: K3s, a cluster without a cloud provider, a hosted and an imported cluster', () => {
    const k3s = fixture('k3s-kubectl.yaml');
    const plain = rke2();

    plain.spec.rkeConfig.machineSelectorConfig = [{ config: {} }];
    const eks = fixture('rke1-provisioning-object.json');
    const eksManagement = {
      type: 'management.cattle.io.cluster', metadata: { name: eks.status.clusterName }, spec: { eksConfig: { region: 'us-east-2' } }, status: { driver: 'EKS', version: { gitVersion: 'v1.29.4-eks-036c24b' } },
    };
    const imported = { ...eksManagement, spec: { importedConfig: {} }, status: { driver: 'imported', version: { gitVersion: 'v1.28.9' } } };

    for (const [v, kind, reason] of [
      [fleetVerdict(k3s), 'k3s', 'reasons.k3s'],
      [fleetVerdict(plain), 'rke2', 'reasons.noCloudProvider'],
      [fleetVerdict(eks, eksManagement), 'hosted', 'reasons.hosted'],
      [fleetVerdict(eks, imported), 'imported', 'reasons.imported'],
    ] as const) {
      expect(v).toMatchObject({ kind, state: 'not-applicable', blocksUpgrade: false, reason: { key: reason } });
      expect(v.preflight).toBeUndefined();
    }
    expect(fleetVerdict(eks, eksManagement).kubernetesVersion).toBe('v1.29.4-eks-036c24b');
  });

  it('RKE1: judged from the management cluster the store holds, with the journal of the provisioning object', () => {
    const { provisioning, management } = rke1Pair();
    const v = fleetVerdict(provisioning, management);

    expect(v).toMatchObject({ kind: 'rke1', state: planMigration(management).status, preflight: 'upgrade-blocked', blocksUpgrade: true });
    expect(v.state).toBe('in-tree');

    const plan = planMigration(management, { strategy: 'leader-migration' });
    const enabled = appliedUpTo(plan, 'enable-leader-migration');
    const started = journalled(provisioning, [entry('enable-leader-migration', 'applied')]);
    const m = fleetVerdict(started, enabled);

    expect(m.state).toBe('migrating');
    expect(m.progress).toEqual({ step: required(plan)[1], number: 2, total: required(plan).length });

    // Without its management cluster, the provisioning object only points to the RKE1 cluster.
    expect(fleetVerdict(provisioning)).toMatchObject({ kind: 'rke1', state: 'not-applicable', reason: { key: 'reasons.rke1Provisioning' } });
    expect(fleetVerdict(rke1Pair('v1.27.16-rancher1-1').provisioning, rke1Pair('v1.27.16-rancher1-1').management).preflight).toBe('in-tree-removed');
  });

  it('a cluster that cannot be read is unreadable, with the reason the tab gives', () => {
    const obj = rke2();

    obj.spec.rkeConfig.additionalManifest = `${ ccmHelmChartText(['args: [--v=2']) }`;
    const v = fleetVerdict(obj);

    expect(v).toMatchObject({ state: 'unreadable', blocksUpgrade: false, reason: { key: 'errors.invalidCcmValues' } });
    expect(v.sortKey > fleetVerdict(rke2()).sortKey).toBe(true);
    // A manifest that does not name the CCM is not parsed: a list of clusters does not read user documents.
    obj.spec.rkeConfig.additionalManifest = 'kind: {';
    expect(fleetVerdict(obj).state).toBe('in-tree');
  });

  it('agrees with the plan on the state of every fixture and of each step object of a plan', () => {
    const objects = [rke2(), rke2('v1.27.16+rke2r1'), fixture('rke2-kubectl-custom.yaml'), fixture('rke2-kubectl-migrated-doc-form.yaml'), fixture('k3s-kubectl.yaml')];

    for (const strategy of ['leader-migration', 'downtime'] as const) {
      planMigration(rke2(), { strategy }).steps.forEach((s) => s.object && objects.push(s.object));
    }
    for (const obj of objects) {
      expect(fleetVerdict(obj).state).toBe(planMigration(obj).status);
    }
  });

  it('orders a fleet: upgrade blockers first, then in-tree, migrating, migrated, not applicable', () => {
    const plan = planMigration(rke2('v1.27.16+rke2r1'));
    const clusters = {
      migrated:    plan.steps.filter((s) => s.object).pop()!.object!,
      migrating:   appliedUpTo(planMigration(rke2('v1.30.7+rke2r1')), 'deploy-ccm'),
      ignored:     rke2('v1.30.7+rke2r1'),
      removed:     rke2('v1.27.16+rke2r1'),
      blocked:     rke2(),
      k3s:         fixture('k3s-kubectl.yaml'),
    };
    const order = Object.entries(clusters).map(([name, obj]) => [name, fleetVerdict(obj).sortKey]).sort((a, b) => a[1].localeCompare(b[1])).map(([name]) => name);

    expect(order).toEqual(['removed', 'blocked', 'ignored', 'migrating', 'migrated', 'k3s']);
  });

  it('reads neither the whole object nor changes it', () => {
    const obj = rke2();
    const before = JSON.stringify(obj);

    // A getter that would throw if it were read: status beyond the management cluster id, and the managed fields.
    Object.defineProperty(obj.metadata, 'managedFields', { get: () => { throw new Error('read managedFields'); }, enumerable: true, configurable: true });
    Object.defineProperty(obj.status, 'conditions', { get: () => { throw new Error('read status.conditions'); }, enumerable: true, configurable: true });
    expect(fleetVerdict(obj).state).toBe('in-tree');
    delete obj.metadata.managedFields;
    delete obj.status.conditions;
    expect(JSON.stringify(obj)).toBe(before.replace(/,"conditions":\[[^\]]*\]/, ''));
  });
});

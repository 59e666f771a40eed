// The fleet verdict of one cluster: the lean views it reads (the CCM documents of the additional manifest, the
// management cluster of an RKE1 cluster), its pre-flight verdict, the step a journalled migration is at, the sort key
// of a fleet and the row of a cluster that cannot be read.
import { fleetVerdict } from '../fleet/fleetVerdict';
import * as planning from '../planning/planMigration';
import { planMigration } from '../planning/planMigration';
import { withJournalEntry, type JournalEntry } from '../progress/journal';
import type { MigrationPlan, PlanOptions, StepId } from '../types';
import { ccmHelmChartText, fixture } from './fixtures';

type Obj = Record<string, any>;

function rke2(version?: string): Obj {
  const obj = fixture('rke2-steve-in-tree.json');

  if (version) {
    obj.spec.kubernetesVersion = version;
  }

  return obj;
}

/** The cluster object once the plan's update steps up to `last` are applied. */
function appliedUpTo(plan: MigrationPlan, last: StepId): Obj {
  const at = plan.steps.findIndex((s) => s.id === last);

  return plan.steps.slice(0, at + 1).reverse().find((s) => s.object)!.object!;
}

function entry(step: StepId, result: JournalEntry['result'], extra: Partial<JournalEntry> = {}): JournalEntry {
  return {
    step, action: 'update-cluster', by: 'admin', at: '2026-03-02T10:00:00Z', result, ...extra,
  };
}

/** The object with these journal entries; the choices are recorded with the first one (none when undefined). */
function journalled(obj: Obj, entries: JournalEntry[], choices?: Record<string, unknown>): Obj {
  return entries.reduce((o, e) => withJournalEntry(o, e, choices as PlanOptions), obj);
}

const required = (plan: MigrationPlan) => plan.steps.filter((s) => !s.optional).map((s) => s.id);

const CONFIG_MAP_NAMING_THE_CCM = [
  'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: notes', '  namespace: kube-system', 'data:', '  owner: aws-cloud-controller-manager',
].join('\n');

describe('fleetVerdict: the additional manifest it reads', () => {
  it('keeps only the documents that name the CCM chart, so a broken document of another workload is never parsed', () => {
    const obj = rke2();
    const ccmOnly = rke2();

    obj.spec.rkeConfig.additionalManifest = [CONFIG_MAP_NAMING_THE_CCM, '---', 'kind: {', '---', ccmHelmChartText([])].join('\n');
    ccmOnly.spec.rkeConfig.additionalManifest = [CONFIG_MAP_NAMING_THE_CCM, '---', ccmHelmChartText([])].join('\n');

    const v = fleetVerdict(obj);

    expect(v).toMatchObject({ kind: 'rke2', state: 'migrating', preflight: 'upgrade-blocked' });
    expect(v).toEqual(fleetVerdict(ccmOnly));
    expect(planMigration(ccmOnly).status).toBe('migrating');
  });

  it('reads a CCM HelmChart that follows a document naming the chart as its own document', () => {
    const obj = rke2();

    // A document marker with a comment starts a document too.
    obj.spec.rkeConfig.additionalManifest = [CONFIG_MAP_NAMING_THE_CCM, '--- # the CCM', ccmHelmChartText([])].join('\n');

    expect(fleetVerdict(obj)).toMatchObject({ state: 'migrating', preflight: 'upgrade-blocked' });
  });
});

describe('fleetVerdict: the objects it reads', () => {
  it('reads a provisioning cluster without status, and tells one without metadata unreadable as the tab does', () => {
    const noStatus = rke2();
    const noMetadata = rke2();

    delete noStatus.status;
    delete noMetadata.metadata;

    expect(fleetVerdict(noStatus)).toMatchObject({ kind: 'rke2', state: 'in-tree', preflight: 'upgrade-blocked' });
    expect(fleetVerdict(noMetadata)).toMatchObject({
      kind: 'unknown', kubernetesVersion: 'v1.26.15+rke2r1', state: 'unreadable', reason: { key: 'errors.incompleteCluster' },
    });
    expect(() => planMigration(noMetadata)).toThrow();
  });

  it('tells an RKE1 provisioning object by the management cluster name in its status', () => {
    const provisioning = fixture('rke1-provisioning-object.json');
    const other = fixture('rke1-provisioning-object.json');

    other.status.clusterName = 'c-other';

    expect(fleetVerdict(provisioning)).toMatchObject({
      kind: 'rke1', state: 'not-applicable', reason: { key: 'reasons.rke1Provisioning', params: { id: 'c-7tq4m' } },
    });
    expect(fleetVerdict(other)).toMatchObject({ kind: 'imported', state: 'not-applicable' });
  });

  it('reads an RKE1 cluster through its management cluster, even when the provisioning object has no spec', () => {
    const provisioning = fixture('rke1-provisioning-object.json');
    const management = fixture('rke1-management-in-tree.json');

    delete provisioning.spec;

    expect(fleetVerdict(provisioning, management)).toMatchObject({
      kind: 'rke1', kubernetesVersion: 'v1.26.15-rancher1-1', state: 'in-tree', preflight: 'upgrade-blocked', blocksUpgrade: true,
    });
  });

  it('reads the kube-controller settings of an RKE1 management cluster, and one without services', () => {
    const provisioning = fixture('rke1-provisioning-object.json');
    const management = fixture('rke1-management-in-tree.json');
    const enabled = appliedUpTo(planMigration(management), 'enable-leader-migration');
    const noServices = fixture('rke1-management-in-tree.json');

    delete noServices.spec.rancherKubernetesEngineConfig.services;

    // Enabling leader migration changes the kube-controller's settings, which the lean view keeps.
    expect(JSON.stringify(enabled.spec.rancherKubernetesEngineConfig.services.kubeController)).not.toBe(JSON.stringify(management.spec.rancherKubernetesEngineConfig.services.kubeController));
    expect(fleetVerdict(provisioning, enabled).state).toBe('migrating');
    expect(fleetVerdict(provisioning, noServices)).toMatchObject({ kind: 'rke1', state: 'in-tree' });
  });
});

describe('fleetVerdict: the pre-flight verdict', () => {
  it('says aws-ignored for an in-tree RKE2 cluster on a release that ignores aws', () => {
    expect(fleetVerdict(rke2('v1.30.7+rke2r1'))).toMatchObject({ state: 'in-tree', preflight: 'aws-ignored', blocksUpgrade: false });
  });

  it('says ok for a migrated cluster on a release that ignores the aws it still names', () => {
    const migrated = appliedUpTo(planMigration(rke2('v1.30.7+rke2r1')), 'switch-to-external');
    const names = migrated.spec.rkeConfig.machineSelectorConfig.map((c: Obj) => c.config?.['cloud-provider-name']);

    expect(names).toContain('aws');
    expect(fleetVerdict(migrated)).toMatchObject({ state: 'migrated', preflight: 'ok', blocksUpgrade: false });
  });

  it('says ok for a migrated cluster before 1.27: nothing in tree holds back an upgrade', () => {
    const migrated = appliedUpTo(planMigration(rke2()), 'switch-to-external');

    expect(fleetVerdict(migrated)).toMatchObject({
      kubernetesVersion: 'v1.26.15+rke2r1', state: 'migrated', preflight: 'ok', blocksUpgrade: false,
    });
  });

  it('says ok for a switched cluster still migrating on a release that runs aws', () => {
    const switched = appliedUpTo(planMigration(rke2('v1.27.16+rke2r1')), 'switch-to-external');

    switched.spec.rkeConfig.additionalManifest = '';

    expect(fleetVerdict(switched)).toMatchObject({ state: 'migrating', preflight: 'ok', blocksUpgrade: false });
  });
});

describe('fleetVerdict: the step a migration is at', () => {
  it('plans with the default choices when the journal recorded none', () => {
    const plan = planMigration(rke2());
    const obj = journalled(appliedUpTo(plan, 'deploy-ccm'), [entry('deploy-ccm', 'applied')]);
    const v = fleetVerdict(obj);
    const steps = required(plan);

    expect(v.state).toBe('migrating');
    expect(v.progress).toEqual({ step: 'wait-ccm-rollout', number: steps.indexOf('deploy-ccm') + 2, total: steps.length });
    expect(Object.keys(v)).not.toContain('strategy');
  });

  it('plans without the recorded target version when that no longer plans, keeping the strategy', () => {
    const base = appliedUpTo(planMigration(rke2('v1.27.16+rke2r1')), 'enable-leader-migration');
    // Recorded before the cluster reached 1.27: a target below its version now.
    const obj = journalled(base, [entry('wait-switch', 'failed')], { strategy: 'downtime', targetVersion: 'v1.26.15+rke2r1' });
    const downtime = required(planMigration(base, { strategy: 'downtime' }));

    expect(downtime).not.toEqual(required(planMigration(base)));
    expect(fleetVerdict(obj)).toMatchObject({
      state: 'migrating', strategy: 'downtime', progress: { step: 'wait-switch', number: downtime.indexOf('wait-switch') + 1, total: downtime.length },
    });
  });

  it('plans with the default choices when the recorded ones do not plan at all', () => {
    const plan = planMigration(rke2());
    const obj = journalled(appliedUpTo(plan, 'deploy-ccm'), [entry('deploy-ccm', 'failed')], { strategy: 'sideways' });
    const steps = required(plan);

    expect(fleetVerdict(obj).progress).toEqual({ step: 'deploy-ccm', number: steps.indexOf('deploy-ccm') + 1, total: steps.length });
  });

  it('plans with the recorded RKE2 form and hostname choices', () => {
    const plan = planMigration(rke2(), { rke2ExternalMode: 'external', useInstanceMetadataHostname: true });
    const obj = journalled(appliedUpTo(plan, 'deploy-ccm'), [entry('deploy-ccm', 'applied')], { rke2ExternalMode: 'external', useInstanceMetadataHostname: true });
    const steps = required(plan);

    expect(fleetVerdict(obj).progress).toEqual({ step: 'wait-ccm-rollout', number: steps.indexOf('deploy-ccm') + 2, total: steps.length });
  });

  it('lets an error that is not a migration error out of the plan through', () => {
    const plan = planMigration(rke2());
    const obj = journalled(appliedUpTo(plan, 'deploy-ccm'), [entry('deploy-ccm', 'applied')]);
    const spy = jest.spyOn(planning, 'planOutline').mockImplementation(() => {
      throw new RangeError('outline broke');
    });

    try {
      expect(() => fleetVerdict(obj)).toThrow('outline broke');
    } finally {
      spy.mockRestore();
    }
  });

  it('stays at the last required step once the journal finished it', () => {
    const plan = planMigration(rke2());
    const steps = required(plan);
    const last = steps[steps.length - 1];
    const obj = journalled(appliedUpTo(plan, 'deploy-ccm'), [entry(last, 'done')]);

    expect(fleetVerdict(obj).progress).toEqual({ step: last, number: steps.length, total: steps.length });
  });

  it('tells no step for a cluster back in tree, though its journal has entries', () => {
    const obj = journalled(rke2(), [entry('enable-leader-migration', 'applied'), entry('enable-leader-migration', 'rolled-back', { undo: 'rollback' })], { strategy: 'leader-migration' });
    const v = fleetVerdict(obj);

    expect(v.state).toBe('in-tree');
    expect(v.progress).toBeUndefined();
    expect(v.lastEntry).toMatchObject({ step: 'enable-leader-migration', result: 'rolled-back' });
    expect(v.strategy).toBe('leader-migration');
  });
});

describe('fleetVerdict: the sort key and the fields set', () => {
  it('pads the step number of the sort key to three digits, and writes 000 without a step', () => {
    const plan = planMigration(rke2());
    const migrating = journalled(appliedUpTo(plan, 'deploy-ccm'), [entry('deploy-ccm', 'applied')]);
    const number = required(plan).indexOf('deploy-ccm') + 2;

    expect(fleetVerdict(rke2()).sortKey).toBe('011000');
    expect(fleetVerdict(migrating).sortKey).toBe(`012${ String(number).padStart(3, '0') }`);
    expect(number).toBeLessThan(10);
  });

  it('sets no last entry and no strategy for a cluster without a journal', () => {
    const v = fleetVerdict(rke2());

    expect(Object.keys(v)).not.toContain('lastEntry');
    expect(Object.keys(v)).not.toContain('strategy');
  });
});

describe('fleetVerdict: a cluster that cannot be read', () => {
  it('is an unreadable row of unknown kind with the version its provisioning object names', () => {
    const obj = rke2();

    obj.spec.rkeConfig.additionalManifest = ccmHelmChartText(['args: [--v=2']);

    expect(fleetVerdict(obj)).toEqual({
      kind: 'unknown', kubernetesVersion: 'v1.26.15+rke2r1', state: 'unreadable', reason: expect.objectContaining({ key: 'errors.invalidCcmValues' }), blocksUpgrade: false, sortKey: '195000',
    });
  });

  it('has an empty version when the provisioning object has no spec', () => {
    expect(fleetVerdict({})).toMatchObject({ kind: 'unknown', kubernetesVersion: '', state: 'unreadable', reason: { key: 'errors.notAClusterUntyped' } });
  });

  it('keeps the journal\'s last entry and strategy on an unreadable row', () => {
    const obj = journalled(rke2(), [entry('deploy-ccm', 'applied')], { strategy: 'leader-migration' });

    obj.spec.rkeConfig.additionalManifest = ccmHelmChartText(['args: [--v=2']);

    expect(fleetVerdict(obj)).toMatchObject({ state: 'unreadable', lastEntry: { step: 'deploy-ccm' }, strategy: 'leader-migration' });
  });
});

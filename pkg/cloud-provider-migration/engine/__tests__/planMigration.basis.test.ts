// What planMigration settles before any step is built: the reason it gives, the version it moves to, the form of the
// RKE2 switch, the RKE1 hostname choice already written, the CCM minor the plan reaches upgrade-ccm with, and the
// model planOutline reads.
import type { ExistingCcm, MigrationPlan, PlanOptions } from '../types';
import { planMigration, planOutline } from '../planning/planMigration';
import { clusterModel } from '../cluster/clusterModel';
import { fixture } from './fixtures';

const ids = (plan: MigrationPlan) => plan.steps.map((s) => s.id);
const step = (plan: MigrationPlan, id: string) => plan.steps.find((s) => s.id === id)!;
const checkIds = (plan: MigrationPlan) => plan.preflight.map((c) => c.id);
const switchMode = (plan: MigrationPlan) => step(plan, 'switch-to-external').description.params!.mode;

/** The RKE2 in-tree fixture once every step of a plan with these options up to the switch is applied. */
function switchedRke2(options: PlanOptions = {}): Record<string, any> {
  return step(planMigration(fixture('rke2-steve-in-tree.json'), options), 'switch-to-external').object!;
}

/** The RKE1 in-tree fixture switched to external-aws with useInstanceMetadataHostname false. */
function switchedRke1(): Record<string, any> {
  return step(planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: false }), 'switch-to-external').object!;
}

describe('the form of the RKE2 switch', () => {
  it('an in-tree cluster without a choice is switched keeping cloud-provider-name aws, with the guide\'s node-name difference', () => {
    const plan = planMigration(fixture('rke2-steve-in-tree.json'));

    expect(switchMode(plan)).toBe('aws-with-overrides');
    expect(plan.differences).toContainEqual({ key: 'differences.nodeNames' });
  });

  it('a cluster migrated with cloud-provider-name external keeps that form, whatever form the options ask for', () => {
    const migrated = switchedRke2({ rke2ExternalMode: 'external' });

    expect(migrated.spec.rkeConfig.machineSelectorConfig[0].config['cloud-provider-name']).toBe('external');
    const plan = planMigration(migrated);

    expect(plan.status).toBe('migrated');
    expect(switchMode(plan)).toBe('external');
    expect(plan.differences).not.toContainEqual({ key: 'differences.nodeNames' });
    expect(switchMode(planMigration(migrated, { rke2ExternalMode: 'aws-with-overrides' }))).toBe('external');
  });

  it('a cluster migrated keeping cloud-provider-name aws keeps that form when the options ask for external', () => {
    const plan = planMigration(switchedRke2(), { rke2ExternalMode: 'external' });

    expect(plan.status).toBe('migrated');
    expect(switchMode(plan)).toBe('aws-with-overrides');
    expect(checkIds(plan)).not.toContain('external-node-names');
  });

  it('a cluster partly written with external while others still say aws is switched keeping aws', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.rkeConfig.machineSelectorConfig.push({
      config:              { 'cloud-provider-name': 'external' },
      machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/worker-role', operator: 'In', values: ['true'] }] },
    });
    const plan = planMigration(o);

    expect(plan.status).toBe('migrating');
    expect(switchMode(plan)).toBe('aws-with-overrides');
    expect(checkIds(plan)).not.toContain('external-node-names');
  });

  it('an RKE1 plan has no RKE2 form: asking for external adds no node-name check', () => {
    const plan = planMigration(fixture('rke1-norman-in-tree.json'), { rke2ExternalMode: 'external', useInstanceMetadataHostname: false });

    expect(plan.status).toBe('in-tree');
    expect(checkIds(plan)).not.toContain('external-node-names');
  });
});

describe('RKE1 useInstanceMetadataHostname read from the object', () => {
  it('an in-tree cluster (cloud provider aws) with the field set is still asked: only an external-aws cluster has chosen', () => {
    const o = fixture('rke1-norman-in-tree.json');

    o.rancherKubernetesEngineConfig.cloudProvider.useInstanceMetadataHostname = false;
    const plan = planMigration(o);

    expect(checkIds(plan)).toContain('choose-hostname');
    expect(step(plan, 'switch-to-external').description.params).toEqual({ useInstanceMetadataHostname: 'true' });
    expect(step(plan, 'switch-to-external').object!.rancherKubernetesEngineConfig.cloudProvider.useInstanceMetadataHostname).toBe(true);
  });

  it('a migrated cluster whose field is not a boolean has not chosen', () => {
    const switched = switchedRke1();

    switched.rancherKubernetesEngineConfig.cloudProvider.useInstanceMetadataHostname = 'false';
    const plan = planMigration(switched);

    expect(plan.status).toBe('migrated');
    expect(checkIds(plan)).toContain('choose-hostname');
    expect(step(plan, 'switch-to-external').description.params).toEqual({ useInstanceMetadataHostname: 'true' });

    delete switched.rancherKubernetesEngineConfig.cloudProvider.useInstanceMetadataHostname;
    expect(checkIds(planMigration(switched))).toContain('choose-hostname');
  });
});

describe('the plan\'s reason', () => {
  it('a cluster the migration applies to carries no reason at all, not even an empty one', () => {
    const plan = planMigration(fixture('rke2-steve-in-tree.json'));

    expect(plan.status).toBe('in-tree');
    expect('reason' in plan).toBe(false);
  });

  it('the RKE2 release ignoring cloud-provider-name aws is the reason of an in-tree cluster only, not of one migrating', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.kubernetesVersion = 'v1.30.7+rke2r1';
    const inTree = planMigration(o);

    expect(inTree.reason).toEqual({ key: 'reasons.awsIgnored', params: { version: 'v1.30.7+rke2r1' } });
    const migrating = planMigration(step(inTree, 'enable-leader-migration').object!);

    expect(migrating.status).toBe('migrating');
    expect('reason' in migrating).toBe(false);
  });
});

describe('the target version', () => {
  it('is read without the blanks around it', () => {
    const plan = planMigration(fixture('rke2-steve-in-tree.json'), { targetVersion: ' v1.27.16+rke2r1 ' });

    expect(plan.finalVersion).toBe('v1.27.16+rke2r1');
    expect(step(plan, 'upgrade-kubernetes').description.params).toEqual({ to: 'v1.27.16+rke2r1' });
  });

  it('the current version as target is no Kubernetes upgrade: the switch does not warn of one', () => {
    const warningKeys = (targetVersion: string) => step(planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: false, targetVersion }), 'switch-to-external')
      .warnings!.map((w) => w.key);

    expect(warningKeys('v1.26.15-rancher1-1')).not.toContain('steps.warnings.kubernetesUpgrade');
    expect(warningKeys('v1.26.16-rancher1-1')).toContain('steps.warnings.kubernetesUpgrade');
  });
});

describe('the CCM minor a migrated cluster reaches upgrade-ccm with', () => {
  const imageTagOf = (plan: MigrationPlan) => (step(plan, 'upgrade-ccm').chart!.values as any).image.tag;

  it.each([
    ['no CCM looked for', undefined],
    ['no CCM found', null],
    ['a CCM whose image is not known', { managedBy: 'other' }],
  ])('RKE1 with %s: the CCM is taken to be of the current minor and follows the version change', (_, existingCcm) => {
    const plan = planMigration(switchedRke1(), { targetVersion: 'v1.27.16-rancher1-1', existingCcm: existingCcm as ExistingCcm | null | undefined });

    expect(plan.status).toBe('migrated');
    expect(imageTagOf(plan)).toBe('v1.27.10');
  });

  it('RKE2 reads the tag its HelmChart pins, not the image of a CCM found in the cluster', () => {
    const existingCcm: ExistingCcm = {
      managedBy: 'helm', release: 'aws-cloud-controller-manager', releaseNamespace: 'kube-system', image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.25.9',
    };
    const plan = planMigration(fixture('rke2-kubectl-migrated-doc-form.yaml'), { existingCcm });

    expect(plan.status).toBe('migrated');
    expect(ids(plan)).not.toContain('upgrade-ccm');
  });
});

describe('planOutline reads the model it is given', () => {
  it('a provisioning cluster is outlined from the model passed, not read again', () => {
    const migratedModel = clusterModel(fixture('rke2-kubectl-migrated-doc-form.yaml'));
    const outline = planOutline(fixture('rke2-steve-in-tree.json'), {}, migratedModel);

    expect(outline.status).toBe('migrated');
    expect(outline).toEqual(planOutline(fixture('rke2-kubectl-migrated-doc-form.yaml')));
  });

  it('a management cluster is always read again as its Norman view, whatever model is passed', () => {
    const outline = planOutline(fixture('rke1-management-in-tree.json'), {}, clusterModel(fixture('rke2-kubectl-migrated-doc-form.yaml')));
    const plan = planMigration(fixture('rke1-management-in-tree.json'));

    expect(outline.status).toBe('in-tree');
    expect(outline.steps.map((s) => s.id)).toEqual(ids(plan));
    expect(outline.steps.map((s) => s.id)).toContain('install-ccm');
  });
});

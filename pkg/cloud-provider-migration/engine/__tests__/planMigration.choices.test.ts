// What planMigration resolves from the object before any step is built: the CCM left behind, the RKE1 hostname
// choice already written, and the outline that lists the same steps without building them.
import type { MigrationPlan, PlanOptions } from '../types';
import { planMigration, planOutline } from '../planning/planMigration';
import { readCcmHelmChart } from '../rke2/additionalManifest';
import { fixture } from './fixtures';

const doneness = (plan: MigrationPlan) => plan.steps.map((s) => `${ s.id }:${ s.done }`);

describe('the CCM a migrated RKE2 cluster runs', () => {
  it('a HelmChart that pins an image of an older minor gets upgrade-ccm without any version change', () => {
    const o = fixture('rke2-kubectl-migrated-doc-form.yaml');

    o.spec.rkeConfig.additionalManifest = o.spec.rkeConfig.additionalManifest.replace('hostNetworking: true', 'hostNetworking: true\n    image:\n      tag: v1.26.14');
    const plan = planMigration(o);
    const upgrade = plan.steps.find((s) => s.id === 'upgrade-ccm')!;

    expect(doneness(plan)).toEqual([
      'enable-leader-migration:true', 'wait-leader-migration:false', 'deploy-ccm:true', 'wait-ccm-rollout:false', 'cordon-control-plane:false',
      'switch-to-external:true', 'wait-switch:false', 'verify-provider-ids:false', 'verify-migration-lease:false', 'uncordon-control-plane:false',
      'upgrade-ccm:false', 'wait-ccm-upgrade-rollout:false', 'cleanup-ccm-leader-migration:false', 'wait-cleanup-rollout:false',
    ]);
    expect(readCcmHelmChart(upgrade.object!.spec.rkeConfig.additionalManifest)!.values.image.tag).toBe('v1.27.10');
  });

  it('a HelmChart that pins no image (the documentation\'s) has nothing to upgrade', () => {
    expect(planMigration(fixture('rke2-kubectl-migrated-doc-form.yaml')).steps.map((s) => s.id)).not.toContain('upgrade-ccm');
  });
});

describe('upgrade-ccm only where the CCM the plan reaches it with is of another minor', () => {
  const ids = (plan: MigrationPlan) => plan.steps.map((s) => s.id);
  const helmCcm = (tag: string) => ({
    managedBy: 'helm' as const, release: 'aws-cloud-controller-manager', releaseNamespace: 'kube-system', image: `registry.k8s.io/provider-aws/cloud-controller-manager:${ tag }`,
  });

  it('RKE2: a CCM of another minor outside the manifest is not the plan\'s to move; the plan deploys its own at the current minor', () => {
    const o = fixture('rke2-kubectl-migrated-doc-form.yaml');

    o.spec.rkeConfig.additionalManifest = '';
    const plan = planMigration(o, { existingCcm: helmCcm('v1.26.1') });

    expect(ids(plan)).toContain('deploy-ccm');
    expect(readCcmHelmChart(plan.steps.find((s) => s.id === 'deploy-ccm')!.object!.spec.rkeConfig.additionalManifest)!.values.image.tag).toBe('v1.27.10');
    expect(ids(plan)).not.toContain('upgrade-ccm');
    // With a version change, the CCM the plan deployed follows it.
    expect(ids(planMigration(o, { existingCcm: helmCcm('v1.26.1'), targetVersion: 'v1.28.15+rke2r1' }))).toContain('upgrade-ccm');
  });

  it('RKE2: a HelmChart of an older minor on a cluster not yet switched is rewritten by deploy-ccm, with nothing left to upgrade', () => {
    const o = fixture('rke2-steve-in-tree.json');
    const deployed = planMigration(o).steps.find((s) => s.id === 'deploy-ccm')!.object!;

    deployed.spec.rkeConfig.additionalManifest = deployed.spec.rkeConfig.additionalManifest.replace(/tag: v1\.\d+\.\d+/, 'tag: v1.25.9');
    const plan = planMigration(deployed);

    expect(readCcmHelmChart(deployed.spec.rkeConfig.additionalManifest)!.values.image.tag).toBe('v1.25.9');
    expect(plan.steps.find((s) => s.id === 'deploy-ccm')!.done).toBe(false);
    expect(ids(plan)).not.toContain('upgrade-ccm');
  });

  it('RKE1: an in-tree cluster whose CCM release is of an older minor gets it installed at the current minor, nothing to upgrade after', () => {
    const plan = planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: false, existingCcm: helmCcm('v1.25.9') });

    expect((plan.steps.find((s) => s.id === 'install-ccm')!.chart!.values as any).image.tag).toBe('v1.26.14');
    expect(ids(plan)).not.toContain('upgrade-ccm');
  });

  it('RKE1: a migrated cluster whose CCM is of an older minor gets upgrade-ccm; one of the current minor does not', () => {
    const switched = planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: false }).steps.find((s) => s.id === 'switch-to-external')!.object!;

    expect((planMigration(switched, { targetVersion: 'v1.26.15-rancher1-1', existingCcm: helmCcm('v1.25.9') }).steps.find((s) => s.id === 'upgrade-ccm')!.chart!.values as any).image.tag).toBe('v1.26.14');
    expect(ids(planMigration(switched, { targetVersion: 'v1.26.15-rancher1-1', existingCcm: helmCcm('v1.26.14') }))).not.toContain('upgrade-ccm');
    // An image without a version (a digest or latest) tells no minor: nothing is moved.
    expect(ids(planMigration(switched, { targetVersion: 'v1.26.15-rancher1-1', existingCcm: helmCcm('latest') }))).not.toContain('upgrade-ccm');
  });
});

describe('RKE1 useInstanceMetadataHostname already written', () => {
  it('a cluster switched with false keeps false and is not asked again', () => {
    const switched = planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: false }).steps.find((s) => s.id === 'switch-to-external')!.object!;
    const plan = planMigration(switched);

    expect(plan.preflight.map((c) => c.id)).not.toContain('choose-hostname');
    expect(plan.steps.find((s) => s.id === 'switch-to-external')!.warnings).toEqual([]);
    expect(switched.rancherKubernetesEngineConfig.cloudProvider.useInstanceMetadataHostname).toBe(false);
  });
});

describe('planOutline', () => {
  it.each([
    ['rke2-steve-in-tree.json', {}],
    ['rke2-steve-in-tree.json', { cleanup: false }],
    ['rke2-steve-in-tree.json', { strategy: 'downtime', targetVersion: 'v1.27.16+rke2r1' }],
    ['rke2-kubectl-migrated-doc-form.yaml', { targetVersion: 'v1.28.15+rke2r1' }],
    ['rke1-norman-in-tree.json', { cleanup: false, useInstanceMetadataHostname: true }],
    ['rke1-management-in-tree.json', {}],
    ['k3s-kubectl.yaml', {}],
  ])('%s %j: the steps planMigration lists, with their optional flags', (name, options) => {
    const plan = planMigration(fixture(name), options as PlanOptions);

    expect(planOutline(fixture(name), options as PlanOptions)).toEqual({ status: plan.status, steps: plan.steps.map((s) => ({ id: s.id, optional: s.optional })) });
  });

  it('leaves the optional cleanup out when asked to', () => {
    expect(planOutline(fixture('rke2-steve-in-tree.json'), { cleanup: false }).steps.map((s) => s.id)).toEqual([
      'enable-leader-migration', 'wait-leader-migration', 'deploy-ccm', 'wait-ccm-rollout', 'cordon-control-plane', 'switch-to-external', 'wait-switch',
      'verify-provider-ids', 'verify-migration-lease', 'uncordon-control-plane',
    ]);
  });
});

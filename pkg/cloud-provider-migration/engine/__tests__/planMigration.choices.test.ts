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

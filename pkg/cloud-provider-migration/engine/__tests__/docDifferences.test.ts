import type { StepId } from '../types';
import { docDifferences } from '../planning/docDifferences';
import { planMigration } from '../planning/planMigration';
import { fixture, l10n } from './fixtures';

const keys = (plan: { differences?: { key: string }[] }) => (plan.differences || []).map((m) => m.key);

describe('where a plan differs from the Rancher migration guide', () => {
  it('names the CCM before the cordon, the kept provider name and disable-cloud-controller for RKE2 leader migration', () => {
    expect(keys(planMigration(fixture('rke2-steve-in-tree.json')))).toEqual([
      'differences.ccmBeforeCordon.rke2', 'differences.nodeNames', 'differences.disableCloudController',
    ]);
  });

  it('names only the order for the external form, and only the form for the downtime strategy (no cordon)', () => {
    expect(keys(planMigration(fixture('rke2-steve-in-tree.json'), { rke2ExternalMode: 'external' }))).toEqual(['differences.ccmBeforeCordon.rke2']);
    expect(keys(planMigration(fixture('rke2-steve-in-tree.json'), { strategy: 'downtime' }))).toEqual(['differences.nodeNames', 'differences.disableCloudController']);
  });

  it('names the order for RKE1, whose switch has no RKE2 form', () => {
    expect(keys(planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: true }))).toEqual(['differences.ccmBeforeCordon.rke1']);
  });

  it('names nothing for a cluster the migration does not apply to', () => {
    expect(keys(planMigration(fixture('k3s-kubectl.yaml')))).toEqual([]);
  });

  it('needs the CCM step before the cordon, and the switch for the RKE2 form', () => {
    const ids = (...list: StepId[]) => list.map((id) => ({ id }));

    expect(docDifferences({ distro: 'rke2', rke2Mode: 'external' }, ids('cordon-control-plane', 'deploy-ccm'))).toEqual([]);
    expect(docDifferences({ distro: 'rke2', rke2Mode: 'aws-with-overrides' }, ids('deploy-ccm', 'wait-ccm-rollout'))).toEqual([]);
  });

  it('has a text for every difference in both languages', () => {
    const all = ['ccmBeforeCordon.rke2', 'ccmBeforeCordon.rke1', 'nodeNames', 'disableCloudController'];

    ['en-us', 'zh-hans'].forEach((lang) => {
      const root = l10n(lang as 'en-us' | 'zh-hans').cloudProviderMigration.differences;

      all.forEach((name) => expect(typeof name.split('.').reduce((n: any, k) => n?.[k], root)).toBe('string'));
    });
  });
});

/** The pre-flight list an admin reads first, whole, for representative clusters. */
import type { PlanOptions, PreflightCheck } from '../types';
import { planMigration } from '../planning/planMigration';
import { fixture } from './fixtures';

const shown = (checks: PreflightCheck[]) => checks.map((c) => [c.id, c.severity, c.message.key, c.message.params]);
const IAM = ['iam-and-tags', 'info', 'preflight.iamAndTags', undefined];
const EBS = ['storage-and-registry-credentials', 'info', 'preflight.ebsAndEcr', undefined];
const release = (minor: string, imageTag: string) => ['ccm-release', 'info', 'preflight.ccmRelease', { minor, chartVersion: '0.0.8', imageTag }];

describe('pre-flight checks, in order', () => {
  it.each<[string, string, PlanOptions, unknown[]]>([
    ['RKE2 in-tree with an upgrade and nobody looked for a CCM', 'rke2-steve-in-tree.json', { targetVersion: 'v1.27.16+rke2r1' }, [
      ['existing-ccm', 'info', 'preflight.existingCcm.unknown', undefined],
      ['kubernetes-upgrade', 'info', 'preflight.kubernetesUpgrade', { from: 'v1.26.15+rke2r1', to: 'v1.27.16+rke2r1' }],
      release('1.26', 'v1.26.14'), IAM, EBS,
    ]],
    ['RKE1 in-tree with in-tree settings, the hostname not chosen and a private registry', 'rke1-norman-in-tree.json', { existingCcm: null }, [
      ['cloud-config', 'warning', 'preflight.awsCloudProvider', { field: 'rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider', settings: 'global.kubernetes-cluster-tag=legacy-west, global.vpc=vpc-0a1b2c3d' }],
      ['choose-hostname', 'blocker', 'preflight.chooseHostname', { provisioning: 'unknown' }],
      release('1.26', 'v1.26.14'),
      ['registry', 'info', 'preflight.registry', { registry: 'registry.corp.example.com' }],
      IAM, EBS,
    ]],
    ['RKE2 migrated in the docs\' form', 'rke2-kubectl-migrated-doc-form.yaml', {}, [['migrated', 'ok', 'preflight.migrated', undefined], release('1.27', 'v1.27.10'), IAM, EBS]],
  ])('%s', (_name, file, options, expected) => {
    expect(shown(planMigration(fixture(file), options).preflight)).toEqual(expected);
  });

  it('RKE2 on 1.27 still on in-tree aws: the blocker comes first', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.kubernetesVersion = 'v1.27.16+rke2r1';
    expect(shown(planMigration(o, { existingCcm: null }).preflight)[0]).toEqual(['in-tree-removed', 'blocker', 'preflight.inTreeRemoved', { version: 'v1.27.16+rke2r1' }]);
  });
});

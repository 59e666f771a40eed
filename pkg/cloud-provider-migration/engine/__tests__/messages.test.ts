import type { Message, MigrationPlan } from '../types';
import { renderMessage } from '../messages';
import { planMigration } from '../planning/planMigration';
import { fixture, l10n, thrown } from './fixtures';

const en = l10n('en-us');
const zh = l10n('zh-hans');

function lookup(dict: Record<string, any>, key: string): unknown {
  return ['cloudProviderMigration', ...key.split('.')].reduce<any>((node, part) => node?.[part], dict);
}

function messagesOf(plan: MigrationPlan): Message[] {
  return [
    ...(plan.reason ? [plan.reason] : []),
    ...plan.preflight.map((c) => c.message),
    ...plan.steps.flatMap((s) => [s.title, s.description, ...s.warnings]),
    { key: `status.${ plan.status }` },
    { key: `strategy.${ plan.strategy }` },
  ];
}

const plans: [string, () => MigrationPlan][] = [
  ['RKE2 leader migration', () => planMigration(fixture('rke2-kubectl-custom.yaml'), { targetVersion: 'v1.27.16+rke2r1', rke2ExternalMode: 'external' })],
  ['RKE2 downtime', () => planMigration(fixture('rke2-steve-in-tree.json'), { strategy: 'downtime' })],
  ['RKE2 migrated', () => planMigration(fixture('rke2-kubectl-migrated-doc-form.yaml'))],
  ['RKE1 leader migration', () => planMigration(fixture('rke1-norman-in-tree.json'), { targetVersion: 'v1.27.16-rancher1-1' })],
  ['RKE1 downtime', () => planMigration(fixture('rke1-norman-in-tree.json'), { strategy: 'downtime' })],
  ['K3s', () => planMigration(fixture('k3s-kubectl.yaml'))],
  ['RKE1 provisioning object', () => planMigration(fixture('rke1-provisioning-object.json'))],
];

describe('renderMessage', () => {
  it('fills placeholders from the en-us dictionary', () => {
    expect(renderMessage({ key: 'steps.warnings.kubernetesUpgrade', params: { from: 'v1.26.15+rke2r1', to: 'v1.27.16+rke2r1' } }, en)).toBe('The same update upgrades Kubernetes from v1.26.15+rke2r1 to v1.27.16+rke2r1.');
  });

  it('shows the key of a message nobody translated', () => {
    expect(renderMessage({ key: 'steps.nope.title' }, en)).toBe('steps.nope.title');
  });

  it.each(plans)('every message of the %s plan exists in both languages with all its placeholders filled', (_name, make) => {
    messagesOf(make()).forEach((msg) => {
      [en, zh].forEach((dict) => {
        expect(typeof lookup(dict, msg.key)).toBe('string');
        expect(renderMessage(msg, dict)).not.toMatch(/\{\w+\}/);
      });
    });
  });

  it.each([
    ['an invalid target version', () => planMigration(fixture('rke2-steve-in-tree.json'), { targetVersion: 'v1.29.0+rke2r1' })],
    ['an invalid manifest', () => planMigration(fixture('rke2-bad-manifest.yaml'))],
    ['an unknown option value', () => planMigration(fixture('rke2-steve-in-tree.json'), { strategy: 'fast' as any })],
    ['not a cluster', () => planMigration({ kind: 'Pod' })],
    ['a cluster without metadata', () => planMigration({ apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', spec: {} })],
    ['a Norman cluster mixed with a spec', () => planMigration({ type: 'cluster', id: 'c-abcde', spec: {} })],
  ])('the error for %s has a translated message with its placeholders filled', (_name, fn) => {
    const e = thrown(fn);

    [en, zh].forEach((dict) => {
      expect(typeof lookup(dict, e.messageKey)).toBe('string');
      expect(renderMessage({ key: e.messageKey, params: e.params }, dict)).not.toMatch(/\{\w+\}/);
      expect(renderMessage({ key: e.messageKey, params: e.params }, dict)).not.toMatch(/, (select|plural),/);
    });
  });

  it('says what a cluster export without metadata lacks and what to do, not that it is not the type it names', () => {
    const e = thrown(() => planMigration({ apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', spec: { rkeConfig: {} } }));

    expect(renderMessage({ key: e.messageKey, params: e.params }, en)).toBe('The input is a provisioning.cattle.io/v1 Cluster but has no metadata, so it cannot be read as a cluster. Export the cluster again, whole and unedited, and try again.');
  });
});

// One code per fault, and one text per error: each fault the engine reports throws its own code with the l10n key
// of its text, and every such key (and every code's default key) is a string in both l10n files with all the
// placeholders it uses filled from the error's params.
import { MIGRATION_ERROR_CODES, MigrationError, isMigrationError } from '../errors';
import { renderMessage } from '../messages';
import { parseClusterText } from '../cluster/clusterText';
import { planMigration } from '../planning/planMigration';
import { readCcmHelmChart } from '../rke2/additionalManifest';
import { ccmHelmChartText, fixture, l10n, thrown } from './fixtures';

const dicts = { 'en-us': l10n('en-us'), 'zh-hans': l10n('zh-hans') };

function template(dict: Record<string, any>, key: string): unknown {
  return ['cloudProviderMigration', ...key.split('.')].reduce<any>((node, part) => node?.[part], dict);
}

function rke1(version: string): Record<string, any> {
  const o = fixture('rke1-norman-in-tree.json');

  o.rancherKubernetesEngineConfig.kubernetesVersion = version;

  return o;
}

function rke2(version: string): Record<string, any> {
  const o = fixture('rke2-steve-in-tree.json');

  o.spec.kubernetesVersion = version;

  return o;
}

const FAULTS: [string, () => unknown, string, string][] = [
  ['a cluster file that is not JSON or YAML', () => parseClusterText('{"a": 1,,}'), 'MALFORMED_INPUT', 'errors.MALFORMED_INPUT'],
  ['a cluster file holding a list', () => parseClusterText('- a\n- b\n'), 'NOT_AN_OBJECT', 'errors.NOT_AN_OBJECT'],
  ['an empty cluster file', () => parseClusterText(''), 'NOT_AN_OBJECT', 'errors.NOT_AN_OBJECT'],
  ['an object of another kind', () => planMigration({ apiVersion: 'v1', kind: 'Pod' }), 'NOT_A_CLUSTER', 'errors.NOT_A_CLUSTER'],
  ['an object without apiVersion or kind', () => planMigration({ metadata: { name: 'x' } }), 'NOT_A_CLUSTER', 'errors.notAClusterUntyped'],
  ['an additional manifest that is not YAML', () => planMigration(fixture('rke2-bad-manifest.yaml')), 'INVALID_MANIFEST', 'errors.INVALID_MANIFEST'],
  ['a CCM valuesContent that is not YAML', () => readCcmHelmChart(ccmHelmChartText(['a: [1'])), 'INVALID_MANIFEST', 'errors.invalidCcmValues'],
  ['an unknown cloud provider', () => {
    const o = fixture('rke1-norman-in-tree.json');

    o.rancherKubernetesEngineConfig.cloudProvider.name = 'ec2';

    return planMigration(o);
  }, 'UNKNOWN_PROVIDER', 'errors.UNKNOWN_PROVIDER'],
  ['an unknown strategy', () => planMigration(fixture('rke2-steve-in-tree.json'), { strategy: 'fast' as any }), 'INVALID_OPTION', 'errors.INVALID_OPTION'],
  ['a blank target version', () => planMigration(fixture('rke2-steve-in-tree.json'), { targetVersion: ' ' }), 'INVALID_OPTION', 'errors.invalidOption.targetVersion'],
  ['a chart repository that is no URL', () => planMigration(fixture('rke2-steve-in-tree.json'), { chartRepo: 'not a url' }), 'INVALID_OPTION', 'errors.invalidOption.chartRepo'],
  ['a registry with a space', () => planMigration(fixture('rke2-steve-in-tree.json'), { systemDefaultRegistry: 'my registry' }), 'INVALID_OPTION', 'errors.invalidOption.systemDefaultRegistry'],
  ['a cluster version that does not parse', () => planMigration(rke1('latest'), { targetVersion: 'v1.27.16-rancher1-1' }), 'INVALID_CLUSTER_VERSION', 'errors.INVALID_CLUSTER_VERSION'],
  ['a target of another distro', () => planMigration(fixture('rke2-steve-in-tree.json'), { targetVersion: 'v1.27.16-rancher1-1' }), 'INVALID_TARGET_VERSION', 'errors.targetVersionFormat'],
  ['a target older than the cluster', () => planMigration(fixture('rke2-steve-in-tree.json'), { targetVersion: 'v1.25.16+rke2r1' }), 'INVALID_TARGET_VERSION', 'errors.targetVersionDowngrade'],
  ['a target two minors ahead', () => planMigration(fixture('rke2-steve-in-tree.json'), { targetVersion: 'v1.28.1+rke2r1' }), 'INVALID_TARGET_VERSION', 'errors.targetVersionTooFar'],
  ['a Kubernetes minor without a CCM release', () => planMigration(rke2('v1.24.17+rke2r1')), 'UNSUPPORTED_VERSION', 'errors.UNSUPPORTED_VERSION'],
];

describe('each fault the engine reports', () => {
  it.each(FAULTS)('%s throws %s with the key %s', (_name, fn, code, key) => {
    const e = thrown(fn);

    expect(isMigrationError(e)).toBe(true);
    expect([e.code, e.messageKey]).toEqual([code, key]);
    expect(e.toMessage()).toEqual({ key, params: e.params });
  });

  it.each(FAULTS)('%s has a text in both languages with its placeholders filled', (_name, fn) => {
    const e = thrown(fn);

    Object.values(dicts).forEach((dict) => {
      expect(typeof template(dict, e.messageKey)).toBe('string');
      expect(renderMessage(e.toMessage(), dict)).not.toMatch(/\{\w+\}/);
    });
  });

  it('no longer uses MALFORMED_INPUT for anything but a cluster file that does not parse', () => {
    const codes = FAULTS.filter(([name]) => name !== 'a cluster file that is not JSON or YAML').map(([, fn]) => thrown(fn).code);

    expect(codes).not.toContain('MALFORMED_INPUT');
  });
});

describe('the texts of the codes', () => {
  it.each(MIGRATION_ERROR_CODES.map((c) => [c]))('%s has a default text errors.<code> in both languages, each its own', (code) => {
    Object.values(dicts).forEach((dict) => {
      const text = template(dict, `errors.${ code }`);
      const others = MIGRATION_ERROR_CODES.filter((c) => c !== code).map((c) => template(dict, `errors.${ c }`));

      expect(typeof text).toBe('string');
      expect(others).not.toContain(text);
    });
  });

  it('renders the params into the text', () => {
    const e = thrown(() => planMigration(rke1('latest'), { targetVersion: 'v1.27.16-rancher1-1' })) as MigrationError;

    expect(renderMessage(e.toMessage(), dicts['en-us'])).toBe('The Kubernetes version of the cluster ("latest") does not parse. Check the version in the cluster configuration.');
    expect(renderMessage(e.toMessage(), dicts['zh-hans'])).toBe('集群的 Kubernetes 版本（"latest"）无法解析。请检查集群配置中的版本。');
  });
});

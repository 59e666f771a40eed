// Pins of the additionalManifest edits that a mutation run showed no test held: blank manifests, the text of a parse
// error, which tolerations count as the engine's own, the style of a valuesContent that needs no change, a chart that
// needs no change at all, and the bytes around the HelmChart when it is edited or removed.
import { parseManifest, readCcmHelmChart, removeCcmHelmChart, upsertCcmHelmChart, type CcmHelmChartTarget } from '../rke2/additionalManifest';
import { ccmReleaseFor } from '../ccm/ccmReleases';
import { ccmTolerations } from '../ccm/ccmValues';
import { ccmHelmChartText, thrown } from './fixtures';

const target = (extra: Partial<CcmHelmChartTarget> = {}): CcmHelmChartTarget => ({
  distro: 'rke2', release: ccmReleaseFor('v1.27.16+rke2r1'), leaderMigration: true, repo: 'https://kubernetes.github.io/cloud-provider-aws', ...extra,
});

describe('parseManifest of a blank manifest', () => {
  it.each([
    ['empty', ''],
    ['undefined', undefined],
    ['a lone carriage return', '\r'],
    ['a no-break space', '\u00a0'],
    ['a form feed', '\f'],
  ])('is no documents for %s (blanks YAML would read as a scalar too)', (_name, text) => {
    expect(parseManifest(text)).toEqual([]);
  });
});

describe('the INVALID_MANIFEST message', () => {
  it('carries the whole first line of the parser message', () => {
    const e = thrown(() => upsertCcmHelmChart('a: 1\nb: [1, 2\n', target()));

    expect(e.code).toBe('INVALID_MANIFEST');
    expect(e.params).toEqual({ line: 3, column: 1 });
    expect(e.message).toBe('spec.rkeConfig.additionalManifest is not valid YAML (line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1:). Fix it in the cluster\'s additional manifest before planning.');
  });
});

describe('tolerations an admin wrote', () => {
  const engine = ccmTolerations('rke2');
  const tolerationsAfterUpsert = (lines: string[]) => readCcmHelmChart(upsertCcmHelmChart(ccmHelmChartText(['tolerations:', ...lines]), target()))!.values.tolerations;

  // Each differs from one of the engine's in one field only, so none is the engine's: all of the engine's are added.
  it.each([
    ['another key', { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
    ['operator Equal instead of Exists', { key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', effect: 'NoSchedule' }],
    ['another effect', { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoExecute' }],
    ['another value', { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'false', effect: 'NoSchedule' }],
  ])('one with %s is not the engine\'s: the engine\'s are added after it', (_name, toleration) => {
    expect(tolerationsAfterUpsert([`  - ${ JSON.stringify(toleration) }`])).toEqual([toleration, ...engine]);
  });

  it('one with an explicit empty value is the engine\'s without a value: not added twice', () => {
    const cp = { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', value: '', effect: 'NoSchedule' };

    expect(tolerationsAfterUpsert(['  - {key: node-role.kubernetes.io/control-plane, operator: Exists, value: "", effect: NoSchedule}']))
      .toEqual([cp, ...engine.slice(1)]);
  });

  it('an empty item in the list is kept, and the engine\'s are added after it', () => {
    expect(tolerationsAfterUpsert(['  -'])).toEqual([null, ...engine]);
  });

  it.each([
    ['a map', ['tolerations: {key: dedicated}']],
    ['a string', ['tolerations: none']],
    ['absent', ['hostNetworking: true']],
  ])('when they are %s instead of a list, the engine writes its own list', (_name, values) => {
    expect(readCcmHelmChart(upsertCcmHelmChart(ccmHelmChartText(values), target()))!.values.tolerations).toEqual(engine);
  });
});

describe('a valuesContent that already holds what the step writes', () => {
  it('keeps its quoted style while the chart version around it changes', () => {
    const source = [
      'apiVersion: helm.cattle.io/v1',
      'kind: HelmChart',
      'metadata:',
      '  name: aws-cloud-controller-manager',
      '  namespace: kube-system',
      'spec:',
      '  chart: aws-cloud-controller-manager',
      '  version: 0.0.7',
      '  valuesContent: "image:\\n  tag: v1.27.10"',
      '',
    ].join('\n');

    expect(upsertCcmHelmChart(source, target({ only: 'image' }))).toBe(source.replace('version: 0.0.7', 'version: 0.0.8'));
  });
});

describe('a HelmChart that needs no change', () => {
  it('is returned byte for byte even where the YAML library would write it another way', () => {
    const written = upsertCcmHelmChart('', target());
    const admin = written
      .replace('kind: HelmChart\n', 'kind: HelmChart      # ours\n')
      .replace('metadata:\n  name: aws-cloud-controller-manager\n  namespace: kube-system\n', 'metadata: {name: aws-cloud-controller-manager, namespace: kube-system}\n');
    const source = `# platform objects\nkind: A\n---\n${ admin }---\nkind: B   # b\n`;

    expect(admin).not.toBe(written);
    expect(upsertCcmHelmChart(source, target())).toBe(source);
  });
});

describe('editing a HelmChart followed by another document in a manifest without a final newline', () => {
  it('keeps the newline before the next --- marker', () => {
    const withFlag = upsertCcmHelmChart('', target());
    const withoutFlag = upsertCcmHelmChart('', target({ leaderMigration: false }));

    expect(withoutFlag).not.toBe(withFlag);
    expect(upsertCcmHelmChart(`${ withFlag }---\nkind: B`, target({ leaderMigration: false }))).toBe(`${ withoutFlag }---\nkind: B`);
  });
});

describe('removing the HelmChart from a manifest without a final newline', () => {
  it('from the middle keeps the documents after it', () => {
    const chart = upsertCcmHelmChart('', target());

    expect(removeCcmHelmChart(`kind: A\n---\n${ chart }---\nkind: C   # c`)).toBe('kind: A\n---\nkind: C   # c');
  });

  it('when it is the only document keeps the comment above it with its newline', () => {
    const chart = upsertCcmHelmChart('', target()).replace(/\n$/, '');

    expect(removeCcmHelmChart(`# cluster objects\n${ chart }`)).toBe('# cluster objects\n');
  });

  it('after a document end marker keeps a byte order mark that stands before it', () => {
    const chart = upsertCcmHelmChart('', target()).replace(/\n$/, '');

    expect(removeCcmHelmChart(`kind: A\n...\n\ufeff${ chart }`)).toBe('kind: A\n...\n\ufeff');
  });
});

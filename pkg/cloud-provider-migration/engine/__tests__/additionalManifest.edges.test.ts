// Edge cases of editing the CCM HelmChart inside spec.rkeConfig.additionalManifest: manifests without a final
// newline (saved as a `|-` block), HelmCharts an admin wrote or pinned, and the error a bad manifest reports.
import { parse, parseAllDocuments } from 'yaml';
import { readCcmHelmChart, upsertCcmHelmChart, CcmHelmChartTarget } from '../rke2/additionalManifest';
import { ccmReleaseFor } from '../ccm/ccmReleases';
import { ccmHelmChartText, thrown } from './fixtures';

const REPO = 'https://kubernetes.github.io/cloud-provider-aws';
const target = (extra: Partial<CcmHelmChartTarget> = {}): CcmHelmChartTarget => ({
  distro: 'rke2', release: ccmReleaseFor('v1.27.16+rke2r1'), leaderMigration: true, repo: REPO, ...extra,
});

/** Every document parses without errors; returns them as plain data. */
function documents(text: string): unknown[] {
  const docs = parseAllDocuments(text) as any[];

  docs.forEach((d) => expect(d.errors).toEqual([]));

  return docs.map((d) => d.toJS());
}

/** A chart document as an admin might have written it, with the given valuesContent lines. */
const chart = (values: string[], specExtra: string[] = []) => ccmHelmChartText(values.length ? values : [''], specExtra);

describe('appending the CCM HelmChart', () => {
  // A cluster saved with `additionalManifest: |-` (as kubectl and the Rancher UI write it) has no final newline.
  const cluster = parse([
    'spec:',
    '  rkeConfig:',
    '    additionalManifest: |-',
    '      apiVersion: v1',
    '      kind: ConfigMap',
    '      metadata: {name: settings}',
    '      data:',
    '        note: |-',
    '          last line, no newline',
    '      ---',
    '      apiVersion: v1',
    '      kind: Namespace',
    '      metadata:',
    '        name: batch',
  ].join('\n'));
  const source: string = cluster.spec.rkeConfig.additionalManifest;

  it('to a manifest without a final newline yields a manifest that parses, the original documents unchanged', () => {
    expect(source.endsWith('\n')).toBe(false);
    const out = upsertCcmHelmChart(source, target());
    const docs = documents(out);

    expect(out.startsWith(`${ source }\n---\n`)).toBe(true);
    expect(docs).toHaveLength(3);
    expect(docs.slice(0, 2)).toEqual(documents(source));
    expect(docs[2]).toMatchObject({ kind: 'HelmChart', metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system' } });
    // It ends the way the manifest ended: no final newline, and no trailing empty line.
    expect(out.endsWith('\n')).toBe(false);
    expect(readCcmHelmChart(out)!.values.args).toContain('--enable-leader-migration=true');
  });

  it('is idempotent on such a manifest', () => {
    const once = upsertCcmHelmChart(source, target());

    expect(upsertCcmHelmChart(once, target())).toBe(once);
  });

  it.each([
    ['empty', ''],
    ['undefined', undefined],
    ['whitespace only', '  \n\n'],
  ])('to an %s manifest writes the HelmChart alone', (_name, text) => {
    const out = upsertCcmHelmChart(text, target());

    expect(out.startsWith('apiVersion: helm.cattle.io/v1\n')).toBe(true);
    expect(documents(out)).toHaveLength(1);
  });

  it('writes the whole HelmChart even when only the args were asked for, as there is none yet', () => {
    const out = upsertCcmHelmChart('', target({ only: 'args' }));
    const { spec, values } = readCcmHelmChart(out)!;

    expect(spec).toMatchObject({ chart: 'aws-cloud-controller-manager', repo: REPO, targetNamespace: 'kube-system', bootstrap: true, version: '0.0.8' });
    expect(values).toMatchObject({ hostNetworking: true, image: { tag: 'v1.27.10' } });
    expect(parse(out).spec.valuesContent.endsWith('\n')).toBe(false);
  });
});

describe('updating an existing CCM HelmChart', () => {
  it('keeps a manifest that ends without a newline that way', () => {
    const source = chart(['args: [--v=3]']).replace(/\n$/, '');
    const out = upsertCcmHelmChart(source, target());

    expect(out).not.toBe(source);
    expect(out.endsWith('\n')).toBe(false);
    expect(readCcmHelmChart(out)!.values.args).toEqual(['--configure-cloud-routes=false', '--v=3', '--cloud-provider=aws', '--enable-leader-migration=true']);
  });

  it('returns the very same string when nothing changes', () => {
    const once = upsertCcmHelmChart(chart(['args: [--v=3]']), target());

    expect(upsertCcmHelmChart(once, target())).toBe(once);
  });

  it('adds the tolerations it needs to an admin\'s list without duplicating the ones already there', () => {
    const source = chart([
      'tolerations:',
      '  - {key: dedicated, operator: Equal, value: ccm, effect: NoSchedule}',
      '  - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}',
      // No operator: the Kubernetes default Equal.
      '  - {key: node.cloudprovider.kubernetes.io/uninitialized, value: "true", effect: NoSchedule}',
    ]);
    const { values } = readCcmHelmChart(upsertCcmHelmChart(source, target()))!;

    expect(values.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'ccm', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it('keeps an admin\'s extra nodeSelector key and sets its own', () => {
    const source = chart(['nodeSelector:', '  pool: system']);
    const { values } = readCcmHelmChart(upsertCcmHelmChart(source, target()))!;

    expect(values.nodeSelector).toEqual({ pool: 'system', 'node-role.kubernetes.io/control-plane': 'true' });
  });

  it('keeps a chart version and image tag the admin pinned to the right minor', () => {
    const source = chart(['image: {tag: v1.27.3}'], ['  version: 0.0.7']);
    const { spec, values } = readCcmHelmChart(upsertCcmHelmChart(source, target()))!;

    expect(spec.version).toBe('0.0.7');
    expect(values.image).toEqual({ tag: 'v1.27.3' });
  });

  it('replaces a chart version and image of another minor', () => {
    const source = chart(['image: {tag: v1.26.1}'], ['  version: 0.0.7']);
    const { spec, values } = readCcmHelmChart(upsertCcmHelmChart(source, target()))!;

    expect(spec.version).toBe('0.0.8');
    expect(values.image).toEqual({ tag: 'v1.27.10' });
  });

  it('re-pins a version without an image tag of the right minor', () => {
    const source = chart(['hostNetworking: true'], ['  version: 0.0.7']);

    expect(readCcmHelmChart(upsertCcmHelmChart(source, target()))!.spec.version).toBe('0.0.8');
  });

  it('following a Kubernetes upgrade (only image) changes the chart version and image, and nothing else', () => {
    const source = chart(['image: {tag: v1.27.3}', 'args: [--v=3]', 'tolerations: []'], ['  version: 0.0.7']);
    const out = upsertCcmHelmChart(source, target({ only: 'image', release: ccmReleaseFor('v1.33.1+rke2r1') }));
    const { spec, values } = readCcmHelmChart(out)!;

    expect(spec).toEqual({ chart: 'aws-cloud-controller-manager', version: '0.0.9', valuesContent: 'image: { tag: v1.33.4 }\nargs: [ --v=3 ]\ntolerations: []' });
    expect(values).toEqual({ image: { tag: 'v1.33.4' }, args: ['--v=3'], tolerations: [] });
  });

  it('writes the image repository under a private registry', () => {
    const { values } = readCcmHelmChart(upsertCcmHelmChart('', target({ registry: 'registry.example.com/mirror/' })))!;

    expect(values.image).toEqual({ repository: 'registry.example.com/mirror/provider-aws/cloud-controller-manager', tag: 'v1.27.10' });
  });

  it('fills in a HelmChart that has no valuesContent, or a valuesContent that is not a map', () => {
    const noValues = [
      'apiVersion: helm.cattle.io/v1', 'kind: HelmChart', 'metadata: {name: aws-cloud-controller-manager, namespace: kube-system}', 'spec:', '  chart: aws-cloud-controller-manager', '',
    ].join('\n');

    [noValues, chart(['just a string'])].forEach((source) => {
      const out = upsertCcmHelmChart(source, target());
      const { spec, values } = readCcmHelmChart(out)!;

      expect(documents(out)).toHaveLength(1);
      expect(spec.version).toBe('0.0.8');
      expect(values).toMatchObject({ hostNetworking: true, args: expect.arrayContaining(['--cloud-provider=aws']) });
      // valuesContent is written as a literal block, so the values read line by line.
      expect(out).toContain('valuesContent: |');
    });
  });
});

describe('reading the CCM HelmChart', () => {
  it('is null when the manifest has none, and {} values when the chart has no valuesContent', () => {
    expect(readCcmHelmChart(undefined)).toBeNull();
    expect(readCcmHelmChart('kind: ConfigMap\n')).toBeNull();
    expect(readCcmHelmChart('apiVersion: helm.cattle.io/v1\nkind: HelmChart\nmetadata: {name: aws-cloud-controller-manager, namespace: kube-system}\n'))
      .toEqual({ spec: {}, values: {} });
  });

  it('does not take a HelmChart of another name, kind or apiVersion for the CCM', () => {
    const base = chart(['hostNetworking: true']);

    [
      base.replace('name: aws-cloud-controller-manager', 'name: other'),
      base.replace('kind: HelmChart', 'kind: HelmChartConfig'),
      base.replace('helm.cattle.io/v1', 'helm.cattle.io/v2'),
    ].forEach((text) => expect(readCcmHelmChart(text)).toBeNull());
    expect(readCcmHelmChart('- a list\n---\n"a scalar"\n')).toBeNull();
  });
});

describe('an invalid manifest', () => {
  it('reports the line and column of the first problem, with the first line of the parser message', () => {
    const e = thrown(() => upsertCcmHelmChart('a: 1\nb: [1, 2\n', target()));

    expect(e.code).toBe('INVALID_MANIFEST');
    expect(e.params).toEqual({ line: expect.any(Number), column: expect.any(Number) });
    expect(e.message).toMatch(/^spec\.rkeConfig\.additionalManifest is not valid YAML \(line \d+, column \d+: [^\n]+\)\. Fix it in the cluster's additional manifest before planning\.$/);
  });

  it('names the valuesContent of the CCM HelmChart when that is what does not parse', () => {
    const e = thrown(() => readCcmHelmChart(chart(['a: [1'])));

    expect(e.code).toBe('INVALID_MANIFEST');
    expect(e.message).toMatch(/^The valuesContent of the aws-cloud-controller-manager HelmChart is not valid YAML \(line \d+, column \d+: /);
  });
});

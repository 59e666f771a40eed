/**
 * Deploying over a HelmChart someone already wrote: the engine owns its nodeSelector keys, its tolerations and (for
 * the right minor) not the admin's patch choice of image; everything else stays.
 */
import { parseAllDocuments } from 'yaml';
import { readCcmHelmChart, upsertCcmHelmChart, type CcmHelmChartTarget } from '../rke2/additionalManifest';
import { ccmReleaseFor } from '../ccm/ccmReleases';
import { ccmTolerations } from '../ccm/ccmValues';
import { ccmHelmChartText } from './fixtures';

const target: CcmHelmChartTarget = {
  distro: 'rke2', release: ccmReleaseFor('v1.26.15+rke2r1'), leaderMigration: true, repo: 'https://kubernetes.github.io/cloud-provider-aws',
};

/** `spec` lines besides `chart:` (two-space indented here), then the valuesContent lines. */
const helmChart = (spec: string[], values: string[]) => ccmHelmChartText(values, spec.filter((l) => !l.startsWith('chart:')).map((l) => `  ${ l }`));

const toleration = (t: Record<string, string>) => Object.entries(t).map(([k, v], i) => `${ i ? '    ' : '  - ' }${ k }: "${ v }"`);

describe('tolerations: the engine adds only the ones that are missing', () => {
  it('a toleration written with an explicit operator Equal is the engine\'s own without one (not added twice)', () => {
    const values = ['tolerations:', ...toleration({ key: 'node.cloudprovider.kubernetes.io/uninitialized', operator: 'Equal', value: 'true', effect: 'NoSchedule' })];
    const out = readCcmHelmChart(upsertCcmHelmChart(helmChart(['chart: aws-cloud-controller-manager'], values), target))!.values;

    expect(out.tolerations.filter((t: any) => t.key === 'node.cloudprovider.kubernetes.io/uninitialized')).toHaveLength(1);
    expect(out.tolerations).toHaveLength(ccmTolerations('rke2').length);
  });

  it('a toleration of the same key with another value or effect is the admin\'s: kept, and the engine\'s added after it', () => {
    const values = ['tolerations:', ...toleration({ key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoSchedule' })];
    const out = readCcmHelmChart(upsertCcmHelmChart(helmChart(['chart: aws-cloud-controller-manager'], values), target))!.values;

    expect(out.tolerations[0]).toEqual({ key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoSchedule' });
    expect(out.tolerations).toContainEqual({ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' });
    expect(out.tolerations).toHaveLength(ccmTolerations('rke2').length + 1);
  });

  it('a HelmChart that already has everything is returned unchanged, byte for byte (comments included)', () => {
    const first = upsertCcmHelmChart('', target);
    const commented = first.replace('hostNetworking: true', 'hostNetworking: true # needed before the CNI runs');

    expect(upsertCcmHelmChart(commented, target)).toBe(commented);
  });
});

describe('chart version and image of an existing HelmChart', () => {
  const versionAndTag = (text: string) => {
    const chart = readCcmHelmChart(upsertCcmHelmChart(text, target))!;

    return [chart.spec.version, chart.values.image?.tag];
  };

  it('an image of the current minor is the admin\'s patch choice: image and chart version stay', () => {
    expect(versionAndTag(helmChart(['chart: aws-cloud-controller-manager', 'version: 0.0.7'], ['image:', '  tag: v1.26.9']))).toEqual(['0.0.7', 'v1.26.9']);
  });

  it('an image of another minor is re-pinned to the release, chart version too', () => {
    expect(versionAndTag(helmChart(['chart: aws-cloud-controller-manager', 'version: 0.0.7'], ['image:', '  tag: v1.25.2']))).toEqual(['0.0.8', 'v1.26.14']);
    expect(versionAndTag(helmChart(['chart: aws-cloud-controller-manager', 'version: 0.0.11'], []))).toEqual(['0.0.8', 'v1.26.14']);
  });

  it('an image of the current minor without a chart version gets the release\'s chart version (never the newest chart)', () => {
    expect(versionAndTag(helmChart(['chart: aws-cloud-controller-manager'], ['image:', '  tag: v1.26.9']))).toEqual(['0.0.8', 'v1.26.9']);
  });

  it('the image step sets the chart version and image and nothing else', () => {
    const before = helmChart(['chart: aws-cloud-controller-manager', 'version: 0.0.8'], ['args:', '  - --v=5', 'image:', '  tag: v1.26.14']);
    const out = upsertCcmHelmChart(before, { ...target, release: ccmReleaseFor('v1.33.1+rke2r1'), only: 'image' });
    const chart = readCcmHelmChart(out)!;

    expect([chart.spec.version, chart.values.image.tag, chart.values.args, chart.values.tolerations, chart.spec.bootstrap]).toEqual(['0.0.9', 'v1.33.4', ['--v=5'], undefined, undefined]);
  });
});

describe('valuesContent', () => {
  it('is written as a literal block whether it was missing or written as a quoted string', () => {
    for (const spec of [['chart: aws-cloud-controller-manager'], ['chart: aws-cloud-controller-manager', 'valuesContent: "hostNetworking: false"']]) {
      const out = upsertCcmHelmChart(helmChart(spec, []), target);
      const doc = parseAllDocuments(out)[0] as any;

      expect(doc.getIn(['spec', 'valuesContent'], true).type).toBe('BLOCK_LITERAL');
      expect(readCcmHelmChart(out)!.values.hostNetworking).toBe(true);
    }
  });
});

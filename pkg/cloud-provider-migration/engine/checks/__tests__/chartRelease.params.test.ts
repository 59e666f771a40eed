// checkChartRelease's params: which release, which versions, which planned values differ.
import type { ChartSpec } from '../../types';
import { checkChartRelease } from '../chartRelease';

const chart: ChartSpec = {
  repo: 'https://kubernetes.github.io/cloud-provider-aws', name: 'aws-cloud-controller-manager', version: '0.0.8', namespace: 'kube-system',
  values: { args: ['--v=2'], hostNetworking: true, nodeSelector: { a: 'true', b: null } },
} as ChartSpec;
const NAME = 'kube-system/aws-cloud-controller-manager';

describe('checkChartRelease params', () => {
  it('absent: the release and the version it waits for', () => {
    expect(checkChartRelease(undefined, chart).message).toEqual({ key: 'checks.chartRelease.absent', params: { name: NAME, version: '0.0.8' } });
  });

  it('another version: the installed one and the wanted one', () => {
    expect(checkChartRelease({ version: '0.0.7', values: chart.values } as any, chart).message)
      .toEqual({ key: 'checks.chartRelease.version', params: { name: NAME, version: '0.0.7', wanted: '0.0.8' } });
  });

  it('lists every differing planned value, in plan order', () => {
    expect(checkChartRelease({ version: '0.0.8', values: { args: ['--v=2'], hostNetworking: false } } as any, chart).message)
      .toEqual({ key: 'checks.chartRelease.values', params: { name: NAME, keys: 'hostNetworking, nodeSelector' } });
  });

  it('a release without values differs in every planned value', () => {
    expect(checkChartRelease({ version: '0.0.8' } as any, chart).message.params).toEqual({ name: NAME, keys: 'args, hostNetworking, nodeSelector' });
  });

  it('compares values as JSON: key order does not matter', () => {
    expect(checkChartRelease({ version: '0.0.8', values: { nodeSelector: { b: null, a: 'true' }, hostNetworking: true, args: ['--v=2'] } } as any, chart).message)
      .toEqual({ key: 'checks.chartRelease.done', params: { name: NAME, version: '0.0.8' } });
  });
});

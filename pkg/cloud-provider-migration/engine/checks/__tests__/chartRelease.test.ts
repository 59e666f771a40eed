import type { ChartSpec } from '../../types';
import { checkChartRelease } from '../chartRelease';
import { expectResultTranslated } from './l10n';

const chart: ChartSpec = {
  repo:      'https://kubernetes.github.io/cloud-provider-aws',
  name:      'aws-cloud-controller-manager',
  version:   '0.0.8',
  namespace: 'kube-system',
  values:    { args: ['--v=2', '--cloud-provider=aws', '--enable-leader-migration=true'], nodeSelector: { 'node-role.kubernetes.io/controlplane': 'true', 'node-role.kubernetes.io/control-plane': null } },
};

describe('checkChartRelease', () => {
  it.each([
    ['no release is waiting', null, 'waiting', 'checks.chartRelease.absent'],
    ['another chart version is waiting', { version: '0.0.11', values: chart.values }, 'waiting', 'checks.chartRelease.version'],
    ['a planned value that differs is waiting', { version: '0.0.8', values: { ...chart.values, args: ['--v=2', '--cloud-provider=aws'] } }, 'waiting', 'checks.chartRelease.values'],
    ['the planned version and values are done, extra values allowed', { version: '0.0.8', values: { ...chart.values, resources: { requests: { cpu: '200m' } } } }, 'done', 'checks.chartRelease.done'],
  ] as const)('%s', (_name, release, state, key) => {
    const result = checkChartRelease(release as any, chart);

    expect(result.state).toBe(state);
    expect(result.message.key).toBe(key);
    expectResultTranslated(result);
  });
});

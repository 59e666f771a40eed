/**
 * RKE1: is the CCM Helm release installed as the plan wants it? The release must exist, have the planned chart
 * version, and carry every planned value (other values, e.g. set by hand, are allowed).
 */
import type { ChartSpec, CheckResult, Observations } from '../types';
import { jsonEqual } from '../cluster/clusterShape';
import { verdict } from './result';

export function checkChartRelease(release: Observations['chartRelease'], chart: ChartSpec): CheckResult {
  const name = `${ chart.namespace }/${ chart.name }`;

  if (!release) {
    return verdict('waiting', 'chartRelease.absent', { name, version: chart.version });
  }
  if (release.version !== chart.version) {
    return verdict('waiting', 'chartRelease.version', { name, version: release.version, wanted: chart.version });
  }
  const differing = Object.keys(chart.values).filter((k) => !jsonEqual(chart.values[k], release.values?.[k]));

  if (differing.length) {
    return verdict('waiting', 'chartRelease.values', { name, keys: differing.join(', ') });
  }

  return verdict('done', 'chartRelease.done', { name, version: chart.version });
}

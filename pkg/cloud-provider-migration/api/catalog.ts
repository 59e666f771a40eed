/**
 * RKE1: the CCM chart as a Rancher app in the downstream cluster (docs/rancher-behaviour.md#catalog-upgrade): the
 * cluster repo is created from the chart's URL when none points there, then the repo's `install` or `upgrade` action
 * (an upgrade resets values to the chart's plus ours, as the plan's values diff shows). Its rollback is the app's
 * `uninstall` action (docs/rancher-behaviour.md#catalog-uninstall).
 */
import type { ChartSpec } from '../engine';
import { clusterPrefix, getDownstreamObject } from './downstream';
import { JSON_HEADERS, request, type StoreLike } from './request';

type Obj = Record<string, any>;

async function downstreamList(store: StoreLike, clusterId: string, type: string): Promise<Obj[]> {
  const page = await request(store, 'management', { url: `${ clusterPrefix(clusterId) }/v1/${ type }` });

  return page?.data || [];
}

/** The chart's Rancher app (`catalog.cattle.io.apps`), or null when it is not installed. */
export function getChartApp(store: StoreLike, clusterId: string, chart: Pick<ChartSpec, 'name' | 'namespace'>): Promise<Obj | null> {
  return getDownstreamObject(store, clusterId, 'catalog.cattle.io.apps', chart.namespace, chart.name);
}

export type ChartRelease = { version: string; values: Record<string, unknown> };

/** The deployed release an app holds (version and values), null when the app is absent or its release not deployed. */
export function deployedRelease(app: Obj | null): ChartRelease | null {
  return app?.spec?.info?.status === 'deployed' ? { version: app?.spec?.chart?.metadata?.version, values: app?.spec?.values || {} } : null;
}

/** The deployed release of the chart (version and values), null when none is deployed. */
export async function getChartRelease(store: StoreLike, clusterId: string, chart: ChartSpec): Promise<ChartRelease | null> {
  return deployedRelease(await getChartApp(store, clusterId, chart));
}

/**
 * Uninstalls the chart's app as Apps does: the app's `uninstall` action, with no options (Rancher's helm pod runs
 * `helm uninstall`; the app goes with the release). Resolves once Rancher has accepted it, not when it is done.
 */
export async function uninstallChartApp(store: StoreLike, clusterId: string, chart: Pick<ChartSpec, 'name' | 'namespace'>): Promise<void> {
  await request(store, 'management', {
    url:     `${ clusterPrefix(clusterId) }/v1/catalog.cattle.io.apps/${ encodeURIComponent(chart.namespace) }/${ encodeURIComponent(chart.name) }?action=uninstall`,
    method:  'post',
    headers: JSON_HEADERS,
    data:    {},
  });
}

/** Installs the chart, or upgrades the release when the app exists. */
export async function installChartApp(store: StoreLike, clusterId: string, chart: ChartSpec): Promise<void> {
  const prefix = clusterPrefix(clusterId);
  const repos = await downstreamList(store, clusterId, 'catalog.cattle.io.clusterrepos');
  let repo = repos.find((r) => r.spec?.url === chart.repo)?.metadata?.name;

  if (!repo) {
    repo = chart.name;
    await request(store, 'management', {
      url:     `${ prefix }/v1/catalog.cattle.io.clusterrepos`,
      method:  'post',
      headers: JSON_HEADERS,
      data:    {
        type: 'catalog.cattle.io.clusterrepo', apiVersion: 'catalog.cattle.io/v1', kind: 'ClusterRepo', metadata: { name: repo }, spec: { url: chart.repo }
      },
    });
  }
  const action = await getChartApp(store, clusterId, chart) ? 'upgrade' : 'install';

  await request(store, 'management', {
    url:     `${ prefix }/v1/catalog.cattle.io.clusterrepos/${ encodeURIComponent(repo) }?action=${ action }`,
    method:  'post',
    headers: JSON_HEADERS,
    data:    {
      namespace: chart.namespace,
      charts:    [{
        chartName: chart.name, version: chart.version, releaseName: chart.name, values: chart.values, annotations: {}, ...(action === 'upgrade' ? { resetValues: true } : {}),
      }],
    },
  });
}

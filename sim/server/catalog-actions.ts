/**
 * Helm chart actions on a cluster repo: `POST …/v1/catalog.cattle.io.clusterrepos/<repo>?action=install|upgrade`.
 * Body shapes from rancher/rancher pkg/api/steve/catalog/types/rest.go (ChartInstallAction
 * `{namespace, projectId, wait, timeout, noHooks, charts:[{chartName, version, releaseName, values, annotations}]}`,
 * ChartUpgradeAction `{namespace, charts:[{chartName, version, releaseName, values, annotations, resetValues}]}`);
 * reply 201 ChartActionOutput `{type:'chartActionOutput', operationName, operationNamespace}` (pkg/api/steve/catalog/
 * operation.go). As in pkg/catalogv2/helmop/operation.go createOperation, the helm pod is `helm-operation-<5>` in
 * `cattle-system`, and the `catalog.cattle.io.operation` takes the pod's name in the release namespace (status:
 * action, chart, version, releaseName, namespace, projectId, command, podName, podNamespace…); the release shows up
 * as a `catalog.cattle.io.app`; here the app is created `pending-install` / `pending-upgrade` and finished by
 * sim/world's controller (downstream clusters) or by chart-repos.ts runLocalRelease (the local cluster's
 * repositories, e.g. an extension chart), which first checks that the repository's index has the chart version.
 * Upgrade values follow helm/helm pkg/action/upgrade.go reuseValues with ReuseValues never set (the upgrade
 * body has no such field): `values` non-empty → they replace the release values; empty → the previous
 * values are kept, unless `resetValues: true`.
 */
import type { KObj } from '../store';
import { condition } from '../world/k8s/conditions';
import { chartVersion, runLocalRelease } from './chart-repos';
import type { SimContext } from './context';
import { ApiError } from './types';

interface ChartRequest {
  chartName?: string;
  version?: string;
  releaseName?: string;
  namespace?: string;
  values?: Record<string, unknown>;
  annotations?: Record<string, string>;
  resetValues?: boolean;
}

function suffix(): string {
  return Math.random().toString(36).slice(2, 7);
}

function badRequest(msg: string): ApiError {
  return new ApiError(422, 'InvalidBodyContent', msg, 'rancher');
}

export function clusterRepoAction(ctx: SimContext, scope: string, repo: string, action: string, body: any): { type: string; operationName: string; operationNamespace: string } {
  const repoObj = ctx.store.get(scope, 'catalog.cattle.io.clusterrepo', undefined, repo);

  if (!repoObj) {
    throw new ApiError(404, 'NotFound', `clusterrepos.catalog.cattle.io "${ repo }" not found`, 'rancher');
  }
  if (action !== 'install' && action !== 'upgrade') {
    throw new ApiError(404, 'NotFound', `action ${ action } not found on catalog.cattle.io.clusterrepo`, 'rancher');
  }
  const charts: ChartRequest[] = Array.isArray(body?.charts) ? body.charts : [];

  if (!charts.length) {
    throw badRequest('at least one chart is required');
  }
  const chart = charts[0];

  if (!chart.chartName) {
    throw badRequest('chartName is required');
  }
  const namespace = chart.namespace || body.namespace || 'default';
  const releaseName = chart.releaseName || chart.chartName;
  const local = scope === 'local' && !!repoObj.spec?.url;

  if (local) {
    chartVersion(ctx, repo, chart.chartName, chart.version);
  }
  const podName = `helm-operation-${ suffix() }`;

  upsertApp(ctx, scope, action, repo, namespace, releaseName, chart);
  ctx.store.create(scope, 'catalog.cattle.io.operation', {
    apiVersion: 'catalog.cattle.io/v1',
    kind:       'Operation',
    metadata:   { name: podName, namespace, labels: { 'catalog.cattle.io/cluster-repo-name': repo } },
    status:     {
      action,
      chart:        chart.chartName,
      version:      chart.version || '',
      releaseName,
      namespace,
      projectId:    body.projectId || '',
      token:        '',
      command:      ['helm', action, `--namespace=${ namespace }`, releaseName, `/home/shell/helm/${ chart.chartName }-${ chart.version || 'latest' }.tgz`],
      podName,
      podNamespace: 'cattle-system',
      conditions:   local ? [] : [{ type: 'Created', status: 'Unknown' }],
    },
  });
  if (local) {
    runLocalRelease(ctx, {
      repo, chartName: chart.chartName, version: chart.version, release: releaseName, namespace, values: ctx.store.get(scope, 'catalog.cattle.io.app', namespace, releaseName)?.spec?.values || {}, opNamespace: namespace, opName: podName,
    });
  }

  return { type: 'chartActionOutput', operationName: podName, operationNamespace: namespace };
}

function upsertApp(ctx: SimContext, scope: string, action: string, repo: string, namespace: string, releaseName: string, chart: ChartRequest): void {
  const current = ctx.store.get(scope, 'catalog.cattle.io.app', namespace, releaseName);
  const metadataOfChart = {
    name: chart.chartName, version: chart.version || '', annotations: { ...(chart.annotations || {}), 'catalog.cattle.io/ui-source-repo': repo, 'catalog.cattle.io/ui-source-repo-type': 'cluster' }
  };

  if (action === 'install') {
    if (current) {
      throw new ApiError(409, 'AlreadyExists', `cannot re-use a name that is still in use: release "${ releaseName }" in namespace "${ namespace }"`, 'rancher');
    }
    const app: KObj = {
      apiVersion: 'catalog.cattle.io/v1',
      kind:       'App',
      metadata:   { name: releaseName, namespace },
      spec:       {
        name: releaseName, namespace, version: 1, chart: { metadata: metadataOfChart, values: {} }, values: chart.values || {}, info: { status: 'pending-install' }
      },
      status: { summary: { state: 'pending-install', transitioning: true }, observedGeneration: 0 },
    };

    ctx.store.create(scope, 'catalog.cattle.io.app', app);

    return;
  }
  if (!current) {
    throw new ApiError(404, 'NotFound', `release "${ releaseName }" in namespace "${ namespace }" not found`, 'rancher');
  }
  // Rancher renders the chart values into a values file for `helm upgrade` and offers no reuse switch (only
  // `resetValues`), so helm's Upgrade.reuseValues applies: non-empty values replace the release's values
  // entirely (nodeSelector/tolerations given at install are lost); empty values reuse the release's values
  // unless resetValues is set.
  const given = chart.values || {};
  const values = chart.resetValues || Object.keys(given).length ? given : (current.spec?.values || {});

  ctx.store.mutate(scope, 'catalog.cattle.io.app', namespace, releaseName, (o) => {
    o.spec = {
      ...o.spec, version: (o.spec?.version || 1) + 1, chart: { ...(o.spec?.chart || {}), metadata: metadataOfChart }, values, info: { status: 'pending-upgrade' }
    };
    o.status = { ...(o.status || {}), summary: { state: 'pending-upgrade', transitioning: true } };
  });
}

/**
 * `POST …/v1/catalog.cattle.io.apps/<ns>/<name>?action=uninstall` (rancher/rancher pkg/api/steve/catalog/operation.go,
 * types/rest.go ChartUninstallAction `{noHooks, dryRun, keepHistory, timeout, description}`): the body is decoded as
 * JSON with no fallback (an empty body fails with 500 "EOF"); the app must exist (404 as Steve words a missing
 * object). Reply 201 chartActionOutput; the Operation (`status.action: uninstall`, command `helm uninstall
 * --namespace=<ns> <name>`) lives in the app's namespace. Rancher's helm pod runs as the user: the action itself is
 * not checked beyond reading the app, so a user who may not delete what the release holds gets the 201 and an
 * Operation that stalls (`Stalled` True, the helm error), the app untouched. Otherwise the app turns `uninstalling`
 * and sim/world's catalog controller removes the release and then the app (it goes with the release secret).
 */
export function appAction(ctx: SimContext, scope: string, ns: string, name: string, action: string, rawBody: string, mayDelete: boolean): { type: string; operationName: string; operationNamespace: string } {
  const app = ctx.store.get(scope, 'catalog.cattle.io.app', ns, name);

  if (!app) {
    throw new ApiError(404, 'NotFound', `apps.catalog.cattle.io "${ name }" not found`, 'rancher');
  }
  if (action !== 'uninstall') {
    throw new ApiError(404, 'NotFound', `action ${ action } not found on catalog.cattle.io.app`, 'rancher');
  }
  if (!rawBody.trim()) {
    throw new ApiError(500, 'ServerError', 'EOF', 'rancher');
  }
  const podName = `helm-operation-${ suffix() }`;
  const now = new Date().toISOString();

  ctx.store.create(scope, 'catalog.cattle.io.operation', {
    apiVersion: 'catalog.cattle.io/v1',
    kind:       'Operation',
    metadata:   { name: podName, namespace: ns },
    status:     {
      action:       'uninstall',
      releaseName:  name,
      namespace:    ns,
      projectId:    '',
      token:        '',
      command:      ['helm', 'uninstall', `--namespace=${ ns }`, name],
      podName,
      podNamespace: 'cattle-system',
      podCreated:   true,
      conditions:   mayDelete ? [condition('Reconciling', 'True', now, 'running operation')] : [
        condition('Reconciling', 'False', now), condition('Stalled', 'True', now, `Error: uninstallation completed with 1 error(s): forbidden; exit code 1`),
      ],
    },
  });
  if (mayDelete) {
    ctx.store.mutate(scope, 'catalog.cattle.io.app', ns, name, (o) => {
      o.spec = { ...o.spec, info: { ...(o.spec?.info || {}), status: 'uninstalling' } };
      o.status = { ...(o.status || {}), summary: { state: 'uninstalling', transitioning: true } };
    });
  }

  return { type: 'chartActionOutput', operationName: podName, operationNamespace: ns };
}

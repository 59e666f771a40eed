/**
 * Installing a chart release into a downstream cluster: what `helm upgrade --install` leaves behind for the
 * charts the world knows (the AWS CCM chart renders its DaemonSet; any other chart only records a release).
 * Shared by the HelmChart controller (RKE2) and the Rancher app install (RKE1).
 */
import { KObj } from '../../store';
import { WorldContext } from '../context';
import { T } from '../types';
import { CCM_CHART, renderCcmDaemonSet, resolveChartVersion } from './ccmChart';
import { Values } from './helmValues';

export const RELEASE_NAME = 'meta.helm.sh/release-name';

export function installRelease(ctx: WorldContext, scope: string, chartName: string, release: string, namespace: string, version: string | undefined, values: Values): KObj | undefined {
  if (chartName !== CCM_CHART) {
    return undefined;
  }
  const ds = renderCcmDaemonSet(values, {
    name: release, namespace, chartVersion: resolveChartVersion(version), revision: 1
  });
  const cur = ctx.store.get(scope, T.daemonSet, ds.metadata.namespace, ds.metadata.name);

  if (!cur) {
    return ctx.store.create(scope, T.daemonSet, ds);
  }

  return ctx.store.mutate(scope, T.daemonSet, ds.metadata.namespace, ds.metadata.name, (d) => {
    d.metadata.labels = { ...(d.metadata.labels || {}), ...ds.metadata.labels };
    d.metadata.annotations = { ...(d.metadata.annotations || {}), ...ds.metadata.annotations };
    d.spec = { ...ds.spec, template: { ...ds.spec.template, spec: { ...ds.spec.template.spec } } };
    // Users may have edited the live DaemonSet (the RKE1 nodeSelector fix): helm's 3-way merge keeps
    // fields the chart did not change. The simulator re-renders from values, as a fresh upgrade would.
  });
}

export function uninstallRelease(ctx: WorldContext, scope: string, release: string): void {
  for (const ds of ctx.store.list(scope, T.daemonSet)) {
    if (ds.metadata.annotations?.[RELEASE_NAME] === release) {
      ctx.store.delete(scope, T.daemonSet, ds.metadata.namespace, ds.metadata.name);
    }
  }
}

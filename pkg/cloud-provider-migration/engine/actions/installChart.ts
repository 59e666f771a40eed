/**
 * install-chart (RKE1): the CCM chart as a Helm release in the downstream cluster. Printed as helm commands; judged
 * from the release (or, without it, from the CCM DaemonSet); carried out as a Rancher app install or upgrade.
 */
import type { ChartSpec, DaemonSetLike } from '../types';
import type { ActionDefinition } from './types';
import { jsonEqual } from '../cluster/clusterShape';
import { checkChartRelease } from '../checks/chartRelease';
import { verdict } from '../checks/result';
import { shellQuote, valuesYaml } from '../planning/shellCommands';

/** RKE1: helm commands against the downstream cluster. */
export function helmInstallCommands(chart: ChartSpec): string[] {
  const repoName = chart.name;
  const values = valuesYaml(chart.values);

  return [
    `helm repo add ${ shellQuote(repoName) } ${ shellQuote(chart.repo) }`,
    `helm repo update ${ shellQuote(repoName) }`,
    `cat > values.yaml <<'EOF'\n${ values }EOF`,
    // --reuse-values keeps values set outside this plan (extraVolumes for a cloud config, say); lists such as
    // args are still replaced by values.yaml (the step warns about it).
    `helm upgrade --install ${ shellQuote(chart.name) } ${ shellQuote(`${ repoName }/${ chart.name }`) } --version ${ shellQuote(chart.version) } -n ${ shellQuote(chart.namespace) } --reuse-values -f values.yaml`,
  ];
}

/** The DaemonSet's container runs the chart's image tag and exactly its args. */
function daemonSetRunsChart(daemonSet: DaemonSetLike, chart: ChartSpec): boolean {
  const container = daemonSet.spec?.template?.spec?.containers?.[0];
  const tag = (chart.values.image as Record<string, string> | undefined)?.tag;

  return !!container && typeof container.image === 'string' && (!tag || container.image.endsWith(`:${ tag }`)) &&
    jsonEqual(container.args || [], chart.values.args || []);
}

export const installChart: ActionDefinition = {
  action:              'install-chart',
  // Not live for the planner (done from the object when a later step supersedes it); judged when observed.
  live:                false,
  runsIn:              'downstream',
  selectsControlPlane: false,
  commands:            ({ def }) => helmInstallCommands(def.chart!),
  judge:               ({ step, obs }) => {
    if (obs.chartRelease !== undefined && step.chart) {
      return checkChartRelease(obs.chartRelease, step.chart);
    }
    if (obs.daemonSet === undefined) {
      // Nothing read: the planner's verdict stands.
      return undefined;
    }
    if (step.id === 'install-ccm') {
      return obs.daemonSet ? verdict('done', 'chartRelease.daemonSetPresent') : verdict('waiting', 'chartRelease.daemonSetAbsent');
    }

    // A later upgrade (the CCM following the Kubernetes minor, the cleanup): the DaemonSet runs its image and args.
    return step.chart && obs.daemonSet && daemonSetRunsChart(obs.daemonSet, step.chart) ? verdict('done', 'chartRelease.daemonSetUpgraded') : undefined;
  },
  carryOut: async (step, io) => {
    const chart = step.chart!;

    await io.installChart(chart);

    return { check: await io.until(`helm release ${ chart.name }`, async () => checkChartRelease(await io.chartRelease(chart), chart)) };
  },
};

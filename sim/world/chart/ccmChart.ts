/**
 * The aws-cloud-controller-manager chart (kubernetes/cloud-provider-aws charts/aws-cloud-controller-manager):
 * default values (values.yaml), the chart-version → appVersion map (Chart.yaml history), and the
 * DaemonSet its templates/daemonset.yaml renders from the coalesced values.
 */
import { KObj } from '../../store';
import { coalesceValues, Values } from './helmValues';

export const CCM_CHART = 'aws-cloud-controller-manager';

/** Chart version → appVersion (image tag default). The latest is what a HelmChart without `version` gets. */
export const CCM_CHART_VERSIONS: Record<string, string> = {
  '0.0.8':  'v1.27.1',
  '0.0.9':  'v1.33.0',
  '0.0.10': 'v1.34.0',
  '0.0.11': 'v1.35.0',
};
export const CCM_LATEST_CHART = '0.0.11';

export function ccmDefaultValues(chartVersion: string): Values {
  return {
    namespace: 'kube-system',
    args:      ['--v=2', '--cloud-provider=aws'],
    image:     { repository: 'registry.k8s.io/provider-aws/cloud-controller-manager', tag: CCM_CHART_VERSIONS[chartVersion] || CCM_CHART_VERSIONS[CCM_LATEST_CHART] },
    nameOverride: 'aws-cloud-controller-manager',
    nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
    tolerations:  [
      { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    ],
    dnsPolicy:          'Default',
    clusterRoleName:    'system:cloud-controller-manager',
    serviceAccountName: 'cloud-controller-manager',
    resources:          { requests: { cpu: '200m' } },
  };
}

export function resolveChartVersion(version: string | undefined): string {
  return version && CCM_CHART_VERSIONS[version] ? version : CCM_LATEST_CHART;
}

export interface Release {
  name: string;
  namespace: string;
  chartVersion: string;
  revision: number;
}

/** Render the chart's DaemonSet (templates/daemonset.yaml) from user values. */
export function renderCcmDaemonSet(userValues: Values, release: Release): KObj {
  const v = coalesceValues(ccmDefaultValues(release.chartVersion), userValues);
  const name = v.nameOverride || CCM_CHART;
  const image = `${ v.image?.repository }:${ v.image?.tag }`;
  const podSpec: Record<string, any> = {
    serviceAccountName: v.serviceAccountName,
    dnsPolicy:          v.dnsPolicy,
    priorityClassName:  'system-node-critical',
    nodeSelector:       v.nodeSelector || {},
    tolerations:        v.tolerations || [],
    containers:         [{
      name:      CCM_CHART,
      image,
      args:      (v.args || []).map(String),
      resources: v.resources || {},
      env:       v.env || [],
    }],
  };

  if (v.hostNetworking) {
    podSpec.hostNetwork = true;
  }
  if (v.affinity) {
    podSpec.affinity = v.affinity;
  }

  return {
    apiVersion: 'apps/v1',
    kind:       'DaemonSet',
    metadata:   {
      name,
      namespace: v.namespace || release.namespace,
      labels:    {
        'k8s-app':                      name,
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.sh/chart':                `${ CCM_CHART }-${ release.chartVersion }`,
      },
      annotations: {
        'meta.helm.sh/release-name':      release.name,
        'meta.helm.sh/release-namespace': release.namespace,
        'deprecated.daemonset.template.generation': '1',
      },
    },
    spec: {
      selector:       { matchLabels: { 'k8s-app': name } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
      template:       { metadata: { labels: { 'k8s-app': name } }, spec: podSpec },
    },
    status: {
      currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, observedGeneration: 0,
    },
  };
}

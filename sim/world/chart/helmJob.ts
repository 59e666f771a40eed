/**
 * The install Job helm-controller creates for a HelmChart (k3s-io/helm-controller pkg/controllers/chart/chart.go
 * job()): `helm-install-<name>` in the chart's namespace, running klipper-helm. With `spec.bootstrap: true`
 * the pod is pinned to `node-role.kubernetes.io/control-plane=true`, uses the host network and tolerates
 * not-ready, network-unavailable, uninitialized, CriticalAddonsOnly, the etcd NoExecute and control-plane
 * NoSchedule taints — but NOT `node.kubernetes.io/unschedulable` (docs/rancher-behaviour.md#helm-controller).
 */
import { createHash } from 'crypto';
import { KObj } from '../../store';

export const CHART_LABEL = 'helmcharts.helm.cattle.io/chart';
export const CONFIG_HASH = 'helmcharts.helm.cattle.io/configHash';

export function bootstrapTolerations(): any[] {
  return [
    { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' },
    { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' },
    { key: 'CriticalAddonsOnly', operator: 'Exists' },
    { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
  ];
}

export function chartConfigHash(chart: KObj): string {
  return `SHA256=${ createHash('sha256').update(JSON.stringify(chart.spec || {})).digest('hex').toUpperCase() }`;
}

export function helmInstallJob(chart: KObj): KObj {
  const spec = chart.spec || {};
  const name = chart.metadata.name;
  const bootstrap = spec.bootstrap === true;
  const podSpec: Record<string, any> = {
    serviceAccountName: `helm-${ name }`,
    restartPolicy:      'OnFailure',
    nodeSelector:       { 'kubernetes.io/os': 'linux', ...(bootstrap ? { 'node-role.kubernetes.io/control-plane': 'true' } : {}) },
    tolerations:        bootstrap ? bootstrapTolerations() : [],
    containers:         [{
      name:  'helm',
      image: 'rancher/klipper-helm:v0.9.3-build20241008',
      args:  ['install'],
      env:   [
        { name: 'NAME', value: name },
        { name: 'VERSION', value: spec.version || '' },
        { name: 'REPO', value: spec.repo || '' },
        { name: 'HELM_DRIVER', value: 'secret' },
        { name: 'CHART_NAMESPACE', value: chart.metadata.namespace },
        { name: 'CHART', value: spec.chart || '' },
        { name: 'TARGET_NAMESPACE', value: spec.targetNamespace || chart.metadata.namespace },
      ],
    }],
  };

  if (bootstrap) {
    podSpec.hostNetwork = true;
  }

  return {
    apiVersion: 'batch/v1',
    kind:       'Job',
    metadata:   {
      name:            `helm-install-${ name }`,
      namespace:       chart.metadata.namespace,
      labels:          { [CHART_LABEL]: name },
      annotations:     { [CONFIG_HASH]: chartConfigHash(chart) },
      ownerReferences: [{
        apiVersion: 'helm.cattle.io/v1', kind: 'HelmChart', name, uid: chart.metadata.uid || '', controller: true, blockOwnerDeletion: false
      }],
    },
    spec: {
      backoffLimit: spec.backOffLimit ?? 1000,
      template:     { metadata: { labels: { [CHART_LABEL]: name } }, spec: podSpec },
    },
    status: {},
  };
}

import { generate } from 'json-merge-patch';
import { stringify } from 'yaml';
import type { ChartSpec, Distro } from './types';
import { CCM_CHART_NAME, CCM_NAMESPACE } from './ccmValues';
import { controlPlaneSelector } from './checks/cordon';

/** What a CLI user types for each step. Shell arguments are quoted so that any value is safe to paste. */

const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** Quotes one shell argument (POSIX single quotes). */
export function shellQuote(value: string): string {
  return SAFE.test(value) ? value : `'${ value.replace(/'/g, `'\\''`) }'`;
}

export const MIGRATION_LEASE = 'cloud-provider-extraction-migration';

export { controlPlaneSelector };

/** `kubectl patch` with a JSON merge patch of `spec` (RKE2, run against the Rancher local cluster). */
export function rke2PatchCommand(before: Record<string, any>, after: Record<string, any>): string[] {
  const patch = generate(before.spec || {}, after.spec || {});

  if (patch === undefined) {
    return [];
  }
  const name = after.metadata.name;
  const namespace = after.metadata.namespace || 'fleet-default';

  return [`kubectl patch clusters.provisioning.cattle.io ${ shellQuote(name) } -n ${ shellQuote(namespace) } --type merge -p ${ shellQuote(JSON.stringify({ spec: patch })) }`];
}

/** `kubectl patch` of the management cluster's spec.rancherKubernetesEngineConfig (RKE1, Rancher local cluster). */
export function rke1PatchCommand(before: Record<string, any>, after: Record<string, any>): string[] {
  const patch = generate(before.rancherKubernetesEngineConfig || {}, after.rancherKubernetesEngineConfig || {});

  if (patch === undefined) {
    return [];
  }

  return [`kubectl patch clusters.management.cattle.io ${ shellQuote(after.id) } --type merge -p ${ shellQuote(JSON.stringify({ spec: { rancherKubernetesEngineConfig: patch } })) }`];
}

/**
 * Waiting for Rancher to apply an update. Right after the write the cluster is still Ready from before, so a
 * single `kubectl wait --for=condition=Ready` returns at once: first wait until Rancher has taken the new spec in
 * (RKE2: `status.observedGeneration` reaches `metadata.generation`; RKE1: `status.appliedSpec` equals `spec`),
 * then for Updated and Ready.
 */
export function waitClusterCommand(distro: Distro, name: string, namespace: string): string[] {
  if (distro === 'rke2') {
    const get = `kubectl -n ${ shellQuote(namespace) } get clusters.provisioning.cattle.io ${ shellQuote(name) } -o jsonpath=`;
    const wait = `kubectl -n ${ shellQuote(namespace) } wait clusters.provisioning.cattle.io/${ shellQuote(name) }`;

    return [
      `until [ "$(${ get }'{.status.observedGeneration}')" = "$(${ get }'{.metadata.generation}')" ]; do sleep 10; done`,
      `${ wait } --for=condition=Updated --timeout=60m`,
      `${ wait } --for=condition=Ready --timeout=60m`,
    ];
  }
  const get = `kubectl get clusters.management.cattle.io ${ shellQuote(name) } -o jsonpath=`;
  const wait = `kubectl wait clusters.management.cattle.io/${ shellQuote(name) }`;

  return [
    `until [ "$(${ get }'{.status.appliedSpec.rancherKubernetesEngineConfig}')" = "$(${ get }'{.spec.rancherKubernetesEngineConfig}')" ]; do sleep 10; done`,
    `${ wait } --for=condition=Updated --timeout=60m`,
    `${ wait } --for=condition=Ready --timeout=60m`,
  ];
}

export function cordonCommand(distro: Distro, cordon: boolean): string[] {
  // The selector holds only label characters, so double quotes are safe and match the Rancher docs.
  return [`kubectl ${ cordon ? 'cordon' : 'uncordon' } -l "${ controlPlaneSelector(distro) }"`];
}

export function rolloutCommands(): string[] {
  return [
    `kubectl -n ${ CCM_NAMESPACE } rollout status daemonset ${ CCM_CHART_NAME }`,
    `kubectl -n ${ CCM_NAMESPACE } get daemonset ${ CCM_CHART_NAME } -o jsonpath='{.status.desiredNumberScheduled}'`,
  ];
}

export function providerIdCommands(): string[] {
  return ['kubectl get nodes -o custom-columns=NAME:.metadata.name,PROVIDERID:.spec.providerID'];
}

export function leaseCommands(): string[] {
  return [`kubectl -n kube-system get lease ${ MIGRATION_LEASE } -o jsonpath='{.spec.holderIdentity}'`];
}

/** The values file as YAML (`null` kept: it deletes a chart default key). */
export function valuesYaml(values: Record<string, unknown>): string {
  return stringify(values);
}

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

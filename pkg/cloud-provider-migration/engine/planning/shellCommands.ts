import { generate } from 'json-merge-patch';
import { stringify } from 'yaml';
import type { ChartSpec, Distro } from '../types';
import { CCM_CHART_NAME, CCM_NAMESPACE } from '../ccm/ccmValues';
import { controlPlaneSelector } from '../checks/cordon';
import { MIGRATION_LEASE } from '../checks/migrationLease';

/** What a CLI user types for each step. Shell arguments are quoted so that any value is safe to paste. */

const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** Quotes one shell argument (POSIX single quotes). */
export function shellQuote(value: string): string {
  return SAFE.test(value) ? value : `'${ value.replace(/'/g, `'\\''`) }'`;
}

export { MIGRATION_LEASE };

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
 * Waiting for Rancher to apply an update (docs/rancher-behaviour.md#rke2-wait, #rke1-applied-spec). Right after the
 * write the cluster is still Ready from before, so a single `kubectl wait --for=condition=Ready` returns at once.
 * RKE2: the provisioning cluster's controller has copied the spec (its observedGeneration reaches its generation),
 * then the RKEControlPlane has acted on it (the same on that object), then Ready. RKE1: `status.appliedSpec` never
 * equals the spec (Rancher adds nodes and system images), so wait for Updated to turn Unknown (updating) and back
 * to True, then Ready; the first wait gives up after 5 minutes in case RKE finished before it started.
 */
export function waitClusterCommand(distro: Distro, name: string, namespace: string): string[] {
  if (distro === 'rke2') {
    const generations = (resource: string) => {
      const get = `kubectl -n ${ shellQuote(namespace) } get ${ resource } ${ shellQuote(name) } -o jsonpath=`;

      return `until [ "$(${ get }'{.status.observedGeneration}')" = "$(${ get }'{.metadata.generation}')" ]; do sleep 10; done`;
    };

    return [
      generations('clusters.provisioning.cattle.io'),
      generations('rkecontrolplanes.rke.cattle.io'),
      `kubectl -n ${ shellQuote(namespace) } wait rkecontrolplanes.rke.cattle.io/${ shellQuote(name) } --for=condition=Ready --timeout=60m`,
      `kubectl -n ${ shellQuote(namespace) } wait clusters.provisioning.cattle.io/${ shellQuote(name) } --for=condition=Ready --timeout=60m`,
    ];
  }
  const wait = `kubectl wait clusters.management.cattle.io/${ shellQuote(name) }`;

  return [
    `${ wait } --for=condition=Updated=Unknown --timeout=5m || true`,
    `${ wait } --for=condition=Updated=True --timeout=60m`,
    `${ wait } --for=condition=Ready --timeout=60m`,
  ];
}

/** The file the cordon step writes, so that the uncordon step uncordons exactly the nodes the migration cordoned. */
export const CORDONED_NODES_FILE = 'cordoned-by-migration.txt';

/**
 * Cordon: record the control-plane nodes that are not cordoned yet, then cordon those (kubectl skips nodes already
 * cordoned anyway). Uncordon: only the recorded nodes, never a node someone cordoned before the migration.
 */
export function cordonCommand(distro: Distro, cordon: boolean): string[] {
  if (!cordon) {
    return [`xargs -r kubectl uncordon < ${ CORDONED_NODES_FILE }`];
  }

  // The selector holds only label characters, so double quotes are safe and match the Rancher docs.
  return [
    `kubectl get nodes -l "${ controlPlaneSelector(distro) }" -o custom-columns=NAME:.metadata.name,CORDONED:.spec.unschedulable --no-headers | awk '$2 != "true" {print $1}' > ${ CORDONED_NODES_FILE }`,
    `xargs -r kubectl cordon < ${ CORDONED_NODES_FILE }`,
  ];
}

/** `kubectl rollout status` fails with NotFound until the DaemonSet exists (the chart installs it a little later). */
export function rolloutCommands(): string[] {
  return [
    `until kubectl -n ${ CCM_NAMESPACE } get daemonset ${ CCM_CHART_NAME } >/dev/null 2>&1; do sleep 5; done`,
    `kubectl -n ${ CCM_NAMESPACE } rollout status daemonset ${ CCM_CHART_NAME }`,
    `kubectl -n ${ CCM_NAMESPACE } get daemonset ${ CCM_CHART_NAME } -o jsonpath='{.status.desiredNumberScheduled}'`,
  ];
}

export function providerIdCommands(): string[] {
  return ['kubectl get nodes -o custom-columns=NAME:.metadata.name,PROVIDERID:.spec.providerID,TAINTS:.spec.taints[*].key'];
}

/**
 * The migration lease beside the two leader leases: its holder identity is the same `<host>_<uuid>` as the leader
 * lease of the process that holds it, so the row it matches names kube-controller-manager or the CCM.
 */
export function leaseCommands(): string[] {
  return [`kubectl -n kube-system get lease ${ MIGRATION_LEASE } kube-controller-manager cloud-controller-manager -o custom-columns=LEASE:.metadata.name,HOLDER:.spec.holderIdentity,RENEWED:.spec.renewTime`];
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

/**
 * wait-cluster: wait until Rancher has taken in and applied the last update (the rule: checks/clusterReconcile.ts).
 * Printed as kubectl waits on the same conditions, run against the Rancher local cluster.
 */
import type { Distro } from '../types';
import type { ActionDefinition } from './types';
import { checkClusterReconciled, checkRancherReconciled } from '../checks/clusterReconcile';
import { shellQuote } from '../planning/shellCommands';
import { verdict } from '../checks/result';

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

export const waitCluster: ActionDefinition = {
  action:              'wait-cluster',
  live:                true,
  runsIn:              'rancher',
  selectsControlPlane: false,
  commands:            ({ ctx }) => (ctx.distro === 'rke2' ? waitClusterCommand('rke2', ctx.detection.name, ctx.obj.metadata?.namespace || 'fleet-default') : waitClusterCommand('rke1', ctx.detection.id, '')),
  // Judged after the others: a later change already in the cluster means this wait is behind (Rancher updating for
  // that later change must not send the admin back to it).
  judgedLast:          true,
  // Done when the nearest update step before it is done and Rancher reports the cluster reconciled, or once a later
  // required change (a cluster update or a chart install) is done.
  judge:               ({ steps, index, obs }) => {
    if (steps.slice(index + 1).some((s) => !s.optional && s.done && (s.action === 'update-cluster' || s.action === 'install-chart'))) {
      return verdict('done', 'movedPast');
    }
    const update = steps.slice(0, index).reverse().find((s) => s.action === 'update-cluster');

    return checkClusterReconciled(update ? update.done : true, obs.clusterReady);
  },
  carryOut: async (_step, io) => ({ check: await io.until('wait for the cluster', async () => checkRancherReconciled(await io.clusterObjects())) }),
};

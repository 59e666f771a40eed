/**
 * update-cluster: a write of the cluster object (Steve PUT for RKE2 provisioning clusters, Norman PUT for RKE1).
 * Planned from the object alone (done when the edit changes nothing); printed as a JSON merge patch of what the step
 * changes, run against the Rancher local cluster; carried out by re-planning from a fresh read and writing with the
 * conflict protocol (api/writeCluster.ts).
 */
import { generate } from 'json-merge-patch';
import type { ActionDefinition } from './types';
import { shellQuote } from '../planning/shellCommands';

type Obj = Record<string, any>;

/** `kubectl patch` with a JSON merge patch of `spec` (RKE2, run against the Rancher local cluster). */
export function rke2PatchCommand(before: Obj, after: Obj): string[] {
  const patch = generate(before.spec || {}, after.spec || {});

  if (patch === undefined) {
    return [];
  }
  const name = after.metadata.name;
  const namespace = after.metadata.namespace || 'fleet-default';

  return [`kubectl patch clusters.provisioning.cattle.io ${ shellQuote(name) } -n ${ shellQuote(namespace) } --type merge -p ${ shellQuote(JSON.stringify({ spec: patch })) }`];
}

/** `kubectl patch` of the management cluster's spec.rancherKubernetesEngineConfig (RKE1, Rancher local cluster). */
export function rke1PatchCommand(before: Obj, after: Obj): string[] {
  const patch = generate(before.rancherKubernetesEngineConfig || {}, after.rancherKubernetesEngineConfig || {});

  if (patch === undefined) {
    return [];
  }

  return [`kubectl patch clusters.management.cattle.io ${ shellQuote(after.id) } --type merge -p ${ shellQuote(JSON.stringify({ spec: { rancherKubernetesEngineConfig: patch } })) }`];
}

export const updateCluster: ActionDefinition = {
  action:              'update-cluster',
  live:                false,
  runsIn:              'rancher',
  selectsControlPlane: false,
  commands:            ({ ctx, before, after }) => (ctx.distro === 'rke2' ? rke2PatchCommand(before, after) : rke1PatchCommand(before, after)),
  // Done or not from the object alone: the planner's verdict stands.
  judge:               () => undefined,
  carryOut:            async (step, io) => ({ write: await io.updateCluster(step) }),
};

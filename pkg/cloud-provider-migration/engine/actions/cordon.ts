/**
 * cordon / uncordon of the control-plane nodes (docs/rancher-behaviour.md#cordon). Printed as kubectl commands that
 * record which nodes the migration cordoned, so that the uncordon gives back exactly those; judged from the nodes;
 * carried out as `kubectl cordon` does it, a PATCH of `spec.unschedulable` on each node that differs.
 */
import type { Distro, Message } from '../types';
import type { ActionDefinition, ActionIo } from './types';
import { checkCordon, controlPlaneSelector, nodesToChange, type CordonState } from '../checks/cordon';
import { detail, verdict } from '../checks/result';
import { afterSwitch, passedByLaterStep, whenRead } from './judging';

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

/**
 * Changes each control-plane node that is not in the wanted state yet (with `only`, among those nodes alone), one
 * PATCH per node. A node that cannot be changed does not stop the others: the step ends failed, naming each such node
 * and why, with the nodes it did change, so that running it again retries only the rest.
 */
async function setControlPlane(io: ActionIo, want: CordonState, only?: string[]) {
  const targets = nodesToChange(await io.nodes(), io.distro, want, only).map((n) => n.metadata.name);
  const nodes: string[] = [];
  const failures: Message[] = [];

  for (const name of targets) {
    try {
      await io.setUnschedulable(name, want === 'cordoned');
      nodes.push(name);
    } catch (e) {
      failures.push(detail('cordon.nodeFailed', { node: name, ...io.describeFailure(e) }));
    }
  }
  if (failures.length) {
    return {
      check: verdict('failed', 'cordon.partial', { failed: failures.length, count: targets.length, changed: nodes.length }, failures), nodes,
    };
  }

  return { check: await io.until(want, async () => checkCordon(await io.nodes(), io.distro, want, only)), nodes };
}

export const cordon: ActionDefinition = {
  action:              'cordon',
  live:                true,
  runsIn:              'downstream',
  selectsControlPlane: true,
  // "Moved past it" looks at the verdicts of the later steps.
  judgedLast:          true,
  commands:            ({ ctx }) => cordonCommand(ctx.distro, true),
  // All control-plane nodes cordoned, or the plan has moved past it (a later required step is done), so a cluster
  // that was switched and uncordoned does not ask to be cordoned again.
  judge:               ({ steps, index, obs, distro }) => (passedByLaterStep(steps, index) ? verdict('done', 'movedPast') : whenRead(obs.nodes, (nodes) => checkCordon(nodes, distro, 'cordoned'))),
  carryOut:            (_step, io) => setControlPlane(io, 'cordoned'),
};

export const uncordon: ActionDefinition = {
  action:              'uncordon',
  live:                true,
  runsIn:              'downstream',
  selectsControlPlane: true,
  commands:            ({ ctx }) => cordonCommand(ctx.distro, false),
  // Once the switch is done (before it, nothing was cordoned for it): the nodes the migration cordoned and has not
  // given back are schedulable; without that record (a migration done by hand), every control-plane node.
  judge:               ({ steps, obs, distro }) => afterSwitch(steps, () => whenRead(obs.nodes, (nodes) => checkCordon(nodes, distro, 'uncordoned', obs.cordonedByMigration))),
  carryOut:            async (_step, io) => setControlPlane(io, 'uncordoned', await io.cordonedByMigration()),
};

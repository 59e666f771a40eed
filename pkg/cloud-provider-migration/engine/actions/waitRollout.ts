/**
 * wait-rollout: the aws-cloud-controller-manager DaemonSet has rolled out what the step before it changed, on every
 * control-plane node. Printed as `kubectl rollout status` (after waiting for the DaemonSet to exist); judged and
 * carried out with checks/ccmRollout.ts.
 */
import type { ActionDefinition } from './types';
import { CCM_CHART_NAME, CCM_NAMESPACE } from '../ccm/ccmValues';
import { checkDaemonSetRollout } from '../checks/ccmRollout';
import { controlPlaneNodes } from '../checks/cordon';
import { verdict } from '../checks/result';
import { whenRead } from './judging';

/** `kubectl rollout status` fails with NotFound until the DaemonSet exists (the chart installs it a little later). */
export function rolloutCommands(): string[] {
  return [
    `until kubectl -n ${ CCM_NAMESPACE } get daemonset ${ CCM_CHART_NAME } >/dev/null 2>&1; do sleep 5; done`,
    `kubectl -n ${ CCM_NAMESPACE } rollout status daemonset ${ CCM_CHART_NAME }`,
    `kubectl -n ${ CCM_NAMESPACE } get daemonset ${ CCM_CHART_NAME } -o jsonpath='{.status.desiredNumberScheduled}'`,
  ];
}

export const waitRollout: ActionDefinition = {
  action:              'wait-rollout',
  live:                true,
  runsIn:              'downstream',
  selectsControlPlane: false,
  commands:            () => rolloutCommands(),
  judge:               ({
    step, steps, index, obs, distro,
  }) => {
    // A rollout wait is about what the step before it changed: until that step is done, keep waiting, even
    // when the DaemonSet is rolled out (it still runs the previous spec).
    const change = steps.slice(0, index).reverse().find((s) => s.action === 'update-cluster' || s.action === 'install-chart');

    if (change && !change.done) {
      return verdict('waiting', 'previousStepNotDone');
    }
    if (obs.daemonSet === undefined) {
      return verdict('waiting', 'notObserved');
    }

    return whenRead(obs.nodes, (nodes) => checkDaemonSetRollout(obs.daemonSet, {
      controlPlaneNodes: controlPlaneNodes(nodes, distro).length,
      distro,
      nodes,
      pods:              obs.ccmPods,
      installJob:        obs.ccmInstallJob,
      installJobPods:    obs.ccmInstallJobPods,
      since:             obs.stepStartedAt?.[step.id],
      now:               obs.observedAt,
    }));
  },
  // A DaemonSet that is not there yet or still rolling out is waited for, not failed; each verdict says why it
  // stalls (pods, install Job) and how long the step has waited, so a timed-out wait carries that diagnosis.
  carryOut: async (_step, io) => {
    const since = io.now();

    return {
      check: await io.until('CCM rollout', async () => {
        const daemonSet = await io.daemonSet();
        const nodes = await io.nodes();
        const evidence = await io.rolloutEvidence(daemonSet, nodes);

        return checkDaemonSetRollout(daemonSet, {
          controlPlaneNodes: controlPlaneNodes(nodes, io.distro).length, distro: io.distro, nodes, ...evidence, since, now: io.now(),
        });
      }, { failFast: false }),
    };
  },
};

/**
 * verify: every node has an AWS provider ID and no uninitialized taint (verify-provider-ids), and the CCM holds the
 * migration lease (verify-migration-lease). Printed as kubectl gets of the nodes or the leases; judged and carried out
 * with checks/providerId.ts, checks/uninitializedTaint.ts and checks/migrationLease.ts, once the switch is done.
 */
import type { CheckResult, NodeLike } from '../types';
import type { ActionDefinition } from './types';
import { checkMigrationLease, MIGRATION_LEASE } from '../checks/migrationLease';
import { checkProviderIds } from '../checks/providerId';
import { checkUninitializedTaint } from '../checks/uninitializedTaint';
import { combine, verdict } from '../checks/result';
import { afterSwitch, CLEANUP_STEP, whenRead } from './judging';

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

function providerIdsVerdict(nodes: NodeLike[]): CheckResult {
  return combine([checkProviderIds(nodes), checkUninitializedTaint(nodes)]);
}

export const verify: ActionDefinition = {
  action:              'verify',
  live:                true,
  runsIn:              'downstream',
  selectsControlPlane: true,
  commands:            ({ def }) => (def.verify === 'migration-lease' ? leaseCommands() : providerIdCommands()),
  judge:               ({ step, steps, obs }) => afterSwitch(steps, () => {
    if (step.id === 'verify-provider-ids') {
      return whenRead(obs.nodes, providerIdsVerdict);
    }
    if (step.id === 'verify-migration-lease') {
      // Once the CCM runs without leader migration, nobody renews the lease: its holder goes stale.
      if (steps.some((s) => s.id === CLEANUP_STEP && s.done)) {
        return verdict('done', 'movedPast');
      }

      return whenRead(obs.leases, (leases) => checkMigrationLease(leases, 'ccm'));
    }

    return undefined;
  }),
  // The same verdicts as the judge, polled until done.
  carryOut: async (step, io) => ({
    check: step.id === 'verify-migration-lease' ? await io.until('migration lease', async () => checkMigrationLease(await io.leases(), 'ccm')) : await io.until('provider ids', async () => providerIdsVerdict(await io.nodes())),
  }),
};

/**
 * verify: every node has an AWS provider ID and no uninitialized taint, and every Service of type LoadBalancer still
 * has its load balancer address (verify-provider-ids); the CCM holds the migration lease (verify-migration-lease).
 * Printed as kubectl gets of the nodes and Services or the leases; judged and carried out with checks/providerId.ts,
 * checks/uninitializedTaint.ts, checks/loadBalancers.ts and checks/migrationLease.ts, once the switch is done. The
 * nodes with a problem come with the verdict in full (checks/nodeProblems.ts), their text lines capped.
 */
import type {
  CheckResult, LoadBalancerRecord, NodeLike, ServiceLike,
} from '../types';
import type { ActionDefinition } from './types';
import { checkMigrationLease, MIGRATION_LEASE } from '../checks/migrationLease';
import { checkProviderIds } from '../checks/providerId';
import { checkUninitializedTaint } from '../checks/uninitializedTaint';
import { checkLoadBalancers } from '../checks/loadBalancers';
import { providerIdProblems, withNodeProblems } from '../checks/nodeProblems';
import { combine, detail, verdict } from '../checks/result';
import { afterSwitch, CLEANUP_STEP, whenRead } from './judging';

export function providerIdCommands(): string[] {
  return [
    'kubectl get nodes -o custom-columns=NAME:.metadata.name,PROVIDERID:.spec.providerID,TAINTS:.spec.taints[*].key',
    'kubectl get services -A -o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,TYPE:.spec.type,CLASS:.spec.loadBalancerClass,HOSTNAME:.status.loadBalancer.ingress[*].hostname,IP:.status.loadBalancer.ingress[*].ip',
  ];
}

/**
 * The migration lease beside the two leader leases: its holder identity is the same `<host>_<uuid>` as the leader
 * lease of the process that holds it, so the row it matches names kube-controller-manager or the CCM.
 */
export function leaseCommands(): string[] {
  return [`kubectl -n kube-system get lease ${ MIGRATION_LEASE } kube-controller-manager cloud-controller-manager -o custom-columns=LEASE:.metadata.name,HOLDER:.spec.holderIdentity,RENEWED:.spec.renewTime`];
}

/**
 * The nodes' provider IDs and taints, and the Services' load balancers compared with the record from before the
 * switch. Services not read (refused or not served) are not judged, and the verdict says so.
 */
export function providerIdsVerdict(nodes: NodeLike[], services?: ServiceLike[], before?: LoadBalancerRecord): CheckResult {
  const results = [checkProviderIds(nodes), checkUninitializedTaint(nodes)];

  if (services) {
    results.push(checkLoadBalancers(services, before));
  }
  const combined = combine(results);
  const out = services ? combined : { ...combined, details: [...(combined.details || []), detail('loadBalancers.notRead')] };

  return withNodeProblems(out, providerIdProblems(nodes));
}

export const verify: ActionDefinition = {
  action:              'verify',
  live:                true,
  runsIn:              'downstream',
  selectsControlPlane: true,
  commands:            ({ def }) => (def.verify === 'migration-lease' ? leaseCommands() : providerIdCommands()),
  judge:               ({ step, steps, obs }) => afterSwitch(steps, () => {
    if (step.id === 'verify-provider-ids') {
      return whenRead(obs.nodes, (nodes) => providerIdsVerdict(nodes, obs.services, obs.loadBalancersBefore));
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
  carryOut: async (step, io) => {
    if (step.id === 'verify-migration-lease') {
      return { check: await io.until('migration lease', async () => checkMigrationLease(await io.leases(), 'ccm')) };
    }
    const before = await io.loadBalancersBefore();

    return { check: await io.until('provider ids', async () => providerIdsVerdict(await io.nodes(), await io.services(), before)) };
  },
};

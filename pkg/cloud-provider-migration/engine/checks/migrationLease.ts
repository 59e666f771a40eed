/**
 * Who holds the leader-migration lease? (docs/rancher-behaviour.md#leader-migration)
 *
 * With leader migration on, KCM and CCM contend for `kube-system/cloud-provider-extraction-migration` and run the
 * migrated controllers (route, service, cloud-node-lifecycle) only while they hold it. Each process uses ONE
 * identity, `<hostname>_<uuid>`, for its own leader lease (`kube-controller-manager` / `cloud-controller-manager`)
 * and for the migration lease, and only takes the migration lease after its own. So the migration lease holder is
 * identified by an exact match with one of the two leader identities. The host part alone proves nothing: KCM and
 * CCM run on the same control-plane hosts, so a host match is reported as ambiguous, never guessed.
 */
import type { CheckResult, LeaseLike, Message } from '../types';
import { detail, verdict } from './result';

export const MIGRATION_LEASE = 'cloud-provider-extraction-migration';
export const KCM_LEASE = 'kube-controller-manager';
export const CCM_LEASE = 'cloud-controller-manager';

export type LeaseHolder = 'kcm' | 'ccm';

const COMPONENT: Record<LeaseHolder, string> = { kcm: KCM_LEASE, ccm: CCM_LEASE };

export interface HolderIdentity {
  host: string;
  /** The per-process uuid; '' when the identity has no `_`. */
  id: string;
}

/** Splits `<host>_<uuid>` at the last `_` (host names cannot contain `_`). */
export function parseHolderIdentity(identity: string): HolderIdentity {
  const at = identity.lastIndexOf('_');

  return at < 0 ? { host: identity, id: '' } : { host: identity.slice(0, at), id: identity.slice(at + 1) };
}

function holderOf(leases: LeaseLike[], name: string): string | undefined {
  const lease = leases.find((l) => l.metadata.name === name && (!l.metadata.namespace || l.metadata.namespace === 'kube-system'));

  return lease ? (lease.spec?.holderIdentity || '') : undefined;
}

export function checkMigrationLease(leases: LeaseLike[], want: LeaseHolder): CheckResult {
  const lease = `kube-system/${ MIGRATION_LEASE }`;
  const holder = holderOf(leases, MIGRATION_LEASE);
  const wanted = COMPONENT[want];

  if (holder === undefined) {
    return verdict('waiting', 'migrationLease.absent', { lease, wanted });
  }
  if (!holder) {
    return verdict('waiting', 'migrationLease.unheld', { lease, wanted });
  }

  const leaders: Record<LeaseHolder, string | undefined> = { kcm: holderOf(leases, KCM_LEASE), ccm: holderOf(leases, CCM_LEASE) };
  const exact = (Object.keys(leaders) as LeaseHolder[]).find((c) => leaders[c] === holder);

  if (exact === want) {
    return verdict('done', 'migrationLease.held', { lease, holder, component: wanted });
  }
  if (exact) {
    return verdict('waiting', 'migrationLease.heldByOther', {
      lease, holder, component: COMPONENT[exact], wanted
    });
  }

  const missing: Message[] = (Object.keys(leaders) as LeaseHolder[])
    .filter((c) => !leaders[c])
    .map((c) => detail('migrationLease.leaderUnknown', { lease: `kube-system/${ COMPONENT[c] }` }));
  const host = parseHolderIdentity(holder).host;
  const sameHost = (Object.keys(leaders) as LeaseHolder[]).filter((c) => leaders[c] && parseHolderIdentity(leaders[c] as string).host === host);

  if (sameHost.length) {
    return verdict('waiting', 'migrationLease.ambiguous', { lease, holder, host }, missing);
  }

  return verdict('waiting', 'migrationLease.unknownHolder', { lease, holder, wanted }, missing);
}

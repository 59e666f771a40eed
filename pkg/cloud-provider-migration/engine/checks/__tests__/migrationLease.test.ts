import type { LeaseLike } from '../../types';
import { checkMigrationLease, parseHolderIdentity } from '../migrationLease';
import { lease } from './fixtures';
import { expectResultTranslated } from './l10n';

const KCM_ID = 'ip-10-0-1-12.us-west-2.compute.internal_5c1d7c53-8f0e-4a4b-9e0f-3b5f2f8c9d10';
const CCM_ID = 'ip-10-0-1-12.us-west-2.compute.internal_0b7e2f4a-6d1c-4e8b-a2f3-9c8d7e6f5a41';
const CCM_OTHER_HOST = 'ip-10-0-2-40.us-west-2.compute.internal_77aa1d3e-2b4c-4d5e-8f90-1a2b3c4d5e6f';
const STALE_SAME_HOST = 'ip-10-0-1-12.us-west-2.compute.internal_ffffffff-0000-4000-8000-000000000000';

const leases = (migration: string | undefined | null, kcm: string | null = KCM_ID, ccm: string | null = CCM_ID): LeaseLike[] => [
  ...(migration === null ? [] : [lease('cloud-provider-extraction-migration', migration)]),
  ...(kcm === null ? [] : [lease('kube-controller-manager', kcm)]),
  ...(ccm === null ? [] : [lease('cloud-controller-manager', ccm)]),
  lease('kube-scheduler', 'ip-10-0-1-12.us-west-2.compute.internal_1234'),
];

describe('parseHolderIdentity', () => {
  it.each([
    ['splits host and uuid at the last underscore', KCM_ID, { host: 'ip-10-0-1-12.us-west-2.compute.internal', id: '5c1d7c53-8f0e-4a4b-9e0f-3b5f2f8c9d10' }],
    ['an identity without underscore is all host', 'cp-1', { host: 'cp-1', id: '' }],
  ])('%s', (_name, identity, expected) => {
    expect(parseHolderIdentity(identity)).toEqual(expected);
  });
});

describe('checkMigrationLease', () => {
  it.each([
    ['the CCM leader holding the lease is done when the CCM is wanted', leases(CCM_ID), 'ccm', 'done', 'checks.migrationLease.held'],
    ['the KCM leader holding the lease is done when the KCM is wanted', leases(KCM_ID), 'kcm', 'done', 'checks.migrationLease.held'],
    ['the KCM still holding it keeps the CCM waiting', leases(KCM_ID), 'ccm', 'waiting', 'checks.migrationLease.heldByOther'],
    ['an absent migration lease is waiting', leases(null), 'ccm', 'waiting', 'checks.migrationLease.absent'],
    ['a released migration lease is waiting', leases(''), 'ccm', 'waiting', 'checks.migrationLease.unheld'],
    ['a lease without holderIdentity is waiting', leases(undefined), 'ccm', 'waiting', 'checks.migrationLease.unheld'],
    ['a holder on the same host as both leaders is ambiguous, not guessed', leases(STALE_SAME_HOST), 'ccm', 'waiting', 'checks.migrationLease.ambiguous'],
    ['a holder on a host that runs neither leader is unknown', leases(CCM_OTHER_HOST), 'ccm', 'waiting', 'checks.migrationLease.unknownHolder'],
    ['the CCM leader on another host than the KCM leader is matched by identity', leases(CCM_OTHER_HOST, KCM_ID, CCM_OTHER_HOST), 'ccm', 'done', 'checks.migrationLease.held'],
  ] as const)('%s', (_name, input, want, state, key) => {
    const result = checkMigrationLease(input, want);

    expect(result.state).toBe(state);
    expect(result.message.key).toBe(key);
    expectResultTranslated(result);
  });

  it('a missing leader lease is reported next to an unmatched holder', () => {
    const result = checkMigrationLease(leases(STALE_SAME_HOST, KCM_ID, null), 'ccm');

    expect(result.message.key).toBe('checks.migrationLease.ambiguous');
    expect(result.details).toEqual([{ key: 'checks.migrationLease.leaderUnknown', params: { lease: 'kube-system/cloud-controller-manager' } }]);
  });

  it('a lease of the same name in another namespace is ignored', () => {
    const elsewhere = { ...lease('cloud-provider-extraction-migration', CCM_ID), metadata: { name: 'cloud-provider-extraction-migration', namespace: 'default' } };

    expect(checkMigrationLease([elsewhere, ...leases(null)], 'ccm').message.key).toBe('checks.migrationLease.absent');
  });

  it('names the holder and the component', () => {
    expect(checkMigrationLease(leases(KCM_ID), 'ccm').message.params).toEqual({
      lease: 'kube-system/cloud-provider-extraction-migration', holder: KCM_ID, component: 'kube-controller-manager', wanted: 'cloud-controller-manager'
    });
  });
});

// Who holds the leader-migration lease, at the edges: identities with several or a leading underscore, leases
// without namespace or spec, missing leader leases, and the params each verdict names.
import type { LeaseLike } from '../../types';
import { checkMigrationLease, parseHolderIdentity } from '../migrationLease';
import { lease } from './fixtures';

const LEASE = 'kube-system/cloud-provider-extraction-migration';
const KCM = 'cp-1_aaaa';
const CCM = 'cp-1_bbbb';
const set = (migration: string | undefined, kcm?: string, ccm?: string): LeaseLike[] => [
  lease('cloud-provider-extraction-migration', migration),
  ...(kcm === undefined ? [] : [lease('kube-controller-manager', kcm)]),
  ...(ccm === undefined ? [] : [lease('cloud-controller-manager', ccm)]),
];

describe('parseHolderIdentity', () => {
  it('splits at the last underscore only', () => {
    expect(parseHolderIdentity('host_with_parts_uuid')).toEqual({ host: 'host_with_parts', id: 'uuid' });
  });

  it('a leading underscore leaves an empty host', () => {
    expect(parseHolderIdentity('_uuid')).toEqual({ host: '', id: 'uuid' });
  });
});

describe('checkMigrationLease', () => {
  it('names the lease and the wanted component while the lease is absent or unheld', () => {
    expect(checkMigrationLease([], 'kcm').message.params).toEqual({ lease: LEASE, wanted: 'kube-controller-manager' });
    expect(checkMigrationLease(set(''), 'ccm').message).toEqual({ key: 'checks.migrationLease.unheld', params: { lease: LEASE, wanted: 'cloud-controller-manager' } });
  });

  it('a lease without spec is unheld', () => {
    expect(checkMigrationLease([{ metadata: { name: 'cloud-provider-extraction-migration', namespace: 'kube-system' } } as LeaseLike], 'ccm').message.key)
      .toBe('checks.migrationLease.unheld');
  });

  it('accepts leases listed without a namespace (already scoped to kube-system)', () => {
    const unscoped = set(CCM, KCM, CCM).map((l) => ({ ...l, metadata: { name: l.metadata.name } }));

    expect(checkMigrationLease(unscoped, 'ccm').message).toEqual({ key: 'checks.migrationLease.held', params: { lease: LEASE, holder: CCM, component: 'cloud-controller-manager' } });
  });

  it('ignores a leader lease of another namespace', () => {
    const elsewhere = { ...lease('cloud-controller-manager', CCM), metadata: { name: 'cloud-controller-manager', namespace: 'default' } };

    expect(checkMigrationLease([...set(CCM, KCM), elsewhere], 'ccm').message.key).toBe('checks.migrationLease.ambiguous');
  });

  it('held by the other component: names both', () => {
    expect(checkMigrationLease(set(CCM, KCM, CCM), 'kcm').message).toEqual({
      key: 'checks.migrationLease.heldByOther', params: { lease: LEASE, holder: CCM, component: 'cloud-controller-manager', wanted: 'kube-controller-manager' },
    });
  });

  it('an unmatched holder on a leader\'s host is ambiguous and names the host', () => {
    expect(checkMigrationLease(set('cp-1_stale', KCM, 'cp-9_cccc'), 'ccm')).toEqual({
      state: 'waiting', message: { key: 'checks.migrationLease.ambiguous', params: { lease: LEASE, holder: 'cp-1_stale', host: 'cp-1' } },
    });
  });

  it('an unmatched holder with both leader leases missing is unknown, and both missing leases are listed', () => {
    expect(checkMigrationLease(set('cp-1_stale'), 'ccm')).toEqual({
      state:   'waiting',
      message: { key: 'checks.migrationLease.unknownHolder', params: { lease: LEASE, holder: 'cp-1_stale', wanted: 'cloud-controller-manager' } },
      details: [
        { key: 'checks.migrationLease.leaderUnknown', params: { lease: 'kube-system/kube-controller-manager' } },
        { key: 'checks.migrationLease.leaderUnknown', params: { lease: 'kube-system/cloud-controller-manager' } },
      ],
    });
  });

  it('a released leader lease does not match a holder by host, and counts as missing', () => {
    const result = checkMigrationLease(set('cp-1_stale', '', 'cp-9_cccc'), 'ccm');

    expect(result.message.key).toBe('checks.migrationLease.unknownHolder');
    expect(result.details).toEqual([{ key: 'checks.migrationLease.leaderUnknown', params: { lease: 'kube-system/kube-controller-manager' } }]);
  });

  it('without any unmatched host and with both leaders known, lists no details', () => {
    expect(checkMigrationLease(set('cp-7_x', KCM, CCM), 'ccm').details).toBeUndefined();
  });
});

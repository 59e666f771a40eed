import type { Detection, Message, MigrationStatus } from '../types';
import { holdsRke1Config, isPlainObject } from './clusterShape';
import { rke2AnyExternalArg, rke2EffectiveProviderNames, rke2SwitchComplete } from '../rke2/rke2Edits';

export interface StatusVerdict {
  status: MigrationStatus;
  reason?: Message;
}

const notApplicable = (key: string, params?: Message['params']): StatusVerdict => ({ status: 'not-applicable', reason: { key: `reasons.${ key }`, params } });

function otherProvider(names: string[]): StatusVerdict {
  const other = names.find((n) => n && n !== 'aws' && n !== 'external' && n !== 'external-aws');

  return other ? notApplicable('otherProvider', { provider: other }) : notApplicable('noCloudProvider');
}

function rke2Verdict(rkeConfig: Record<string, any>, d: Detection): StatusVerdict {
  const names = rke2EffectiveProviderNames(rkeConfig);

  if (!names.includes('aws')) {
    if (!names.includes('external')) {
      return otherProvider(names);
    }

    return d.ccmManifestPresent && rke2SwitchComplete(rkeConfig) ? { status: 'migrated' } : notApplicable('genericExternal');
  }
  if (rke2SwitchComplete(rkeConfig)) {
    return { status: d.ccmManifestPresent ? 'migrated' : 'migrating' };
  }
  if (d.kcmLeaderMigration || d.ccmManifestPresent || rke2AnyExternalArg(rkeConfig) || names.includes('external')) {
    return { status: 'migrating' };
  }

  return { status: 'in-tree' };
}

function rke1Verdict(d: Detection): StatusVerdict {
  // `external-aws` written while awsCloudProvider is still set: half switched, RKE still runs the in-tree provider.
  const halfSwitched = d.providerLocations.some((l) => l.value === 'external-aws');

  switch (d.effectiveProvider) {
    case 'aws':
      return { status: d.kcmLeaderMigration || halfSwitched ? 'migrating' : 'in-tree' };
    case 'external-aws':
      return { status: 'migrated' };
    case 'external':
      return notApplicable('genericExternal');
    default:
      return otherProvider([d.effectiveProvider]);
  }
}

/**
 * Where the cluster stands, from the object alone: not-applicable (with the reason), in-tree, migrating (some
 * step's change is present) or migrated.
 */
export function migrationStatus(obj: Record<string, any>, d: Detection): StatusVerdict {
  switch (d.kind) {
    case 'rke2':
      return rke2Verdict(isPlainObject(obj.spec?.rkeConfig) ? obj.spec.rkeConfig : {}, d);
    case 'rke1':
      if (!holdsRke1Config(d.format)) {
        return notApplicable('rke1Provisioning', { id: d.managementClusterId || d.name });
      }

      return rke1Verdict(d);
    case 'k3s':
    case 'hosted':
    case 'harvester':
    case 'imported':
      return notApplicable(holdsRke1Config(d.format) && d.kind === 'imported' ? 'normanWithoutRkeConfig' : d.kind);
    default:
      return notApplicable('unknown');
  }
}

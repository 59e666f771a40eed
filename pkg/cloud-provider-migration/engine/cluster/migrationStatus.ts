import type { Detection, Message, MigrationStatus } from '../types';
import { holdsRke1Config, isPlainObject } from './clusterShape';
import { anyExternalArgIn, providerNamesIn, switchCompleteIn } from '../rke2/rke2Edits';
import { type MachineConfigs, machineConfigs } from '../rke2/machineKinds';

export interface StatusVerdict {
  status: MigrationStatus;
  reason?: Message;
}

const notApplicable = (key: string, params?: Message['params']): StatusVerdict => ({ status: 'not-applicable', reason: { key: `reasons.${ key }`, params } });

function otherProvider(names: string[]): StatusVerdict {
  const other = names.find((n) => n && n !== 'aws' && n !== 'external' && n !== 'external-aws');

  return other ? notApplicable('otherProvider', { provider: other }) : notApplicable('noCloudProvider');
}

/** What the status of an RKE2 cluster depends on beyond its detection, read from the effective configs. */
export interface Rke2StatusFacts {
  /** Every distinct `cloud-provider-name` a machine can end up with ('' = none). */
  providerNames: string[];
  /** Every machine runs out of tree (rke2Edits.ts rke2SwitchComplete). */
  switchComplete: boolean;
  /** Some component arg list already says `cloud-provider=external`. */
  anyExternalArg: boolean;
}

export function rke2StatusFacts(configs: MachineConfigs): Rke2StatusFacts {
  return { providerNames: providerNamesIn(configs), switchComplete: switchCompleteIn(configs), anyExternalArg: anyExternalArgIn(configs.sources) };
}

function rke2Verdict(f: Rke2StatusFacts, d: Detection): StatusVerdict {
  const names = f.providerNames;

  if (!names.includes('aws')) {
    if (!names.includes('external')) {
      return otherProvider(names);
    }

    return d.ccmManifestPresent && f.switchComplete ? { status: 'migrated' } : notApplicable('genericExternal');
  }
  if (f.switchComplete) {
    return { status: d.ccmManifestPresent ? 'migrated' : 'migrating' };
  }
  if (d.kcmLeaderMigration || d.ccmManifestPresent || f.anyExternalArg || names.includes('external')) {
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
  return verdictOf(d, d.kind === 'rke2' ? rke2StatusFacts(machineConfigs(isPlainObject(obj.spec?.rkeConfig) ? obj.spec.rkeConfig : {})) : undefined);
}

/** migrationStatus from the detection and, for RKE2, the facts already read from the effective configs. */
export function verdictOf(d: Detection, rke2: Rke2StatusFacts | undefined): StatusVerdict {
  switch (d.kind) {
    case 'rke2':
      // Without facts, as migrationStatus reads an RKE2 object whose rkeConfig is not a map.
      return rke2Verdict(rke2 || rke2StatusFacts(machineConfigs({})), d);
    case 'rke1':
      if (!holdsRke1Config(d.format)) {
        return notApplicable('rke1Provisioning', { id: d.managementClusterId || d.name });
      }

      return rke1Verdict(d);
    case 'k3s':
    case 'hosted':
    case 'harvester':
    case 'imported':
      return notApplicable(d.configInProvisioning ? 'normanWithoutRkeConfig' : d.kind);
    default:
      return notApplicable('unknown');
  }
}

import type { ProviderLocation } from '../types';
import { MigrationError } from '../errors';
import { ConfigSource, configSources } from '../rke2/effectiveConfig';
import { CLOUD_PROVIDER_ARG_KEYS, argList, argValue } from '../rke2/componentArgs';

/** Cloud provider names the engine knows. Only `aws` / `external-aws` (and `external` with the AWS CCM) apply. */
export const KNOWN_PROVIDERS = ['', 'aws', 'external', 'external-aws', 'azure', 'vsphere', 'rancher-vsphere', 'harvester', 'gce', 'openstack', 'custom'];

export const RKE2_PROVIDER_KEY = 'cloud-provider-name';

/**
 * Every place an RKE2 cluster sets a cloud provider, in merge order: `cloud-provider-name` in machineGlobalConfig
 * and in each machineSelectorConfig entry (the dashboard keeps it in the first selector-less entry), and
 * `cloud-provider=` in the kubelet / kube-apiserver / kube-controller-manager arg lists.
 */
export function rke2ProviderLocations(rkeConfig: Record<string, any> | undefined): ProviderLocation[] {
  return providerLocationsIn(configSources(rkeConfig));
}

/** rke2ProviderLocations of the config sources already read. */
export function providerLocationsIn(sources: readonly ConfigSource[]): ProviderLocation[] {
  const out: ProviderLocation[] = [];

  sources.forEach((source) => {
    if (source.config[RKE2_PROVIDER_KEY] !== undefined && source.config[RKE2_PROVIDER_KEY] !== null) {
      out.push({ path: `${ source.path }.${ RKE2_PROVIDER_KEY }`, value: String(source.config[RKE2_PROVIDER_KEY]) });
    }
    CLOUD_PROVIDER_ARG_KEYS.forEach((key) => {
      const value = argValue(argList(source.config[key]), 'cloud-provider');

      if (value !== undefined) {
        out.push({ path: `${ source.path }.${ key }`, value });
      }
    });
  });

  return out;
}

/** Throws UNKNOWN_PROVIDER for a provider name no distro knows. */
export function assertKnownProviders(locations: ProviderLocation[]): void {
  const unknown = locations.find((l) => !KNOWN_PROVIDERS.includes(l.value));

  if (unknown) {
    throw new MigrationError('UNKNOWN_PROVIDER', `Unknown cloud provider "${ unknown.value }" at ${ unknown.path }; expected one of ${ KNOWN_PROVIDERS.filter(Boolean).join(', ') }.`, { params: { provider: unknown.value, path: unknown.path } });
  }
}

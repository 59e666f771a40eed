/**
 * Rancher settings, features and user preferences (D's own data, not the world's).
 * Setting shape: management.cattle.io/v3 Setting {value, default, customized, source}
 * (rancher/rancher pkg/apis/management.cattle.io/v3/setting_types.go); public settings are the ones
 * Rancher lets anonymous users read (pkg/settings: `ui-*`, `first-login`, …; served unauthenticated to the
 * login page). Feature shape: {spec.value, status.{default, dynamic, lockedValue, description}}
 * (pkg/apis/management.cattle.io/v3/feature_types.go, defaults from pkg/features/feature.go).
 * User preference: {id, type:'userpreference', data} (rancher/steve pkg/resources/userpreferences).
 */
import type { KObj } from '../store';
import { rke1VersionsCurrent } from './kdm-releases';

interface SettingSeed { value: string; public?: boolean }

export function settingSeeds(serverVersion: string): Record<string, SettingSeed> {
  return {
    'first-login':                { value: 'false', public: true },
    'ui-pl':                      { value: 'rancher', public: true },
    'ui-brand':                   { value: '', public: true },
    'ui-banners':                 { value: '{}', public: true },
    'ui-performance':             { value: '', public: true },
    'ui-custom-links':            { value: '{}', public: true },
    'ui-issues':                  { value: '', public: true },
    'ui-community-links':         { value: 'true', public: true },
    'ui-offline-preferred':       { value: 'true', public: true },
    'ui-dynamic-content-enabled': { value: 'false', public: true },
    'ui-login-background-light':  { value: '', public: true },
    'ui-login-background-dark':   { value: '', public: true },
    'server-version':             { value: serverVersion },
    'server-url':                 { value: 'https://rancher.sim.local' },
    'eula-agreed':                { value: '2025-11-01T10:00:00Z' },
    'telemetry-opt':              { value: 'out' },
    'system-namespaces':          { value: 'kube-system,kube-public,cattle-system,cattle-alerting,cattle-logging,cattle-pipeline,cattle-prometheus,ingress-nginx,cattle-global-data,cattle-istio,kube-node-lease,cert-manager,cattle-global-nt,security-scan,cattle-fleet-system,cattle-fleet-local-system,calico-system,tigera-operator,cattle-impersonation-system,rancher-operator-system,cattle-csp-adapter-system,calico-apiserver,cattle-elemental-system' },
    'auth-user-info-max-age-seconds': { value: '3600' },
    'k8s-versions-current':       { value: rke1VersionsCurrent(serverVersion) },
    // Read by the Extensions page and its install dialog (rancher/rancher pkg/settings/setting.go; both empty by default).
    'display-add-extension-repos-banner': { value: '' },
    'system-default-registry':    { value: '' },
  };
}

export function settingObject(name: string, seed: SettingSeed): KObj {
  return {
    apiVersion: 'management.cattle.io/v3',
    kind:       'Setting',
    metadata:   { name, resourceVersion: '1', creationTimestamp: '2025-11-01T10:00:00Z' },
    value:      seed.value,
    default:    seed.value,
    customized: false,
    source:     '',
  };
}

export const FEATURES: [string, boolean, string][] = [
  ['multi-cluster-management', true, 'Multi-cluster provisioning and management of Kubernetes clusters.'],
  ['rke2', true, 'Enable RKE2 provisioning'],
  ['fleet', true, 'Install Fleet when starting Rancher'],
  ['uiextension', true, 'Enable UI Extensions when starting Rancher'],
  ['provisioningv2', true, 'Enable cluster-api based provisioning framework'],
  ['ui-sql-cache', false, 'Enable SQLite-backed caching for the UI'],
];

export function featureObject([name, def, description]: [string, boolean, string]): KObj {
  return {
    apiVersion: 'management.cattle.io/v3',
    kind:       'Feature',
    metadata:   { name, resourceVersion: '1', creationTimestamp: '2025-11-01T10:00:00Z' },
    spec:       { value: null },
    status:     {
      default: def, dynamic: false, lockedValue: null, description
    },
  };
}

export function defaultPreferences(serverVersion: string): Record<string, string> {
  return {
    cluster:        'local',
    'last-visited': '{"name":"home"}',
    'seen-whatsnew': JSON.stringify(serverVersion),
    locale:         '"en-us"',
  };
}

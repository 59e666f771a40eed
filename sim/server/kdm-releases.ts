/**
 * The Kubernetes versions Rancher offers (the server's own data, like the settings):
 * - `GET /v1-rke2-release/releases`, served without a session: the KDM RKE2 releases whose
 *   `[minChannelServerVersion, maxChannelServerVersion]` holds the server version, in KDM order, as a collection
 *   `{type:'collection', links:{self}, actions:{}, resourceType:'releases', data}` of
 *   `{id:<version>, type:'release', links:{self}, version, minChannelServerVersion, maxChannelServerVersion,
 *   serverArgs, agentArgs, featureVersions, charts}` (rancher/rancher pkg/channelserver/channelserver.go,
 *   pkg/multiclustermanager/routes.go; rancher/channelserver pkg/config/get.go GetReleasesConfig,
 *   pkg/server/store/release/store.go, pkg/model/config.go; rancher/apiserver pkg/writer/encoding.go newCollection).
 * - the setting `k8s-versions-current`: the newest RKE1 version of every minor this Rancher supports, joined with
 *   commas (rancher/rancher v2.11 pkg/kontainerdrivermetadata/data.go toUpdate); Rancher 2.12 and later no longer fill
 *   it (RKE1 removed), so the 2.13 world serves it empty.
 * The channel ranges are wider than KDM's (KDM ends RKE2 1.26 at Rancher 2.8) so the seeded 1.26 and 1.27 clusters
 * have targets; one release below and one above the range show the filter.
 */
import { json } from './replies';
import type { Reply, SimRequest } from './types';

type Field = Record<string, unknown>;

const ARRAY: Field = { type: 'array', nullable: true };
const STRING: Field = { type: 'string', nullable: true };
const BOOLEAN: Field = { type: 'boolean' };

/** A part of the KDM argument lists of an RKE2 release (the world's planner filter holds them whole). */
const SERVER_ARGS: Record<string, Field> = {
  'audit-policy-file':           STRING,
  'cloud-provider-config':       STRING,
  'cloud-provider-name':         { type: 'enum', options: ['aws', 'azure', 'gcp', 'rancher-vsphere', 'harvester', 'external'], nullable: true },
  cni:                           { type: 'enum', options: ['canal', 'cilium', 'calico', 'flannel', 'multus,canal', 'multus,cilium', 'multus,calico', 'none'], default: 'canal' },
  disable:                       { type: 'array', options: ['rke2-coredns', 'rke2-ingress-nginx', 'rke2-metrics-server'] },
  'disable-cloud-controller':    BOOLEAN,
  'disable-kube-proxy':          BOOLEAN,
  'etcd-expose-metrics':         BOOLEAN,
  'kube-apiserver-arg':          ARRAY,
  'kube-controller-manager-arg': ARRAY,
  'kube-scheduler-arg':          ARRAY,
  'system-default-registry':     STRING,
  'tls-san':                     ARRAY,
};

const AGENT_ARGS: Record<string, Field> = {
  'cloud-provider-config': STRING,
  'cloud-provider-name':   SERVER_ARGS['cloud-provider-name'],
  'kube-proxy-arg':        ARRAY,
  'kubelet-arg':           ARRAY,
  'protect-kernel-defaults': BOOLEAN,
  selinux:                 BOOLEAN,
  'system-default-registry': STRING,
};

const IN_RANGE: [string, string] = ['v2.8.0-alpha1', 'v2.13.99'];

/** `[version, minChannelServerVersion, maxChannelServerVersion, ingress-nginx chart]`, in KDM's order (oldest first). */
const RKE2_RELEASES: [string, string, string, string][] = [
  ['v1.25.16+rke2r2', 'v2.7.0-alpha1', 'v2.8.99', '4.8.200'],
  ['v1.26.14+rke2r1', ...IN_RANGE, '4.9.100'],
  ['v1.26.15+rke2r1', ...IN_RANGE, '4.9.100'],
  ['v1.27.15+rke2r1', ...IN_RANGE, '4.10.101'],
  ['v1.27.16+rke2r1', ...IN_RANGE, '4.10.102'],
  ['v1.27.16+rke2r2', ...IN_RANGE, '4.10.102'],
  ['v1.28.14+rke2r1', ...IN_RANGE, '4.10.401'],
  ['v1.28.15+rke2r1', ...IN_RANGE, '4.10.502'],
  ['v1.29.9+rke2r1', ...IN_RANGE, '4.10.401'],
  ['v1.29.10+rke2r1', ...IN_RANGE, '4.10.502'],
  ['v1.30.6+rke2r1', ...IN_RANGE, '4.10.502'],
  ['v1.30.8+rke2r1', ...IN_RANGE, '4.10.503'],
  ['v1.31.2+rke2r1', ...IN_RANGE, '4.10.502'],
  ['v1.31.4+rke2r1', ...IN_RANGE, '4.10.503'],
  ['v1.33.1+rke2r1', 'v2.14.0-alpha1', 'v2.14.99', '4.12.300'],
];

const RKE1_CURRENT = ['v1.26.15-rancher1-1', 'v1.27.16-rancher1-1', 'v1.28.15-rancher1-1', 'v1.29.10-rancher1-1', 'v1.30.7-rancher1-1'];

/** `v2.11.3` → [2, 11, 3, 0|1]: a pre-release (`-alpha1`) sorts before its release, as blang/semver orders them. */
function serverVersionKey(v: string): number[] {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(-.+)?$/.exec(v);

  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ? 0 : 1] : [];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);

    if (d) {
      return d;
    }
  }

  return 0;
}

/** The releases the channel server lists for a Rancher server version. */
export function offeredRke2Releases(serverVersion: string): Record<string, unknown>[] {
  const server = serverVersionKey(serverVersion);

  return RKE2_RELEASES
    .filter(([, min, max]) => compareKeys(server, serverVersionKey(min)) >= 0 && compareKeys(server, serverVersionKey(max)) <= 0)
    .map(([version, min, max, ingress]) => ({
      version,
      minChannelServerVersion: min,
      maxChannelServerVersion: max,
      serverArgs:              SERVER_ARGS,
      agentArgs:               AGENT_ARGS,
      featureVersions:         { 'encryption-key-rotation': '2.0.0' },
      charts:                  {
        'rke2-canal':          { repo: 'rancher-rke2-charts', version: 'v3.28.1-build2024080600' },
        'rke2-coredns':        { repo: 'rancher-rke2-charts', version: '1.29.002' },
        'rke2-ingress-nginx':  { repo: 'rancher-rke2-charts', version: ingress },
        'rke2-metrics-server': { repo: 'rancher-rke2-charts', version: '3.12.002' },
      },
    }));
}

/** The `k8s-versions-current` setting's value for a Rancher server version. */
export function rke1VersionsCurrent(serverVersion: string): string {
  return compareKeys(serverVersionKey(serverVersion), [2, 12, 0, 0]) >= 0 ? '' : RKE1_CURRENT.join(',');
}

/** `GET /v1-rke2-release/releases`; anything else under the channel server's prefixes is not served (404). */
export function handleKdmReleases(serverVersion: string, req: SimRequest): Reply | undefined {
  if (!/^\/v1-(rke2|k3s)-release(\/|$)/.test(req.path)) {
    return undefined;
  }
  if (req.method !== 'GET' || req.path !== '/v1-rke2-release/releases') {
    return json(404, { type: 'error', status: 404, code: 'NotFound', message: `no handler for ${ req.method } ${ req.path }` });
  }
  const self = `${ req.base }/v1-rke2-release/releases`;

  return json(200, {
    type:         'collection',
    links:        { self },
    actions:      {},
    resourceType: 'releases',
    data:         offeredRke2Releases(serverVersion).map((r) => ({
      id: r.version, type: 'release', links: { self: `${ self }/${ r.version }` }, ...r
    })),
  });
}

/**
 * Which user config keys reach which machine (rancher/rancher pkg/capr/planner/filter.go filterConfigData,
 * called from config.go addUserConfig after the machineGlobalConfig/machineSelectorConfig merge):
 * - a key is kept for every machine when it is one of the release's KDM `agentArgs`, and additionally for
 *   etcd or control-plane machines when it is one of its `serverArgs`; anything else is dropped, so a
 *   worker-only machine never sees `disable-cloud-controller`, `kube-apiserver-arg`, `cni`, `etcd-*`…;
 * - values that are not a string, boolean or list are dropped; `boolean` fields are converted to booleans.
 * The key lists are the KDM release data (rancher/kontainer-driver-metadata channels-rke2.yaml and
 * channels.yaml, v1.30 releases), plus flags newer rke2 releases added to their CLI
 * (rancher/rke2 pkg/cli/cmds/root.go `node-name-from-cloud-provider-metadata`, server.go `ingress-controller`).
 */
import { distroOf } from '../kubeVersion';

type ArgList = Record<string, 'bool' | 'other'>;

function list(spec: string): ArgList {
  const out: ArgList = {};

  for (const item of spec.trim().split(/\s+/)) {
    const [k, t] = item.split(':');

    out[k] = t === 'b' ? 'bool' : 'other';
  }

  return out;
}

const RKE2_AGENT = list(`audit-policy-file bind-address cloud-controller-manager-extra-env cloud-controller-manager-extra-mount
  cloud-provider-config cloud-provider-name control-plane-resource-limits control-plane-resource-requests debug:b default-runtime
  disable-default-registry-endpoint:b enable-pprof:b etcd-extra-env etcd-extra-mount kube-apiserver-extra-env
  kube-apiserver-extra-mount kube-controller-manager-extra-env kube-controller-manager-extra-mount kube-proxy-arg
  kube-proxy-extra-env kube-proxy-extra-mount kube-scheduler-extra-env kube-scheduler-extra-mount kubelet-arg profile
  protect-kernel-defaults:b resolv-conf selinux:b system-default-registry node-name-from-cloud-provider-metadata:b`);

const RKE2_SERVER = list(`audit-policy-file cluster-cidr cluster-dns cluster-domain cni container-runtime-endpoint datastore-cafile
  datastore-certfile datastore-endpoint datastore-keyfile disable disable-cloud-controller:b disable-kube-proxy:b
  disable-scheduler:b egress-selector-mode embedded-registry:b etcd-arg etcd-expose-metrics:b etcd-image kube-apiserver-arg
  kube-apiserver-image kube-cloud-controller-manager-arg kube-controller-manager-arg kube-controller-manager-image
  kube-proxy-arg kube-scheduler-arg kube-scheduler-image kubelet-path pause-image runtime-image service-cidr
  service-node-port-range snapshotter supervisor-metrics:b tls-san tls-san-security:b write-kubeconfig-group ingress-controller`);

const K3S_AGENT = list(`bind-address debug:b default-runtime disable-apiserver-lb:b disable-default-registry-endpoint:b docker:b
  enable-pprof:b flannel-conf flannel-iface kube-proxy-arg kubelet-arg pause-image protect-kernel-defaults:b resolv-conf
  selinux:b snapshotter system-default-registry vpn-auth vpn-auth-file`);

const K3S_SERVER = list(`cluster-cidr cluster-dns cluster-domain datastore-cafile datastore-certfile datastore-endpoint
  datastore-keyfile default-local-storage-path disable disable-apiserver:b disable-cloud-controller:b
  disable-controller-manager:b disable-etcd:b disable-kube-proxy:b disable-network-policy:b disable-scheduler:b
  egress-selector-mode embedded-registry:b etcd-arg etcd-expose-metrics:b flannel-backend helm-job-image kine-tls:b
  kube-apiserver-arg kube-cloud-controller-manager-arg kube-controller-manager-arg kube-scheduler-arg secrets-encryption:b
  service-cidr service-node-port-range supervisor-metrics:b tls-san tls-san-security:b write-kubeconfig-group`);

/** norman convert.ToBool: true, or a string "true" (any case). */
function toBool(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/** The config a machine's agent is given: `isServer` for machines with the etcd or control-plane role. */
export function filterConfig(config: Record<string, any>, kubernetesVersion: string, isServer: boolean): Record<string, any> {
  const k3s = distroOf(kubernetesVersion) === 'k3s';
  const agentArgs = k3s ? K3S_AGENT : RKE2_AGENT;
  const serverArgs = k3s ? K3S_SERVER : RKE2_SERVER;
  const out: Record<string, any> = {};

  for (const [k, v] of Object.entries(config)) {
    const type = agentArgs[k] || (isServer ? serverArgs[k] : undefined);

    if (!type || v === null || v === undefined || !(typeof v === 'string' || typeof v === 'boolean' || Array.isArray(v))) {
      continue;
    }
    out[k] = type === 'bool' ? toBool(v) : v;
  }

  return out;
}

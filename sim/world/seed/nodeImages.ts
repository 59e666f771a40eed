/**
 * What a real node object carries besides labels and conditions:
 * - `status.images`: the container images on the node as the kubelet reports them (k8s.io/api core/v1
 *   ContainerImage `{names: [<repo>@sha256:…, <repo>:<tag>], sizeBytes}`; kubelet pkg/kubelet/nodestatus
 *   Images, at most 50), here the distro's system images plus Rancher's agents;
 * - `metadata.managedFields`: server-side apply bookkeeping of the writers (kubelet, kube-controller-manager,
 *   the distro's agent / Rancher), k8s.io/apimachinery pkg/apis/meta/v1 ManagedFieldsEntry.
 * Sizes and digests are made up but stable (derived from the image name).
 */
import { Distro } from './nodes';

function digest(seed: string): string {
  let h = 2166136261;
  let out = '';

  for (let round = 0; out.length < 64; round++) {
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i) + round;
      h = Math.imul(h, 16777619);
    }
    out += (h >>> 0).toString(16).padStart(8, '0');
  }

  return out.slice(0, 64);
}

function size(seed: string, min: number, max: number): number {
  return min + (parseInt(digest(seed).slice(0, 8), 16) % (max - min));
}

const RANCHER = ['rancher/rancher-agent:v2.11.3', 'rancher/system-agent:v0.3.12-suc', 'rancher/fleet-agent:v0.12.3', 'rancher/shell:v0.4.1', 'rancher/kubectl:v1.30.8', 'rancher/system-upgrade-controller:v0.15.2', 'rancher/mirrored-pause:3.6'];

function imagesFor(distro: Distro, kubernetesVersion: string): string[] {
  const v = kubernetesVersion.replace('+', '-');

  if (distro === 'rke1') {
    const hyperkube = kubernetesVersion.replace(/^(v\d+\.\d+\.\d+-rancher\d+)-\d+$/, '$1');

    return [
      `rancher/hyperkube:${ hyperkube }`, 'rancher/rke-tools:v0.1.96', 'rancher/mirrored-coreos-etcd:v3.5.10', 'rancher/mirrored-coredns-coredns:1.9.4',
      'rancher/mirrored-cluster-proportional-autoscaler:1.8.6', 'rancher/mirrored-k8s-dns-node-cache:1.22.20', 'rancher/mirrored-calico-node:v3.26.3',
      'rancher/calico-cni:v3.26.3-rancher1', 'rancher/mirrored-calico-kube-controllers:v3.26.3', 'rancher/mirrored-flannel-flannel:v0.21.4',
      'rancher/mirrored-calico-pod2daemon-flexvol:v3.26.3', 'rancher/nginx-ingress-controller:nginx-1.9.4-rancher1',
      'rancher/mirrored-nginx-ingress-controller-defaultbackend:1.5-rancher1', 'rancher/mirrored-ingress-nginx-kube-webhook-certgen:v20231011-8b53cabe0',
      'rancher/mirrored-metrics-server:v0.6.3', 'rancher/mirrored-pause:3.7', 'rancher/mirrored-library-busybox:1.36.1', 'rancher/mirrored-library-nginx:1.24.0-alpine',
      ...RANCHER,
    ];
  }
  if (distro === 'k3s') {
    return [
      'rancher/mirrored-pause:3.6', 'rancher/mirrored-coredns-coredns:1.10.1', 'rancher/local-path-provisioner:v0.0.28', 'rancher/mirrored-metrics-server:v0.7.0',
      'rancher/klipper-helm:v0.8.4-build20240523', 'rancher/klipper-lb:v0.4.7', 'rancher/mirrored-library-traefik:2.10.7', 'rancher/mirrored-library-busybox:1.36.1',
      'rancher/k3s-upgrade:' + v, 'rancher/mirrored-cluster-proportional-autoscaler:1.8.10', 'rancher/mirrored-library-nginx:1.25.4-alpine',
      'rancher/mirrored-prometheus-node-exporter:v1.7.0', 'rancher/mirrored-kube-state-metrics-kube-state-metrics:v2.10.1', 'rancher/mirrored-curlimages-curl:8.6.0',
      ...RANCHER,
    ];
  }
  if (distro === 'eks') {
    return [
      '602401143452.dkr.ecr.us-east-2.amazonaws.com/eks/pause:3.5', '602401143452.dkr.ecr.us-east-2.amazonaws.com/amazon-k8s-cni:v1.16.0',
      '602401143452.dkr.ecr.us-east-2.amazonaws.com/amazon-k8s-cni-init:v1.16.0', '602401143452.dkr.ecr.us-east-2.amazonaws.com/eks/kube-proxy:v1.29.0-eksbuild.1',
      '602401143452.dkr.ecr.us-east-2.amazonaws.com/eks/coredns:v1.11.1-eksbuild.4', '602401143452.dkr.ecr.us-east-2.amazonaws.com/eks/aws-ebs-csi-driver:v1.26.1',
      '602401143452.dkr.ecr.us-east-2.amazonaws.com/eks/csi-node-driver-registrar:v2.9.3', '602401143452.dkr.ecr.us-east-2.amazonaws.com/eks/livenessprobe:v2.11.0',
      '602401143452.dkr.ecr.us-east-2.amazonaws.com/amazon/aws-network-policy-agent:v1.0.7', 'public.ecr.aws/eks-distro/kubernetes/pause:3.9',
      'registry.k8s.io/metrics-server/metrics-server:v0.7.0', 'quay.io/prometheus/node-exporter:v1.7.0', 'docker.io/library/nginx:1.25.4-alpine',
      ...RANCHER,
    ];
  }

  return [
    `rancher/hardened-kubernetes:${ v }-build20240416`, 'rancher/hardened-etcd:v3.5.13-k3s1-build20240416', `rancher/rke2-runtime:${ v }`,
    'rancher/hardened-calico:v3.27.3-build20240423', 'rancher/mirrored-calico-node:v3.27.3', 'rancher/mirrored-calico-cni:v3.27.3', 'rancher/mirrored-calico-kube-controllers:v3.27.3',
    'rancher/mirrored-calico-typha:v3.27.3', 'rancher/mirrored-calico-pod2daemon-flexvol:v3.27.3', 'rancher/mirrored-calico-operator:v1.32.7',
    'rancher/hardened-coredns:v1.11.1-build20240305', 'rancher/hardened-cluster-autoscaler:v1.8.10-build20240124', 'rancher/hardened-k8s-metrics-server:v0.7.1-build20240401',
    'rancher/nginx-ingress-controller:v1.10.1-hardened1', 'rancher/hardened-addon-resizer:1.8.20-build20240410', 'rancher/hardened-snapshot-controller:v6.2.1-build20240416',
    'rancher/klipper-helm:v0.8.3-build20240228', 'rancher/rke2-cloud-provider:v1.29.3-build20240412', 'rancher/mirrored-sig-storage-snapshot-validation-webhook:v6.2.2',
    ...RANCHER,
  ];
}

/**
 * Images of the workloads a worker node of a busy cluster has run (monitoring, logging, ingress, a service mesh,
 * databases, the team's own services), public registries: each worker holds its own share of them (nodeShare).
 */
const WORKLOAD_POOL = [
  'quay.io/prometheus/prometheus:v2.51.2', 'quay.io/prometheus/alertmanager:v0.27.0', 'quay.io/prometheus-operator/prometheus-config-reloader:v0.73.2',
  'docker.io/grafana/grafana:10.4.2', 'quay.io/kiwigrid/k8s-sidecar:1.26.1', 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.12.0',
  'docker.io/grafana/loki:2.9.6', 'docker.io/grafana/promtail:2.9.6', 'docker.io/bitnami/redis:7.2.4-debian-12-r16', 'docker.io/bitnami/postgresql:16.2.0-debian-12-r15',
  'docker.io/bitnami/kafka:3.7.0-debian-12-r6', 'docker.io/bitnami/zookeeper:3.9.2-debian-12-r2', 'docker.io/library/nginx:1.25.4-alpine', 'docker.io/library/busybox:1.36.1',
  'docker.io/istio/proxyv2:1.21.2', 'docker.io/istio/pilot:1.21.2', 'quay.io/jetstack/cert-manager-controller:v1.14.5', 'quay.io/jetstack/cert-manager-webhook:v1.14.5',
  'quay.io/jetstack/cert-manager-cainjector:v1.14.5', 'registry.k8s.io/ingress-nginx/controller:v1.10.1', 'docker.io/elastic/filebeat:8.13.2', 'docker.io/library/postgres:16.2-alpine',
  'docker.io/library/redis:7.2.4-alpine', 'docker.io/library/rabbitmq:3.13.1-management', 'ghcr.io/external-secrets/external-secrets:v0.9.16', 'docker.io/velero/velero:v1.13.2',
  'docker.io/velero/velero-plugin-for-aws:v1.9.2', 'ghcr.io/dexidp/dex:v2.39.1', 'docker.io/hashicorp/vault:1.16.2', 'docker.io/hashicorp/consul:1.18.1',
  'docker.io/jaegertracing/all-in-one:1.57.0', 'docker.io/otel/opentelemetry-collector-contrib:0.99.0', 'quay.io/argoproj/argocd:v2.10.9', 'ghcr.io/dexidp/dex:v2.38.0',
  'docker.io/library/mongo:7.0.8', 'docker.io/library/memcached:1.6.26-alpine', 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.29.2', 'docker.io/curlimages/curl:8.7.1',
  'ghcr.io/stakater/reloader:v1.0.80', 'docker.io/library/haproxy:2.9.7-alpine',
];

/** DaemonSet images that run on every node, control plane included (they tolerate every taint). */
const DAEMONSET_IMAGES = ['quay.io/prometheus/node-exporter:v1.7.0', 'cr.fluentbit.io/fluent/fluent-bit:2.2.2'];

/** The kubelet reports at most this many images, the biggest first (kubelet `--node-status-max-images`). */
export const MAX_NODE_IMAGES = 50;

/** A small stable number from a text (per node: which workloads it ran, its hashes). */
export function hashOf(text: string): number {
  let h = 2166136261;

  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }

  return h >>> 0;
}

/** A node's share of the workload pool: 10 to 18 images, which ones decided by its name. */
function nodeShare(node: string): string[] {
  const h = hashOf(node);
  const count = 10 + (h % 9);
  const step = 1 + ((h >>> 8) % 7);

  return Array.from({ length: count }, (_, i) => WORKLOAD_POOL[((h >>> 4) + i * step) % WORKLOAD_POOL.length]).filter((ref, i, all) => all.indexOf(ref) === i);
}

type ImageEntry = { names: string[]; sizeBytes: number };

/** One image as the kubelet lists it (`<repo>@sha256:…`, `<repo>:<tag>`); the same for every node. */
const entries = new Map<string, ImageEntry>();

function entryOf(ref: string): ImageEntry {
  let e = entries.get(ref);

  if (!e) {
    const repo = ref.replace(/:[^:/]+$/, '');
    const registry = /^[^/]+\.[^/]+\//.test(ref) ? '' : 'docker.io/';

    e = { names: [`${ registry }${ repo }@sha256:${ digest(ref) }`, `${ registry }${ ref }`], sizeBytes: size(ref, 2_000_000, 250_000_000) };
    entries.set(ref, e);
  }

  return e;
}

/**
 * The node's images as the kubelet reports them: the distro's system images and Rancher's agents, the DaemonSets'
 * images, then on a worker (`node` given) `workload` (the images of the cluster's own workloads, e.g. from the team's
 * Amazon ECR registry `<account>.dkr.ecr.<region>.amazonaws.com`) and its share of common workloads; the biggest 50,
 * biggest first (kubernetes pkg/kubelet/nodestatus/setters.go Images).
 */
export function nodeImages(distro: Distro, kubernetesVersion: string, workload: string[] = [], worker?: { node: string }): ImageEntry[] {
  const refs = [...imagesFor(distro, kubernetesVersion), ...(distro === 'eks' ? [] : DAEMONSET_IMAGES), ...workload, ...(worker ? nodeShare(worker.node) : [])];
  const unique = [...new Set(refs)].map(entryOf).sort((a, b) => b.sizeBytes - a.sizeBytes);

  // Workload images given by the seed are the point of the cluster (the ECR check): they stay within the 50.
  const must = new Set(workload.map((ref) => entryOf(ref)));
  const kept = unique.filter((e) => must.has(e)).concat(unique.filter((e) => !must.has(e))).slice(0, MAX_NODE_IMAGES);

  return kept.sort((a, b) => b.sizeBytes - a.sizeBytes).map((e) => ({ names: [...e.names], sizeBytes: e.sizeBytes }));
}

/** One `k:{"type":"<t>"}` entry of a list kept by merge key, with the fields the writer owns. */
function byType(types: string[], fields: string[]): Record<string, any> {
  return Object.fromEntries(types.map((t) => [`k:{"type":"${ t }"}`, Object.fromEntries([['.', {}], ...fields.map((f) => [`f:${ f }`, {}])])]));
}

function owned(keys: string[]): Record<string, any> {
  return Object.fromEntries([['.', {}], ...keys.map((k) => [`f:${ k }`, {}])]);
}

export interface ManagedFieldsSeed {
  distro: Distro;
  now: string;
  labels: string[];
  annotations: string[];
  podCIDR: string;
  addressTypes: string[];
  taints: boolean;
  /** RKE2/K3s on a Rancher-provisioned machine: the Rancher cluster agent syncs the machine's labels. */
  rancherLabels: string[];
}

/**
 * The node's `metadata.managedFields` as the API server records its writers (k8s.io/apimachinery
 * pkg/apis/meta/v1 ManagedFieldsEntry, FieldsV1 sets: `f:<field>`, `k:{…}` list items by merge key, `v:` set
 * values, `.` the field itself): the kubelet (registration, then its status subresource), kube-controller-manager
 * (pod CIDRs, TTL, taints), the distro's agent (its annotations and role labels), calico-node (its annotations and
 * the NetworkUnavailable condition) and Rancher's cluster agent (`agent`: pod requests and limits, machine labels).
 */
export function nodeManagedFields(s: ManagedFieldsSeed): Record<string, any>[] {
  const entry = (manager: string, fieldsV1: Record<string, any>, subresource?: string) => ({
    manager, operation: 'Update', apiVersion: 'v1', time: s.now, fieldsType: 'FieldsV1', fieldsV1, ...(subresource ? { subresource } : {}),
  });
  const agent = s.distro === 'rke1' ? 'rke' : s.distro === 'eks' ? 'eks-node-agent' : s.distro;
  const kubeletLabels = ['beta.kubernetes.io/arch', 'beta.kubernetes.io/os', 'kubernetes.io/arch', 'kubernetes.io/hostname', 'kubernetes.io/os'];
  const distroAnnotations = s.annotations.filter((a) => a.startsWith('rke2.io/') || a.startsWith('k3s.io/') || a.startsWith('rke.cattle.io/'));
  const conditions = ['DiskPressure', 'MemoryPressure', 'PIDPressure', 'Ready'];
  const out = [
    entry('kubelet', {
      'f:metadata': { 'f:annotations': owned(['volumes.kubernetes.io/controller-managed-attach-detach']), 'f:labels': owned(kubeletLabels.filter((l) => s.labels.includes(l))) },
      'f:spec':     { 'f:providerID': {} },
    }),
    entry(agent, {
      'f:metadata': {
        'f:annotations': owned(distroAnnotations),
        'f:labels':      owned(s.labels.filter((l) => l.startsWith('node-role.kubernetes.io/') || l.startsWith('node.kubernetes.io/instance-type') || l === 'cattle.io/os')),
      },
    }),
    entry('kube-controller-manager', {
      'f:metadata': { 'f:annotations': { 'f:node.alpha.kubernetes.io/ttl': {} } },
      'f:spec':     { 'f:podCIDR': {}, 'f:podCIDRs': { '.': {}, [`v:"${ s.podCIDR }"`]: {} }, ...(s.taints ? { 'f:taints': {} } : {}) },
    }),
  ];

  if (s.distro === 'rke2' || s.distro === 'rke1') {
    out.push(entry('calico-node', {
      'f:metadata': { 'f:annotations': { 'f:projectcalico.org/IPv4Address': {}, 'f:projectcalico.org/IPv4VXLANTunnelAddr': {} } },
      'f:status':   { 'f:conditions': byType(['NetworkUnavailable'], ['lastHeartbeatTime', 'lastTransitionTime', 'message', 'reason', 'status', 'type']) },
    }, 'status'));
  }
  if (s.rancherLabels.length) {
    out.push(entry('agent', {
      'f:metadata': {
        'f:annotations': owned(s.annotations.filter((a) => a.startsWith('management.cattle.io/') || a.startsWith('cluster.x-k8s.io/'))),
        'f:labels':      owned(s.rancherLabels),
      },
    }));
  }
  out.push(entry('kubelet', {
    'f:status': {
      'f:addresses':       { '.': {}, ...Object.fromEntries(s.addressTypes.map((t) => [`k:{"type":"${ t }"}`, { '.': {}, 'f:address': {}, 'f:type': {} }])) },
      'f:allocatable':     { 'f:cpu': {}, 'f:ephemeral-storage': {}, 'f:memory': {}, 'f:pods': {} },
      'f:capacity':        { 'f:cpu': {}, 'f:ephemeral-storage': {}, 'f:memory': {}, 'f:pods': {} },
      'f:conditions':      byType(conditions, ['lastHeartbeatTime', 'lastTransitionTime', 'message', 'reason', 'status']),
      'f:daemonEndpoints': { 'f:kubeletEndpoint': { 'f:Port': {} } },
      'f:images':          {},
      'f:nodeInfo':        {
        'f:architecture': {}, 'f:bootID': {}, 'f:containerRuntimeVersion': {}, 'f:kernelVersion': {}, 'f:kubeProxyVersion': {}, 'f:kubeletVersion': {}, 'f:machineID': {}, 'f:operatingSystem': {}, 'f:osImage': {}, 'f:systemUUID': {},
      },
    },
  }, 'status'));

  return out;
}

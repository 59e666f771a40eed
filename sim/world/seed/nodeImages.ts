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
 * The node's images: the distro's system images and Rancher's agents, then `workload` (the images of the workloads
 * that ran on the node, e.g. from the customer's own Amazon ECR registry `<account>.dkr.ecr.<region>.amazonaws.com`).
 */
export function nodeImages(distro: Distro, kubernetesVersion: string, workload: string[] = []): { names: string[]; sizeBytes: number }[] {
  return [...imagesFor(distro, kubernetesVersion), ...workload].map((ref) => {
    const repo = ref.replace(/:[^:/]+$/, '');
    const registry = /^[^/]+\.[^/]+\//.test(ref) ? '' : 'docker.io/';

    return { names: [`${ registry }${ repo }@sha256:${ digest(ref) }`, `${ registry }${ ref }`], sizeBytes: size(ref, 2_000_000, 250_000_000) };
  });
}

export function nodeManagedFields(distro: Distro, now: string): Record<string, any>[] {
  const entry = (manager: string, fieldsV1: Record<string, any>, subresource?: string) => ({
    manager, operation: 'Update', apiVersion: 'v1', time: now, fieldsType: 'FieldsV1', fieldsV1, ...(subresource ? { subresource } : {}),
  });
  const agent = distro === 'rke1' ? 'rke' : distro === 'eks' ? 'eks-node-agent' : distro;

  return [
    entry('kubelet', {
      'f:metadata': { 'f:annotations': { '.': {}, 'f:volumes.kubernetes.io/controller-managed-attach-detach': {} }, 'f:labels': { '.': {}, 'f:beta.kubernetes.io/arch': {}, 'f:beta.kubernetes.io/os': {}, 'f:kubernetes.io/arch': {}, 'f:kubernetes.io/hostname': {}, 'f:kubernetes.io/os': {} } },
      'f:spec':     { 'f:providerID': {} },
    }),
    entry('kube-controller-manager', { 'f:metadata': { 'f:annotations': { 'f:node.alpha.kubernetes.io/ttl': {} } }, 'f:spec': { 'f:podCIDR': {}, 'f:podCIDRs': { '.': {}, 'v:"10.42.0.0/24"': {} } } }),
    entry(agent, { 'f:metadata': { 'f:annotations': {}, 'f:labels': {} } }),
    entry('kubelet', {
      'f:status': {
        'f:allocatable': {}, 'f:capacity': {}, 'f:conditions': {}, 'f:daemonEndpoints': {}, 'f:images': {}, 'f:nodeInfo': {},
      },
    }, 'status'),
  ];
}

/**
 * RKE1 `status.appliedSpec` as Rancher's cluster provisioner stores it (rancher/rancher v2.11
 * pkg/controllers/management/clusterprovisioner/provisioner.go): the whole cluster spec after `rke up`, whose
 * `rancherKubernetesEngineConfig` carries what getConfig added — `nodes` (reconcileRKENodes: each
 * provisioned management node's `status.nodeConfig`, port defaulted to "22", sorted by nodeName; roles as
 * pkg/controllers/management/node/controller.go roles(): etcd, controlplane, worker) and `systemImages` (the
 * KDM system images of the version). So it never equals `spec.rancherKubernetesEngineConfig`; getSpec
 * compares the two configs with those fields filled on both sides.
 */
import { KObj } from '../../store';

export function rke1ConfigNodes(mgmtNodes: KObj[]): Record<string, any>[] {
  return mgmtNodes.filter((n) => n.spec).map((n) => {
    const roles = [n.spec.etcd && 'etcd', n.spec.controlPlane && 'controlplane', n.spec.worker && 'worker'].filter(Boolean);

    return {
      nodeName:         `${ n.metadata.namespace }:${ n.metadata.name }`,
      address:          n.status?.ipAddress || '',
      internalAddress:  n.status?.ipAddress || '',
      port:             '22',
      role:             roles.length ? roles : ['worker'],
      hostnameOverride: n.spec.requestedHostname || '',
      user:             'ubuntu',
      dockerSocket:     '/var/run/docker.sock',
      labels:           {},
    };
  }).sort((a, b) => a.nodeName.localeCompare(b.nodeName));
}

/** KDM RKE system images for an RKE1 version (`v1.26.15-rancher1-1` → `rancher/hyperkube:v1.26.15-rancher1`). */
export function rke1SystemImages(kubernetesVersion: string): Record<string, string> {
  const hyperkube = kubernetesVersion.replace(/^(v\d+\.\d+\.\d+-rancher\d+)-\d+$/, '$1');
  const tools = 'rancher/rke-tools:v0.1.96';

  return {
    etcd:                      'rancher/mirrored-coreos-etcd:v3.5.10',
    alpine:                    tools,
    nginxProxy:                tools,
    certDownloader:            tools,
    kubernetesServicesSidecar: tools,
    coredns:                   'rancher/mirrored-coredns-coredns:1.9.4',
    corednsAutoscaler:         'rancher/mirrored-cluster-proportional-autoscaler:1.8.6',
    nodelocal:                 'rancher/mirrored-k8s-dns-node-cache:1.22.20',
    kubernetes:                `rancher/hyperkube:${ hyperkube }`,
    flannel:                   'rancher/mirrored-flannel-flannel:v0.21.4',
    flannelCni:                'rancher/flannel-cni:v0.3.0-rancher8',
    calicoNode:                'rancher/mirrored-calico-node:v3.26.3',
    calicoCni:                 'rancher/calico-cni:v3.26.3-rancher1',
    calicoControllers:         'rancher/mirrored-calico-kube-controllers:v3.26.3',
    calicoCtl:                 'rancher/mirrored-calico-ctl:v3.26.3',
    calicoFlexVol:             'rancher/mirrored-calico-pod2daemon-flexvol:v3.26.3',
    canalNode:                 'rancher/mirrored-calico-node:v3.26.3',
    canalCni:                  'rancher/calico-cni:v3.26.3-rancher1',
    canalControllers:          'rancher/mirrored-calico-kube-controllers:v3.26.3',
    canalFlannel:              'rancher/mirrored-flannel-flannel:v0.21.4',
    canalFlexVol:              'rancher/mirrored-calico-pod2daemon-flexvol:v3.26.3',
    podInfraContainer:         'rancher/mirrored-pause:3.7',
    ingress:                   'rancher/nginx-ingress-controller:nginx-1.9.4-rancher1',
    ingressBackend:            'rancher/mirrored-nginx-ingress-controller-defaultbackend:1.5-rancher1',
    ingressWebhook:            'rancher/mirrored-ingress-nginx-kube-webhook-certgen:v20231011-8b53cabe0',
    metricsServer:             'rancher/mirrored-metrics-server:v0.6.3',
    windowsPodInfraContainer:  'rancher/mirrored-pause:3.7',
  };
}

/** The appliedSpec for a cluster spec whose RKE config was just applied to these management nodes. */
export function rke1AppliedSpec(spec: Record<string, any>, mgmtNodes: KObj[]): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(spec || {}));
  const rke = copy.rancherKubernetesEngineConfig || {};

  copy.rancherKubernetesEngineConfig = { ...rke, nodes: rke1ConfigNodes(mgmtNodes), systemImages: rke1SystemImages(rke.kubernetesVersion || '') };

  return copy;
}

/** The RKE config part of an appliedSpec without the provisioner's additions (to compare with the spec). */
export function appliedUserConfig(applied: Record<string, any> | undefined): Record<string, any> | undefined {
  const rke = applied?.rancherKubernetesEngineConfig;

  if (!rke) {
    return undefined;
  }
  const { nodes, systemImages, ...rest } = rke; // eslint-disable-line @typescript-eslint/no-unused-vars

  return rest;
}

/**
 * Downstream Node objects shaped as Rancher-provisioned clusters have them.
 * Labels: RKE2/K3s role labels `node-role.kubernetes.io/<role>=true` (rke2 pkg/rke2 + Rancher planner),
 * RKE1 `node-role.kubernetes.io/controlplane|etcd|worker=true` (rancher/rke cluster/hosts.go).
 * Taints: Rancher's RKE2/K3s planner gives non-worker nodes `node-role.kubernetes.io/control-plane:NoSchedule`
 * and `node-role.kubernetes.io/etcd:NoExecute` with EMPTY values, but no etcd taint on a K3s control-plane+etcd
 * machine (rancher/rancher pkg/capr/planner/planner.go getTaints);
 * RKE1 uses `…/controlplane=true:NoSchedule` and `…/etcd=true:NoExecute` (rancher/rke cluster/reconcile.go).
 */
import { KObj } from '../../store';
import { condition } from '../k8s/conditions';
import { Taint } from '../k8s/taints';
import { A, L } from '../types';
import { hashOf, nodeImages, nodeManagedFields } from './nodeImages';

export type Distro = 'rke2' | 'k3s' | 'rke1' | 'eks';

export interface Roles {
  controlPlane: boolean;
  etcd: boolean;
  worker: boolean;
}

export interface NodeSeed {
  name: string;
  distro: Distro;
  roles: Roles;
  kubernetesVersion: string;
  region: string;
  zone: string;
  instanceType: string;
  ip: string;
  instanceId: string;
  /** The EC2 private DNS name of the instance. */
  ec2Name: string;
  /** The machine's hostname (node-driver machine name). */
  machineHostname: string;
  providerID: string;
  /** Zone/instance-type labels come from a cloud provider (in-tree kubelet or CCM); rke2/k3s embedded sets only instance-type. */
  cloudLabels: 'aws' | 'embedded' | 'none';
  machineLabels?: Record<string, string>;
  machineName?: string;
  clusterName?: string;
  now: string;
  cpu?: number;
  memoryGi?: number;
  /** Images of the workloads that ran on the node (listed in `status.images` after the system images). */
  workloadImages?: string[];
}

export function ec2Name(ip: string, region: string): string {
  const host = `ip-${ ip.replace(/\./g, '-') }`;

  return region === 'us-east-1' ? `${ host }.ec2.internal` : `${ host }.${ region }.compute.internal`;
}

export function roleLabels(distro: Distro, roles: Roles): Record<string, string> {
  const l: Record<string, string> = {};

  if (distro === 'rke1') {
    if (roles.controlPlane) {
      l[L.rke1ControlPlane] = 'true';
    }
    if (roles.etcd) {
      l[L.etcd] = 'true';
    }
    if (roles.worker) {
      l[L.worker] = 'true';
    }

    return l;
  }
  if (distro === 'eks') {
    return l;
  }
  if (roles.controlPlane) {
    l[L.rke2ControlPlane] = 'true';
    l[L.rke2Master] = 'true';
  }
  if (roles.etcd) {
    l[L.etcd] = 'true';
  }
  if (roles.worker) {
    l[L.worker] = 'true';
  }

  return l;
}

export function roleTaints(distro: Distro, roles: Roles): Taint[] {
  if (roles.worker || distro === 'eks') {
    return [];
  }
  const taints: Taint[] = [];

  if (distro === 'rke1') {
    if (roles.controlPlane) {
      taints.push({ key: L.rke1ControlPlane, value: 'true', effect: 'NoSchedule' });
    }
    if (roles.etcd) {
      taints.push({ key: L.etcd, value: 'true', effect: 'NoExecute' });
    }

    return taints;
  }
  // config.go addTaints passes them as `node-taint` sorted by their string form (control-plane before etcd);
  // getTaints leaves the etcd taint out on a K3s machine that is control plane too ("k3s charts do not have
  // correct tolerations when the master node is both controlplane and etcd").
  if (roles.controlPlane) {
    taints.push({ key: L.rke2ControlPlane, effect: 'NoSchedule' });
  }
  if (roles.etcd && (distro !== 'k3s' || !roles.controlPlane)) {
    taints.push({ key: L.etcd, effect: 'NoExecute' });
  }

  return taints;
}

/** RKE2/K3s CAPI machine labels the planner's machineSelectorConfig entries are matched against. */
export function machineLabels(roles: Roles, pool: string, extra: Record<string, string> = {}): Record<string, string> {
  const l: Record<string, string> = { 'cattle.io/os': 'linux', [L.machinePool]: pool, ...extra };

  if (roles.controlPlane) {
    l[L.machineCpRole] = 'true';
  }
  if (roles.etcd) {
    l[L.machineEtcdRole] = 'true';
  }
  if (roles.worker) {
    l[L.machineWorkerRole] = 'true';
  }

  return l;
}

export function buildNode(s: NodeSeed): KObj {
  const cpu = s.cpu || 4;
  const mem = `${ (s.memoryGi || 16) * 1024 * 1024 - 200000 }Ki`;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os':   'linux',
    'kubernetes.io/arch':      'amd64',
    'kubernetes.io/os':        'linux',
    [L.hostname]:              s.name,
    ...roleLabels(s.distro, s.roles),
  };

  if (s.cloudLabels === 'aws') {
    Object.assign(labels, {
      'beta.kubernetes.io/instance-type':         s.instanceType,
      'failure-domain.beta.kubernetes.io/region': s.region,
      'failure-domain.beta.kubernetes.io/zone':   s.zone,
      [L.instanceType]:                           s.instanceType,
      [L.region]:                                 s.region,
      [L.zone]:                                   s.zone,
    });
  } else if (s.cloudLabels === 'embedded') {
    labels['beta.kubernetes.io/instance-type'] = s.distro;
    labels[L.instanceType] = s.distro;
  }
  if (s.distro === 'rke2' || s.distro === 'k3s') {
    labels['cattle.io/os'] = 'linux';
    if (s.machineName) {
      labels['rke.cattle.io/machine'] = s.machineName;
    }
  }
  const annotations: Record<string, string> = {
    'node.alpha.kubernetes.io/ttl':                           '0',
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    [A.machineHostname]:                                      s.machineHostname,
    [A.ec2Name]:                                              s.ec2Name,
    [A.ec2InstanceId]:                                        s.instanceId,
    [A.ec2Zone]:                                              s.zone,
    [A.ec2InstanceType]:                                      s.instanceType,
  };

  const h = hashOf(s.name);
  const hex = (n: number, len: number) => Array.from({ length: Math.ceil(len / 8) }, (_, i) => hashOf(`${ s.name }/${ n }/${ i }`).toString(16).padStart(8, '0')).join('').slice(0, len);
  const base32 = (n: number) => Array.from({ length: 52 }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[hashOf(`${ s.name }/${ n }/${ i }`) % 32]).join('');
  const podCIDR = `10.42.${ h % 256 }.0/24`;

  if (s.distro === 'rke2' || s.distro === 'k3s') {
    const agent = s.distro === 'k3s' ? 'k3s.io' : 'rke2.io';

    // What the RKE2/K3s agent records on its node (rke2 pkg/rke2, k3s pkg/nodeconfig): hostname and addresses,
    // the hash of its config and of the encryption config on servers, its environment.
    annotations[`${ agent }/hostname`] = s.machineHostname;
    annotations[`${ agent }/internal-ip`] = s.ip;
    annotations[`${ agent }/node-config-hash`] = `${ base32(1) }====`;
    annotations[`${ agent }/node-env`] = '{}';
    if (s.roles.controlPlane || s.roles.etcd) {
      annotations[`${ agent }/encryption-config-hash`] = `start-${ hex(2, 64) }`;
    }
    if (s.machineName) {
      // Rancher's machine-to-node sync (CAPI annotations of the machine, pkg/capr).
      annotations['cluster.x-k8s.io/machine'] = s.machineName;
      annotations['cluster.x-k8s.io/cluster-name'] = s.clusterName || '';
      annotations['cluster.x-k8s.io/cluster-namespace'] = 'fleet-default';
      annotations['cluster.x-k8s.io/owner-kind'] = 'MachineSet';
      annotations['cluster.x-k8s.io/owner-name'] = `${ s.clusterName || '' }-${ s.machineName.split('-').slice(-3, -2)[0] || 'pool' }-${ hex(3, 5) }`;
      annotations['cluster.x-k8s.io/labels-from-machine'] = '';
    }
    annotations[A.machineLabels] = JSON.stringify(s.machineLabels || {});
  }
  if (s.distro === 'rke1') {
    annotations['rke.cattle.io/internal-ip'] = s.ip;
    annotations['rke.cattle.io/external-ip'] = s.ip;
  }
  if (s.distro !== 'eks') {
    // calico-node's node annotations; Rancher's cluster agent sums the pods' requests and limits on each node.
    annotations['projectcalico.org/IPv4Address'] = `${ s.ip }/20`;
    annotations['projectcalico.org/IPv4VXLANTunnelAddr'] = `10.42.${ h % 256 }.0`;
    annotations['management.cattle.io/pod-limits'] = JSON.stringify({ cpu: `${ 100 + (h % 9) * 50 }m`, memory: `${ 256 + (h % 13) * 64 }Mi` });
    annotations['management.cattle.io/pod-requests'] = JSON.stringify({ cpu: `${ 350 + (h % 11) * 75 }m`, memory: `${ 512 + (h % 17) * 96 }Mi`, pods: `${ 6 + (h % 23) }` });
  }
  const addressTypes = ['InternalIP', 'Hostname', ...(s.cloudLabels === 'aws' ? ['InternalDNS'] : [])];
  const managedFields = nodeManagedFields({
    distro:        s.distro,
    now:           s.now,
    labels:        Object.keys(labels),
    annotations:   [...Object.keys(annotations), ...(s.distro === 'rke2' || s.distro === 'k3s' ? [`${ s.distro === 'k3s' ? 'k3s.io' : 'rke2.io' }/node-args`] : [])],
    podCIDR,
    addressTypes,
    taints:        s.roles.controlPlane || s.roles.etcd,
    rancherLabels: s.machineName ? Object.keys(labels).filter((l) => l === 'rke.cattle.io/machine' || l === 'cattle.io/os') : [],
  });
  const runtime = s.distro === 'rke1' ? 'docker://24.0.9' : (s.distro === 'k3s' ? 'containerd://1.7.20-k3s1' : 'containerd://1.7.17-k3s1');

  return {
    apiVersion: 'v1',
    kind:       'Node',
    metadata:   {
      name: s.name, labels, annotations, creationTimestamp: s.now, managedFields,
    },
    spec:       {
      podCIDR,
      podCIDRs:   [podCIDR],
      providerID: s.providerID || undefined,
      taints:     roleTaints(s.distro, s.roles),
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: s.ip },
        { type: 'Hostname', address: s.name },
        ...(s.cloudLabels === 'aws' ? [{ type: 'InternalDNS', address: s.ec2Name }] : []),
      ],
      allocatable: { cpu: `${ cpu }`, 'ephemeral-storage': '48294789041', memory: mem, pods: '110' },
      capacity:    { cpu: `${ cpu }`, 'ephemeral-storage': '49643540Ki', memory: `${ (s.memoryGi || 16) * 1024 * 1024 }Ki`, pods: '110' },
      conditions:  [
        condition('MemoryPressure', 'False', s.now, 'kubelet has sufficient memory available', 'KubeletHasSufficientMemory'),
        condition('DiskPressure', 'False', s.now, 'kubelet has no disk pressure', 'KubeletHasNoDiskPressure'),
        condition('PIDPressure', 'False', s.now, 'kubelet has sufficient PID available', 'KubeletHasSufficientPID'),
        condition('Ready', 'True', s.now, 'kubelet is posting ready status', 'KubeletReady'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images:          nodeImages(s.distro, s.kubernetesVersion, s.workloadImages, s.roles.worker ? { node: s.name } : undefined),
      nodeInfo:        {
        architecture:            'amd64',
        bootID:                  `${ hex(4, 8) }-${ hex(5, 4) }-${ hex(6, 4) }-${ hex(7, 4) }-${ hex(8, 12) }`,
        containerRuntimeVersion: runtime,
        kernelVersion:           '5.15.0-1051-aws',
        kubeProxyVersion:        s.kubernetesVersion,
        kubeletVersion:          s.kubernetesVersion,
        machineID:               s.instanceId.replace(/^i-/, '').padEnd(32, '0'),
        operatingSystem:         'linux',
        osImage:                 'Ubuntu 22.04.4 LTS',
        systemUUID:              `ec2${ s.instanceId.slice(2, 7) }-0000-0000-0000-000000000000`,
      },
    },
  };
}

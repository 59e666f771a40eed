/**
 * Big worlds for benchmarks and the fleet view: one RKE2 cluster with thousands of nodes, or a thousand
 * small clusters. Seeds are "light" (no management nodes, node leases, agent pods) to stay fast and small.
 */
import { ClusterSeed } from './cluster';

function idFor(prefix: string, n: number): string {
  return `c-m-${ prefix }${ n.toString(16).padStart(8 - prefix.length, '0') }`.slice(0, 12);
}

export function bigCluster(name: string, nodes: number, n: number): ClusterSeed {
  const cp = Math.min(3, nodes);

  return {
    name,
    id:                idFor('b', n),
    distro:            'rke2',
    kubernetesVersion: 'v1.26.15+rke2r1',
    aws:               true,
    light:             true,
    subnet:            20 + n * 32,
    pools:             [
      { name: 'cp', roles: { controlPlane: true, etcd: true, worker: false }, quantity: cp, instanceType: 't3.large' },
      { name: 'worker', roles: { controlPlane: false, etcd: false, worker: true }, quantity: nodes - cp, instanceType: 't3.xlarge' },
    ],
    rkeConfig: {
      machineGlobalConfig:   { cni: 'calico' },
      machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws', 'protect-kernel-defaults': false } }],
    },
  };
}

/** Small clusters with a mix of shapes: in-tree RKE2 1.26 (most), no cloud provider 1.27, K3s. */
export function manyClusters(count: number, offset: number): ClusterSeed[] {
  const out: ClusterSeed[] = [];

  for (let i = 0; i < count; i++) {
    const n = offset + i;
    const kind = n % 10;
    const name = `fleet-${ String(n).padStart(4, '0') }`;
    const roles = { controlPlane: true, etcd: true, worker: true };

    if (kind < 7) {
      out.push({
        name, id: idFor('f', n), distro: 'rke2', kubernetesVersion: 'v1.26.15+rke2r1', aws: true, light: true, subnet: 300 + n, pools: [{ name: 'all', roles, quantity: 1 }], rkeConfig: { machineGlobalConfig: { cni: 'calico', 'cloud-provider-name': 'aws' } }
      });
    } else if (kind < 9) {
      out.push({
        name, id: idFor('f', n), distro: 'rke2', kubernetesVersion: 'v1.27.16+rke2r1', aws: false, light: true, subnet: 300 + n, pools: [{ name: 'all', roles, quantity: 1 }], rkeConfig: { machineGlobalConfig: { cni: 'calico' } }
      });
    } else {
      out.push({
        name, id: idFor('f', n), distro: 'k3s', kubernetesVersion: 'v1.27.16+k3s1', aws: false, light: true, subnet: 300 + n, pools: [{ name: 'all', roles, quantity: 1 }], rkeConfig: { machineGlobalConfig: {} }
      });
    }
  }

  return out;
}

import semver from 'semver';
import type { Detection, NodeLike } from '../types';
import { parseKubernetesVersion } from './kubernetesVersion';
import { controlPlaneLabel } from '../checks/controlPlaneNode';

/**
 * Facts about the cluster that change what the migration costs or how it must run: how many machines carry the
 * control plane and whether they also run workloads, whether Rancher drains (and so uncordons) control-plane nodes,
 * and whether this RKE2 release still runs the in-tree provider at all.
 */

export interface Topology {
  /** Machines or nodes with the control-plane role. */
  controlPlane: number;
  /** Of those, how many also have the worker role (they run workloads). */
  controlPlaneWorkers: number;
  /** Worker machines without the control-plane role. */
  workersOnly: number;
  /** Every machine or node. */
  total: number;
  /** Where the figures come from: the machine pools of the object, or the nodes read from the cluster. */
  source: 'pools' | 'nodes';
}

const WORKER_LABEL = 'node-role.kubernetes.io/worker';

/** Topology from the observed nodes (any distro), else from RKE2 machine pools; undefined when neither tells. */
export function clusterTopology(obj: Record<string, any>, detection: Detection, nodes?: NodeLike[]): Topology | undefined {
  if (nodes?.length && (detection.kind === 'rke2' || detection.kind === 'rke1')) {
    const label = controlPlaneLabel(detection.kind);
    const isCp = (n: NodeLike) => n.metadata.labels?.[label.key] === label.value;
    const isWorker = (n: NodeLike) => n.metadata.labels?.[WORKER_LABEL] === 'true';

    return {
      controlPlane:        nodes.filter(isCp).length,
      controlPlaneWorkers: nodes.filter((n) => isCp(n) && isWorker(n)).length,
      workersOnly:         nodes.filter((n) => !isCp(n) && isWorker(n)).length,
      total:               nodes.length,
      source:              'nodes',
    };
  }
  const pools = Array.isArray(obj.spec?.rkeConfig?.machinePools) ? obj.spec.rkeConfig.machinePools : [];

  if (detection.kind !== 'rke2' || !pools.length) {
    return undefined;
  }
  const count = (p: any) => Math.max(0, Number(p?.quantity ?? 1) || 0);
  const sum = (filter: (p: any) => boolean) => pools.filter(filter).reduce((n: number, p: any) => n + count(p), 0);

  return {
    controlPlane:        sum((p) => !!p?.controlPlaneRole),
    controlPlaneWorkers: sum((p) => !!p?.controlPlaneRole && !!p?.workerRole),
    workersOnly:         sum((p) => !p?.controlPlaneRole && !!p?.workerRole),
    total:               sum(() => true),
    source:              'pools',
  };
}

/**
 * RKE2: Rancher drains control-plane nodes before it reconfigures them, and then uncordons them whoever cordoned
 * them; a cluster of one machine is never drained (docs/rancher-behaviour.md#drain).
 */
export function rke2DrainsControlPlane(obj: Record<string, any>, topology: Topology | undefined): boolean {
  const enabled = obj.spec?.rkeConfig?.upgradeStrategy?.controlPlaneDrainOptions?.enabled === true;

  return enabled && !(topology && topology.total === 1);
}

/**
 * The first RKE2 release of each minor that ignores `cloud-provider-name: aws` (no in-tree provider runs; node
 * names still come from EC2 metadata), docs/rancher-behaviour.md#rke2-aws-ignored. Every later minor ignores it.
 */
const RKE2_AWS_IGNORED_FROM: Record<string, string> = {
  '1.29': '1.29.11',
  '1.30': '1.30.7',
  '1.31': '1.31.3',
  '1.32': '1.32.0',
};

export function rke2IgnoresAwsProvider(version: string): boolean {
  const v = parseKubernetesVersion(version);

  if (!v) {
    return false;
  }
  const first = RKE2_AWS_IGNORED_FROM[`${ v.major }.${ v.minor }`];

  if (first) {
    return semver.gte(`${ v.major }.${ v.minor }.${ v.patch }`, first);
  }

  return semver.gt(`${ v.major }.${ v.minor }.0`, '1.32.0');
}

/** An RKE2 cluster whose effective provider is `aws` on a release that ignores it: no in-tree provider runs. */
export function awsProviderIgnored(detection: Detection): boolean {
  return detection.kind === 'rke2' && detection.effectiveProvider === 'aws' && rke2IgnoresAwsProvider(detection.kubernetesVersion);
}

/**
 * The pre-flight items judged from what the tab reads from the live cluster (pure): Rancher reports the cluster
 * Active, the nodes are Ready, in-tree EBS storage classes have the EBS CSI driver beside them, images pulled from
 * Amazon ECR, and a Terraform field manager on the cluster object. Each item passes, warns or blocks with the reason
 * (an l10n key under `preflight.`); an observation that was not read gives no item (not judged), a read Kubernetes
 * refused gives a "not checked" item. The rules and their sources: docs/rancher-behaviour.md#live-preflight.
 *
 * Before the migration starts (no step done) a cluster Rancher is updating, and a control-plane node that is not
 * Ready, block: every update of the migration restarts the control-plane components node by node, and Rancher waits
 * for each node to take its new configuration, so starting then leaves a half-applied change behind a node nobody
 * can reach. A worker that is not Ready only warns: the control-plane handover does not depend on it (the switch's
 * restart of its kubelet waits for it). Once the migration is under way the cluster updates and nodes restart
 * because of it: nothing blocks then, so the admin can always carry the migration on.
 */
import type {
  Distro, EcrNodesRead, NodeLike, Observations, PreflightCheck, Severity,
} from '../types';
import { controlPlaneNodes } from './cordon';
import { ownersFromManagers } from '../cluster/ownership';

/** The in-tree EBS volume plugin's name, the provisioner of its StorageClasses. */
export const IN_TREE_EBS_PROVISIONER = 'kubernetes.io/aws-ebs';
/** The EBS CSI driver (its CSIDriver object has this name); CSI migration hands in-tree EBS volumes to it. */
export const EBS_CSI_DRIVER = 'ebs.csi.aws.com';

/** A private Amazon ECR registry host: `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`. */
const ECR_REGISTRY = /^(\d{12})\.dkr\.ecr(-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

type Params = Record<string, string | number>;

function item(id: string, severity: Severity, key: string, params?: Params): PreflightCheck {
  return { id, severity, message: { key: `preflight.${ key }`, ...(params ? { params } : {}) } };
}

function isReady(node: NodeLike): boolean {
  return (node.status?.conditions || []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function names(nodes: NodeLike[]): string {
  return nodes.map((n) => n.metadata.name).join(', ');
}

/** Rancher reports the cluster Active and not updating (checkRancherReconciled, read as `clusterReady`). */
export function clusterActiveCheck(clusterReady: boolean | undefined, started: boolean): PreflightCheck[] {
  if (clusterReady === undefined) {
    return [];
  }
  if (clusterReady) {
    return [item('cluster-active', 'ok', 'clusterActive.ready')];
  }

  return [started ? item('cluster-active', 'info', 'clusterActive.underWay') : item('cluster-active', 'blocker', 'clusterActive.updating')];
}

/** Every node's Ready condition; a node without one (its kubelet never reported) is not Ready. */
export function nodesReadyChecks(nodes: NodeLike[] | undefined, distro: Distro, started: boolean): PreflightCheck[] {
  if (!nodes?.length) {
    return [];
  }
  const notReady = nodes.filter((n) => !isReady(n));

  if (!notReady.length) {
    return [item('nodes-ready', 'ok', 'nodesReady.ready', { count: nodes.length })];
  }
  if (started) {
    return [item('nodes-ready', 'warning', 'nodesReady.underWay', { nodes: names(notReady) })];
  }
  const controlPlane = controlPlaneNodes(notReady, distro);
  const workers = notReady.filter((n) => !controlPlane.includes(n));

  return [
    ...(controlPlane.length ? [item('nodes-ready-control-plane', 'blocker', 'nodesReady.controlPlane', { nodes: names(controlPlane) })] : []),
    ...(workers.length ? [item('nodes-ready-workers', 'warning', 'nodesReady.workers', { nodes: names(workers) })] : []),
  ];
}

/** StorageClasses on the in-tree EBS provisioner, and whether the EBS CSI driver is there to take their volumes. */
export function ebsVolumesCheck(obs: Observations): PreflightCheck[] {
  const unread = obs.preflightUnread || [];

  if (!obs.storageClasses) {
    return unread.includes('storageClasses') ? [item('ebs-volumes', 'info', 'ebs.notChecked', { provisioner: IN_TREE_EBS_PROVISIONER })] : [];
  }
  const inTree = obs.storageClasses.filter((sc) => sc.provisioner === IN_TREE_EBS_PROVISIONER).map((sc) => sc.metadata.name);

  if (!inTree.length) {
    return [item('ebs-volumes', 'ok', 'ebs.none', { provisioner: IN_TREE_EBS_PROVISIONER })];
  }
  const params = { classes: inTree.join(', '), provisioner: IN_TREE_EBS_PROVISIONER, driver: EBS_CSI_DRIVER };

  if (!obs.csiDrivers) {
    return [item('ebs-volumes', 'info', 'ebs.driverNotChecked', params)];
  }
  if (obs.csiDrivers.some((d) => d.metadata.name === EBS_CSI_DRIVER)) {
    return [item('ebs-volumes', 'ok', 'ebs.driverInstalled', params)];
  }

  return [item('ebs-volumes', 'warning', 'ebs.noDriver', params)];
}

/** The private ECR registry of an image name (`<registry>/<repo>[:tag|@digest]`), or undefined. */
export function ecrRegistry(imageName: string): string | undefined {
  const host = imageName.split('/')[0];

  return imageName.includes('/') && ECR_REGISTRY.test(host) ? host : undefined;
}

/** The private ECR registries among a node's image names. */
function ecrRegistriesOf(node: NodeLike): string[] {
  return (node.status?.images || []).flatMap((i) => i.names || []).map(ecrRegistry).filter((r): r is string => !!r);
}

/**
 * Images the nodes pulled from a private Amazon ECR registry: judged from the nodes' own images, or from
 * `ecrNodes` (Steve's count of the nodes that name ECR, and a page of them read with their images). Then the count is
 * Steve's, and when it read fewer nodes than it counted, the registries named are those of the nodes read.
 */
export function ecrImagesCheck(nodes: NodeLike[] | undefined, ecrNodes?: EcrNodesRead): PreflightCheck[] {
  const reporting = ecrNodes ? ecrNodes.read : (nodes || []).filter((n) => Array.isArray(n.status?.images));

  if (!ecrNodes && !reporting.length) {
    return [];
  }
  const registries = new Set<string>();
  const pulling = reporting.filter((n) => {
    const found = ecrRegistriesOf(n);

    found.forEach((r) => registries.add(r));

    return found.length > 0;
  });

  if (!registries.size) {
    return [item('ecr-images', 'ok', 'ecr.none')];
  }
  const params = { registries: [...registries].sort().join(', '), count: pulling.length };

  if (ecrNodes && ecrNodes.matching > ecrNodes.read.length) {
    return [item('ecr-images', 'warning', 'ecr.imagesSampled', { ...params, count: ecrNodes.matching, read: ecrNodes.read.length })];
  }

  return [item('ecr-images', 'warning', 'ecr.images', params)];
}

/** A Terraform field manager on the cluster object, when the object the tab read carries its managed fields. */
export function managersCheck(managers: string[] | undefined): PreflightCheck[] {
  return ownersFromManagers(managers || []).map((o) => item(`managed-by-${ o.id }`, 'warning', 'managedBy', { owner: o.owner, mark: o.mark }));
}

/**
 * The live items for a plan's pre-flight: `started` says whether a step of the migration is done. Items whose id the
 * plan already has (an owner read from the object itself) are left out.
 */
export function livePreflight(obs: Observations, distro: Distro, started: boolean, existing: PreflightCheck[] = []): PreflightCheck[] {
  const have = new Set(existing.map((c) => c.id));

  return [
    ...clusterActiveCheck(obs.clusterReady, started),
    ...nodesReadyChecks(obs.nodes, distro, started),
    ...ebsVolumesCheck(obs),
    ...ecrImagesCheck(obs.nodes, obs.ecrNodes),
    ...managersCheck(obs.clusterManagers),
  ].filter((c) => !have.has(c.id));
}

/** The object items the live ones replace: the generic EBS/ECR reminder once both were judged from the cluster. */
const REPLACED_BY_LIVE: Record<string, string[]> = { 'storage-and-registry-credentials': ['ebs-volumes', 'ecr-images'] };

/** The plan's pre-flight with the live items: the object's items first (less those the live ones replace), then these. */
export function withLivePreflight(preflight: PreflightCheck[], obs: Observations, distro: Distro, started: boolean): PreflightCheck[] {
  const live = livePreflight(obs, distro, started, preflight);
  const liveIds = new Set(live.map((c) => c.id));
  const replaced = (c: PreflightCheck) => {
    const by = REPLACED_BY_LIVE[c.id];

    return !!by && by.every((id) => liveIds.has(id));
  };
  const kept = preflight.filter((c) => !replaced(c));

  return [...kept, ...live];
}

/**
 * The downstream URLs the api layer reads, written out here by hand so that a test fails when a read changes what it
 * asks for (docs/rancher-behaviour.md#steve-list-parameters): the node list without the fields nothing reads, every
 * other object without its managed fields, the ECR read filtered on image names with a page of 20, names and images.
 */

/** The query of every node list. */
export const NODE_LIST_QUERY = 'exclude=metadata.managedFields&exclude=metadata.annotations&exclude=metadata.relationships&exclude=spec.podCIDR' +
  '&exclude=spec.podCIDRs&exclude=status.images&exclude=status.nodeInfo&exclude=status.addresses&exclude=status.allocatable&exclude=status.capacity' +
  '&exclude=status.daemonEndpoints';

/** What every other Steve read of the api layer leaves out. */
export const NO_MANAGED_FIELDS = 'exclude=metadata.managedFields';

/** The ECR read's query. */
export const ECR_NODES_QUERY = 'filter=status.images.names%3D.dkr.ecr&pagesize=20&include=metadata.name&include=status.images';

export function downstreamUrls(clusterId: string) {
  const prefix = `/k8s/clusters/${ clusterId }`;

  return {
    nodes:      `${ prefix }/v1/nodes?${ NODE_LIST_QUERY }`,
    ecrNodes:   `${ prefix }/v1/nodes?${ ECR_NODES_QUERY }`,
    /** The fallback when Steve cannot filter on images (SQL cache): every node's name and images. */
    allImages:  `${ prefix }/v1/nodes?include=metadata.name&include=status.images`,
    daemonSet:  `${ prefix }/v1/apps.daemonsets/kube-system/aws-cloud-controller-manager?${ NO_MANAGED_FIELDS }`,
    leases:     `${ prefix }/v1/coordination.k8s.io.leases/kube-system?${ NO_MANAGED_FIELDS }`,
    services:   `${ prefix }/v1/services?${ NO_MANAGED_FIELDS }`,
    ccmPods:    `${ prefix }/v1/pods/kube-system?labelSelector=k8s-app%3Daws-cloud-controller-manager&${ NO_MANAGED_FIELDS }`,
    installJob: `${ prefix }/v1/batch.jobs/kube-system/helm-install-aws-cloud-controller-manager?${ NO_MANAGED_FIELDS }`,
    jobPods:    `${ prefix }/v1/pods/kube-system?labelSelector=job-name%3Dhelm-install-aws-cloud-controller-manager&${ NO_MANAGED_FIELDS }`,
  };
}

/** Steve's answer to the ECR read over `nodes`: the count of those naming `.dkr.ecr`, the first 20 of them. */
export function ecrNodesAnswer(nodes: Record<string, any>[]): Record<string, unknown> {
  const naming = nodes.filter((n) => (n.status?.images || []).some((i: any) => (i.names || []).some((name: string) => name.includes('.dkr.ecr'))));
  const page = naming.slice(0, 20).map((n) => ({ id: n.metadata.name, type: 'node', metadata: { name: n.metadata.name }, status: { images: n.status.images } }));

  return {
    type: 'collection', data: page, ...(naming.length ? { count: naming.length, pages: Math.ceil(naming.length / 20) } : {})
  };
}

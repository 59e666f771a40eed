/**
 * A new machine joining a node-driver pool: the kubelet registers a Node (kubernetes pkg/kubelet
 * kubelet_node_status.go). Its name is the EC2 private DNS name when the distro names nodes from EC2
 * metadata, else the machine's hostname. With the in-tree provider the kubelet sets the ProviderID and
 * zone labels itself; with `--cloud-provider=external` it registers the node tainted
 * `node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule` and leaves the ProviderID to the CCM
 * (docs/rancher-behaviour.md#uninitialized-taint); RKE2's embedded controller sets `rke2://<node>` at once.
 */
import { KObj } from '../../store';
import { WorldContext } from '../context';
import { flagValue } from '../planner/componentFlags';
import { applyPlanToNode } from '../nodeAgent';
import { NodePlan } from '../nodePlan';
import { buildNode, Distro, ec2Name, machineLabels } from '../seed/nodes';
import { A, TAINT_UNINITIALIZED } from '../types';

export function newMachineNode(ctx: WorldContext, prov: KObj, pool: Record<string, any>, planOf: (n: KObj) => NodePlan): KObj {
  const { ids } = ctx;
  const now = ctx.now();
  const region = 'us-east-2';
  const zone = `${ region }${ 'abc'[ids.int(3)] }`;
  const ip = `10.${ 100 + ids.int(100) }.${ ids.int(250) }.${ 10 + ids.int(240) }`;
  const instanceId = ids.instanceId();
  const roles = { controlPlane: !!pool.controlPlaneRole, etcd: !!pool.etcdRole, worker: !!pool.workerRole };
  const mLabels = machineLabels(roles, pool.name, pool.labels || {});
  const hostname = `${ prov.metadata.name }-${ pool.name }-${ ids.hex(9) }-${ ids.suffix() }`;
  const distro: Distro = /k3s/.test(prov.spec?.kubernetesVersion || '') ? 'k3s' : 'rke2';
  const onEc2 = pool.machineConfigRef?.kind === 'Amazonec2Config';
  const probe = buildNode({
    name: hostname, distro, roles, kubernetesVersion: prov.spec?.kubernetesVersion || '', region, zone, instanceType: 't3.large', ip, instanceId, ec2Name: ec2Name(ip, region), machineHostname: hostname, providerID: '', cloudLabels: 'none', machineLabels: mLabels, machineName: hostname, clusterName: prov.metadata.name, now
  });
  const plan = planOf(probe);
  const name = onEc2 && plan.nameFromEc2 ? ec2Name(ip, region) : hostname;
  const kubeletCloud = flagValue(plan.kubeletArgs, 'cloud-provider') || '';
  let providerID = '';

  if (kubeletCloud === 'aws' && onEc2 && !plan.errors.length) {
    providerID = `aws:///${ zone }/${ instanceId }`;
  } else if (plan.embeddedCloudController) {
    providerID = `${ distro }://${ name }`;
  }
  const node = buildNode({
    name,
    distro,
    roles,
    kubernetesVersion: plan.kubernetesVersion,
    region,
    zone,
    instanceType:      't3.large',
    ip,
    instanceId,
    ec2Name:           ec2Name(ip, region),
    machineHostname:   hostname,
    providerID,
    cloudLabels:       providerID.startsWith('aws') ? 'aws' : (providerID ? 'embedded' : 'none'),
    machineLabels:     mLabels,
    machineName:       hostname,
    clusterName:       prov.metadata.name,
    now,
  });

  if (kubeletCloud === 'external' && !plan.embeddedCloudController) {
    node.spec.taints = [...(node.spec.taints || []), { key: TAINT_UNINITIALIZED, value: 'true', effect: 'NoSchedule' }];
  }
  if (!onEc2) {
    delete node.metadata.annotations![A.ec2Name];
  }
  applyPlanToNode(node, plan, () => ids.uuid(), now);

  return node;
}


/**
 * The CCM's cloud-node controller (k8s.io/cloud-provider controllers/node/node_controller.go, with
 * cloud-provider-aws pkg/providers/v1 instances): while a CCM pod is ready and leads
 * (`cloud-controller-manager` lease), every node tainted `node.cloudprovider.kubernetes.io/uninitialized`
 * is looked up in EC2 by its name. Only EC2 private DNS names (`ip-a-b-c-d.<region>.compute.internal`,
 * `ip-a-b-c-d.ec2.internal`) or instance ids (`i-…`) resolve; then the ProviderID `aws:///<zone>/<id>`
 * (only if empty: it is immutable), zone/region/instance-type labels are set and the taint removed.
 * Otherwise the node stays uninitialised with the CCM's error (annotation `sim.cattle.io/cloud-node-error`).
 * The cloud-node controller is not one of the migrated controllers: it does not wait for the migration lease.
 * Fault `nodeNeverProviderId`: the named nodes are never initialised.
 */
import { KObj, StoreEvent } from '../../store';
import { ccmIdentity, isCcmPod, podReady } from '../ccmPods';
import { WorldContext } from '../context';
import { A, KUBE_SYSTEM, L, LOCAL, T, TAINT_UNINITIALIZED } from '../types';
import { Controller } from './controller';
import { CCM_LEASE } from './leases';

const EC2_NAME = /^(ip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}\.(ec2\.internal|[a-z]{2}(-gov)?-[a-z]+-\d\.compute\.internal)|i-[0-9a-f]{8,17})$/;

export function isEc2NodeName(name: string): boolean {
  return EC2_NAME.test(name);
}

function uninitialized(node: KObj): boolean {
  return (node.spec?.taints || []).some((t: any) => t.key === TAINT_UNINITIALIZED);
}

export class CloudNodeController implements Controller {
  readonly name = 'cloud-node';
  private readonly pending = new Set<string>();

  constructor(private readonly ctx: WorldContext) {}

  onEvent(e: StoreEvent): void {
    if (e.scope === LOCAL) {
      return;
    }
    if ((e.type === T.node && e.kind !== 'remove' && uninitialized(e.obj)) || (e.type === T.pod && isCcmPod(e.obj)) || (e.type === T.lease && e.obj.metadata.name === CCM_LEASE)) {
      this.ctx.sched.enqueue(`cloud-node/${ e.scope }`, () => this.reconcile(e.scope));
    }
  }

  /** After a fault change: retry every uninitialised node, including the ones that failed before. */
  resyncAll(): void {
    for (const m of this.ctx.store.list(LOCAL, T.mgmtCluster)) {
      if (m.metadata.name !== LOCAL) {
        this.ctx.sched.enqueue(`cloud-node/${ m.metadata.name }`, () => this.reconcile(m.metadata.name, true));
      }
    }
  }

  /** True when a ready CCM pod holds the cloud-controller-manager lease. */
  ccmLeads(scope: string): boolean {
    const holder = this.ctx.store.get(scope, T.lease, KUBE_SYSTEM, CCM_LEASE)?.spec?.holderIdentity;

    return this.ctx.store.list(scope, T.pod, KUBE_SYSTEM).some((p) => isCcmPod(p) && podReady(p) && ccmIdentity(p) === holder);
  }

  /** Failed nodes are retried only when asked (the real CCM retries with back-off; the world must settle). */
  reconcile(scope: string, retryFailed = false): void {
    const nodes = this.ctx.store.list(scope, T.node).filter((n) => uninitialized(n) && (retryFailed || !n.metadata.annotations?.[A.ccmError]));

    if (!nodes.length || !this.ccmLeads(scope)) {
      return;
    }
    for (const node of nodes) {
      const key = `${ scope }/${ node.metadata.name }`;

      if (this.pending.has(key)) {
        continue;
      }
      this.pending.add(key);
      this.ctx.sched.after(this.ctx.durations.cloudNodeInit, () => {
        this.pending.delete(key);
        this.initialise(scope, node.metadata.name);
      });
    }
  }

  private initialise(scope: string, name: string): void {
    if (!this.ccmLeads(scope)) {
      return;
    }
    const never = this.ctx.faults.nodeNeverProviderId.has(name);

    this.ctx.store.mutate(scope, T.node, undefined, name, (n) => {
      const ann = n.metadata.annotations = n.metadata.annotations || {};

      if (!uninitialized(n)) {
        return;
      }
      if (never || !isEc2NodeName(name) || !ann[A.ec2InstanceId]) {
        ann[A.ccmError] = `failed to initialize node ${ name } at cloudprovider: failed to get provider ID for node ${ name } at cloudprovider: failed to get instance ID from cloud provider: instance not found`;

        return;
      }
      const zone = ann[A.ec2Zone] || 'us-east-2a';
      const region = zone.replace(/[a-z]$/, '');
      const type = ann[A.ec2InstanceType] || 't3.large';

      n.spec = n.spec || {};
      if (!n.spec.providerID) {
        n.spec.providerID = `aws:///${ zone }/${ ann[A.ec2InstanceId] }`;
      }
      n.spec.taints = (n.spec.taints || []).filter((t: any) => t.key !== TAINT_UNINITIALIZED);
      Object.assign(n.metadata.labels = n.metadata.labels || {}, {
        [L.zone]: zone, [L.region]: region, [L.instanceType]: type, 'failure-domain.beta.kubernetes.io/zone': zone, 'failure-domain.beta.kubernetes.io/region': region, 'beta.kubernetes.io/instance-type': type
      });
      delete ann[A.ccmError];
    });
  }
}

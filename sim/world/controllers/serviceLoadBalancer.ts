/**
 * The cloud service controller (k8s.io/cloud-provider controllers/service/controller.go with cloud-provider-aws
 * pkg/providers/v1 load balancers), run by whichever manager runs the cloud controllers of the cluster:
 * - the kube-controller-manager leader while it runs the in-tree AWS loops, or the ready CCM pod that leads
 *   (`cloud-controller-manager` lease);
 * - with leader migration on, only the one of them that also holds `cloud-provider-extraction-migration` (the
 *   service controller is one of the migrated controllers);
 * - nobody between a switch and the CCM's start (the downtime window): Services keep whatever status they have, and a
 *   new Service of type LoadBalancer stays without an address.
 * It ensures a load balancer for every Service of type LoadBalancer without `spec.loadBalancerClass` (a Service with
 * a class belongs to another controller) and writes its address to `status.loadBalancer.ingress` when it differs.
 * AWS finds a Service's load balancer by a name made from its UID (`a` + the UID without dashes, 32 characters), so
 * whichever manager runs the controller gets the same load balancer and the same DNS name: existing Services keep
 * their ingress across the migration. The DNS name is made up but stable per load balancer name
 * (`elbHostname`); the seeded Services carry the same one. Only the ensure path is simulated (no deletion when a
 * Service stops being of type LoadBalancer).
 */
import { createHash } from 'crypto';
import { KObj, StoreEvent } from '../../store';
import { ccmIdentity, ccmUsesLeaderMigration, isCcmPod, podReady } from '../ccmPods';
import { WorldContext } from '../context';
import { kcmRunsCloudLoops, nodeRuntime } from '../nodeAgent';
import { A, KUBE_SYSTEM, LOCAL, T } from '../types';
import { Controller } from './controller';
import { CCM_LEASE, KCM_LEASE, MIGRATION_LEASE } from './leases';

/** k8s.io/cloud-provider DefaultLoadBalancerName: `a` + the UID without dashes, cut to 32 characters. */
export function loadBalancerName(uid: string): string {
  return `a${ uid }`.replace(/-/g, '').slice(0, 32);
}

/**
 * The DNS name AWS gives the load balancer of that name: a classic ELB `<name>-<digits>.<region>.elb.amazonaws.com`,
 * an NLB (`service.beta.kubernetes.io/aws-load-balancer-type: nlb`) `<name>-<hex>.elb.<region>.amazonaws.com`.
 */
export function elbHostname(name: string, region: string, nlb = false): string {
  const digest = createHash('sha256').update(name).digest();

  return nlb ? `${ name }-${ digest.toString('hex').slice(0, 16) }.elb.${ region }.amazonaws.com` : `${ name }-${ 100000000 + (digest.readUInt32BE(0) % 900000000) }.${ region }.elb.amazonaws.com`;
}

export function isNlb(service: KObj): boolean {
  return service.metadata.annotations?.['service.beta.kubernetes.io/aws-load-balancer-type'] === 'nlb';
}

/** The Services the cloud provider manages: type LoadBalancer, no load balancer class. */
export function wantsCloudLoadBalancer(service: KObj): boolean {
  return service.spec?.type === 'LoadBalancer' && !service.spec?.loadBalancerClass && !service.metadata.deletionTimestamp;
}

/** The cluster's region, from where its nodes run; us-east-2 when no node says. */
export function clusterRegion(nodes: readonly Readonly<KObj>[]): string {
  const zone = nodes.map((n) => n.metadata.annotations?.[A.ec2Zone]).find((z): z is string => !!z);

  return zone ? zone.replace(/[a-z]$/, '') : 'us-east-2';
}

function holder(ctx: WorldContext, scope: string, lease: string): string | undefined {
  return ctx.store.get(scope, T.lease, KUBE_SYSTEM, lease)?.spec?.holderIdentity;
}

/** Does a manager run the cloud service controller in this cluster now (see the file comment)? */
export function serviceControllerRuns(ctx: WorldContext, scope: string): boolean {
  const migrationHolder = holder(ctx, scope, MIGRATION_LEASE);
  const ccmLeader = holder(ctx, scope, CCM_LEASE);
  const ccm = ctx.store.list(scope, T.pod, KUBE_SYSTEM).find((p) => isCcmPod(p) && podReady(p) && ccmIdentity(p) === ccmLeader);

  if (ccm && (!ccmUsesLeaderMigration(ccm) || migrationHolder === ccmIdentity(ccm))) {
    return true;
  }
  const kcmLeader = holder(ctx, scope, KCM_LEASE);
  const kcm = ctx.store.listShared(scope, T.node).map((n) => nodeRuntime(n as KObj)).find((rt) => `${ rt.name }_${ rt.kcmInstance }` === kcmLeader);

  return !!kcm && kcmRunsCloudLoops(kcm) && (!kcm.kcmLeaderMigration || migrationHolder === kcmLeader);
}

function ingressOf(service: KObj): { hostname?: string; ip?: string }[] {
  return service.status?.loadBalancer?.ingress || [];
}

export class ServiceLoadBalancerController implements Controller {
  readonly name = 'service-load-balancer';
  private readonly pending = new Set<string>();

  constructor(private readonly ctx: WorldContext) {}

  onEvent(e: StoreEvent): void {
    if (e.scope === LOCAL) {
      return;
    }
    // Who runs the controller changes with the leases (a restarted KCM takes a new identity) and the CCM pods.
    if ((e.type === T.service && e.kind !== 'remove') || (e.type === T.pod && isCcmPod(e.obj)) || e.type === T.lease) {
      this.ctx.sched.enqueue(`service-lb/${ e.scope }`, () => this.reconcile(e.scope));
    }
  }

  resyncAll(): void {
    for (const m of this.ctx.store.list(LOCAL, T.mgmtCluster)) {
      if (m.metadata.name !== LOCAL) {
        this.ctx.sched.enqueue(`service-lb/${ m.metadata.name }`, () => this.reconcile(m.metadata.name));
      }
    }
  }

  /** The address each managed Service should publish, keyed `namespace/name`; only those that differ from it. */
  private outOfSync(scope: string): Map<string, string> {
    const managed = this.ctx.store.listShared(scope, T.service).filter((s) => wantsCloudLoadBalancer(s as KObj)) as KObj[];
    const out = new Map<string, string>();

    if (!managed.length) {
      return out;
    }
    const region = clusterRegion(this.ctx.store.listShared(scope, T.node));

    for (const svc of managed) {
      const want = elbHostname(loadBalancerName(svc.metadata.uid || ''), region, isNlb(svc));
      const have = ingressOf(svc);

      if (have.length !== 1 || have[0].hostname !== want || have[0].ip) {
        out.set(`${ svc.metadata.namespace }/${ svc.metadata.name }`, want);
      }
    }

    return out;
  }

  reconcile(scope: string): void {
    const todo = this.outOfSync(scope);

    if (!todo.size || !serviceControllerRuns(this.ctx, scope)) {
      return;
    }
    for (const key of todo.keys()) {
      const id = `${ scope }/${ key }`;

      if (this.pending.has(id)) {
        continue;
      }
      this.pending.add(id);
      this.ctx.sched.after(this.ctx.durations.loadBalancer, () => {
        this.pending.delete(id);
        this.ensure(scope, key);
      });
    }
  }

  /** EnsureLoadBalancer, then the status patch when the address differs; skipped if nobody runs the controller by then. */
  private ensure(scope: string, key: string): void {
    const want = this.outOfSync(scope).get(key);

    if (!want || !serviceControllerRuns(this.ctx, scope)) {
      return;
    }
    const [namespace, name] = key.split('/');

    this.ctx.store.mutate(scope, T.service, namespace, name, (svc) => {
      svc.status = { ...(svc.status || {}), loadBalancer: { ingress: [{ hostname: want }] } };
    });
  }
}

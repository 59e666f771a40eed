/**
 * Leader election in the downstream kube-system namespace.
 *
 * - `kube-controller-manager`: held by one running KCM, identity `<host>_<uuid>` with a new uuid per process
 *   (k8s cmd/kube-controller-manager/app/controllermanager.go: `id = hostname + "_" + uuid`). When the holder
 *   restarts, a KCM that kept running takes over (it is already retrying while the restarted one starts).
 * - `cloud-controller-manager`: held by one ready CCM pod (k8s.io/cloud-provider app/controllermanager.go).
 * - `cloud-provider-extraction-migration` (leader migration, k8s.io/controller-manager pkg/leadermigration):
 *   a manager contends for it only once it holds its MAIN lease (controllermanager.go: the migration
 *   elector starts after `MigrationReady`, closed in the main lock's OnStartedLeading path), and any
 *   manager started with `--enable-leader-migration` does so, whatever its `--cloud-provider`. So the
 *   candidates are the KCM leader if it runs with leader migration and the CCM leader if it does. The holder
 *   keeps it while it runs; a vacated lease goes to the KCM leader when it still runs the in-tree cloud
 *   loops, else to the CCM leader, else to the KCM leader (really: whichever retries first after expiry).
 *   While a KCM holds it, CCM pods with leader migration run but wait (annotated
 *   `sim.cattle.io/waiting-for-lease`). A KCM that runs in-tree loops WITHOUT leader migration does not take
 *   part: the lease then records it under `sim.cattle.io/unmigrated-kcm` (the double-running hazard).
 * - Renewals: holders that still run move `renewTime` on a coarse background timer (10 s realistic, at most
 *   every 500 ms real); that timer does not count for `settle()`. Holder changes are written after the
 *   hand-over delay.
 */
import { KObj, StoreEvent } from '../../store';
import { WorldContext } from '../context';
import { ccmIdentity, ccmUsesLeaderMigration, isCcmPod, podReady, POD_WAITING_FOR_LEASE } from '../ccmPods';
import { kcmRunsCloudLoops, nodeRuntime, NodeRuntime } from '../nodeAgent';
import { KUBE_SYSTEM, LOCAL, T } from '../types';
import { Controller } from './controller';

export const KCM_LEASE = 'kube-controller-manager';
export const CCM_LEASE = 'cloud-controller-manager';
export const MIGRATION_LEASE = 'cloud-provider-extraction-migration';
export const LEASE_UNMIGRATED_KCM = 'sim.cattle.io/unmigrated-kcm';
const LEASES = [KCM_LEASE, CCM_LEASE, MIGRATION_LEASE] as const;
/** client-go renews every retryPeriod (2 s); the simulator renews coarsely to keep write volume low. */
const RENEW_EVERY_MS = 10000;
const RENEW_MIN_REAL_MS = 500;

export interface DesiredLeases {
  [KCM_LEASE]?: string;
  [CCM_LEASE]?: string;
  [MIGRATION_LEASE]?: string;
  unmigratedKcm: string[];
  /** CCM pods that wait for the migration lease (held by a KCM). */
  waitingPods: string[];
}

function kcmIdentity(rt: NodeRuntime): string {
  return `${ rt.name }_${ rt.kcmInstance }`;
}

function hostOf(identity: string | undefined): string {
  return (identity || '').replace(/_[^_]*$/, '');
}

/** Keep a live holder; else prefer candidates on another host than the one whose process went away. */
function keepOrFirst(current: string | undefined, candidates: string[]): string | undefined {
  if (current && candidates.includes(current)) {
    return current;
  }
  const sorted = [...candidates].sort();

  return sorted.find((c) => hostOf(c) !== hostOf(current)) || sorted[0];
}

/** Pure: who should hold each lease, given the nodes, CCM pods and current holders. */
/** `nodes` are read, never changed (the renewal timer passes the stored nodes, not copies of 5,000 of them). */
export function desiredLeases(nodes: KObj[], pods: KObj[], current: Record<string, string | undefined>): DesiredLeases {
  const kcms = nodes.map(nodeRuntime).filter((rt) => rt.controlPlane && rt.healthy && rt.kcmInstance);
  const ccms = pods.filter((p) => isCcmPod(p) && podReady(p));
  const kcmLeaderId = keepOrFirst(current[KCM_LEASE], kcms.map(kcmIdentity));
  const ccmLeaderId = keepOrFirst(current[CCM_LEASE], ccms.map(ccmIdentity));
  const kcmLeader = kcms.find((rt) => kcmIdentity(rt) === kcmLeaderId);
  const ccmLeader = ccms.find((p) => ccmIdentity(p) === ccmLeaderId);
  const kcmCandidate = kcmLeader && kcmLeader.kcmLeaderMigration ? kcmLeaderId : undefined;
  const ccmCandidate = ccmLeader && ccmUsesLeaderMigration(ccmLeader) ? ccmLeaderId : undefined;
  const unmigratedKcm = kcms.filter((rt) => !rt.kcmLeaderMigration && kcmRunsCloudLoops(rt)).map((rt) => rt.name);
  let migration = current[MIGRATION_LEASE];

  if (!migration || (migration !== kcmCandidate && migration !== ccmCandidate)) {
    if (kcmCandidate && kcmRunsCloudLoops(kcmLeader!)) {
      migration = kcmCandidate;
    } else {
      migration = ccmCandidate || kcmCandidate || migration;
    }
  }
  const kcmHoldsMigration = !!migration && migration === kcmCandidate;

  return {
    [KCM_LEASE]:       kcmLeaderId,
    [CCM_LEASE]:       ccmLeaderId,
    [MIGRATION_LEASE]: migration,
    unmigratedKcm,
    waitingPods:       kcmHoldsMigration ? ccms.filter(ccmUsesLeaderMigration).map((p) => p.metadata.name) : [],
  };
}

export function leaseObject(name: string, holder: string, now: string): KObj {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind:       'Lease',
    metadata:   { name, namespace: KUBE_SYSTEM },
    spec:       {
      holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: now, renewTime: now, leaseTransitions: 0
    },
  };
}

export class LeaseController implements Controller {
  readonly name = 'leases';
  private readonly handover = new Set<string>();

  constructor(private readonly ctx: WorldContext) {}

  /** Start renewing held leases (World.start). */
  startRenewals(): void {
    this.ctx.sched.every(RENEW_EVERY_MS, RENEW_MIN_REAL_MS, () => this.renewAll());
  }

  /** Every lease whose holder still runs gets a new renewTime. */
  private renewAll(): void {
    const { store } = this.ctx;
    const now = this.ctx.now();

    for (const m of store.list(LOCAL, T.mgmtCluster)) {
      const scope = m.metadata.name;

      if (scope === LOCAL) {
        continue;
      }
      const leases = store.list(scope, T.lease, KUBE_SYSTEM).filter((l) => (LEASES as readonly string[]).includes(l.metadata.name));

      if (!leases.length) {
        continue;
      }
      const current: Record<string, string | undefined> = {};

      for (const l of leases) {
        current[l.metadata.name] = l.spec?.holderIdentity;
      }
      const want = desiredLeases(store.listShared(scope, T.node) as KObj[], store.list(scope, T.pod, KUBE_SYSTEM), current);

      for (const l of leases) {
        const name = l.metadata.name as typeof LEASES[number];

        if (l.spec?.holderIdentity && want[name] === l.spec.holderIdentity) {
          store.mutate(scope, T.lease, KUBE_SYSTEM, name, (x) => {
            x.spec = { ...x.spec, renewTime: now };
          });
        }
      }
    }
  }

  resyncAll(): void {
    for (const m of this.ctx.store.list(LOCAL, T.mgmtCluster)) {
      if (m.metadata.name !== LOCAL) {
        this.ctx.sched.enqueue(`leases/${ m.metadata.name }`, () => this.reconcile(m.metadata.name));
      }
    }
  }

  onEvent(e: StoreEvent): void {
    if (e.scope === LOCAL) {
      return;
    }
    if (e.type === T.node || (e.type === T.pod && (isCcmPod(e.obj) || (e.old && isCcmPod(e.old))))) {
      this.ctx.sched.enqueue(`leases/${ e.scope }`, () => this.reconcile(e.scope));
    }
  }

  /** Compute holders; a changed holder is written after the hand-over delay (or at once when `instant`). */
  reconcile(scope: string, instant = false): void {
    const { store } = this.ctx;
    const leases = store.list(scope, T.lease, KUBE_SYSTEM);
    const current: Record<string, string | undefined> = {};

    for (const l of leases) {
      current[l.metadata.name] = l.spec?.holderIdentity;
    }
    const want = desiredLeases(store.listShared(scope, T.node) as KObj[], store.list(scope, T.pod, KUBE_SYSTEM), current);
    const apply = () => this.apply(scope, want);
    const changed = [KCM_LEASE, CCM_LEASE, MIGRATION_LEASE].some((n) => want[n as keyof DesiredLeases] && want[n as keyof DesiredLeases] !== current[n]);

    if (!changed || instant) {
      apply();
    } else if (!this.handover.has(scope)) {
      this.handover.add(scope);
      this.ctx.sched.after(this.ctx.durations.leaseHandover, () => {
        this.handover.delete(scope);
        this.reconcile(scope, true);
      });
    }
  }

  private apply(scope: string, want: DesiredLeases): void {
    const { store } = this.ctx;
    const now = this.ctx.now();

    for (const name of [KCM_LEASE, CCM_LEASE, MIGRATION_LEASE] as const) {
      const holder = want[name];

      if (!holder) {
        if (name === MIGRATION_LEASE) {
          this.markUnmigrated(scope, want.unmigratedKcm);
        }
        continue;
      }
      const cur = store.get(scope, T.lease, KUBE_SYSTEM, name);

      if (!cur) {
        store.create(scope, T.lease, leaseObject(name, holder, now));
      } else if (cur.spec?.holderIdentity !== holder) {
        store.mutate(scope, T.lease, KUBE_SYSTEM, name, (l) => {
          l.spec = {
            ...l.spec, holderIdentity: holder, acquireTime: now, renewTime: now, leaseTransitions: (l.spec?.leaseTransitions || 0) + 1
          };
        });
      }
      if (name === MIGRATION_LEASE) {
        this.markUnmigrated(scope, want.unmigratedKcm);
      }
    }
    for (const pod of store.list(scope, T.pod, KUBE_SYSTEM).filter(isCcmPod)) {
      const waiting = want.waitingPods.includes(pod.metadata.name);
      const has = !!pod.metadata.annotations?.[POD_WAITING_FOR_LEASE];

      if (waiting !== has) {
        store.mutate(scope, T.pod, KUBE_SYSTEM, pod.metadata.name, (p) => {
          p.metadata.annotations = p.metadata.annotations || {};
          if (waiting) {
            p.metadata.annotations[POD_WAITING_FOR_LEASE] = MIGRATION_LEASE;
          } else {
            delete p.metadata.annotations[POD_WAITING_FOR_LEASE];
          }
        });
      }
    }
  }

  private markUnmigrated(scope: string, names: string[]): void {
    const value = names.join(',');

    this.ctx.store.mutate(scope, T.lease, KUBE_SYSTEM, MIGRATION_LEASE, (l) => {
      l.metadata.annotations = l.metadata.annotations || {};
      if (value) {
        l.metadata.annotations[LEASE_UNMIGRATED_KCM] = value;
      } else {
        delete l.metadata.annotations[LEASE_UNMIGRATED_KCM];
      }
    });
  }
}

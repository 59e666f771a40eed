/**
 * Leader election in the downstream kube-system namespace.
 *
 * - `kube-controller-manager`: held by one running KCM, identity `<host>_<uuid>` with a new uuid per process
 *   (k8s cmd/kube-controller-manager/app/controllermanager.go: `id = hostname + "_" + uuid`).
 * - `cloud-controller-manager`: held by one ready CCM pod (k8s.io/cloud-provider app/controllermanager.go).
 * - `cloud-provider-extraction-migration` (leader migration, k8s.io/controller-manager pkg/leadermigration,
 *   domain.md §3): contended by KCMs that run with `enable-leader-migration` AND still run the in-tree cloud
 *   loops, and by CCM pods running `--enable-leader-migration=true`. A KCM keeps it while any such KCM
 *   runs; it passes to a CCM only once no KCM runs the cloud controllers any more. While a KCM holds it,
 *   CCM pods run but wait (annotated `sim.cattle.io/waiting-for-lease`). A KCM that runs in-tree loops
 *   WITHOUT leader migration does not take part: the lease then records it under
 *   `sim.cattle.io/unmigrated-kcm` (both managers would run the cloud loops: the double-running hazard).
 *
 * Leases are only written when the holder changes (no periodic renewals, so the world can settle).
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

function keepOrFirst(current: string | undefined, candidates: string[]): string | undefined {
  if (current && candidates.includes(current)) {
    return current;
  }

  return [...candidates].sort()[0];
}

/** Pure: who should hold each lease, given the nodes, CCM pods and current holders. */
export function desiredLeases(nodes: KObj[], pods: KObj[], current: Record<string, string | undefined>): DesiredLeases {
  const kcms = nodes.map(nodeRuntime).filter((rt) => rt.controlPlane && rt.healthy && rt.kcmInstance);
  const kcmIds = kcms.map(kcmIdentity);
  const ccms = pods.filter((p) => isCcmPod(p) && podReady(p));
  const ccmIds = ccms.map(ccmIdentity);
  const kcmLeader = keepOrFirst(current[KCM_LEASE], kcmIds);
  const ccmLeader = keepOrFirst(current[CCM_LEASE], ccmIds);
  const migratingKcms = kcms.filter((rt) => rt.kcmLeaderMigration && kcmRunsCloudLoops(rt)).map(kcmIdentity);
  const unmigratedKcm = kcms.filter((rt) => !rt.kcmLeaderMigration && kcmRunsCloudLoops(rt)).map((rt) => rt.name);
  const migratingCcms = ccms.filter(ccmUsesLeaderMigration).map(ccmIdentity);
  let migration = current[MIGRATION_LEASE];

  if (migratingKcms.length) {
    migration = migratingKcms.includes(current[MIGRATION_LEASE] || '') ? current[MIGRATION_LEASE] : (kcmLeader && migratingKcms.includes(kcmLeader) ? kcmLeader : [...migratingKcms].sort()[0]);
  } else if (migratingCcms.length) {
    migration = migratingCcms.includes(current[MIGRATION_LEASE] || '') ? current[MIGRATION_LEASE] : (ccmLeader && migratingCcms.includes(ccmLeader) ? ccmLeader : [...migratingCcms].sort()[0]);
  }
  const kcmHoldsMigration = !!migration && migratingKcms.includes(migration);

  return {
    [KCM_LEASE]:       kcmLeader,
    [CCM_LEASE]:       ccmLeader,
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
    const want = desiredLeases(store.list(scope, T.node), store.list(scope, T.pod, KUBE_SYSTEM), current);
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

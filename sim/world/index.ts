/**
 * The simulated world behind the simulated Rancher server: seeded clusters (seed/demo.ts) and
 * the controllers that reconcile them over time. It never speaks HTTP; the server (sim/server) calls this
 * class and serves the store. See README.md next to this file for the objects and annotations it writes.
 */
import { Store, StoreEvent } from '../store';
import { DEFAULT_DURATIONS, Durations, Faults, WorldContext } from './context';
import { Controller } from './controllers/controller';
import { CatalogAppController } from './controllers/catalogApp';
import { CloudNodeController } from './controllers/cloudNode';
import { DaemonSetController } from './controllers/daemonSet';
import { EtcdBackupController } from './controllers/etcdSnapshot';
import { HelmChartController } from './controllers/helmChart';
import { LeaseController } from './controllers/leases';
import { ProvisioningController } from './controllers/provisioning';
import { Rke1Controller } from './controllers/rke1';
import { ServiceLoadBalancerController } from './controllers/serviceLoadBalancer';
import { Ids } from './random';
import { Scheduler } from './scheduler';
import { ClusterSeed, SeedHooks, seedCluster } from './seed/cluster';
import { demoClusters } from './seed/demo';
import { bigCluster, fleetClusters, manyClusters } from './seed/generators';
import { seedLocalCluster } from './seed/local';
import { WatchedSet } from './watchedSet';

export type { Faults, Durations } from './context';

export interface WorldOptions {
  rancherVersion: '2.11' | '2.13';   // 2.11 world: RKE1 + RKE2 clusters; 2.13 world: RKE2 only
  speed?: number;                     // multiplier on every simulated duration; 1 = realistic (default), 50 = tests
  seed?: 'demo' | 'empty';
  /** Override realistic per-step durations (milliseconds at speed 1). */
  durations?: Partial<Durations>;
}

export class World {
  readonly store: Store;
  readonly faults: Faults;
  readonly serverVersion: string;
  private readonly opts: WorldOptions;
  private sched: Scheduler;
  private ctx: WorldContext;
  private controllers: Controller[] = [];
  private unsubscribe: (() => void) | undefined;
  private quiet = 0;
  private helm!: HelmChartController;
  private ds!: DaemonSetController;
  private leases!: LeaseController;
  private generated = 0;

  constructor(store: Store, opts: WorldOptions) {
    this.store = store;
    this.opts = { seed: 'demo', speed: 1, ...opts };
    this.serverVersion = opts.rancherVersion === '2.13' ? 'v2.13.2' : 'v2.11.3';
    const daemonSetNeverReady = new WatchedSet<string>();
    const nodeNeverProviderId = new WatchedSet<string>();
    const ccmImagePullBackOff = new WatchedSet<string>();

    daemonSetNeverReady.onChange = () => this.resync();
    nodeNeverProviderId.onChange = () => this.resync();
    ccmImagePullBackOff.onChange = () => this.resync();
    this.faults = { daemonSetNeverReady, nodeNeverProviderId, ccmImagePullBackOff };
    this.sched = new Scheduler(this.opts.speed || 1);
    this.ctx = this.makeContext();
    this.seed();
  }

  /** The world's context (for tests and the server's control API). */
  get context(): WorldContext {
    return this.ctx;
  }

  start(): void {
    if (this.unsubscribe) {
      return;
    }
    if (this.sched.isStopped()) {
      this.sched = new Scheduler(this.opts.speed || 1);
      this.ctx = this.makeContext();
      this.makeControllers();
    }
    this.unsubscribe = this.store.on((e) => this.dispatch(e));
    this.leases.startRenewals();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.sched.stop();
  }

  reset(): void {
    this.stop();
    this.store.clear();
    this.sched = new Scheduler(this.opts.speed || 1);
    this.ctx = this.makeContext();
    this.seed();
    this.start();
  }

  setSpeed(factor: number): void {
    this.opts.speed = factor;
    this.sched.speed = factor;
  }

  addBigCluster(name: string, nodes: number): void {
    this.quietly(() => this.seedOne(bigCluster(name, nodes, this.generated++)));
  }

  addManyClusters(count: number): void {
    this.quietly(() => {
      for (const seed of manyClusters(count, this.generated)) {
        this.seedOne(seed);
      }
      this.generated += count;
    });
  }

  /** Adds `count` clusters in every migration state (seed/generators.ts fleetClusters): the fleet view's world. */
  addFleetClusters(count: number): void {
    this.quietly(() => {
      for (const seed of fleetClusters(count, this.generated, this.opts.rancherVersion)) {
        this.seedOne(seed);
      }
      this.generated += count;
    });
  }

  /** Add one cluster described by a seed (tests and the control API). */
  addCluster(seed: ClusterSeed): void {
    this.quietly(() => this.seedOne(seed));
  }

  /** Resolves when no reconcile, timer or rollout is pending. Rejects after timeoutMs (default 10 s). */
  settle(timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;

    return new Promise((resolve, reject) => {
      let idleRounds = 0;
      const check = () => {
        if (this.sched.idle()) {
          idleRounds++;
          if (idleRounds >= 2) {
            resolve();

            return;
          }
        } else {
          idleRounds = 0;
        }
        if (Date.now() > deadline) {
          reject(new Error(`world did not settle within ${ timeoutMs } ms`));

          return;
        }
        setTimeout(check, 2);
      };

      check();
    });
  }

  /** Controller errors caught by the scheduler (tests assert it stays empty). */
  get errors(): unknown[] {
    return this.sched.errors;
  }

  private makeContext(): WorldContext {
    return {
      store:     this.store,
      sched:     this.sched,
      faults:    this.faults,
      ids:       this.ctx?.ids || new Ids(),
      durations: { ...DEFAULT_DURATIONS, ...(this.opts.durations || {}) },
      now:       () => new Date().toISOString(),
    };
  }

  private makeControllers(): void {
    this.helm = new HelmChartController(this.ctx);
    this.ds = new DaemonSetController(this.ctx);
    this.leases = new LeaseController(this.ctx);
    this.controllers = [
      new ProvisioningController(this.ctx, this.helm),
      new Rke1Controller(this.ctx),
      new EtcdBackupController(this.ctx),
      this.helm,
      new CatalogAppController(this.ctx),
      this.ds,
      this.leases,
      new CloudNodeController(this.ctx),
      new ServiceLoadBalancerController(this.ctx),
    ];
  }

  private seed(): void {
    this.ctx.ids = new Ids();
    this.generated = 0;
    this.makeControllers();
    this.quietly(() => {
      seedLocalCluster(this.ctx, this.serverVersion);
      if (this.opts.seed !== 'empty') {
        for (const seed of demoClusters(this.opts.rancherVersion)) {
          this.seedOne(seed);
        }
      }
    });
  }

  private seedOne(seed: ClusterSeed): void {
    const hooks: SeedHooks = {
      applyManifest: (scope, text, instant) => this.helm.applyManifest(scope, text, instant),
      settleScope:   (scope) => {
        this.ds.reconcile(scope, true);
        this.leases.reconcile(scope, true);
      },
    };

    seedCluster(this.ctx, seed, hooks);
  }

  private quietly(fn: () => void): void {
    this.quiet++;
    try {
      fn();
    } finally {
      this.quiet--;
    }
  }

  private dispatch(e: StoreEvent): void {
    if (this.quiet) {
      return;
    }
    for (const c of this.controllers) {
      c.onEvent(e);
    }
  }

  private resync(): void {
    for (const c of this.controllers) {
      c.resyncAll?.();
    }
  }
}

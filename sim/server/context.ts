/**
 * Everything one running simulator holds besides the world: sessions, preferences, server-side faults,
 * the request log and the options it was started with.
 */
import type { Store } from '../store';
import { Sessions } from './users';
import { defaultPreferences } from './settings';
import type { WorldPort } from './types';

export interface ServerOptions {
  rancher: '2.11' | '2.13';
  /** Directory of a prebuilt dashboard (dist-devbuild) served on the same origin. */
  staticDir?: string;
  /** Directory of `build-pkg` output (`<name>-<version>/…`) served as UI extensions. */
  uipluginsDir?: string;
  /** A Helm chart repository folder (scripts/package-chart.ts output) served at `/__sim/charts/`. */
  chartRepoDir?: string;
  /** Steve websocket ping interval (Steve: 30 s). */
  stevePingMs: number;
  /** Norman websocket ping interval (Norman: 5 s). */
  normanPingMs: number;
}

export interface ConflictFault {
  scope: string;
  type: string;
  id: string;
  count: number;
  /** What "another admin" changes beside the annotation (an RFC 7386 merge patch), e.g. a field a step owns. */
  mergePatch?: Record<string, unknown>;
  /** PUTs of the object to let through before the fault fires (e.g. the etcd snapshot request before a step's write). */
  skip?: number;
}
export interface StatusFault { pathPrefix: string; status: number; count: number }

export interface ServerFaults {
  conflictNext: ConflictFault[];
  status5xx: StatusFault[];
  latencyMs: number;
}

export interface LoggedRequest {
  seq: number;
  time: string;
  method: string;
  url: string;
  status: number;
  user?: string;
  body?: unknown;
}

/** A ClusterRepo's downloaded index (Rancher keeps it in a ConfigMap, rancher/rancher pkg/controllers/dashboard/helm/repo.go). */
export interface RepoIndex {
  url: string;
  index: { apiVersion: string; entries: Record<string, any[]>; generated?: string };
}

export class SimContext {
  readonly sessions = new Sessions();
  /** Downloaded indexes of the local cluster's ClusterRepos, by repo name. */
  readonly repoIndexes = new Map<string, RepoIndex>();
  /** Rancher's UI plugin file cache: plugin name → files by `<version>/<path>` (pkg/controllers/dashboard/plugin/fscache.go). */
  readonly pluginCache = new Map<string, Map<string, Buffer>>();
  readonly prefs = new Map<string, Record<string, string>>();
  readonly faults: ServerFaults = { conflictNext: [], status5xx: [], latencyMs: 0 };
  readonly requests: LoggedRequest[] = [];
  /** Setting values changed through the API (name → value). */
  readonly settingValues = new Map<string, string>();
  private seq = 0;
  /** Closes every open websocket (set by the websocket module). */
  dropSockets: () => void = () => undefined;

  constructor(public readonly world: WorldPort, public readonly opts: ServerOptions) {}

  get store(): Store {
    return this.world.store;
  }

  preferencesOf(userId: string): Record<string, string> {
    let p = this.prefs.get(userId);

    if (!p) {
      p = defaultPreferences(this.world.serverVersion);
      this.prefs.set(userId, p);
    }

    return p;
  }

  logRequest(entry: Omit<LoggedRequest, 'seq' | 'time'>): void {
    this.requests.push({ seq: ++this.seq, time: new Date().toISOString(), ...entry });
    if (this.requests.length > 5000) {
      this.requests.splice(0, this.requests.length - 5000);
    }
  }

  clearFaults(): void {
    this.faults.conflictNext = [];
    this.faults.status5xx = [];
    this.faults.latencyMs = 0;
    this.world.faults.daemonSetNeverReady.clear();
    this.world.faults.nodeNeverProviderId.clear();
    this.world.faults.ccmImagePullBackOff.clear();
  }
}

/**
 * The contracts the HTTP server works with: the world it serves (implemented by sim/world, see
 * sim/world/README.md) and the request/reply shapes of the small router.
 */
import type { IncomingHttpHeaders } from 'http';
import type { Store } from '../store';

/** What the server needs from sim/world's `World` (structural, so a test can pass a tiny world). */
export interface WorldPort {
  readonly store: Store;
  readonly faults: { daemonSetNeverReady: Set<string>; nodeNeverProviderId: Set<string>; ccmImagePullBackOff: Set<string> };
  readonly serverVersion: string;
  start(): void;
  stop(): void;
  reset(): void;
  setSpeed(factor: number): void;
  settle(timeoutMs?: number): Promise<void>;
  addBigCluster?(name: string, nodes: number): void;
  addManyClusters?(count: number): void;
  addFleetClusters?(count: number): void;
}

export interface SimUser {
  id: string;
  username: string;
  password: string;
  displayName: string;
  uuid: string;
  /** Read-only users may GET and watch; every write is a 403. */
  readOnly: boolean;
}

export interface SimRequest {
  method: string;
  url: URL;
  /** Decoded path without a trailing slash. */
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** `proto://host` the client used (x-forwarded-proto + x-api-host, else Host), for links. */
  base: string;
  user?: SimUser;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
  /** Raw bytes instead of JSON. */
  raw?: Buffer | string;
  contentType?: string;
  /**
   * Who wrote the reply, for its compression (docs/rancher-behaviour.md#compression): `steve` gzips every reply a
   * client accepts gzip for, `k8s` (the apiserver) only bodies over 128 KiB; unset (Norman, Rancher's own handlers,
   * the control API) is never compressed.
   */
  writer?: 'steve' | 'k8s';
}

/** An API error; `style` picks Steve/Norman JSON or a Kubernetes Status. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly style: 'rancher' | 'k8s' = 'rancher',
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

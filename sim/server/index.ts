/**
 * `startSimulator`: a simulated Rancher on loopback (HTTP + websockets) over a world.
 */
import type { AddressInfo } from 'net';
import { Store } from '../store';
import { World } from '../world/index';
import { ServerOptions, SimContext } from './context';
import { watchClusterRepos } from './chart-repos';
import { createHttpServer } from './http-server';
import type { WorldPort } from './types';
import { seedUiPlugins, watchUiPlugins } from './uiplugins';
import { attachWebsockets } from './websocket';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  rancher?: '2.11' | '2.13';
  speed?: number;
  seed?: 'demo' | 'empty';
  staticDir?: string;
  uipluginsDir?: string;
  /** A Helm chart repository folder served at `/__sim/charts/` (e.g. scripts/package-chart.ts output). */
  chartRepoDir?: string;
  stevePingMs?: number;
  normanPingMs?: number;
  /** Build the world over the store (default: sim/world's World). Server tests pass a small one (__tests__/tiny-world.ts). */
  world?: (store: Store, opts: { rancherVersion: '2.11' | '2.13'; speed: number; seed: 'demo' | 'empty' }) => WorldPort;
}

export interface Simulator {
  url: string;
  port: number;
  world: WorldPort;
  store: Store;
  close(): Promise<void>;
}

function defaultWorld(store: Store, opts: { rancherVersion: '2.11' | '2.13'; speed: number; seed: 'demo' | 'empty' }): WorldPort {
  return new World(store, opts);
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const rancher = opts.rancher || '2.13';
  const store = new Store();
  const wopts = { rancherVersion: rancher, speed: opts.speed || 1, seed: opts.seed || 'demo' } as const;
  const world = opts.world ? opts.world(store, wopts) : defaultWorld(store, wopts);
  const serverOpts: ServerOptions = {
    rancher, staticDir: opts.staticDir, uipluginsDir: opts.uipluginsDir, chartRepoDir: opts.chartRepoDir, stevePingMs: opts.stevePingMs || 30000, normanPingMs: opts.normanPingMs || 5000
  };
  const ctx = new SimContext(world, serverOpts);
  const server = createHttpServer(ctx);
  const sockets = attachWebsockets(server, ctx);
  const unwatch = [watchClusterRepos(ctx), watchUiPlugins(ctx)];

  seedUiPlugins(ctx);
  world.start();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 18989, opts.host || '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host || '127.0.0.1';

  return {
    url: `http://${ host.includes(':') ? `[${ host }]` : host }:${ port }`,
    port,
    world,
    store,
    close: async () => {
      world.stop();
      unwatch.forEach((u) => u());
      sockets.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type { WorldPort } from './types';

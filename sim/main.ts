/**
 * Command line: `tsx sim/main.ts [--port 18989] [--host 127.0.0.1] [--rancher 2.13|2.11] [--speed 1]
 * [--static DIR] [--uiplugins DIR] [--chart-repo DIR] [--seed demo|empty] [--big-cluster NODES] [--many-clusters COUNT] [--world demo|fleet1000]`
 * starts the simulated Rancher on loopback. `--world fleet1000` (or SIM_WORLD=fleet1000) adds 1,000 clusters in every
 * migration state to the demo clusters (seed/generators.ts fleetClusters), for the fleet view.
 */
import { resolve } from 'path';
import { startSimulator, SimulatorOptions } from './server/index';

interface MainOptions extends SimulatorOptions {
  /** Adds an RKE2 cluster `big-rke2` with this many nodes. */
  bigCluster?: number;
  /** Adds this many generated clusters (benchmarks). */
  manyClusters?: number;
  /** `--world`: `fleet1000` adds 1,000 clusters in every migration state (fleet view). */
  worldName?: 'demo' | 'fleet1000';
}

/** The clusters each world adds to the seeded ones. */
const FLEET_WORLDS = { demo: 0, fleet1000: 1000 } as const;

function worldName(v: string): 'demo' | 'fleet1000' {
  if (v !== 'demo' && v !== 'fleet1000') {
    throw new Error(`--world must be demo or fleet1000, not ${ v }`);
  }

  return v;
}

const USAGE = 'tsx sim/main.ts [--port 18989] [--host 127.0.0.1] [--rancher 2.13|2.11] [--speed 1] [--static DIR] [--uiplugins DIR] [--chart-repo DIR] [--seed demo|empty] [--big-cluster NODES] [--many-clusters COUNT] [--world demo|fleet1000]\n' +
  'SIM_WORLD=fleet1000 is --world fleet1000.\n';

function count(flag: string, v: string): number {
  const n = Number(v);

  if (!Number.isInteger(n) || n < 1 || n > 20000) {
    throw new Error(`${ flag } takes a whole number from 1 to 20000, not ${ v }`);
  }

  return n;
}

function parseArgs(argv: string[]): MainOptions {
  const opts: MainOptions = { worldName: process.env.SIM_WORLD ? worldName(process.env.SIM_WORLD) : undefined };

  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);

    switch (flag) {
      case '--port': opts.port = Number(value()); break;
      case '--host': opts.host = value(); break;
      case '--rancher': {
        const v = value();

        if (v !== '2.11' && v !== '2.13') {
          throw new Error(`--rancher must be 2.11 or 2.13, not ${ v }`);
        }
        opts.rancher = v;
        break;
      }
      case '--speed': opts.speed = Number(value()); break;
      case '--static': opts.staticDir = resolve(value()); break;
      case '--uiplugins': opts.uipluginsDir = resolve(value()); break;
      case '--chart-repo': opts.chartRepoDir = resolve(value()); break;
      case '--seed': opts.seed = value() === 'empty' ? 'empty' : 'demo'; break;
      case '--big-cluster': opts.bigCluster = count(flag, value()); break;
      case '--many-clusters': opts.manyClusters = count(flag, value()); break;
      case '--world': opts.worldName = worldName(value()); break;
      case '--help':
        process.stdout.write(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${ argv[i] }`);
    }
  }

  return opts;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const sim = await startSimulator(opts);

  if (opts.bigCluster) {
    sim.world.addBigCluster?.('big-rke2', opts.bigCluster);
  }
  if (opts.manyClusters) {
    sim.world.addManyClusters?.(opts.manyClusters);
  }
  if (opts.worldName && FLEET_WORLDS[opts.worldName]) {
    sim.world.addFleetClusters?.(FLEET_WORLDS[opts.worldName]);
  }

  process.stdout.write([
    `Simulated Rancher ${ sim.world.serverVersion } listening on ${ sim.url }`,
    opts.staticDir ? `  dashboard:  ${ sim.url }/  (from ${ opts.staticDir })` : '  dashboard:  not served (pass --static DIR)',
    ...(opts.chartRepoDir ? [`  charts:     ${ sim.url }/__sim/charts  (from ${ opts.chartRepoDir }; add it as a repository)`] : []),
    '  logins:     admin / password1234 (admin), readonly / password1234 (read-only)',
    `  control:    ${ sim.url }/__sim/health`,
    '',
  ].join('\n'));
  const stop = () => {
    sim.close().then(() => process.exit(0), () => process.exit(1));
  };

  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`sim: ${ e instanceof Error ? e.message : String(e) }\n`);
  process.exit(1);
});

/**
 * What a whole migration costs the cluster, counted in the simulator: each case carries out a plan from start to
 * end with the product's step runner (tests/e2e/flowDriver.ts) against a fresh simulated Rancher, then counts
 *  - cluster updates: successful writes of the cluster object (Steve PUT of the provisioning cluster, Norman PUT
 *    of the RKE1 cluster), beside the updates the tab's header announced before the first step (engine
 *    migrationCost);
 *  - node restarts: how many times the simulated nodes restarted their components (each node counts its own,
 *    sim/world/nodeAgent.ts), beside the restarts the header's cost implies (each step's restart scope times the
 *    nodes it covers).
 * The counts do not depend on the machine; the seconds do (simulated time runs at SPEED times real time).
 */
import type { Figure } from './figures';
import {
  clusterTopology, controlPlaneNodes, migrationCost, type MigrationPlan, type NodeLike, type Topology,
} from '../pkg/cloud-provider-migration/engine';
import { apiLogin, startSim, type Sim } from '../tests/e2e/harness';
import { FlowDriver, type FlowTarget } from '../tests/e2e/flowDriver';

const SPEED = 200;
const RESTARTS = 'sim.cattle.io/restarts';

interface CostCase {
  label: string;
  rancher: '2.13' | '2.11';
  target: FlowTarget;
}

const CASES: CostCase[] = [
  {
    label: 'RKE2 prod-rke2 (3 servers, 3 workers), leader migration', rancher: '2.13',
    target: {
      name: 'prod-rke2', clusterId: 'c-m-prod0001', distro: 'rke2', options: { strategy: 'leader-migration' }
    },
  },
  {
    label: 'RKE2 prod-rke2, leader migration and upgrade to 1.27', rancher: '2.13',
    target: {
      name: 'prod-rke2', clusterId: 'c-m-prod0001', distro: 'rke2', options: { strategy: 'leader-migration', targetVersion: 'v1.27.16+rke2r1' }
    },
  },
  {
    label: 'RKE2 prod-rke2, with downtime', rancher: '2.13',
    target: {
      name: 'prod-rke2', clusterId: 'c-m-prod0001', distro: 'rke2', options: { strategy: 'downtime' }
    },
  },
  {
    label: 'RKE1 c-rke1a, leader migration', rancher: '2.11',
    target: {
      name: 'c-rke1a', clusterId: 'c-rke1a', distro: 'rke1', options: { strategy: 'leader-migration' }
    },
  },
  {
    label: 'RKE1 c-rke1a, with downtime', rancher: '2.11',
    target: {
      name: 'c-rke1a', clusterId: 'c-rke1a', distro: 'rke1', options: { strategy: 'downtime' }
    },
  },
];

async function restartCounts(driver: FlowDriver): Promise<Map<string, number>> {
  const nodes = await driver.downstreamList('nodes');

  return new Map(nodes.map((n) => [n.metadata.name, Number(n.metadata.annotations?.[RESTARTS] || 0)]));
}

/** The restarts the header's cost implies: a control-plane step restarts every control-plane node, 'all' every node. */
function predictedRestarts(plan: MigrationPlan, obj: Record<string, any>, topology: Topology | undefined): { updates: number; restarts: number | undefined } {
  const cost = migrationCost(plan, obj, topology);
  const restarts = topology ? cost.steps.reduce((n, s) => n + (s.restarts === 'all' ? topology.total : s.restarts === 'control-plane' ? topology.controlPlane : 0), 0) : undefined;

  return { updates: cost.updates, restarts };
}

function clusterWrites(requests: string[], target: FlowTarget): number {
  const steve = `PUT /v1/provisioning.cattle.io.clusters/fleet-default/${ target.name } 200`;
  const norman = `PUT /v3/clusters/${ target.clusterId } 200`;

  return requests.filter((r) => r === steve || r === norman).length;
}

async function runCase(c: CostCase): Promise<Figure[]> {
  let sim: Sim | undefined;

  try {
    sim = await startSim({ rancher: c.rancher, speed: SPEED });
    const driver = new FlowDriver(sim, await apiLogin(sim), c.target);
    const nodes = await driver.nodes() as NodeLike[];
    const obj = await driver.readCluster();
    const plan = await driver.plan(obj);
    const topology = clusterTopology(obj, plan.detection, nodes);
    const predicted = predictedRestarts(plan, obj, topology);
    const before = await restartCounts(driver);
    const started = Date.now();

    await driver.runPlan();
    const seconds = (Date.now() - started) / 1000;
    const after = await restartCounts(driver);
    const cps = new Set(controlPlaneNodes(nodes, c.target.distro).map((n) => n.metadata.name));
    let cpRestarts = 0;
    let workerRestarts = 0;

    after.forEach((count, name) => {
      const delta = count - (before.get(name) ?? 0);

      if (cps.has(name)) {
        cpRestarts += delta;
      } else {
        workerRestarts += delta;
      }
    });
    const writes = clusterWrites(driver.requests, c.target);
    const optionalWrites = plan.steps.filter((s) => s.optional && s.action === 'update-cluster').length;

    return [
      {
        what:   `${ c.label }: cluster updates`,
        figure: `${ writes }`,
        target: `${ predicted.updates } announced (+${ optionalWrites } optional)`,
        met:    writes === predicted.updates + optionalWrites,
        note:   `${ plan.steps.length } steps, ${ seconds.toFixed(0) } s at ${ SPEED }x simulated time`,
      },
      {
        what:   `${ c.label }: node restarts`,
        figure: `${ cpRestarts + workerRestarts } (${ cpRestarts } control plane, ${ workerRestarts } worker)`,
        target: predicted.restarts === undefined ? '-' : `${ predicted.restarts } announced`,
        met:    predicted.restarts === undefined ? undefined : predicted.restarts === cpRestarts + workerRestarts,
        note:   `${ nodes.length } nodes`,
      },
    ];
  } finally {
    await sim?.stop();
  }
}

/** Cluster updates and node restarts per migration, for each strategy and distro. */
export async function migrationCostFigures(log: (line: string) => void = () => undefined): Promise<Figure[]> {
  const figures: Figure[] = [];

  for (const c of CASES) {
    log(`migration cost: ${ c.label }`);
    figures.push(...await runCase(c));
  }

  return figures;
}

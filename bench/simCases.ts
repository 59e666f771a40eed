/**
 * Simulator benchmarks: generating big worlds (sim/world generators over sim/store), then serving them over
 * HTTP in-process (loopback, port 0): paging 5,000 nodes through the downstream Steve proxy and listing 1,000
 * provisioning clusters. Request counts are bounded by the run counts below.
 */
import { Store } from '../sim/store';
import { World } from '../sim/world/index';
import { startSimulator, Simulator } from '../sim/server/index';
import { CaseResult, expectThat, measure } from './measure';

const BIG_NODES = 5000;
const MANY_CLUSTERS = 1000;
const PAGE = 500;

function emptyWorld(): World {
  return new World(new Store(), { rancherVersion: '2.13', seed: 'empty' });
}

function provisioningClusters(store: Store): any[] {
  return store.list('local', 'provisioning.cattle.io.cluster', 'fleet-default');
}

/** Management cluster id of the provisioning cluster `name` (the downstream scope of its nodes). */
function downstreamId(store: Store, name: string): string {
  const prov = provisioningClusters(store).find((p) => p.metadata.name === name);

  expectThat(!!prov?.status?.clusterName, `no provisioning cluster ${ name }`);

  return prov.status.clusterName;
}

async function generationCases(): Promise<CaseResult[]> {
  const stop = (world: World) => world.stop();

  return [
    await measure({
      name:     'World.addBigCluster',
      n:        `${ BIG_NODES } nodes`,
      runs:     3,
      budgetMs: 20000,
      prepare:  emptyWorld,
      run:      (world) => {
        world.addBigCluster('big', BIG_NODES);

        return world;
      },
      verify:  (world) => expectThat(world.store.list(downstreamId(world.store, 'big'), 'node').length === BIG_NODES, 'big cluster has the wrong node count'),
      cleanup: stop,
    }),
    await measure({
      name:     'World.addManyClusters',
      n:        `${ MANY_CLUSTERS } clusters`,
      runs:     3,
      budgetMs: 20000,
      prepare:  emptyWorld,
      run:      (world) => {
        world.addManyClusters(MANY_CLUSTERS);

        return world;
      },
      verify:  (world) => expectThat(provisioningClusters(world.store).length >= MANY_CLUSTERS, 'fewer provisioning clusters than asked'),
      cleanup: stop,
    }),
  ];
}

async function login(sim: Simulator): Promise<string> {
  const res = await fetch(`${ sim.url }/v1-public/login`, {
    method:  'POST',
    headers: { 'content-type': 'application/json' },
    body:    JSON.stringify({
      type: 'localProvider', responseType: 'cookie', username: 'admin', password: 'password1234'
    }),
  });

  expectThat(res.status === 200, `login answered ${ res.status }`);

  return (res.headers.get('set-cookie') || '').split(';')[0];
}

async function getJson(sim: Simulator, cookie: string, path: string): Promise<any> {
  const res = await fetch(`${ sim.url }${ path }`, { headers: { cookie, accept: 'application/json' } });

  expectThat(res.status === 200, `GET ${ path } answered ${ res.status }`);

  return res.json();
}

/** Follows `pagination.next` from the first page; returns the ids seen and the request count. */
async function pageAllNodes(sim: Simulator, cookie: string, clusterId: string): Promise<{ ids: string[]; requests: number }> {
  const ids: string[] = [];
  let next: string | undefined = `/k8s/clusters/${ clusterId }/v1/nodes?limit=${ PAGE }`;
  let requests = 0;

  while (next) {
    expectThat(requests < BIG_NODES / PAGE + 2, 'paging did not end');
    const body = await getJson(sim, cookie, next);

    requests++;
    ids.push(...body.data.map((n: any) => n.id));
    next = body.pagination?.next ? (({ pathname, search }) => pathname + search)(new URL(body.pagination.next)) : undefined;
  }

  return { ids, requests };
}

async function httpCases(): Promise<CaseResult[]> {
  const sim = await startSimulator({
    port: 0, host: '127.0.0.1', rancher: '2.13', seed: 'empty', speed: 50
  });

  try {
    sim.world.addBigCluster!('big', BIG_NODES);
    sim.world.addManyClusters!(MANY_CLUSTERS);
    await sim.world.settle(60000);
    const cookie = await login(sim);
    const clusterId = downstreamId(sim.store, 'big');
    const total = sim.store.list('local', 'provisioning.cattle.io.cluster').length;

    return [
      await measure({
        name:     `GET /k8s/clusters/<id>/v1/nodes?limit=${ PAGE }, every page`,
        n:        `${ BIG_NODES } nodes, ${ BIG_NODES / PAGE } requests`,
        runs:     5,
        warmup:   1,
        budgetMs: 30000,
        run:      () => pageAllNodes(sim, cookie, clusterId),
        verify:   ({ ids, requests }) => expectThat(new Set(ids).size === BIG_NODES && requests === BIG_NODES / PAGE, `paging saw ${ new Set(ids).size } nodes in ${ requests } requests`),
      }),
      await measure({
        name:     'GET /v1/provisioning.cattle.io.clusters',
        n:        `${ total } clusters`,
        runs:     5,
        warmup:   1,
        budgetMs: 30000,
        run:      () => getJson(sim, cookie, '/v1/provisioning.cattle.io.clusters'),
        verify:   (body) => expectThat(body.data?.length === total, `listed ${ body.data?.length } of ${ total } clusters`),
      }),
    ];
  } finally {
    await sim.close();
  }
}

export async function simCases(): Promise<CaseResult[]> {
  return [...await generationCases(), ...await httpCases()];
}

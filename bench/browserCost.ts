/**
 * What the extension costs in the browser, on the production dashboard with the extension loaded as a package
 * (scripts/build-production: dist-prod/ and dist-pkg/), against the simulator:
 *  - the fleet page on the 1,000-cluster world: time from the side-nav click to its first page of rows, and the
 *    requests it made (a constant number, none for one cluster);
 *  - a tab waiting on a step (the CCM rollout of prod-rke2, held by an image that cannot be pulled): the requests
 *    per minute it makes while it waits, and after the admin leaves the cluster's page, with the sockets it keeps.
 * Times depend on the machine; counts do not.
 */
import { join } from 'path';
import type { Figure } from './figures';
import {
  apiLogin, loggedRequests, login, openBrowser, openMigrationTab, ROOT, startSim, type BrowserSession, type LoggedRequest, type Sim,
} from '../tests/e2e/harness';
import {
  CLUSTER_LIST, FLEET_PAGE, FLEET_PER_PAGE, FLEET_ROWS, GENERATED,
} from '../tests/e2e/fleetPage';
import { runNext, STEP_TIMEOUT } from '../tests/e2e/tabPage';

export const PRODUCTION = { staticDir: join(ROOT, 'dist-prod'), uiplugins: join(ROOT, 'dist-pkg') };

const QUIET_MS = 60000;

async function lastSeq(sim: Sim): Promise<number> {
  return Math.max(0, ...(await loggedRequests(sim)).map((r) => r.seq));
}

async function withDashboard<T>(opts: { rancher: '2.13' | '2.11'; world?: 'fleet1000'; speed?: number }, fn: (sim: Sim, session: BrowserSession) => Promise<T>): Promise<T> {
  let sim: Sim | undefined;
  let session: BrowserSession | undefined;

  try {
    sim = await startSim({ ...opts, ...PRODUCTION });
    session = await openBrowser();
    await login(session.page, sim.url);

    return await fn(sim, session);
  } finally {
    await session?.close();
    await sim?.stop();
  }
}

/** The fleet page on 1,000 clusters: render time from the side-nav click, requests, requests for one cluster. */
export function fleetFigures(): Promise<Figure[]> {
  return withDashboard({ rancher: '2.11', world: 'fleet1000' }, async (sim, session) => {
    const page = session.page;

    await page.goto(`${ sim.url }/c/_/manager/cloudCredential`);
    const entry = page.locator(`nav a[href$="${ FLEET_PAGE }"]`).first();

    await entry.waitFor({ timeout: 120000 });
    await page.waitForTimeout(3000);
    const from = await lastSeq(sim);
    const started = Date.now();

    await entry.click();
    await page.locator(FLEET_ROWS).nth(FLEET_PER_PAGE - 1).waitFor({ timeout: 120000 });
    const renderMs = Date.now() - started;

    await page.waitForTimeout(3000);
    const requests = (await loggedRequests(sim)).filter((r) => r.seq > from);
    const perCluster = requests.filter((r) => GENERATED.test(r.url));
    const clusters = (await sim.api('/v1/provisioning.cattle.io.clusters', { cookie: await apiLogin(sim) })).json.data.length;

    if (clusters < 1000) {
      throw new Error(`the fleet world has ${ clusters } clusters`);
    }

    return [
      {
        what: `fleet page, ${ clusters } clusters: first ${ FLEET_PER_PAGE } rows after the click`, figure: `${ (renderMs / 1000).toFixed(2) } s`, target: '≤ 2 s', met: renderMs <= 2000,
      },
      {
        what:   'fleet page: requests meanwhile',
        figure: `${ requests.length }`,
        target: 'constant',
        met:    perCluster.length === 0,
        note:   `${ perCluster.length } for one cluster; ${ [...new Set(requests.map((r) => `${ r.method } ${ r.url.split('?')[0] }`))].join(', ') }`,
      },
    ];
  });
}

/** Downstream sockets of the cluster still open, from the page's websocket log (open/close lines). */
function openSockets(session: BrowserSession, clusterId: string): number {
  let open = 0;

  for (const line of session.frames) {
    const [, what, where] = line.split(' ');

    if (where?.startsWith(`/k8s/clusters/${ clusterId }/`)) {
      open += what === 'open' ? 1 : what === 'close' ? -1 : 0;
    }
  }

  return open;
}

/**
 * prod-rke2's tab at the CCM rollout wait (the image cannot be pulled, so the wait lasts): the extension's requests
 * over a quiet minute while it waits, then over a minute after the admin went to the cluster list.
 */
export function waitingFigures(): Promise<Figure[]> {
  const clusterId = 'c-m-prod0001';
  const ours = (r: LoggedRequest) => r.status !== 101 && (r.url.startsWith(`/k8s/clusters/${ clusterId }/`) || r.url.includes('cloud-provider-migration'));

  return withDashboard({ rancher: '2.13', speed: 50 }, async (sim, session) => {
    const page = session.page;

    await openMigrationTab(page, sim.url, 'prod-rke2');
    await sim.control('faults', { ccmImagePullBackOff: clusterId });
    for (const step of ['enable-leader-migration', 'deploy-ccm']) {
      const outcome = await runNext(page, step);

      if (outcome !== 'done') {
        throw new Error(`${ step } ended ${ outcome }`);
      }
    }
    await page.locator('[data-testid="cpm-next"][data-step="wait-ccm-rollout"]').waitFor({ timeout: STEP_TIMEOUT });
    await page.waitForTimeout(5000);
    let from = await lastSeq(sim);

    await page.waitForTimeout(QUIET_MS);
    const waiting = (await loggedRequests(sim)).filter((r) => r.seq > from);
    const socketsWhileWaiting = openSockets(session, clusterId);

    // Leave the way an admin does, inside the dashboard (a new page load would close everything by itself).
    await page.locator(`nav a[href$="${ CLUSTER_LIST }"]`).first().click();
    await page.locator('[data-testid="cluster-list"]').first().waitFor({ timeout: 60000 });
    from = await lastSeq(sim);
    await page.waitForTimeout(QUIET_MS);
    const after = (await loggedRequests(sim)).filter((r) => r.seq > from);

    return [
      {
        what:   'tab waiting on the CCM rollout: its requests per minute',
        figure: `${ waiting.filter(ours).length }`,
        target: '-',
        note:   `${ socketsWhileWaiting } downstream socket(s) open; all requests that minute: ${ waiting.filter((r) => r.status !== 101).length }`,
      },
      {
        what:   'after leaving the cluster page: its requests per minute',
        figure: `${ after.filter(ours).length }`,
        target: '0',
        met:    after.filter(ours).length === 0,
        note:   `${ openSockets(session, clusterId) } downstream socket(s) still open; left through the side nav`,
      },
    ];
  });
}

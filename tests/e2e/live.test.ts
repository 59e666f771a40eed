/**
 * Live updates: another admin applies a step with kubectl while the tab is open. The dashboard receives the
 * change over Steve's websocket, and the tab re-plans and re-reads the downstream cluster without a reload; changes
 * of the downstream cluster reach it over its own socket to that cluster.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeLiveState, loggedRequests, openMigrationTab, screenshot, useDashboard,
} from './harness';
import { FlowDriver } from './flowDriver';
import { readTab } from './tabPage';

describe('the tab follows changes made elsewhere', () => {
  const d = useDashboard({ before, after }, { rancher: '2.13' });

  it('marks the first step done when another admin applies it, then the wait once Rancher has rolled it out', async () => {
    const { sim, session } = d;
    const driver = new FlowDriver(sim, d.cookie, {
      name: 'prod-rke2', clusterId: 'c-m-prod0001', distro: 'rke2', options: {}
    });

    await openMigrationTab(session.page, sim.url, 'prod-rke2');
    let tab = await readTab(session.page);

    assert.equal(tab.status, 'in-tree');
    assert.equal(tab.steps.find((s) => s.id === 'enable-leader-migration')?.done, false);

    // Any list load of clusters (the side nav, the cluster list in another view) replaces the store's instances
    // with new ones; websocket changes then update those, not the copy the detail page was opened with. Which
    // load lands last is a race in the real dashboard; force the harder order so the test always covers it.
    const replaced = await session.page.evaluate(async () => {
      const root = document.querySelector('#app') as any;
      const store = root.__vue_app__.config.globalProperties.$store;
      const type = 'provisioning.cattle.io.cluster';
      const before = store.getters['management/byId'](type, 'fleet-default/prod-rke2');

      await store.dispatch('management/findAll', { type, opt: { force: true } });

      return before !== store.getters['management/byId'](type, 'fleet-default/prod-rke2');
    });

    assert.equal(replaced, true, 'a forced list load gives the store a new instance of the cluster');

    // Another admin writes step 1 (a Steve PUT with the fresh resourceVersion), outside this browser.
    const result = await driver.updateCluster('enable-leader-migration');

    assert.equal(result.outcome, 'applied');
    const page = session.page;

    try {
      await page.locator('[data-testid="cpm-step-enable-leader-migration"][data-done="true"]').waitFor({ timeout: 30000 });
    } catch (e) {
      console.log(`PUT answered resourceVersion ${ result.object?.metadata?.resourceVersion }`);
      console.log(await describeLiveState(session, 'provisioning.cattle.io.cluster', 'fleet-default/prod-rke2'));
      await screenshot(page, 'live-prod-rke2-step1-missed');
      throw e;
    }
    await page.locator('[data-testid="cpm-status"][data-status="migrating"]').waitFor({ timeout: 30000 });
    await driver.waitCluster();
    await page.locator('[data-testid="cpm-step-wait-leader-migration"][data-done="true"]').waitFor({ timeout: 60000 });
    tab = await readTab(page);
    await screenshot(page, 'live-prod-rke2-step1-applied');
    assert.equal(tab.steps.find((s) => s.id === 'deploy-ccm')?.done, false, 'the next step is still to do');

    // A cordon of the control-plane nodes changes only the downstream nodes, not the cluster object the page is
    // subscribed to: the tab sees it by re-reading the live cluster while a live step is open.
    const cordonCheck = page.locator('[data-testid="cpm-step-cordon-control-plane-check"]');

    assert.notEqual(await cordonCheck.getAttribute('data-state'), 'done');
    await driver.cordon(true);
    await page.locator('[data-testid="cpm-step-cordon-control-plane-check"][data-state="done"]').waitFor({ state: 'attached', timeout: 30000 });
    await screenshot(page, 'live-prod-rke2-cordoned-elsewhere');

    // While a live step is open the tab keeps one socket to the downstream cluster and only polls as a safety net:
    // over a quiet minute it reads the cluster fewer times than the 10 s poll alone would (6).
    const logged = () => loggedRequests(sim);
    const from = Math.max(0, ...(await logged()).map((r) => r.seq));

    await page.waitForTimeout(60000);
    const all = await logged();
    const sockets = all.filter((r) => r.status === 101 && r.url.startsWith('/k8s/clusters/c-m-prod0001/v1/subscribe'));
    const reads = all.filter((r) => r.seq > from && r.method === 'GET' && r.url.startsWith('/k8s/clusters/c-m-prod0001/v1/coordination.k8s.io.leases')).length;

    console.log(`downstream socket opened ${ sockets.length } time(s); reads of the live cluster in a quiet minute: ${ reads } (the 10 s poll alone: 6)`);
    assert.ok(sockets.length >= 1, 'the tab opened a socket to the downstream cluster');
    assert.ok(reads < 6, `fewer reads than the 10 s poll would make: ${ reads }`);
    assert.deepEqual(session.pageErrors, []);
  });
});

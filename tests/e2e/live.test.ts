/**
 * Live updates: another admin applies a step with kubectl while the tab is open. The dashboard receives the
 * change over Steve's websocket, and the tab re-plans and re-reads the downstream cluster without a reload.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openMigrationTab, screenshot, useDashboard } from './harness';
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

    // Another admin writes step 1 (a Steve PUT with the fresh resourceVersion), outside this browser.
    const result = await driver.updateCluster('enable-leader-migration');

    assert.equal(result.outcome, 'applied');
    const page = session.page;

    await page.locator('[data-testid="cpm-step-enable-leader-migration"][data-done="true"]').waitFor({ timeout: 30000 });
    await page.locator('[data-testid="cpm-status"][data-status="migrating"]').waitFor({ timeout: 30000 });
    await driver.waitCluster();
    await page.locator('[data-testid="cpm-step-wait-leader-migration"][data-done="true"]').waitFor({ timeout: 60000 });
    tab = await readTab(page);
    await screenshot(page, 'live-prod-rke2-step1-applied');
    assert.equal(tab.steps.find((s) => s.id === 'deploy-ccm')?.done, false, 'the next step is still to do');
    assert.deepEqual(session.pageErrors, []);
  });
});

/**
 * Simulated Rancher 2.11: RKE1 and RKE2 clusters, and the legacy detail-tab location (the host has no
 * RESOURCE_DETAIL_PAGE). The RKE1 plan comes from the Norman cluster.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planMigration } from '../../pkg/cloud-provider-migration/engine';
import {
  apiLogin, BrowserSession, login, openBrowser, openMigrationTab, screenshot, Sim, startSim, USERS
} from './harness';
import { readTab } from './tabPage';

describe('migration tab on simulated Rancher 2.11', () => {
  let sim: Sim;
  let session: BrowserSession;
  let cookie: string;

  before(async () => {
    sim = await startSim({ rancher: '2.11', speed: 50 });
    cookie = await apiLogin(sim);
    session = await openBrowser();
    await login(session.page, sim.url, USERS.admin);
  });

  after(async () => {
    await session?.close();
    await sim?.stop();
  });

  it('plans the RKE1 cluster from its Norman object', async () => {
    const { status, json } = await sim.api('/v3/clusters/c-rke1a', { cookie });

    assert.equal(status, 200);
    const plan = planMigration(json);

    await openMigrationTab(session.page, sim.url, 'c-rke1a');
    const tab = await readTab(session.page);

    await screenshot(session.page, '2.11-c-rke1a');
    assert.deepEqual(tab.missingKeys, []);
    assert.equal(tab.distro, 'rke1');
    assert.equal(tab.status, plan.status);
    assert.deepEqual(tab.steps.map((s) => s.id), plan.steps.map((s) => s.id));
    assert.ok(tab.steps.some((s) => s.id === 'install-ccm'), 'RKE1 installs the CCM as a Helm app');
    assert.equal(await session.page.locator('[data-testid="btn-cloud-provider-migration"]').count(), 1, 'one tab, legacy location');
  });

  it('also serves RKE2 clusters on the legacy location', async () => {
    const { json } = await sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2', { cookie });
    const plan = planMigration(json);

    await openMigrationTab(session.page, sim.url, 'prod-rke2');
    const tab = await readTab(session.page);

    await screenshot(session.page, '2.11-prod-rke2');
    assert.deepEqual(tab.steps.map((s) => s.id), plan.steps.map((s) => s.id));
    assert.deepEqual(session.pageErrors, []);
  });
});

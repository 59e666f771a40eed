/**
 * Simulated Rancher 2.11: RKE1 and RKE2 clusters, and the legacy detail-tab location (the host has no
 * RESOURCE_DETAIL_PAGE). The RKE1 plan comes from the Norman cluster.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planMigration } from '../../pkg/cloud-provider-migration/engine';
import { openMigrationTab, screenshot, useDashboard } from './harness';
import { FlowDriver } from './flowDriver';
import { readTab } from './tabPage';

describe('migration tab on simulated Rancher 2.11', () => {
  const d = useDashboard({ before, after }, { rancher: '2.11' });

  it('plans the RKE1 cluster from its Norman object', async () => {
    const { status, json } = await d.sim.api('/v3/clusters/c-rke1a', { cookie: d.cookie });

    assert.equal(status, 200);
    // The tab reads the cluster's node pools (node-driver) to settle useInstanceMetadataHostname.
    const pools = await d.sim.api('/v3/nodePools?clusterId=c-rke1a', { cookie: d.cookie });
    const plan = planMigration(json, { rke1NodeProvisioning: pools.json.data.length ? 'node-driver' : 'custom' });

    await openMigrationTab(d.session.page, d.sim.url, 'c-rke1a');
    const tab = await readTab(d.session.page);

    await screenshot(d.session.page, '2.11-c-rke1a');
    assert.deepEqual(tab.missingKeys, []);
    assert.equal(tab.distro, 'rke1');
    assert.equal(tab.status, plan.status);
    assert.deepEqual(tab.steps.map((s) => s.id), plan.steps.map((s) => s.id));
    assert.ok(tab.steps.some((s) => s.id === 'install-ccm'), 'RKE1 installs the CCM as a Helm app');
    assert.ok(!plan.preflight.some((p) => p.id === 'choose-hostname'), 'a node-driver cluster needs no hostname choice');
    assert.equal(await d.session.page.locator('[data-testid="cpm-preflight-choose-hostname"]').count(), 0);
    assert.equal(await d.session.page.locator('[data-testid="btn-cloud-provider-migration"]').count(), 1, 'one tab, legacy location');
  });

  it('also serves RKE2 clusters on the legacy location', async () => {
    const { json } = await d.sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2', { cookie: d.cookie });
    const plan = planMigration(json);

    await openMigrationTab(d.session.page, d.sim.url, 'prod-rke2');
    const tab = await readTab(d.session.page);

    await screenshot(d.session.page, '2.11-prod-rke2');
    assert.deepEqual(tab.steps.map((s) => s.id), plan.steps.map((s) => s.id));
    assert.deepEqual(d.session.pageErrors, []);
  });

  it('follows an RKE1 edit another admin makes through Norman, without a reload', async () => {
    const driver = new FlowDriver(d.sim, d.cookie, {
      name: 'c-rke1a', clusterId: 'c-rke1a', distro: 'rke1', options: { strategy: 'leader-migration' }
    });
    const page = d.session.page;

    await openMigrationTab(page, d.sim.url, 'c-rke1a');
    const first = (await readTab(page)).steps.find((s) => s.action === 'update-cluster');

    assert.ok(first, 'the RKE1 plan edits the Norman cluster');
    assert.equal(first.done, false);

    // A Norman PUT of the cluster (what the UI's RKE1 edit page or the API does); the provisioning object the
    // tab sits on does not change, the management cluster does.
    const result = await driver.updateCluster(first.id as any);

    assert.equal(result.outcome, 'applied');
    await page.locator(`[data-testid="cpm-step-${ first.id }"][data-done="true"]`).waitFor({ timeout: 30000 });
    await page.locator('[data-testid="cpm-status"][data-status="migrating"]').waitFor({ timeout: 30000 });
    await screenshot(page, '2.11-c-rke1a-step1-applied');
    assert.deepEqual(d.session.pageErrors, []);
  });
});

/**
 * Simulated Rancher 2.11: RKE1 and RKE2 clusters, and the legacy detail-tab location (the host has no
 * RESOURCE_DETAIL_PAGE). The RKE1 plan comes from the Norman cluster.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planMigration } from '../../pkg/cloud-provider-migration/engine';
import { openMigrationTab, screenshot, useDashboard } from './harness';
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
});

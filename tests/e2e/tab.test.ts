/**
 * The migration tab in the real dashboard (prebuilt @rancher/shell 3.0.8 with the extension), against the
 * simulated Rancher 2.13 (RKE2 only, detail-page tab location). For every demo cluster the tab must show what the
 * engine plans for the object the API serves.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { planMigration, MigrationPlan } from '../../pkg/cloud-provider-migration/engine';
import {
  BrowserSession, loggedWrites, openMigrationTab, ROOT, screenshot, Sim, useDashboard, USERS
} from './harness';
import { readTab } from './tabPage';

const RKE2_WORLD = ['prod-rke2', 'edge-rke2', 'legacy-rke2', 'oot-rke2', 'plain-rke2', 'k3s-demo', 'imported-demo'];

/**
 * The engine's plan for a cluster from the object the tab plans: the provisioning cluster, or, for a cluster without
 * rkeConfig that is not RKE1 (imported, hosted), its management cluster, which says what the cluster is.
 */
async function engineView(sim: Sim, cookie: string, name: string): Promise<MigrationPlan> {
  const { status, json } = await sim.api(`/v1/provisioning.cattle.io.clusters/fleet-default/${ name }`, { cookie });

  assert.equal(status, 200, `GET ${ name } answered ${ status }`);
  if (!json.spec?.rkeConfig && json.status?.clusterName) {
    const mgmt = await sim.api(`/v1/management.cattle.io.clusters/${ json.status.clusterName }`, { cookie });

    if (mgmt.status === 200 && !mgmt.json.spec?.rancherKubernetesEngineConfig) {
      return planMigration(mgmt.json);
    }
  }

  return planMigration(json);
}

describe('migration tab on simulated Rancher 2.13', () => {
  const d = useDashboard({ before, after }, { rancher: '2.13' });
  let sim: Sim;
  let session: BrowserSession;
  let cookie: string;

  before(() => {
    ({ sim, session, cookie } = d);
    session.page.on('dialog', (dialog) => {
      session.pageErrors.push(`unexpected dialog: ${ dialog.message() }`);
      dialog.dismiss().catch(() => undefined);
    });
  });

  for (const name of RKE2_WORLD) {
    it(`shows the engine's plan for ${ name }`, async () => {
      const plan = await engineView(sim, cookie, name);

      await openMigrationTab(session.page, sim.url, name);
      const tab = await readTab(session.page);

      await screenshot(session.page, `2.13-${ name }`);
      assert.deepEqual(tab.missingKeys, [], `every string of ${ name } is translated`);
      assert.equal(tab.status, plan.status, `status of ${ name }`);
      assert.equal(tab.distro, plan.cluster.distro, `distro of ${ name }`);
      assert.equal(tab.view === 'not-applicable', plan.status === 'not-applicable', `${ name }: one line exactly when the migration does not apply`);
      if (tab.view === 'completion') {
        // A finished migration (every required step confirmed on the live cluster): its summary and the optional steps left.
        assert.equal(plan.status, 'migrated', `${ name }: only a migrated cluster is finished`);
        assert.ok(tab.steps.every((s) => plan.steps.find((p) => p.id === s.id)?.optional), `${ name }: only optional steps are left`);
      } else {
        assert.deepEqual(tab.steps.map((s) => s.id), plan.steps.map((s) => s.id), `steps of ${ name }`);
        plan.steps.forEach((step, i) => {
          if (!step.live) {
            assert.equal(tab.steps[i].done, step.done, `${ name }: ${ step.id } done`);
          }
        });
      }
      assert.deepEqual(session.pageErrors, [], 'no page errors');
    });
  }

  it('keeps HTML in a cluster description as text', async () => {
    await openMigrationTab(session.page, sim.url, 'prod-rke2');
    const tab = session.page.locator('[data-testid="cpm-tab"]');

    assert.equal(await tab.locator('script, b').count(), 0, 'no element rendered from cluster text');
    assert.deepEqual(session.pageErrors, [], 'no script ran');
  });

  it('renders the downtime path without a cordon step when the strategy changes', async () => {
    await openMigrationTab(session.page, sim.url, 'prod-rke2');
    await session.page.locator('[data-testid="cpm-strategy-downtime"]').click();
    const tab = await readTab(session.page);
    const { json } = await sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2', { cookie });
    const plan = planMigration(json, { strategy: 'downtime' });

    await screenshot(session.page, '2.13-prod-rke2-downtime');
    assert.deepEqual(tab.steps.map((s) => s.id), plan.steps.map((s) => s.id));
    assert.ok(!tab.steps.some((s) => s.id === 'cordon-control-plane'));
  });

  it('renders in Simplified Chinese from l10n/zh-hans.yaml when the user switches language', async () => {
    const zh = parse(readFileSync(path.join(ROOT, 'pkg/cloud-provider-migration/l10n/zh-hans.yaml'), 'utf8')).cloudProviderMigration;

    await openMigrationTab(session.page, sim.url, 'prod-rke2');
    // What the language menu does (shell store/i18n.js switchTo).
    await session.page.evaluate(() => (window as any).$globalApp.$store.dispatch('i18n/switchTo', 'zh-hans'));
    try {
      await session.page.locator('[data-testid="cpm-tab"] h3', { hasText: zh.ui.detected.title }).waitFor({ timeout: 30000 });
      const tab = await readTab(session.page);

      await screenshot(session.page, '2.13-prod-rke2-zh-hans');
      assert.deepEqual(tab.missingKeys, []);
      assert.ok((await session.page.locator('[data-testid="cpm-tab"]').innerText()).includes(zh.steps['enable-leader-migration'].title));
    } finally {
      await session.page.evaluate(() => (window as any).$globalApp.$store.dispatch('i18n/switchTo', 'en-us'));
    }
  });

  it('sent no write and reached nothing outside loopback', async () => {
    assert.deepEqual(await loggedWrites(sim), []);
    assert.deepEqual(session.blocked.filter((u) => !u.includes('updates.rancher.io')), []);
  });
});

describe('a read-only user on simulated Rancher 2.13', () => {
  const d = useDashboard({ before, after }, { rancher: '2.13', user: USERS.readonly });

  it('sees the plan and a banner that they cannot apply it', async () => {
    await openMigrationTab(d.session.page, d.sim.url, 'prod-rke2');
    await d.session.page.locator('[data-testid="cpm-readonly"]').waitFor();
    const tab = await readTab(d.session.page);

    await screenshot(d.session.page, '2.13-readonly-prod-rke2');
    assert.ok(tab.steps.length > 0);
  });
});

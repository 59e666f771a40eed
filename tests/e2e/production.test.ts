/**
 * The extension loaded the way Rancher loads it in production: the package `build-pkg` produces, announced by
 * the simulator's /v1/uiplugins (with the chart annotations Rancher reads), fetched by a production-mode
 * dashboard build that does not have the extension built in.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'path';
import { planMigration } from '../../pkg/cloud-provider-migration/engine';
import { openMigrationTab, ROOT, screenshot, useDashboard } from './harness';
import { readTab } from './tabPage';

describe('production-mode dashboard with the extension from /v1/uiplugins', () => {
  const d = useDashboard({ before, after }, { rancher: '2.13', staticDir: path.join(ROOT, 'dist-prod'), uiplugins: path.join(ROOT, 'dist-pkg') });

  it('announces the package with its Rancher annotations', async () => {
    const { json } = await d.sim.api('/v1/uiplugins', { cookie: d.cookie });
    const entry = json.entries['cloud-provider-migration'];

    assert.ok(entry, 'listed');
    assert.equal(entry.metadata['catalog.cattle.io/ui-extensions-version'], '>= 3.0.0 < 4.0.0');
  });

  it('loads the package and renders the tab on the cluster detail page', async () => {
    await openMigrationTab(d.session.page, d.sim.url, 'prod-rke2');
    const tab = await readTab(d.session.page);
    const { json } = await d.sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2', { cookie: d.cookie });
    const plan = planMigration(json);

    await screenshot(d.session.page, 'production-prod-rke2');
    assert.equal(tab.status, plan.status);
    assert.deepEqual(tab.steps.map((s) => s.id), plan.steps.map((s) => s.id));
    // The shell adds one <script data-purpose="extension"> per package it loads (core/extension-manager-impl.js).
    const loaded = await d.session.page.evaluate(() => ({
      scripts: [...document.querySelectorAll('script[data-purpose="extension"]')].map((e) => (e as HTMLScriptElement).src),
      umd:     typeof (window as any)['cloud-provider-migration-0.1.0']?.default,
    }));

    assert.deepEqual(loaded.scripts.map((u) => new URL(u).pathname),
      ['/v1/uiplugins/cloud-provider-migration/0.1.0/plugin/cloud-provider-migration-0.1.0.umd.min.js']);
    assert.equal(loaded.umd, 'function', 'the package registered itself as a UMD global');
    assert.deepEqual(d.session.pageErrors, []);
  });
});

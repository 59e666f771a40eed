/**
 * The extension installed the way an admin installs any Rancher extension: the chart repository that
 * scripts/package-chart.ts makes from the build-pkg output is served by the simulator (standing in for the
 * repository's host), added as a repository on the Repositories page (the Extensions page's "Manage
 * Repositories"; its "Add Rancher Repositories" offers only Rancher's own), the extension is installed from the
 * Extensions page by clicking, Rancher announces it at /v1/uiplugins, and after the reload the page offers the
 * production dashboard (dist-prod, built without the extension and started with no --uiplugins) loads it and
 * renders the tab on a cluster detail page.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { planMigration } from '../../pkg/cloud-provider-migration/engine';
import { packageChart } from '../../scripts/package-chart';
import { openMigrationTab, ROOT, screenshot, useDashboard } from './harness';
import { readTab } from './tabPage';
import { eventually } from '../eventually';

const NAME = 'cloud-provider-migration';
const PKG_DIR = path.join(ROOT, 'pkg', NAME);
const VERSION: string = JSON.parse(readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8')).version;
const REPO = 'cpm-extensions';

describe('installing the extension from its chart repository on the Extensions page', () => {
  const repoDir = mkdtempSync(path.join(tmpdir(), 'cpm-e2e-charts-'));
  const d = useDashboard({ before, after }, { rancher: '2.13', staticDir: path.join(ROOT, 'dist-prod'), chartRepo: repoDir });

  before(async () => {
    // The repository's host is the simulator, so the UIPlugin endpoint in the chart's values points at it.
    await packageChart({
      pkgDir: PKG_DIR, distDir: path.join(ROOT, 'dist-pkg', `${ NAME }-${ VERSION }`), outDir: repoDir, baseUrl: `${ d.sim.url }/__sim/charts`
    });
  });
  after(() => rmSync(repoDir, { recursive: true, force: true }));

  it('starts with no extension announced and none loaded', async () => {
    const { json } = await d.sim.api('/v1/uiplugins', { cookie: d.cookie });

    assert.deepEqual(json.entries, {});
    const page = d.session.page;

    await page.goto(`${ d.sim.url }/c/local/uiplugins`);
    await page.locator('[data-testid="extensions-page-title"]').waitFor({ timeout: 60000 });
    await page.locator('[data-testid="extension-tabs"]').waitFor({ timeout: 30000 });
    assert.equal(await page.locator('script[data-purpose="extension"]').count(), 0);
  });

  it('adds the chart repository on the Repositories page, reached from the Extensions page menu', async () => {
    const page = d.session.page;

    await page.locator('[data-testid="extensions-page-menu"]').click();
    await page.getByText('Manage Repositories', { exact: true }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/catalog.cattle.io.clusterrepo'), { timeout: 30000 });
    await page.locator('[data-testid="masthead-create"]').click();
    await page.locator('[data-testid="NameNsDescriptionNameInput"]').fill(REPO);
    await page.locator('[data-testid="clusterrepo-helm-url-input"] input, input[data-testid="clusterrepo-helm-url-input"]').first().fill(`${ d.sim.url }/__sim/charts`);
    await screenshot(page, 'install-add-repository');
    await page.locator('[data-testid="clusterrepo-footer"]').getByRole('button', { name: 'Create' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/catalog.cattle.io.clusterrepo'), { timeout: 30000 });
    const repo = await eventually('the repository downloaded', async () => {
      const { json } = await d.sim.api(`/v1/catalog.cattle.io.clusterrepos/${ REPO }`, { cookie: d.cookie });

      return (json?.status?.conditions || []).some((c: any) => c.type === 'Downloaded' && c.status === 'True') && json;
    }, { timeoutMs: 30000, everyMs: 250 });

    assert.equal(repo.spec.url, `${ d.sim.url }/__sim/charts`);
  });

  it('installs "Cloud provider migration" from the Available tab by clicking, and Rancher announces it', async () => {
    const page = d.session.page;

    await page.goto(`${ d.sim.url }/c/local/uiplugins`);
    await page.locator('[data-testid="btn-available"]').click();
    const card = page.locator(`[data-testid="item-card-cluster/${ REPO }/${ NAME }"]`);

    await card.waitFor({ timeout: 60000 });
    assert.equal((await card.locator('[data-testid="item-card-header-title"]').innerText()).trim(), 'Cloud provider migration');
    await screenshot(page, 'install-extensions-available');
    await card.locator('[data-testid="item-card-header-action-menu"]').click();
    await page.getByText('Install', { exact: true }).last().click();
    await page.locator('[data-testid="install-ext-modal-install-btn"]').click();
    // The page asks for a reload once the UIPlugin it did not load yet is there and initialised.
    await page.locator('[data-testid="extension-reload-banner"]').waitFor({ timeout: 60000 });
    const entry = await eventually('the plugin announced', async () => {
      const { json } = await d.sim.api('/v1/uiplugins', { cookie: d.cookie });
      const e = json.entries[NAME];

      return e?.CacheState === 'cached' && e;
    }, { timeoutMs: 30000, everyMs: 250 });

    assert.equal(entry.version, VERSION);
    assert.equal(entry.endpoint, `${ d.sim.url }/__sim/charts/extensions/${ NAME }/${ VERSION }`);
    assert.equal(entry.metadata['catalog.cattle.io/display-name'], 'Cloud provider migration');
    const { json: app } = await d.sim.api(`/v1/catalog.cattle.io.apps/cattle-ui-plugin-system/${ NAME }`, { cookie: d.cookie });

    assert.equal(app.spec.info.status, 'deployed');
    await page.locator('[data-testid="btn-installed"]').click();
    await page.locator(`[data-testid="item-card-cluster/${ REPO }/${ NAME }"]`).waitFor({ timeout: 30000 });
    await screenshot(page, 'install-extensions-installed');
  });

  it('after the reload the production dashboard loads the extension and renders the tab on prod-rke2', async () => {
    const page = d.session.page;

    await Promise.all([
      page.waitForEvent('load', { timeout: 60000 }),
      page.locator('[data-testid="extension-reload-banner-reload-btn"]').click(),
    ]);
    await page.locator('[data-testid="extensions-page-title"]').waitFor({ timeout: 60000 });
    await openMigrationTab(page, d.sim.url, 'prod-rke2');
    const tab = await readTab(page);
    const { json } = await d.sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2', { cookie: d.cookie });
    const plan = planMigration(json);

    await screenshot(page, 'install-prod-rke2-tab');
    assert.equal(tab.status, plan.status);
    assert.deepEqual(tab.steps.map((s) => s.id), plan.steps.map((s) => s.id));
    const scripts = await page.evaluate(() => [...document.querySelectorAll('script[data-purpose="extension"]')].map((e) => new URL((e as HTMLScriptElement).src).pathname));

    assert.deepEqual(scripts, [`/v1/uiplugins/${ NAME }/${ VERSION }/plugin/${ NAME }-${ VERSION }.umd.min.js`]);
    assert.deepEqual(d.session.pageErrors, []);
  });
});

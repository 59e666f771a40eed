/**
 * The fleet view against a simulated Rancher 2.11 with 1,000 more clusters than the demo world (sim/main.ts
 * --world fleet1000: in-tree RKE2 and RKE1, migrations under way and finished, K3s, EKS): the Cloud provider column
 * of the Cluster Management cluster list and the fleet page. The fleet page's render time and its requests are
 * printed; time is not asserted on.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { fleetVerdict, type FleetVerdict } from '../../pkg/cloud-provider-migration/engine';
import { loggedRequests, screenshot, useDashboard } from './harness';
import {
  CLUSTER_LIST, FLEET_PAGE, FLEET_PER_PAGE, FLEET_ROWS, GENERATED,
} from './fleetPage';
import { readTab } from './tabPage';

/** The texts of one column of the cluster list's visible rows, found by its header. */
async function columnTexts(page: Page, header: string): Promise<string[]> {
  return page.locator('[data-testid="cluster-list"]').first().evaluate((table: HTMLElement, label: string) => {
    const heads = [...table.querySelectorAll('thead tr:first-child th')];
    const at = heads.findIndex((th) => (th.textContent || '').trim() === label);

    if (at < 0) {
      return [`no column ${ label }`];
    }

    return [...table.querySelectorAll('tbody tr.main-row')].map((tr) => (tr.children[at]?.textContent || '').trim());
  }, header);
}

/** Waits until every visible cell of the column has its text (the column's code loads when first shown). */
async function columnFilled(page: Page, header: string): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const texts = await columnTexts(page, header);

    if (texts.length && texts.every(Boolean)) {
      return texts;
    }
    await page.waitForTimeout(200);
  }

  return columnTexts(page, header);
}

function kindOf(text: string): string {
  return text.startsWith('Migrating') ? 'migrating' : text;
}

describe('fleet view on a 1,000-cluster world (Rancher 2.11)', () => {
  const d = useDashboard({ before, after }, { rancher: '2.11', world: 'fleet1000' });

  const logged = () => loggedRequests(d.sim);

  /** What the engine says of every cluster, from the same lists the dashboard loads. */
  async function expectedVerdicts(): Promise<{ name: string; verdict: FleetVerdict }[]> {
    const provisioning = await d.sim.api('/v1/provisioning.cattle.io.clusters', { cookie: d.cookie });
    const management = await d.sim.api('/v1/management.cattle.io.clusters', { cookie: d.cookie });
    const byId = new Map<string, any>(management.json.data.map((m: any) => [m.id, m]));

    return provisioning.json.data.map((p: any) => ({ name: p.metadata.name, verdict: fleetVerdict(p, p.spec?.rkeConfig ? undefined : byId.get(p.status?.clusterName)) }));
  }

  it('adds a Cloud provider column to the cluster list: every state, sortable and searchable', async () => {
    const page = d.session.page;

    await page.goto(`${ d.sim.url }${ CLUSTER_LIST }`);
    await page.locator('[data-testid="cluster-list"] tbody tr.main-row').first().waitFor({ timeout: 120000 });
    const first = await columnFilled(page, 'Cloud provider');

    await screenshot(page, 'fleet-cluster-list');
    assert.ok(first.length >= 20, `a page of clusters: ${ first.length }`);
    const kinds = new Set(first.map(kindOf));

    for (const state of ['In-tree AWS', 'migrating', 'Migrated', 'Not applicable']) {
      assert.ok(kinds.has(state), `the first page shows ${ state }: ${ [...kinds].join(', ') }`);
    }
    assert.ok(first.some((t) => /^Migrating: step \d+ of \d+$/.test(t)), `a migration under way says its step: ${ first.join(' | ') }`);

    // Sorting by the column: upgrade blockers (in-tree) first; descending, the clusters it does not apply to first.
    const header = page.locator('[data-testid="cluster-list"] thead th', { hasText: 'Cloud provider' }).first();

    await header.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="cluster-list"] thead th[aria-sort="ascending"]')?.textContent?.includes('Cloud provider'));
    const ascending = await columnFilled(page, 'Cloud provider');

    await screenshot(page, 'fleet-cluster-list-sorted');
    assert.ok(ascending.every((t) => t === 'In-tree AWS'), `ascending starts with the in-tree clusters: ${ ascending.slice(0, 5).join(' | ') }`);
    await header.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="cluster-list"] thead th[aria-sort="descending"]')?.textContent?.includes('Cloud provider'));
    const descending = await columnFilled(page, 'Cloud provider');

    assert.ok(descending.every((t) => t === 'Not applicable'), `descending starts with the clusters it does not apply to: ${ descending.slice(0, 5).join(' | ') }`);

    // Searching the list by the column's text.
    await page.locator('[data-testid="cluster-list"] input[type="search"]').first().fill('Migrating: step');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="cluster-list"] tbody tr.main-row')];

      return rows.length > 0 && rows.every((r) => r.textContent?.includes('Migrating: step'));
    }, undefined, { timeout: 30000 });
    const found = await columnFilled(page, 'Cloud provider');

    await screenshot(page, 'fleet-cluster-list-search');
    assert.ok(found.length > 0 && found.every((t) => t.startsWith('Migrating: step')), `search finds migrations under way: ${ found.slice(0, 5).join(' | ') }`);
    assert.deepEqual(d.session.pageErrors, []);
  });

  it('renders the fleet page from the side nav with a constant number of requests, clusters that block an upgrade first', async () => {
    const page = d.session.page;
    const expected = await expectedVerdicts();

    // Start from a Cluster Management page that holds no cluster list, so the page's own loads count.
    await page.goto(`${ d.sim.url }/c/_/manager/cloudCredential`);
    const entry = page.locator(`nav a[href$="${ FLEET_PAGE }"]`).first();

    await entry.waitFor({ timeout: 60000 });
    // Let that page's own reads finish first.
    await page.waitForTimeout(3000);
    const from = Math.max(0, ...(await logged()).map((r) => r.seq));
    const started = Date.now();

    await entry.click();
    await page.locator(FLEET_ROWS).nth(FLEET_PER_PAGE - 1).waitFor({ timeout: 60000 });
    const renderMs = Date.now() - started;

    // Reads the page started after its first rows still count.
    await page.waitForTimeout(3000);
    const requests = (await logged()).filter((r) => r.seq > from);
    const lists = requests.filter((r) => /^\/v1\/(provisioning|management)\.cattle\.io\.clusters(\?|$)/.test(r.url));
    const perCluster = requests.filter((r) => GENERATED.test(r.url));

    console.log(`fleet page: first page of ${ FLEET_PER_PAGE } rows of ${ expected.length } clusters rendered ${ renderMs } ms after the side-nav click; ` +
      `${ requests.length } request(s) meanwhile, ${ lists.length } of them cluster lists: ${ requests.map((r) => `${ r.method } ${ r.url.split('?')[0] }`).join(', ') || 'none' }`);
    assert.ok(lists.length <= 2, `at most one list of each kind: ${ lists.map((r) => r.url).join(', ') }`);
    assert.deepEqual(perCluster.map((r) => r.url), [], 'no request for one cluster');
    assert.ok(requests.length <= 10, `a handful of requests, not one per cluster: ${ requests.length }`);
    await screenshot(page, 'fleet-page');

    // The summary counts what the engine says of the same clusters; the first page holds upgrade blockers only.
    const summary = (await page.locator('[data-testid="cpm-fleet-summary"]').innerText()).replace(/,(?=\d{3})/g, '');
    const blocking = expected.filter((e) => e.verdict.blocksUpgrade).length;

    assert.ok(summary.startsWith(`${ expected.length } clusters: ${ blocking } hold back a Kubernetes upgrade`), summary);
    assert.equal(await page.locator(`${ FLEET_ROWS } [data-testid="cpm-fleet-blocks"]`).count(), FLEET_PER_PAGE);
    const removed = expected.filter((e) => e.verdict.preflight === 'in-tree-removed').length;

    assert.ok(removed > 0 && removed <= FLEET_PER_PAGE);
    assert.equal(await page.locator(`${ FLEET_ROWS } [data-preflight="in-tree-removed"]`).count(), removed, 'the clusters already past 1.27 with the in-tree provider come first');

    // The full page load, for comparison: the dashboard itself plus the page, still no request per cluster.
    const reloadFrom = Math.max(0, ...(await logged()).map((r) => r.seq));
    const reloadStart = Date.now();

    await page.reload();
    await page.locator(FLEET_ROWS).nth(FLEET_PER_PAGE - 1).waitFor({ timeout: 120000 });
    const reloadMs = Date.now() - reloadStart;

    await page.waitForTimeout(3000);
    const reload = (await logged()).filter((r) => r.seq > reloadFrom);

    console.log(`fleet page, full load of the dashboard: ${ reloadMs } ms, ${ reload.length } requests (${ reload.filter((r) => /^\/v1\/(provisioning|management)\.cattle\.io\.clusters(\?|$)/.test(r.url)).length } cluster lists)`);
    assert.deepEqual(reload.filter((r) => GENERATED.test(r.url)).map((r) => r.url), [], 'no request for one cluster on a full load either');
    assert.deepEqual(d.session.pageErrors, []);
  });

  it('links a cluster to its migration tab', async () => {
    const page = d.session.page;
    const expected = await expectedVerdicts();
    const target = expected.find((e) => e.verdict.state === 'migrating' && e.verdict.progress && e.name.startsWith('fleet-'))!;

    assert.ok(target, 'the world has an RKE2 migration under way with a journal');
    await page.goto(`${ d.sim.url }${ FLEET_PAGE }`);
    await page.locator(FLEET_ROWS).first().waitFor({ timeout: 60000 });
    await page.locator('[data-testid="cpm-fleet"] input[type="search"]').fill(target.name);
    const link = page.locator(`[data-testid="cpm-fleet-link-fleet-default/${ target.name }"]`);

    await link.waitFor({ timeout: 30000 });
    const row = page.locator(FLEET_ROWS, { has: link });

    assert.match(await row.innerText(), new RegExp(`Migrating: step ${ target.verdict.progress!.number } of ${ target.verdict.progress!.total }`));
    await screenshot(page, 'fleet-page-search');
    await link.click();
    await page.locator('[data-testid="cpm-tab"]').waitFor({ timeout: 60000 });
    assert.equal(new URL(page.url()).hash, '#cloud-provider-migration');
    const tab = await readTab(page);

    await screenshot(page, 'fleet-tab');
    assert.equal(tab.status, 'migrating');
    assert.deepEqual(tab.missingKeys, []);
    assert.deepEqual(d.session.pageErrors, []);
  });
});

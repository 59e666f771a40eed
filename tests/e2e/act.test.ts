/**
 * Carrying out the migration from the tab's own buttons in the real dashboard, against the simulated Rancher 2.13:
 * the admin runs each step from the header (confirming with the diff, typing the cluster name at the switch), the
 * waits and checks are judged from the live cluster, the page is reloaded at every step boundary and must resume
 * where it was, and the journal on the cluster records who did what. A read-only user can follow but not act.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { readJournal } from '../../pkg/cloud-provider-migration/engine';
import {
  acknowledgePrerequisites, loggedWrites, openMigrationTab, screenshot, useDashboard, USERS
} from './harness';
import { runNext, STEP_TIMEOUT } from './tabPage';

/** The header while steps are left; the completion summary once every required step is done. */
const HEADER_OR_SUMMARY = '[data-testid="cpm-header"], [data-testid="cpm-completion"]';
const RUNNING = '[data-testid="cpm-header"][data-running], [data-testid="cpm-completion"][data-running]';

async function nextStep(page: Page): Promise<string | null> {
  await page.locator(HEADER_OR_SUMMARY).first().waitFor({ timeout: 60000 });
  if (await page.locator('[data-testid="cpm-finished"], [data-testid="cpm-completion"]').count()) {
    return null;
  }

  return page.locator('[data-testid="cpm-next"]').getAttribute('data-step');
}

/** Waits until the header shows another next step than `step` (or the end: the completion summary). */
async function movedPast(page: Page, step: string): Promise<void> {
  await page.waitForFunction((prev) => {
    const header = document.querySelector('[data-testid="cpm-header"], [data-testid="cpm-completion"]');
    const next = document.querySelector('[data-testid="cpm-next"]');

    return !!header && (!next || next.getAttribute('data-step') !== prev);
  }, step, { timeout: STEP_TIMEOUT, polling: 500 });
}

/** After a reload: the header shows `step` or a step after it in the plan (or the end when `step` is null). */
async function resumedAt(page: Page, step: string | null): Promise<void> {
  await page.waitForFunction((expected) => {
    if (document.querySelector('[data-testid="cpm-finished"], [data-testid="cpm-completion"]')) {
      return true;
    }
    const next = document.querySelector('[data-testid="cpm-next"]')?.getAttribute('data-step');
    const order = [...document.querySelectorAll('[data-testid^="cpm-step-"][data-action]')].map((el) => (el.getAttribute('data-testid') || '').replace(/^cpm-step-/, ''));

    return !!next && expected !== null && order.indexOf(next) >= order.indexOf(expected) && order.indexOf(expected) >= 0;
  }, step, { timeout: 60000, polling: 500 });
}

/**
 * Runs every required step from the header's primary button (confirming, typing the cluster name at the switch) and
 * waits through the steps judged from the live cluster; reloads at every step boundary and checks the tab resumes.
 * Returns the steps carried out by a button, in order, and every step seen as next.
 */
async function migrateByButtons(page: Page, shot: string, pageErrors: string[]): Promise<{ carriedOut: string[]; seen: string[] }> {
  const carriedOut: string[] = [];
  const seen: string[] = [];

  for (let guard = 0; guard < 30; guard++) {
    const step = await nextStep(page);

    if (!step) {
      break;
    }
    seen.push(step);
    const run = page.locator('[data-testid="cpm-run"]');

    if (await run.count()) {
      await acknowledgePrerequisites(page);
      assert.equal(await run.isDisabled(), false, `${ step }: the admin can run it`);
      await run.click();
      await page.locator('[data-testid="cpm-confirm"]').waitFor();
      if (step === 'switch-to-external') {
        const apply = page.locator('[data-testid="cpm-apply"]');

        assert.equal(await apply.isDisabled(), true, 'the switch waits for the cluster name');
        await page.locator('[data-testid="cpm-confirm-name"]').fill(await page.locator('[data-testid="cpm-confirm"]').getAttribute('data-name') || '');
      }
      await screenshot(page, `act-${ shot }-confirm-${ step }`);
      await page.locator('[data-testid="cpm-apply"]').click();
      carriedOut.push(step);
      // The run takes a snapshot first (the cluster is Updating meanwhile), then writes: wait until it is over.
      await page.locator(RUNNING).waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
      await page.locator('[data-testid="cpm-outcome"][data-kind="done"]').waitFor({ timeout: 30000 });
    }
    await movedPast(page, step);
    const after = await nextStep(page);

    await screenshot(page, `act-${ shot }-after-${ step }`);
    // A reload resumes where the cluster stands: the same next step once the live cluster has been read, or a
    // later one when the cluster moved on meanwhile (a wait that finished), never an earlier one.
    await page.reload();
    await page.locator('[data-testid="btn-cloud-provider-migration"]').click();
    await resumedAt(page, after);
    assert.deepEqual(pageErrors, [], `no page errors after ${ step }`);
  }

  return { carriedOut, seen };
}

describe('carrying out the migration from the tab on simulated Rancher 2.13', () => {
  const d = useDashboard({ before, after }, { rancher: '2.13' });

  it('migrates prod-rke2 with leader migration by the tab\'s buttons, resuming after a reload at every step', async () => {
    const { sim, session, cookie } = d;
    const page = session.page;
    await openMigrationTab(page, sim.url, 'prod-rke2');
    await screenshot(page, 'act-prod-rke2-start');

    const { carriedOut, seen } = await migrateByButtons(page, 'prod-rke2', session.pageErrors);

    // Every required step is done, the checks included (judged from the live cluster, whatever the test saw): the
    // completion summary replaces the steps, and lists only the optional cleanup as left.
    await page.locator('[data-testid="cpm-completion"]').waitFor({ timeout: 60000 });
    await screenshot(page, 'act-prod-rke2-migrated');
    const undone = await page.locator('[data-testid^="cpm-step-"][data-action][data-done="false"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));

    assert.deepEqual(undone, ['cpm-step-cleanup-ccm-leader-migration', 'cpm-step-wait-cleanup-rollout'], `only the optional cleanup is left (saw ${ seen.join(', ') })`);
    assert.equal(await page.locator('[data-testid="cpm-completion-provider-ids"]').getAttribute('data-valid'), await page.locator('[data-testid="cpm-completion-provider-ids"]').getAttribute('data-total'));
    assert.equal(await page.locator('[data-testid="cpm-completion-lease"]').getAttribute('data-state'), 'held');
    assert.equal(await page.locator('[data-testid="cpm-completion-finished"]').getAttribute('data-by'), USERS.admin.username);
    // The summary offers the optional cleanup with the same button; once it is done nothing is left.
    await page.locator('[data-testid="cpm-summary-optional"][data-step="cleanup-ccm-leader-migration"]').waitFor();
    await page.locator('[data-testid="cpm-run"][data-step="cleanup-ccm-leader-migration"]').click();
    await page.locator('[data-testid="cpm-apply"]').click();
    carriedOut.push('cleanup-ccm-leader-migration');
    await page.locator(RUNNING).waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
    await page.locator('[data-testid="cpm-completion"][data-left="0"]').waitFor({ timeout: STEP_TIMEOUT });
    await screenshot(page, 'act-prod-rke2-cleaned-up');
    assert.deepEqual(carriedOut, ['enable-leader-migration', 'deploy-ccm', 'cordon-control-plane', 'switch-to-external', 'uncordon-control-plane', 'cleanup-ccm-leader-migration']);

    const { json } = await sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2', { cookie });
    const journal = readJournal(json);

    assert.deepEqual(journal.entries.map((e) => `${ e.step }:${ e.result }`), carriedOut.map((s) => `${ s }:${ s.includes('cordon') ? 'done' : 'applied' }`));
    assert.ok(journal.entries.every((e) => e.by === USERS.admin.username), JSON.stringify(journal.entries));
    // The choices the migration started with, and who acknowledged the AWS prerequisites, for every admin to see.
    assert.deepEqual(journal.choices, { strategy: 'leader-migration', awsPrerequisites: { by: USERS.admin.username, at: journal.choices?.awsPrerequisites?.at } });
    assert.ok(Date.parse(journal.choices?.awsPrerequisites?.at || '') > 0);
    assert.deepEqual(journal.entries.find((e) => e.step === 'cordon-control-plane')?.nodes?.length, 3);
    // An etcd snapshot was taken before every cluster update, and is named in the journal.
    const updates = journal.entries.filter((e) => e.action === 'update-cluster');

    assert.ok(updates.length === 4 && updates.every((e) => typeof e.snapshot === 'string' && e.snapshot.length > 0), JSON.stringify(updates));
    const snapshots = (await sim.api('/v1/rke.cattle.io.etcdsnapshots/fleet-default', { cookie })).json.data;

    assert.ok(updates.every((e) => snapshots.some((s: any) => s.metadata.name === e.snapshot)), 'each named snapshot exists');
    // Every node came back schedulable and runs out of tree.
    const nodes = (await sim.api('/k8s/clusters/c-m-prod0001/v1/nodes', { cookie })).json.data;

    assert.ok(nodes.every((n: any) => !n.spec?.unschedulable && String(n.spec?.providerID).startsWith('aws://')), JSON.stringify(nodes.map((n: any) => n.spec)));
  });
});

describe('carrying out the downtime path on a single-node cluster from the tab', () => {
  const d = useDashboard({ before, after }, { rancher: '2.13' });

  it('migrates edge-rke2 with downtime: the strategy recommended for one node, chosen, then the switch and the checks', async () => {
    const { sim, session, cookie } = d;
    const page = session.page;

    await openMigrationTab(page, sim.url, 'edge-rke2');
    await page.locator('[data-testid="cpm-strategy-downtime"]').click();
    await page.locator('[data-testid="cpm-cost-stops"]').waitFor();
    assert.match(await page.locator('[data-testid="cpm-cost-stops"]').innerText(), /no cloud controller runs/);
    await screenshot(page, 'act-edge-rke2-downtime-start');
    const { carriedOut } = await migrateByButtons(page, 'edge-rke2', session.pageErrors);

    await page.locator('[data-testid="cpm-completion"]').waitFor({ timeout: 60000 });
    await screenshot(page, 'act-edge-rke2-migrated');
    assert.deepEqual(carriedOut, ['switch-to-external']);
    const journal = readJournal((await sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/edge-rke2', { cookie })).json);

    assert.deepEqual(journal.choices, { strategy: 'downtime', awsPrerequisites: { by: USERS.admin.username, at: journal.choices?.awsPrerequisites?.at } });
    assert.deepEqual(journal.entries.map((e) => `${ e.step }:${ e.result }`), ['switch-to-external:applied']);
  });

  it('a Service recreated after the switch has a new load balancer: the verification fails on it until the admin accepts the new address', async () => {
    const { sim, session, cookie } = d;
    const page = session.page;
    const services = '/k8s/clusters/c-m-edge0001/api/v1/namespaces/default/services';
    const hostname = async () => (await sim.api(`${ services }/web`, { cookie })).json?.status?.loadBalancer?.ingress?.[0]?.hostname as string | undefined;
    /** Someone deletes and creates the Service again (a new UID): the CCM creates a new load balancer for it. */
    const recreateWeb = async (): Promise<string | undefined> => {
      const web = (await sim.api(`${ services }/web`, { cookie })).json;

      assert.equal((await sim.api(`${ services }/web`, { method: 'DELETE', cookie })).status, 200);
      assert.equal((await sim.api(services, {
        method: 'POST',
        cookie,
        body:   {
          apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', annotations: web.metadata.annotations }, spec: { type: 'LoadBalancer', selector: web.spec.selector, ports: web.spec.ports },
        },
      })).status, 201);
      let address: string | undefined;

      for (let i = 0; i < 120 && !address; i++) {
        address = await hostname();
        await new Promise((r) => setTimeout(r, 250));
      }

      return address;
    };
    const old = await hostname();
    const now = await recreateWeb();

    assert.ok(now && old && now !== old, `a new address (${ old } → ${ now })`);

    await page.reload();
    await page.locator('[data-testid="btn-cloud-provider-migration"]').click();
    const check = page.locator('[data-testid="cpm-step-verify-provider-ids-check"]');

    await check.and(page.locator('[data-state="failed"]')).waitFor({ timeout: 60000 });
    assert.match(await check.innerText(), new RegExp(`${ old }.*${ now }`));
    // Above the fold, the header says where to accept them.
    assert.match(await page.locator('[data-testid="cpm-next-accept-hint"]').innerText(), /accept them in step 4 below/);
    await screenshot(page, 'act-edge-rke2-lb-changed');
    await page.locator('[data-testid="cpm-step-verify-provider-ids-accept"]').click();
    const listed = page.locator('[data-testid="cpm-step-verify-provider-ids-accept-services"]');

    assert.equal(await listed.innerText(), `default/web: ${ old } before, ${ now } now`);
    await screenshot(page, 'act-edge-rke2-lb-accept-confirm');
    await page.locator('[data-testid="cpm-step-verify-provider-ids-accept-apply"]').click();
    await page.locator('[data-testid="cpm-completion"]').waitFor({ timeout: 60000 });
    await screenshot(page, 'act-edge-rke2-lb-accepted');
    // The summary says what the verification compares with now, and who accepted it.
    assert.match(await page.locator('[data-testid="cpm-completion-load-balancers"][data-key="checks.loadBalancers.accepted"]').innerText(), new RegExp(`${ USERS.admin.username }`));
    assert.match(await page.locator('[data-testid="cpm-completion-load-balancers"][data-key="checks.loadBalancers.keptSinceAccepted"]').innerText(), /compared with the addresses accepted after the switch kept theirs/);

    const journal = readJournal((await sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/edge-rke2', { cookie })).json);

    assert.deepEqual(journal.entries.map((e) => `${ e.step }:${ e.result }:${ e.by }`), ['switch-to-external:applied', 'verify-provider-ids:accepted'].map((x) => `${ x }:${ USERS.admin.username }`));
    assert.deepEqual(journal.loadBalancers?.services['default/web'], [now]);
    assert.equal(journal.loadBalancers?.acceptedBy, USERS.admin.username);

    // Recreated once more: the verification fails against the accepted address, and the header again says where to accept.
    const newer = await recreateWeb();

    assert.ok(newer && newer !== now, `another new address (${ now } → ${ newer })`);
    await page.reload();
    await page.locator('[data-testid="btn-cloud-provider-migration"]').click();
    await check.and(page.locator('[data-state="failed"]')).waitFor({ timeout: 60000 });
    assert.match(await check.innerText(), new RegExp(`${ now } when accepted, ${ newer } now`));
    assert.match(await page.locator('[data-testid="cpm-next-accept-hint"]').innerText(), /accept them in step 4 below/);
    await screenshot(page, 'act-edge-rke2-lb-changed-again');
    assert.deepEqual(session.pageErrors, []);
  });
});

describe('carrying out an RKE1 migration from the tab on simulated Rancher 2.11', () => {
  const d = useDashboard({ before, after }, { rancher: '2.11' });

  it('migrates c-rke1a with leader migration: Norman writes, the chart installed through Rancher\'s apps, a backup before each write', async () => {
    const { sim, session, cookie } = d;
    const page = session.page;

    await openMigrationTab(page, sim.url, 'c-rke1a');
    const { carriedOut } = await migrateByButtons(page, 'c-rke1a', session.pageErrors);

    // The completion summary shows once every required step is done, the uncordon included: RKE uncordons every
    // control-plane host it reconfigures at the switch, so that step is done as observed, without a button.
    await page.locator('[data-testid="cpm-completion"]').waitFor({ timeout: 60000 });
    await screenshot(page, 'act-c-rke1a-migrated');
    assert.deepEqual(carriedOut, ['enable-leader-migration', 'install-ccm', 'cordon-control-plane', 'switch-to-external']);
    const journal = readJournal((await sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/c-rke1a', { cookie })).json);
    const updates = journal.entries.filter((e) => e.action === 'update-cluster');

    assert.equal(updates.length, 2);
    assert.ok(updates.every((e) => e.result === 'applied' && /^c-rke1a:/.test(e.snapshot || '')), JSON.stringify(updates));
    const norman = (await sim.api('/v3/clusters/c-rke1a', { cookie })).json;

    assert.equal(norman.rancherKubernetesEngineConfig.cloudProvider.name, 'external-aws');
  });
});

/** Runs the header's next step by its button and waits until the run is over; returns the outcome's kind. */
describe('what goes wrong while carrying out a migration from the tab', () => {
  const d = useDashboard({ before, after }, { rancher: '2.13' });
  const PROD = '/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2';

  it('a concurrent edit, an image that cannot be pulled and a node that cannot be cordoned: each said plainly, nothing lost, each retried from the tab', async () => {
    const { sim, session, cookie } = d;
    const page = session.page;

    await openMigrationTab(page, sim.url, 'prod-rke2');
    assert.equal(await nextStep(page), 'enable-leader-migration');

    // Another admin changes the cluster's upgrade strategy (a field the step owns: the spec) while the step writes.
    const mergePatch = { spec: { rkeConfig: { upgradeStrategy: { controlPlaneConcurrency: '2' } } } };

    await sim.control('faults', { conflictNext: { type: 'provisioning.cattle.io.cluster', id: 'fleet-default/prod-rke2', skip: 1, mergePatch } });
    assert.equal(await runNext(page, 'enable-leader-migration'), 'conflict');
    await page.locator('[data-testid="cpm-conflict-diff"]').waitFor();
    // The diff view renders its lines after it is mounted: wait for them before reading what it says.
    await page.waitForFunction(() => /controlPlaneConcurrency/.test((document.querySelector('[data-testid="cpm-conflict"]') as HTMLElement | null)?.innerText || ''), undefined, { timeout: 30000 }).catch(() => undefined);
    await screenshot(page, 'act-fault-conflict');
    assert.match(await page.locator('[data-testid="cpm-conflict"]').innerText(), /controlPlaneConcurrency/);
    // The split view of the diff stays within the page.
    await page.locator('[data-testid="cpm-conflict"] button[aria-label="Split"]').click();
    await screenshot(page, 'act-fault-conflict-split');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'the split diff does not widen the page');
    await page.locator('[data-testid="cpm-conflict"] button[aria-label="Unified"]').click();
    // Nothing of ours was written over theirs: the flag is not there yet, their change is.
    let spec = (await sim.api(PROD, { cookie })).json.spec;

    assert.equal(spec.rkeConfig.upgradeStrategy.controlPlaneConcurrency, '2');
    assert.ok(!JSON.stringify(spec).includes('enable-leader-migration'), 'no write after the conflict');
    // The admin has seen what changed and runs the step again: it applies on top of their change.
    assert.equal(await runNext(page, 'enable-leader-migration'), 'done');
    spec = (await sim.api(PROD, { cookie })).json.spec;
    assert.equal(spec.rkeConfig.upgradeStrategy.controlPlaneConcurrency, '2');
    assert.ok(JSON.stringify(spec).includes('enable-leader-migration'), 'the flag is written');
    await movedPast(page, 'enable-leader-migration');
    await page.locator('[data-testid="cpm-run"][data-step="deploy-ccm"]').waitFor({ timeout: STEP_TIMEOUT });

    // The CCM's image cannot be pulled: the rollout wait says so, with the node and the image.
    await sim.control('faults', { ccmImagePullBackOff: 'c-m-prod0001' });
    assert.equal(await runNext(page, 'deploy-ccm'), 'done');
    await page.locator('[data-testid="cpm-next"][data-step="wait-ccm-rollout"]').waitFor({ timeout: STEP_TIMEOUT });
    await page.waitForFunction(() => /ImagePullBackOff|ErrImagePull/.test(document.querySelector('[data-testid="cpm-step-wait-ccm-rollout"]')?.textContent || ''), undefined, { timeout: STEP_TIMEOUT, polling: 1000 });
    await page.locator('[data-testid="cpm-step-wait-ccm-rollout"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'act-fault-image-pull');
    const waitText = await page.locator('[data-testid="cpm-step-wait-ccm-rollout"]').innerText();

    assert.match(waitText, /aws-cloud-controller-manager/);
    // The registry is fixed: the pods pull, the wait ends by itself.
    await sim.control('faults', { clear: true });
    await page.locator('[data-testid="cpm-run"][data-step="cordon-control-plane"]').waitFor({ timeout: STEP_TIMEOUT });

    // One control-plane node refuses the cordon: the others are cordoned, the one left is named, a retry finishes.
    const nodes = (await sim.api('/k8s/clusters/c-m-prod0001/v1/nodes', { cookie })).json.data;
    const cps = nodes.filter((n: any) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] === 'true').map((n: any) => n.metadata.name).sort();
    const refusing = cps[1];

    await sim.control('faults', { status5xx: { pathPrefix: `/k8s/clusters/c-m-prod0001/api/v1/nodes/${ refusing }`, status: 503, count: 1 } });
    assert.equal(await runNext(page, 'cordon-control-plane'), 'failed');
    const details = await page.locator('[data-testid="cpm-outcome-details"] li').allInnerTexts();

    assert.equal(details.length, 1);
    assert.match(details[0], new RegExp(`${ refusing }.*503`));
    await screenshot(page, 'act-fault-partial-cordon');
    let journal = readJournal((await sim.api(PROD, { cookie })).json);

    assert.deepEqual([...(journal.cordoned || [])].sort(), cps.filter((n: string) => n !== refusing));
    assert.equal(await runNext(page, 'cordon-control-plane'), 'done');
    journal = readJournal((await sim.api(PROD, { cookie })).json);
    assert.deepEqual([...(journal.cordoned || [])].sort(), cps);
    assert.deepEqual(journal.entries.map((e) => `${ e.step }:${ e.result }`), [
      'enable-leader-migration:conflict', 'enable-leader-migration:applied', 'deploy-ccm:applied', 'cordon-control-plane:failed', 'cordon-control-plane:done',
    ]);
    await page.locator('[data-testid="cpm-next"][data-step="switch-to-external"]').waitFor({ timeout: STEP_TIMEOUT });
    await screenshot(page, 'act-fault-after-retry');
    // The journal downloads as a report for the change ticket: who did what, with the conflict and the retry.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="cpm-journal-download-markdown"]').click()]);
    const report = await readFile((await download.path())!, 'utf8');

    assert.match(download.suggestedFilename(), /prod-rke2.*\.md$/);
    assert.match(report, /# Cloud provider migration: prod-rke2/);
    assert.equal((report.match(/\| cordon-control-plane \|/g) || []).length, 2, report);
    assert.match(report, /\| enable-leader-migration \| conflict \|/);
    // The same view in the dark theme (the dashboard follows the system's colour scheme by default).
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('body.theme-dark').waitFor({ state: 'attached', timeout: 10000 });
    await screenshot(page, 'act-fault-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.deepEqual(session.pageErrors, []);
  });
});

describe('taking back an applied step from the tab', () => {
  const d = useDashboard({ before, after }, { rancher: '2.13' });
  const PROD = '/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2';

  it('rolls back the CCM deployment of prod-rke2 from its step card with the diff shown first, and offers the snapshot restore as the last resort', async () => {
    const { sim, session, cookie } = d;
    const page = session.page;

    await openMigrationTab(page, sim.url, 'prod-rke2');
    assert.equal(await runNext(page, 'enable-leader-migration'), 'done');
    await page.locator('[data-testid="cpm-run"][data-step="deploy-ccm"]').waitFor({ timeout: STEP_TIMEOUT });
    assert.equal(await runNext(page, 'deploy-ccm'), 'done');
    await page.locator('[data-testid="cpm-run"][data-step="cordon-control-plane"]').waitFor({ timeout: STEP_TIMEOUT });
    assert.match((await sim.api(PROD, { cookie })).json.spec.rkeConfig.additionalManifest, /aws-cloud-controller-manager/);

    // Only the last applied change can be taken back first: the CCM, not the flag it depends on.
    await page.locator('[data-testid="cpm-step-deploy-ccm-rollback"]').click();
    await page.locator('[data-testid="cpm-step-deploy-ccm-rollback-confirm"]').waitFor();
    await page.locator('[data-testid="cpm-step-deploy-ccm-rollback-confirm"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'act-rollback-confirm-deploy-ccm');
    assert.match(await page.locator('[data-testid="cpm-step-deploy-ccm-rollback-confirm"]').innerText(), /aws-cloud-controller-manager/);
    await page.locator('[data-testid="cpm-step-deploy-ccm-rollback-apply"]').click();
    // The CCM step is to do again, and the chart has left the manifest; every other document stays.
    await page.locator('[data-testid="cpm-next"][data-step="deploy-ccm"]').waitFor({ timeout: STEP_TIMEOUT });
    const spec = (await sim.api(PROD, { cookie })).json.spec;

    assert.doesNotMatch(spec.rkeConfig.additionalManifest || '', /aws-cloud-controller-manager/);
    assert.ok(JSON.stringify(spec).includes('enable-leader-migration'), 'the flag stays');
    const journal = readJournal((await sim.api(PROD, { cookie })).json);

    assert.deepEqual(journal.entries.map((e) => `${ e.step }:${ e.result }`), ['enable-leader-migration:applied', 'deploy-ccm:applied', 'deploy-ccm:rolled-back']);
    await screenshot(page, 'act-rollback-done');

    // The snapshot taken before the first step can be restored, after typing the cluster's name.
    const restore = page.locator('[data-testid="cpm-step-enable-leader-migration-restore"]');

    await restore.click();
    await page.locator('[data-testid="cpm-step-enable-leader-migration-restore-confirm"]').waitFor();
    assert.equal(await page.locator('[data-testid="cpm-step-enable-leader-migration-restore-apply"]').isDisabled(), true, 'the restore waits for the cluster name');
    await page.locator('[data-testid="cpm-step-enable-leader-migration-restore-confirm"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'act-restore-confirm');
    await page.locator('[data-testid="cpm-step-enable-leader-migration-restore-cancel"]').click();
    assert.deepEqual(session.pageErrors, []);
  });
});

describe('taking back RKE1\'s chart install from the tab', () => {
  const d = useDashboard({ before, after }, { rancher: '2.11' });

  it('uninstalls the CCM app of c-rke1a from the install step\'s card, writes nothing to the cluster, then offers the flag\'s rollback', async () => {
    const { sim, session, cookie } = d;
    const page = session.page;
    const app = () => sim.api('/k8s/clusters/c-rke1a/v1/catalog.cattle.io.apps/kube-system/aws-cloud-controller-manager', { cookie });

    await openMigrationTab(page, sim.url, 'c-rke1a');
    assert.equal(await runNext(page, 'enable-leader-migration'), 'done');
    await page.locator('[data-testid="cpm-run"][data-step="install-ccm"]').waitFor({ timeout: STEP_TIMEOUT });
    assert.equal(await runNext(page, 'install-ccm'), 'done');
    await page.locator('[data-testid="cpm-run"][data-step="cordon-control-plane"]').waitFor({ timeout: STEP_TIMEOUT });
    assert.equal((await app()).status, 200);
    const before = (await sim.api('/v3/clusters/c-rke1a', { cookie })).json.rancherKubernetesEngineConfig;

    // The flag cannot go first while the CCM runs with leader migration; the chart's card offers the uninstall.
    assert.equal(await page.locator('[data-testid="cpm-step-enable-leader-migration-rollback"]').count(), 0);
    await page.locator('[data-testid="cpm-step-install-ccm-rollback"]').click();
    const confirm = page.locator('[data-testid="cpm-step-install-ccm-rollback-confirm"]');

    await confirm.waitFor();
    await confirm.scrollIntoViewIfNeeded();
    await screenshot(page, 'act-rke1-rollback-confirm-install-ccm');
    assert.match(await confirm.innerText(), /helm uninstall aws-cloud-controller-manager -n kube-system/);
    assert.match(await confirm.innerText(), /No etcd snapshot/);
    assert.match(await confirm.innerText(), /Uninstalls the Rancher app aws-cloud-controller-manager/);
    await page.locator('[data-testid="cpm-step-install-ccm-rollback-apply"]').click();
    await page.locator('[data-testid="cpm-step-install-ccm-undo-outcome"][data-kind="done"]').waitFor({ timeout: STEP_TIMEOUT });
    await page.locator('[data-testid="cpm-step-install-ccm-undo-outcome"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'act-rke1-rollback-uninstalling');
    // The header no longer says the chart install was done.
    assert.equal(await page.locator('[data-testid="cpm-outcome"]').count(), 0);

    // Rancher's helm pod removes the release and the app; the chart install is the next step again.
    await page.locator('[data-testid="cpm-next"][data-step="install-ccm"]').waitFor({ timeout: STEP_TIMEOUT });
    assert.equal((await app()).status, 404);
    assert.deepEqual((await sim.api('/v3/clusters/c-rke1a', { cookie })).json.rancherKubernetesEngineConfig, before, 'the uninstall writes nothing to the cluster');
    const journal = readJournal((await sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/c-rke1a', { cookie })).json);

    assert.deepEqual(journal.entries.map((e) => `${ e.step }:${ e.result }`), ['enable-leader-migration:applied', 'install-ccm:done', 'install-ccm:rolled-back']);
    await page.locator('[data-testid="cpm-step-enable-leader-migration-rollback"]').waitFor({ timeout: STEP_TIMEOUT });
    await page.locator('[data-testid="cpm-step-enable-leader-migration-rollback"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'act-rke1-rollback-flag-offered');
    assert.deepEqual(session.pageErrors, []);
  });
});

describe('a read-only user on a cluster mid-migration', () => {
  const d = useDashboard({ before, after }, { rancher: '2.13', user: USERS.readonly });

  it('sees where it stands and why they cannot run the next step, and sends no write', async () => {
    const { sim, session } = d;
    const page = session.page;

    await openMigrationTab(page, sim.url, 'prod-rke2');
    await page.locator('[data-testid="cpm-run-disabled"][data-reason="readOnly"]').waitFor({ timeout: 60000 });
    assert.equal(await page.locator('[data-testid="cpm-run"]').isDisabled(), true);
    await screenshot(page, 'act-readonly-prod-rke2');
    assert.deepEqual(await loggedWrites(sim), []);
  });
});

/**
 * The migration tab on the 5,000-node cluster `big-rke2` (simulator `--big-cluster 5000`, nodes shaped as real ones:
 * tens of images, managed fields, the agents' annotations). The tab must show the engine's plan and pre-flight for
 * what the live cluster reports, and read the downstream cluster in at most six requests that ask only for what they
 * use (docs/rancher-behaviour.md#steve-list-parameters). The requests' bytes and the time to a complete status are
 * printed, not asserted: the scale benchmark (bench/tabScale.ts) reports them beside their targets.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyObservations, existingCcmOf, planMigration, type MigrationPlan,
} from '../../pkg/cloud-provider-migration/engine';
import { readObservations } from '../../pkg/cloud-provider-migration/api';
import { observationTarget } from '../../pkg/cloud-provider-migration/composables/useLiveObservations';
import { httpStore } from '../httpStore';
import { screenshot, useDashboard } from './harness';
import { readTab } from './tabPage';
import { openTabMeasured } from './tabOpen';

const NODES = 5000;
const kb = (n: number) => `${ (n / 1024).toFixed(1) } KiB`;

describe(`the migration tab on a ${ NODES.toLocaleString('en-US') }-node cluster`, () => {
  const d = useDashboard({ before, after }, { rancher: '2.13', bigCluster: NODES });

  it('shows the engine\'s plan, pre-flight and node verdicts, reading the downstream cluster in at most six requests that leave out what it does not use', async () => {
    const { json: prov } = await d.sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/big-rke2', { cookie: d.cookie });
    const clusterId = prov.status.clusterName;
    const planned = planMigration(prov);
    const opening = await openTabMeasured(d.session.page, d.sim.url, 'big-rke2', clusterId);
    const tab = await readTab(d.session.page);

    await screenshot(d.session.page, 'scale-big-rke2');
    // What the engine makes of the same reads of the live cluster (the api layer against the simulator).
    const obs = await readObservations(httpStore(d.sim.url, d.cookie), observationTarget(planned, clusterId)!);
    // As the tab does: planned again with what the live cluster told (an existing CCM or none, the nodes), then judged.
    const judged: MigrationPlan = applyObservations(planMigration(prov, { existingCcm: existingCcmOf(obs.daemonSet ?? null), nodes: obs.nodes }), obs);

    assert.equal(tab.status, planned.status, 'status');
    assert.deepEqual(tab.steps.map((s) => s.id), planned.steps.map((s) => s.id), 'steps');
    assert.deepEqual(tab.missingKeys, [], 'every string translated');
    const shown = await d.session.page.evaluate(() => [...document.querySelectorAll('[data-testid^="cpm-preflight-"][data-severity]')]
      .map((el) => `${ (el.getAttribute('data-testid') || '').replace('cpm-preflight-', '') }:${ el.getAttribute('data-severity') }`));

    assert.deepEqual(shown, judged.preflight.map((c) => `${ c.id }:${ c.severity }`), 'the pre-flight, live items included');
    const ecr = judged.preflight.find((c) => c.id === 'ecr-images')!;

    assert.equal(ecr.severity, 'warning', 'the workers run the team\'s images from ECR');
    assert.equal(ecr.message.params?.count, NODES - 3, 'every worker counted, though only a page of them was read with its images');
    const ecrText = await d.session.page.locator('[data-testid="cpm-preflight-ecr-images"]').innerText();

    assert.ok(ecrText.includes('4,997') || ecrText.includes('4997'), `the ECR item counts every worker: ${ ecrText }`);
    // Node verdicts: a step whose check has problem nodes shows them in its paged table, with the engine's count; before
    // the switch (big-rke2 is in-tree) the engine judges no node, so no step may show one.
    for (const step of judged.steps) {
      const table = d.session.page.locator(`[data-testid="cpm-step-${ step.id }-nodes-summary"]`);
      const problems = step.check?.nodes?.problems.length ?? 0;

      assert.equal(await table.count(), problems ? 1 : 0, `${ step.id }: a node table exactly when the engine has problem nodes`);
      if (problems) {
        const text = await table.innerText();

        assert.ok(text.includes(problems.toLocaleString('en-US')) || text.includes(`${ problems }`), `${ step.id }: ${ text }`);
      }
    }

    // The requests: at most six, each asking only for what the tab uses.
    const reads = opening.reads;
    const paths = reads.map((r) => r.url);

    console.log(`downstream requests of the tab on big-rke2 (${ reads.length }):\n${ reads.map((r) => `  ${ r.status } ${ kb(r.transferred).padStart(11) } ${ r.encoding || 'identity' } ${ r.url }`).join('\n') }`);
    console.log(`transferred ${ kb(reads.reduce((n, r) => n + r.transferred, 0)) }; status complete ${ Math.round(opening.statusCompleteAt - opening.pageDataAt) } ms after the detail page's data`);
    assert.ok(reads.length <= 6, `at most six downstream requests: ${ paths.join(', ') }`);
    assert.equal(new Set(paths).size, paths.length, `no downstream read twice: ${ paths.join(', ') }`);
    const nodeLists = reads.filter((r) => new URL(r.url, 'http://x').pathname === `/k8s/clusters/${ clusterId }/v1/nodes`);
    const q = (r: { url: string }) => new URL(r.url, 'http://x').searchParams;
    const listing = nodeLists.filter((r) => !q(r).has('filter'));
    const ecrRead = nodeLists.filter((r) => q(r).has('filter'));

    assert.equal(listing.length, 1, 'one list of every node');
    assert.ok(['metadata.managedFields', 'status.images', 'metadata.annotations'].every((f) => q(listing[0]).getAll('exclude').includes(f)), `the node list leaves out managed fields, images and annotations: ${ listing[0].url }`);
    assert.equal(ecrRead.length, 1, 'one read of the nodes that name ECR');
    assert.equal(q(ecrRead[0]).get('filter'), 'status.images.names=.dkr.ecr');
    assert.ok(Number(q(ecrRead[0]).get('pagesize')) > 0 && q(ecrRead[0]).getAll('include').includes('status.images'), `a page of them, names and images: ${ ecrRead[0].url }`);
    const steve = (r: { url: string }) => r.url.startsWith(`/k8s/clusters/${ clusterId }/v1/`);

    for (const r of reads.filter((x) => steve(x) && !nodeLists.includes(x))) {
      assert.ok(q(r).getAll('exclude').includes('metadata.managedFields'), `${ r.url } leaves out managed fields`);
    }
    assert.ok(reads.every((r) => r.status < 500), 'no downstream read failed');
    assert.ok(reads.filter(steve).every((r) => r.encoding === 'gzip'), 'Steve compresses what it sends, as Rancher does');
    assert.deepEqual(d.session.pageErrors, [], 'no page errors');
  });
});

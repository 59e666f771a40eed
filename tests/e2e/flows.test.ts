/**
 * End-to-end migration flows: the engine's plan carried out step by step against the simulated Rancher through
 * its HTTP API (tests/e2e/flowDriver.ts), with the cluster's health checked after every step and the end state
 * checked the way the simulator computes what every node runs (`sim.cattle.io/*` annotations).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import {
  planMigration, checkMigrationLease, checkCordon, controlPlaneNodes, MIGRATION_LEASE, CCM_DAEMONSET,
} from '../../pkg/cloud-provider-migration/engine';
import type { Distro, NodeLike, PlanStep } from '../../pkg/cloud-provider-migration/engine';
import { listLeases } from '../../pkg/cloud-provider-migration/api';
import {
  apiLogin, BrowserSession, login, openBrowser, openMigrationTab, screenshot, Sim, startSim, USERS
} from './harness';
import { readTab } from './tabPage';
import { describeCheck, FlowDriver, type FlowTarget } from './flowDriver';

const SPEED = 200;
const ANN = {
  componentErrors:    'sim.cattle.io/component-errors',
  kubeletCloud:       'sim.cattle.io/kubelet-cloud-provider',
  apiserverCloud:     'sim.cattle.io/kube-apiserver-cloud-provider',
  kcmCloud:           'sim.cattle.io/kcm-cloud-provider',
  kcmLeaderMigration: 'sim.cattle.io/kcm-leader-migration',
  kcmArgs:            'sim.cattle.io/kcm-args',
  kubeletArgs:        'sim.cattle.io/kubelet-args',
  apiserverArgs:      'sim.cattle.io/kube-apiserver-args',
  unmigratedKcm:      'sim.cattle.io/unmigrated-kcm',
  concurrentEdit:     'sim.cattle.io/concurrent-edit',
};

function annotation(node: NodeLike, key: string): string | undefined {
  return node.metadata.annotations?.[key];
}

function jsonList(value: string | undefined): string[] {
  return value ? JSON.parse(value) : [];
}

function providerIds(nodes: NodeLike[]): Record<string, string | undefined> {
  return Object.fromEntries(nodes.map((n) => [n.metadata.name, n.spec?.providerID]));
}

/**
 * After every step: no node NotReady, no component that failed to start, no helm-controller install pod left
 * Pending (a stuck Job), and no KCM running the cloud loops outside leader migration while the lease exists.
 */
async function assertHealthy(step: PlanStep, driver: FlowDriver): Promise<void> {
  const where = `${ driver.target.name } after ${ step.id }`;
  const nodes = await driver.wholeNodes();

  for (const node of nodes) {
    const ready = (node.status?.conditions || []).find((c) => c.type === 'Ready');

    assert.equal(ready?.status, 'True', `${ where }: node ${ node.metadata.name } is not Ready`);
    assert.deepEqual(jsonList(annotation(node, ANN.componentErrors)), [], `${ where }: node ${ node.metadata.name } has failing components`);
  }
  const pods = await driver.downstreamList('pods', 'kube-system');
  const stuck = pods.filter((p) => p.metadata.name.startsWith('helm-install-') && p.status?.phase === 'Pending');

  assert.deepEqual(stuck.map((p) => `${ p.metadata.name }: ${ JSON.stringify(p.status?.conditions) }`), [], `${ where }: a helm install Job is stuck`);
  const lease = (await driver.downstreamList('coordination.k8s.io.leases', 'kube-system')).find((l) => l.metadata.name === MIGRATION_LEASE);

  assert.ok(!lease?.metadata?.annotations?.[ANN.unmigratedKcm], `${ where }: KCM without leader migration runs the cloud loops: ${ lease?.metadata?.annotations?.[ANN.unmigratedKcm] }`);
}

/** The end state every migrated cluster shares, as the simulator computes what the nodes run. */
async function assertRunsExternal(driver: FlowDriver, distro: Distro, idsBefore: Record<string, string | undefined>): Promise<NodeLike[]> {
  const nodes = await driver.wholeNodes();
  const cps = controlPlaneNodes(nodes, distro);

  assert.ok(cps.length > 0, 'control-plane nodes found');
  for (const node of nodes) {
    assert.equal(annotation(node, ANN.kubeletCloud), 'external', `kubelet of ${ node.metadata.name }`);
  }
  for (const node of cps) {
    const name = node.metadata.name;

    assert.equal(annotation(node, ANN.kcmCloud), 'external', `KCM of ${ name }`);
    assert.equal(annotation(node, ANN.apiserverCloud), 'external', `kube-apiserver of ${ name }`);
    assert.notEqual(annotation(node, ANN.kcmLeaderMigration), 'true', `KCM of ${ name } still runs enable-leader-migration`);
    assert.ok(!jsonList(annotation(node, ANN.kcmArgs)).some((a) => a.includes('enable-leader-migration')), `KCM args of ${ name }`);
  }
  assert.deepEqual(providerIds(nodes), idsBefore, 'ProviderIDs are unchanged');
  const uncordoned = checkCordon(nodes, distro, 'uncordoned');

  assert.equal(uncordoned.state, 'done', describeCheck(uncordoned));

  return nodes;
}

async function assertMigratedPlan(driver: FlowDriver): Promise<void> {
  const plan = await driver.plan();

  assert.equal(plan.status, 'migrated');
  const updates = plan.steps.filter((s) => s.action === 'update-cluster');

  assert.ok(updates.length > 0);
  assert.deepEqual(updates.filter((s) => !s.done).map((s) => s.id), [], 'every update step is done on the final object');
}

/** `<host>_<uuid>` of a CCM pod: its node and its process instance (`sim.cattle.io/instance`, else its uid). */
function ccmPodIdentity(pod: Record<string, any>): string {
  return `${ pod.spec?.nodeName }_${ pod.metadata?.annotations?.['sim.cattle.io/instance'] || pod.metadata?.uid }`;
}

/**
 * Verifies, at the lease verification step, that a CCM took the migration lease, and remembers every CCM process
 * identity seen during the flow: after each step, and every few milliseconds in between until `stop()` (a CCM that
 * an image upgrade started takes the lease and can be replaced by the cleanup's rollout before the next step ends).
 * When the cleanup step restarts the CCMs without leader migration, nobody renews the lease and it keeps naming one
 * of those processes.
 */
function leaseRecorder(driver: FlowDriver): { verified: boolean; ccmIdentities: Set<string>; hook: (step: PlanStep) => Promise<void>; stop: () => Promise<void> } {
  const ccmIdentities = new Set<string>();
  let watching = true;
  const sample = async () => {
    const pods = await driver.downstreamList('pods', 'kube-system');

    pods.filter((p) => (p.metadata.ownerReferences || []).some((o: any) => o.kind === 'DaemonSet' && o.name === CCM_DAEMONSET.name)).forEach((p) => ccmIdentities.add(ccmPodIdentity(p)));
  };
  // Stops by itself once a read fails (the simulator stopped after a failed test).
  const watcher = (async () => {
    while (watching) {
      await sample().catch(() => {
        watching = false;
      });
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const rec = {
    verified: false,
    ccmIdentities,
    hook:          async (step: PlanStep) => {
      await sample();
      if (step.id === 'verify-migration-lease') {
        const verdict = checkMigrationLease(await listLeases(driver.store, driver.target.clusterId), 'ccm');

        assert.equal(verdict.state, 'done', describeCheck(verdict));
        rec.verified = true;
      }
    },
    stop: async () => {
      watching = false;
      await watcher;
    },
  };

  return rec;
}

/** The migration lease names a CCM process seen during the flow, never a KCM that runs now. */
async function assertLeaseHeldByCcm(driver: FlowDriver, rec: ReturnType<typeof leaseRecorder>, nodes: NodeLike[]): Promise<void> {
  await rec.stop();
  const holder = (await listLeases(driver.store, driver.target.clusterId)).find((l) => l.metadata.name === MIGRATION_LEASE)?.spec?.holderIdentity || '';
  const kcms = nodes.map((n) => `${ n.metadata.name }_${ annotation(n, 'sim.cattle.io/kcm-instance') }`);

  assert.ok(rec.verified, 'the lease was verified during the flow');
  assert.ok(rec.ccmIdentities.has(holder), `holder ${ holder } is a CCM process (${ [...rec.ccmIdentities].join(', ') })`);
  assert.ok(!kcms.includes(holder), `holder ${ holder } is not a KCM`);
  assert.ok(controlPlaneNodes(nodes, driver.target.distro).some((n) => holder.startsWith(`${ n.metadata.name }_`)), `holder ${ holder } runs on a control-plane node`);
}

describe('migration flows on simulated Rancher 2.13', () => {
  let sim: Sim;
  let cookie: string;
  let session: BrowserSession | undefined;

  before(async () => {
    sim = await startSim({ rancher: '2.13', speed: SPEED });
    cookie = await apiLogin(sim);
  });

  after(async () => {
    await session?.close();
    await sim?.stop();
  });

  it('migrates prod-rke2 with leader migration and the upgrade to 1.27, healthy after every step', async () => {
    const target: FlowTarget = {
      name: 'prod-rke2', clusterId: 'c-m-prod0001', distro: 'rke2', options: { strategy: 'leader-migration', targetVersion: 'v1.27.16+rke2r1' }
    };
    const driver = new FlowDriver(sim, cookie, target);
    const idsBefore = providerIds(await driver.wholeNodes());
    const lease = leaseRecorder(driver);
    const initial = await driver.runPlan(async (step, d) => {
      await lease.hook(step);
      await assertHealthy(step, d);
    });

    assert.equal(initial.status, 'in-tree');
    assert.deepEqual(driver.records.map((r) => r.id), initial.steps.map((s) => s.id), 'every step was carried out');
    // The plan ends with the (optional) cleanup write and no wait after it: wait as an admin would.
    await driver.settle();
    const job = await driver.downstream('batch.jobs', 'kube-system/helm-install-aws-cloud-controller-manager');

    assert.equal(job?.status?.succeeded, 1, `the CCM install Job completed: ${ JSON.stringify(job?.status) }`);
    assert.ok(driver.records.filter((r) => r.write).every((r) => r.write === 'applied'), JSON.stringify(driver.records));

    const nodes = await assertRunsExternal(driver, 'rke2', idsBefore);

    for (const node of nodes) {
      assert.equal((node as any).status?.nodeInfo?.kubeletVersion, 'v1.27.16+rke2r1', `kubelet version of ${ node.metadata.name }`);
    }
    const final = await driver.readCluster();

    assert.equal(final.spec.kubernetesVersion, 'v1.27.16+rke2r1');
    await assertLeaseHeldByCcm(driver, lease, nodes);
    const ds = await driver.downstream('apps.daemonsets', `${ CCM_DAEMONSET.namespace }/${ CCM_DAEMONSET.name }`);

    assert.ok(!JSON.stringify(ds?.spec?.template?.spec?.containers).includes('enable-leader-migration'), 'the cleanup step removed the flag from the CCM');
    await assertMigratedPlan(driver);
  });

  it('shows prod-rke2 as finished in the tab: its completion summary, live steps done from observations', async () => {
    session = await openBrowser();
    await login(session.page, sim.url, USERS.admin);
    await openMigrationTab(session.page, sim.url, 'prod-rke2');
    const deadline = Date.now() + 30000;
    let tab = await readTab(session.page);

    // The summary replaces the steps once every required step, the live ones included, is done from observations.
    while (tab.view !== 'completion' && Date.now() < deadline) {
      await session.page.waitForTimeout(250);
      tab = await readTab(session.page);
    }
    await screenshot(session.page, 'flow-prod-rke2-migrated');
    const plan = planMigration((await sim.api('/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2', { cookie })).json);

    assert.equal(tab.view, 'completion');
    assert.equal(tab.status, 'migrated');
    assert.equal(plan.status, 'migrated');
    // The flow ran the optional cleanup too: no step is left to show.
    assert.deepEqual(tab.steps.filter((s) => !s.done).map((s) => s.id), []);
    assert.deepEqual(session.pageErrors, []);
  });

  it('migrates the single-node edge-rke2 with the downtime strategy', async () => {
    const target: FlowTarget = {
      name: 'edge-rke2', clusterId: 'c-m-edge0001', distro: 'rke2', options: { strategy: 'downtime' }
    };
    const driver = new FlowDriver(sim, cookie, target);
    const idsBefore = providerIds(await driver.wholeNodes());
    const initial = await driver.runPlan(assertHealthy);

    assert.deepEqual(initial.steps.map((s) => s.action), ['update-cluster', 'wait-cluster', 'wait-rollout', 'verify']);
    assert.equal(initial.strategy, 'downtime');
    const nodes = await assertRunsExternal(driver, 'rke2', idsBefore);

    assert.equal(nodes.length, 1);
    await assertMigratedPlan(driver);
  });

  it('migrates legacy-rke2 keeping its other manifests and KCM args, dropping the CSIMigrationAWS gates', async () => {
    const target: FlowTarget = {
      name: 'legacy-rke2', clusterId: 'c-m-lgcy0001', distro: 'rke2', options: { strategy: 'leader-migration' }
    };
    const driver = new FlowDriver(sim, cookie, target);
    const before = await driver.readCluster();
    const manifestBefore: string = before.spec.rkeConfig.additionalManifest;
    const documentsBefore = parseAllDocuments(manifestBefore).map((d) => manifestBefore.slice(d.range[0], d.range[2]).trim());
    const idsBefore = providerIds(await driver.wholeNodes());
    const initial = await driver.runPlan(async (step, d) => {
      await assertHealthy(step, d);
      // The control-plane KCM keeps the user's arg at every point of the migration.
      for (const node of controlPlaneNodes(await d.wholeNodes(), 'rke2')) {
        assert.ok(jsonList(annotation(node, ANN.kcmArgs)).includes('node-monitor-grace-period=50s'), `after ${ step.id }: KCM args of ${ node.metadata.name }: ${ annotation(node, ANN.kcmArgs) }`);
      }
    });
    const switchStep = initial.steps.find((s) => s.id === 'switch-to-external');

    assert.ok(switchStep?.warnings.some((w) => w.key === 'steps.warnings.cloudConfig'), 'the plan warns about cloud-provider-config');
    assert.equal(documentsBefore.length, 2);
    await driver.settle();
    const manifestAfter: string = (await driver.readCluster()).spec.rkeConfig.additionalManifest;

    for (const doc of documentsBefore) {
      assert.ok(manifestAfter.includes(doc), `document kept byte for byte:\n${ doc }\n--- in ---\n${ manifestAfter }`);
    }
    const nodes = await assertRunsExternal(driver, 'rke2', idsBefore);

    for (const node of nodes) {
      for (const key of [ANN.kubeletArgs, ANN.kcmArgs, ANN.apiserverArgs]) {
        assert.ok(!(annotation(node, key) || '').includes('CSIMigrationAWS'), `${ key } of ${ node.metadata.name }: ${ annotation(node, key) }`);
      }
    }
    assert.ok(await driver.downstream('namespaces', 'team-tools'), 'the other manifest documents are still applied');
    await assertMigratedPlan(driver);
  });
});

describe('migration flows on simulated Rancher 2.11', () => {
  let sim: Sim;
  let cookie: string;

  before(async () => {
    sim = await startSim({ rancher: '2.11', speed: SPEED });
    cookie = await apiLogin(sim);
  });

  after(async () => {
    await sim?.stop();
  });

  it('migrates the RKE1 cluster c-rke1a: chart with the computed values on the control plane, switch to external-aws', async () => {
    const target: FlowTarget = {
      name: 'c-rke1a', clusterId: 'c-rke1a', distro: 'rke1', options: { strategy: 'leader-migration' }
    };
    const driver = new FlowDriver(sim, cookie, target);
    const idsBefore = providerIds(await driver.wholeNodes());
    const lease = leaseRecorder(driver);
    const initial = await driver.runPlan(async (step, d) => {
      await lease.hook(step);
      await assertHealthy(step, d);
      if (step.id === 'install-ccm') {
        const app = await d.downstream('catalog.cattle.io.apps', `${ step.chart!.namespace }/${ step.chart!.name }`);

        assert.deepEqual(app?.spec?.values, step.chart!.values, 'the chart is installed with the computed values');
      }
      if (step.id === 'wait-ccm-rollout') {
        const nodes = await d.wholeNodes();
        const cps = controlPlaneNodes(nodes, 'rke1').map((n) => n.metadata.name);
        const ds = await d.downstream('apps.daemonsets', `${ CCM_DAEMONSET.namespace }/${ CCM_DAEMONSET.name }`);
        const pods = (await d.downstreamList('pods', 'kube-system')).filter((p) => (p.metadata.ownerReferences || []).some((o: any) => o.kind === 'DaemonSet' && o.name === CCM_DAEMONSET.name));

        assert.ok((ds?.status?.desiredNumberScheduled ?? 0) >= cps.length, `desired ${ ds?.status?.desiredNumberScheduled } >= ${ cps.length }`);
        assert.deepEqual([...new Set(pods.map((p) => p.spec?.nodeName))].sort(), [...cps].sort(), 'CCM pods run on the control-plane nodes');
      }
    }, async (step, d) => {
      if (step.id === 'uncordon-control-plane') {
        // RKE1 uncordons every control-plane host it processes: nothing is left for the step.
        const verdict = checkCordon(await d.wholeNodes(), 'rke1', 'uncordoned');

        assert.equal(verdict.state, 'done', describeCheck(verdict));
      }
    });

    assert.equal(initial.status, 'in-tree');
    await driver.settle();
    const final = await driver.readCluster();
    const app = await driver.downstream('catalog.cattle.io.apps', 'kube-system/aws-cloud-controller-manager');

    assert.ok(!JSON.stringify(app?.spec?.values?.args).includes('enable-leader-migration'), 'the cleanup upgrade dropped the flag');
    assert.equal(final.rancherKubernetesEngineConfig.cloudProvider.name, 'external-aws');
    assert.equal(final.rancherKubernetesEngineConfig.cloudProvider.useInstanceMetadataHostname, true);
    await assertLeaseHeldByCcm(driver, lease, await assertRunsExternal(driver, 'rke1', idsBefore));
    await assertMigratedPlan(driver);
  });

  it('waits at the CCM rollout while its DaemonSet never becomes ready, and goes on once it does', async () => {
    const target: FlowTarget = {
      name: 'legacy-rke2', clusterId: 'c-m-lgcy0001', distro: 'rke2', options: { strategy: 'leader-migration' }
    };
    const driver = new FlowDriver(sim, cookie, target, { timeoutMs: 4000 });

    await sim.control('faults', { daemonSetNeverReady: target.clusterId });
    try {
      for (const { id } of (await driver.plan()).steps) {
        if (id === 'wait-ccm-rollout') {
          break;
        }
        await driver.runStep((await driver.plan()).steps.find((s) => s.id === id)!);
      }
      const wait = (await driver.plan()).steps.find((s) => s.id === 'wait-ccm-rollout')!;

      // The engine's rollout check keeps waiting and says why, in kubectl's terms.
      await assert.rejects(driver.runStep(wait), /timed out .*Waiting for DaemonSet kube-system\/aws-cloud-controller-manager: 0 of \d+ updated pods available/);
    } finally {
      await sim.control('faults', { clear: true });
    }
    const wait = (await driver.plan()).steps.find((s) => s.id === 'wait-ccm-rollout')!;

    await driver.runStep(wait);
  });

  it('survives a concurrent edit (409) on every update step of prod-rke2 without losing it', async () => {
    const target: FlowTarget = {
      name: 'prod-rke2', clusterId: 'c-m-prod0001', distro: 'rke2', options: { strategy: 'leader-migration', targetVersion: 'v1.27.16+rke2r1' }
    };
    const driver = new FlowDriver(sim, cookie, target);
    const idsBefore = providerIds(await driver.wholeNodes());
    const edits: string[] = [];
    let conflicts = 0;

    const initial = await driver.runPlan(async (step, d) => {
      if (step.action === 'update-cluster') {
        const now = await d.readCluster();
        const edit = now.metadata.annotations?.[ANN.concurrentEdit];

        assert.ok(edit && !edits.includes(edit), `${ step.id }: the concurrent edit is kept (${ edit })`);
        edits.push(edit);
        const puts = d.requests.filter((r) => r.startsWith('PUT '));

        assert.deepEqual(puts.slice(-2).map((r) => r.split(' ').pop()), ['409', '200'], `${ step.id }: one 409, then a write derived from the fresh object`);
        conflicts++;
      }
      await assertHealthy(step, d);
    }, async (step) => {
      if (step.action === 'update-cluster') {
        await sim.control('faults', { conflictNext: { type: 'provisioning.cattle.io.cluster', id: 'fleet-default/prod-rke2', count: 1 } });
      }
    });

    assert.equal(conflicts, initial.steps.filter((s) => s.action === 'update-cluster').length);
    assert.ok(conflicts >= 3);
    await driver.settle();
    assert.ok(driver.records.filter((r) => r.write).every((r) => r.write === 'applied'), JSON.stringify(driver.records));
    await assertRunsExternal(driver, 'rke2', idsBefore);
    await assertMigratedPlan(driver);
  });
});

/**
 * @jest-environment jsdom
 */
// tsc has no `*.vue` module declaration of its own (tsconfig `types` lists node and jest only); the shell's
// is a global declaration file, which only a reference can pull in.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
import { reactive } from 'vue';
import { NODE_LIST_QUERY } from '../../__tests__/downstreamUrls';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import MigrationTab from '../MigrationTab.vue';
import { existingCcmOf, planMigration, isMigrationError, applyObservations, currentStep } from '../../engine';
import type { MigrationPlan } from '../../engine';
import { readObservations } from '../../api';
import { LIVE_POLL_MS } from '../../composables/useMigrationPlan';
import { parsePatch, structuredPatch } from 'diff';
import cleanHtml from '@shell/directives/clean-html';
import YamlEditorStub, { EDITOR_MODES } from './yamlEditorStub';
import {
  HTML_TEXT, RKE1_ID, RKE2_MGMT_ID, k3sCluster, nodesFor, rke1Norman, rke1Provisioning, rke2InTree, rke2InvalidManifest
} from './clusters';
import {
  downstreamRoutes, fakeStore, httpError, type Answer, type FakeStore, type Routes
} from '../../__tests__/fakeStore';
import { shellGlobal } from './mountOptions';

jest.mock('@shell/components/YamlEditor.vue', () => require('./yamlEditorStub'));
// The shell's copy control writes through this util; the test sees what it was asked to copy.
jest.mock('@shell/utils/clipboard', () => ({ copyTextToClipboard: jest.fn(() => Promise.resolve()) }));

let mounted: VueWrapper<any> | undefined;
let store: FakeStore;

async function mountTab(resource: Record<string, any>, routes: Routes, withStore?: FakeStore): Promise<VueWrapper<any>> {
  store = withStore || fakeStore(routes);
  mounted = mount(MigrationTab, {
    props:  { resource },
    global: shellGlobal(store, { directives: { 'clean-html': cleanHtml } }),
  });
  await settle();

  return mounted;
}

/** Lets the tab's reads (source, then live observations) resolve. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises();
  }
}

function renderedStepIds(w: VueWrapper<any>): string[] {
  return w.findAll('[data-testid^="cpm-step-"][data-action]').map((el) => el.attributes('data-testid')!.replace(/^cpm-step-/, ''));
}

function testid(w: VueWrapper<any>, id: string) {
  return w.find(`[data-testid="${ id }"]`);
}

/** The provisioning cluster as Rancher serves it once reconciled (the tab reads it beside the management cluster). */
function reconciledProvisioning(): Record<string, any> {
  const obj = rke2InTree();

  return { ...obj, status: { ...obj.status, observedGeneration: obj.metadata.generation || 1, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] } };
}

function rke2Routes(): Routes {
  return { 'management GET /v1/provisioning.cattle.io.clusters/fleet-default/prod-east': { ok: reconciledProvisioning() }, ...downstreamRoutes(RKE2_MGMT_ID, nodesFor('rke2')) };
}

function rke1Routes(norman: Answer = { ok: rke1Norman() }): Routes {
  return { [`rancher GET /v3/clusters/${ RKE1_ID }`]: norman, ...downstreamRoutes(RKE1_ID, nodesFor('rke1')) };
}

/** The plan the tab must show: the engine's plan with the same observations the tab read. */
/** The plan the tab should show: planned with what the live cluster tells (a CCM found, the nodes), then judged. */
async function expectedPlan(obj: Record<string, any>, routes: Routes, clusterId: string, options = {}): Promise<MigrationPlan> {
  const distro = planMigration(obj, options).detection.kind as 'rke2' | 'rke1';
  const obs = await readObservations(fakeStore(routes), { clusterId, distro, preflight: true });

  return applyObservations(planMigration(obj, { ...options, existingCcm: existingCcmOf(obs.daemonSet), nodes: obs.nodes }), obs);
}

afterEach(() => {
  // Read-only tab: whatever a test did, nothing was written.
  expect(store.calls.filter((c) => c.method !== 'get')).toEqual([]);
  mounted?.unmount();
  mounted = undefined;
});

describe('the migration tab on an RKE2 cluster on in-tree aws', () => {
  it('renders the steps of the engine plan, in order, with their done flags and actions', async () => {
    const w = await mountTab(rke2InTree(), rke2Routes());
    const expected = await expectedPlan(rke2InTree(), rke2Routes(), RKE2_MGMT_ID);

    expect(expected.steps.length).toBeGreaterThan(0);
    expect(renderedStepIds(w)).toEqual(expected.steps.map((s) => s.id));
    for (const step of expected.steps) {
      const el = testid(w, `cpm-step-${ step.id }`);

      expect(el.attributes('data-done')).toBe(String(step.done));
      expect(el.attributes('data-action')).toBe(step.action);
    }
  });

  it('shows the detected status, distro, version and provider the engine reports', async () => {
    const w = await mountTab(rke2InTree(), rke2Routes());
    const plan = planMigration(rke2InTree());

    expect(testid(w, 'cpm-status').attributes('data-status')).toBe(plan.status);
    expect(testid(w, 'cpm-status').text()).toBe(`cloudProviderMigration.status.${ plan.status }`);
    expect(testid(w, 'cpm-distro').attributes('data-distro')).toBe('rke2');
    expect(testid(w, 'cpm-k8s-version').text()).toBe(plan.detection.kubernetesVersion);
    expect(testid(w, 'cpm-provider').text()).toBe(plan.detection.effectiveProvider);
    for (const location of plan.detection.providerLocations) {
      expect(testid(w, 'cpm-provider-locations').text()).toContain(location.path);
    }
    expect(testid(w, 'cpm-support-matrix').exists()).toBe(true);
  });

  it('lists every pre-flight check with its severity', async () => {
    const w = await mountTab(rke2InTree(), rke2Routes());
    const plan = await expectedPlan(rke2InTree(), rke2Routes(), RKE2_MGMT_ID);

    for (const check of plan.preflight) {
      expect(testid(w, `cpm-preflight-${ check.id }`).attributes('data-severity')).toBe(check.severity);
    }
    expect(w.findAll('[data-testid^="cpm-preflight-"][data-severity]')).toHaveLength(plan.preflight.length);
  });

  it('re-plans for the downtime strategy when it is chosen, and that plan has no cordon step', async () => {
    const w = await mountTab(rke2InTree(), rke2Routes());

    expect(renderedStepIds(w)).toContain('cordon-control-plane');

    await testid(w, 'cpm-strategy-downtime').trigger('click');
    await settle();

    const downtime = planMigration(rke2InTree(), { strategy: 'downtime' });

    expect(renderedStepIds(w)).toEqual(downtime.steps.map((s) => s.id));
    expect(renderedStepIds(w)).not.toContain('cordon-control-plane');

    await testid(w, 'cpm-strategy-leader-migration').trigger('click');
    await settle();
    expect(renderedStepIds(w)).toEqual(planMigration(rke2InTree(), { strategy: 'leader-migration' }).steps.map((s) => s.id));
  });

  it('renders each update step diff and each step command list exactly as the engine writes them', async () => {
    const w = await mountTab(rke2InTree(), rke2Routes());
    const plan = planMigration(rke2InTree());
    const withDiff = plan.steps.filter((s) => s.diff);
    const withCommands = plan.steps.filter((s) => s.commands?.length);

    expect(withDiff.length).toBeGreaterThan(0);
    for (const step of withDiff) {
      expect(testid(w, `cpm-step-${ step.id }-diff-text`).text()).toBe(step.diff!.replace(/\n$/, ''));
    }
    for (const step of withCommands) {
      expect(testid(w, `cpm-step-${ step.id }-commands`).text()).toBe(step.commands!.join('\n'));
    }
  });

  it('gives the shell diff editor of each step the two texts whose diff the engine wrote', async () => {
    const w = await mountTab(rke2InTree(), rke2Routes());
    const withDiff = planMigration(rke2InTree()).steps.filter((s) => s.diff);

    expect(withDiff.length).toBeGreaterThan(1);
    for (const step of withDiff) {
      const container = testid(w, `cpm-step-${ step.id }-diff`);

      if (container.find('[aria-expanded="false"]').exists()) {
        await testid(w, `cpm-step-${ step.id }-diff-toggle`).trigger('click');
      }
      const editor = container.findComponent(YamlEditorStub);

      expect(editor.props('editorMode')).toBe(EDITOR_MODES.DIFF_CODE);
      expect(structuredPatch('a', 'b', String(editor.props('initialYamlValues')), String(editor.props('value'))).hunks).toEqual(parsePatch(step.diff!)[0].hunks);
    }
  });

  it('expands the diff of the next step only', async () => {
    const w = await mountTab(rke2InTree(), rke2Routes());
    const expanded = w.findAll('[data-testid$="-diff-toggle"][aria-expanded="true"]').map((el) => el.attributes('data-testid'));
    const next = w.findAll('[data-state="next"][data-action]').map((el) => `${ el.attributes('data-testid') }-diff-toggle`);

    expect(next).toHaveLength(1);
    expect(expanded).toEqual(next);
    expect(w.findAllComponents(YamlEditorStub)).toHaveLength(1);
  });

  it('copies a step command list with the shell\'s copy control, which says so and then resets', async () => {
    const { copyTextToClipboard } = jest.requireMock('@shell/utils/clipboard');
    const w = await mountTab(rke2InTree(), rke2Routes());
    const step = planMigration(rke2InTree()).steps.find((s) => s.commands?.length);

    expect(step).toBeDefined();
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const button = testid(w, `cpm-step-${ step!.id }-commands-copy`);

      await button.trigger('click');
      await flushPromises();
      expect(copyTextToClipboard).toHaveBeenCalledWith(step!.commands!.join('\n'));
      expect(button.text()).toContain('ui.step.copied');
      jest.advanceTimersByTime(2500);
      await flushPromises();
      expect(button.text()).toContain('ui.step.copy');
      expect(button.text()).not.toContain('ui.step.copied');
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows the live verdict of every step the engine judged from the observations', async () => {
    const w = await mountTab(rke2InTree(), rke2Routes());
    const expected = await expectedPlan(rke2InTree(), rke2Routes(), RKE2_MGMT_ID);
    const judged = expected.steps.filter((s) => s.check);

    expect(judged.length).toBeGreaterThan(0);
    for (const step of judged) {
      expect(testid(w, `cpm-step-${ step.id }-check`).attributes('data-state')).toBe(step.check!.state);
    }
    expect(testid(w, 'cpm-live-error').exists()).toBe(false);
  });

  describe('while a live step is open', () => {
    beforeEach(() => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    });
    afterEach(() => {
      jest.useRealTimers();
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    });

    /** The cluster with the first change made: the migration is under way and live steps are open. */
    const started = () => planMigration(rke2InTree()).steps.find((s) => s.action === 'update-cluster')!.object!;

    function cordonRoutes() {
      let nodes = nodesFor('rke2');
      let failing = false;
      const routes: Routes = {
        ...rke2Routes(),
        [`management GET /k8s/clusters/${ RKE2_MGMT_ID }/v1/nodes?${ NODE_LIST_QUERY }`]: () => (failing ? httpError(503, 'cluster agent is not connected') : { ok: { type: 'collection', data: nodes } }),
      };
      const cordonElsewhere = () => {
        nodes = nodes.map((n) => (n.metadata.labels['node-role.kubernetes.io/control-plane'] ? { ...n, spec: { ...n.spec, unschedulable: true } } : n));
      };
      const agentDown = () => {
        failing = true;
      };

      return { routes, cordonElsewhere, agentDown };
    }
    const nodeReads = () => store.calls.filter((c) => c.url === `/k8s/clusters/${ RKE2_MGMT_ID }/v1/nodes?${ NODE_LIST_QUERY }`).length;
    const cordonState = (w: VueWrapper<any>) => testid(w, 'cpm-step-cordon-control-plane-check').attributes('data-state');

    it('re-reads the live cluster every LIVE_POLL_MS, so a cordon made elsewhere shows without a reload', async () => {
      const { routes, cordonElsewhere } = cordonRoutes();
      const w = await mountTab(started(), routes);
      const before = cordonState(w);

      cordonElsewhere();
      const expected = await expectedPlan(started(), routes, RKE2_MGMT_ID);
      const after = expected.steps.find((s) => s.id === 'cordon-control-plane')!.check!.state;

      expect(after).not.toBe(before);
      jest.advanceTimersByTime(LIVE_POLL_MS - 1);
      await settle();
      expect(cordonState(w)).toBe(before);
      jest.advanceTimersByTime(1);
      await settle();
      expect(cordonState(w)).toBe(after);
    });

    it('does not poll while the page is hidden, nor after the tab is gone', async () => {
      const { routes } = cordonRoutes();

      await mountTab(started(), routes);
      const initial = nodeReads();

      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      jest.advanceTimersByTime(LIVE_POLL_MS);
      await settle();
      expect(nodeReads()).toBe(initial);

      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
      jest.advanceTimersByTime(LIVE_POLL_MS);
      await settle();
      expect(nodeReads()).toBe(initial + 1);

      mounted!.unmount();
      mounted = undefined;
      jest.advanceTimersByTime(LIVE_POLL_MS);
      await settle();
      expect(nodeReads()).toBe(initial + 1);
    });

    it('does not poll while another tab of the detail page is selected (the shell hides ours with v-show)', async () => {
      const { routes } = cordonRoutes();
      const w = await mountTab(started(), routes);
      const initial = nodeReads();

      w.element.parentElement!.style.display = 'none';
      jest.advanceTimersByTime(LIVE_POLL_MS);
      await settle();
      expect(nodeReads()).toBe(initial);

      w.element.parentElement!.style.display = '';
      jest.advanceTimersByTime(LIVE_POLL_MS);
      await settle();
      expect(nodeReads()).toBe(initial + 1);
    });

    it('does not poll a cluster nobody has started migrating', async () => {
      const { routes } = cordonRoutes();

      await mountTab(rke2InTree(), routes);
      const initial = nodeReads();

      jest.advanceTimersByTime(LIVE_POLL_MS);
      await settle();
      expect(nodeReads()).toBe(initial);
    });

    it('keeps what it last saw when a poll fails, and says the live cluster cannot be read', async () => {
      const { routes, cordonElsewhere, agentDown } = cordonRoutes();
      const w = await mountTab(started(), routes);

      cordonElsewhere();
      jest.advanceTimersByTime(LIVE_POLL_MS);
      await settle();
      const seen = cordonState(w);

      agentDown();
      jest.advanceTimersByTime(LIVE_POLL_MS);
      await settle();
      expect(testid(w, 'cpm-live-error').attributes('data-code')).toBe('API_UNAVAILABLE');
      expect(cordonState(w)).toBe(seen);
    });
  });

  it('keeps the plan and shows a banner when the live cluster cannot be read', async () => {
    const routes = { ...rke2Routes(), [`management GET /k8s/clusters/${ RKE2_MGMT_ID }/v1/nodes?${ NODE_LIST_QUERY }`]: httpError(503, 'cluster agent is not connected') };
    const w = await mountTab(rke2InTree(), routes);

    expect(testid(w, 'cpm-live-error').exists()).toBe(true);
    expect(testid(w, 'cpm-live-error').attributes('data-code')).toBe('API_UNAVAILABLE');
    expect(renderedStepIds(w)).toEqual(planMigration(rke2InTree()).steps.map((s) => s.id));
  });

  it('keeps the last valid plan and explains why when the target version is rejected', async () => {
    const target = 'v1.40.0+rke2r1';
    let rejected: unknown;

    try {
      planMigration(rke2InTree(), { targetVersion: target });
    } catch (e) {
      rejected = e;
    }
    expect(isMigrationError(rejected)).toBe(true);

    const w = await mountTab(rke2InTree(), rke2Routes());

    await testid(w, 'cpm-target-version').setValue(target);
    await settle();

    expect(testid(w, 'cpm-option-error').exists()).toBe(true);
    expect(testid(w, 'cpm-error').exists()).toBe(false);
    expect(renderedStepIds(w)).toEqual(planMigration(rke2InTree()).steps.map((s) => s.id));
  });

  it('plans with the target version picked from the versions Rancher offers', async () => {
    const target = 'v1.27.16+rke2r1';
    const release = (version: string) => ({ id: version, type: 'release', version, serverArgs: {}, agentArgs: {} });
    const routes = { ...rke2Routes(), 'management GET /v1-rke2-release/releases': { ok: { type: 'collection', data: [release(target), release('v1.28.15+rke2r1')] } } };
    const upgraded = planMigration(rke2InTree(), { targetVersion: target }).steps.map((s) => s.id);

    expect(upgraded).not.toEqual(planMigration(rke2InTree()).steps.map((s) => s.id));
    const w = await mountTab(rke2InTree(), routes);

    expect(testid(w, 'cpm-target-version').exists()).toBe(false);
    const select = w.findComponent({ name: 'LabeledSelect' });

    expect(select.props('options').map((o: any) => o.value)).toEqual(['v1.26.15+rke2r1', target]);
    select.vm.$emit('update:value', target);
    await settle();

    expect(renderedStepIds(w)).toEqual(upgraded);
    expect(testid(w, 'cpm-option-error').exists()).toBe(false);
  });

  it('falls back to typing the target version when Rancher\'s list cannot be read, saying why', async () => {
    const routes = { ...rke2Routes(), 'management GET /v1-rke2-release/releases': httpError(403, 'releases is forbidden') };
    const w = await mountTab(rke2InTree(), routes);

    expect(testid(w, 'cpm-target-version-select').exists()).toBe(false);
    expect(testid(w, 'cpm-target-version-unavailable').attributes('data-code')).toBe('FORBIDDEN');
    await testid(w, 'cpm-target-version').setValue('v1.27.16+rke2r1');
    await settle();

    expect(renderedStepIds(w)).toEqual(planMigration(rke2InTree(), { targetVersion: 'v1.27.16+rke2r1' }).steps.map((s) => s.id));
  });

  it('tells a user who cannot edit the cluster that they cannot apply the plan', async () => {
    const w = await mountTab({ ...rke2InTree(), canUpdate: false }, rke2Routes());

    expect(testid(w, 'cpm-readonly').exists()).toBe(true);
    expect(renderedStepIds(w).length).toBeGreaterThan(0);
  });

  it('shows no read-only banner to a user who can edit the cluster', async () => {
    const w = await mountTab({ ...rke2InTree(), canUpdate: true }, rke2Routes());

    expect(testid(w, 'cpm-readonly').exists()).toBe(false);
  });

  it('marks the steps a half-migrated cluster has done, and the first one left as next', async () => {
    const afterFirst = planMigration(rke2InTree()).steps.find((s) => s.action === 'update-cluster')!.object!;
    const w = await mountTab(afterFirst, rke2Routes());
    const expected = await expectedPlan(afterFirst, rke2Routes(), RKE2_MGMT_ID);
    const next = currentStep(expected);

    expect(expected.steps.some((s) => s.done)).toBe(true);
    expect(next).toBeDefined();
    expect(testid(w, 'cpm-status').attributes('data-status')).toBe(expected.status);
    for (const step of expected.steps) {
      expect(testid(w, `cpm-step-${ step.id }`).attributes('data-state')).toBe(step.done ? 'done' : step.id === next!.id ? 'next' : 'pending');
    }
  });

  it('follows the store instance of the cluster when a list load replaced the page copy, then its websocket changes', async () => {
    const pageCopy = rke2InTree();
    const routes = rke2Routes();

    store = fakeStore(routes);
    const w = await mountTab(pageCopy, routes, store);
    const stepId = planMigration(pageCopy).steps.find((s) => s.action === 'update-cluster')!.id;

    expect(testid(w, `cpm-step-${ stepId }`).attributes('data-done')).toBe('false');

    // A list load replaces the store's instance with a new one (shell loadAll); the page keeps its copy.
    const storeCopy = reactive(rke2InTree());

    store.models.set(`${ pageCopy.type } ${ pageCopy.id }`, storeCopy);
    await settle();
    expect(testid(w, `cpm-step-${ stepId }`).attributes('data-done')).toBe('false');

    // Another admin applies the step: the websocket change lands on the store instance only.
    const applied = planMigration(pageCopy).steps.find((s) => s.id === stepId)!.object!;

    storeCopy.spec = applied.spec;
    storeCopy.metadata = { ...storeCopy.metadata, resourceVersion: `${ Number(storeCopy.metadata.resourceVersion) + 1 }` };
    await settle();
    expect(pageCopy.spec).toEqual(rke2InTree().spec);
    expect(testid(w, `cpm-step-${ stepId }`).attributes('data-done')).toBe('true');
  });

  it('keeps HTML from the cluster description and labels out of the page markup', async () => {
    const w = await mountTab(rke2InTree(), rke2Routes());

    expect(w.find('[data-injected]').exists()).toBe(false);
    expect(w.find('img').exists()).toBe(false);
  });
});

describe('the migration tab on an RKE1 cluster', () => {
  it('plans from the Norman cluster and renders its steps in order', async () => {
    const w = await mountTab(rke1Provisioning(), rke1Routes());
    const expected = await expectedPlan(rke1Norman(), rke1Routes(), RKE1_ID);

    expect(store.calls).toContainEqual({ action: 'rancher/request', url: `/v3/clusters/${ RKE1_ID }`, method: 'get' });
    expect(testid(w, 'cpm-distro').attributes('data-distro')).toBe('rke1');
    expect(renderedStepIds(w)).toEqual(expected.steps.map((s) => s.id));
    expect(testid(w, 'cpm-instance-metadata-hostname').exists()).toBe(true);
  });

  it('re-plans with the useInstanceMetadataHostname choice the engine asks for', async () => {
    const asked = await expectedPlan(rke1Norman(), rke1Routes(), RKE1_ID);
    const chosen = await expectedPlan(rke1Norman(), rke1Routes(), RKE1_ID, { useInstanceMetadataHostname: true });
    const ids = (checks: { id: string; severity: string }[]) => checks.map((c) => `${ c.id }:${ c.severity }`);

    expect(ids(chosen.preflight)).not.toEqual(ids(asked.preflight));

    const w = await mountTab(rke1Provisioning(), rke1Routes());
    const rendered = () => w.findAll('[data-testid^="cpm-preflight-"][data-severity]').map((el) => `${ el.attributes('data-testid')!.replace(/^cpm-preflight-/, '') }:${ el.attributes('data-severity') }`);

    expect(rendered()).toEqual(ids(asked.preflight));
    await testid(w, 'cpm-instance-metadata-hostname-true').trigger('click');
    await settle();
    expect(rendered()).toEqual(ids(chosen.preflight));
  });

  it('re-reads the Norman cluster when the management cluster configuration changes (RKE1 edits do not touch the provisioning object)', async () => {
    const applied = planMigration(rke1Norman()).steps.find((s) => s.action === 'update-cluster')!;
    let norman: Record<string, any> = rke1Norman();
    const routes = { ...rke1Routes(), [`rancher GET /v3/clusters/${ RKE1_ID }`]: () => ({ ok: norman }) };
    const mgmt = reactive({
      id: RKE1_ID, type: 'management.cattle.io.cluster', metadata: { name: RKE1_ID, resourceVersion: '500' }, spec: { rancherKubernetesEngineConfig: rke1Norman().rancherKubernetesEngineConfig }, status: { conditions: [] as any[] }
    });
    const normanReads = () => store.calls.filter((c) => c.url === `/v3/clusters/${ RKE1_ID }`).length;

    store = fakeStore(routes);
    store.models.set(`management.cattle.io.cluster ${ RKE1_ID }`, mgmt);
    const w = await mountTab(rke1Provisioning(), routes, store);

    expect(testid(w, `cpm-step-${ applied.id }`).attributes('data-done')).toBe('false');

    // Status churn during a rollout moves the revision but not the configuration: nothing is re-read.
    const readsBefore = normanReads();

    mgmt.metadata.resourceVersion = '501';
    mgmt.status.conditions = [{ type: 'Updated', status: 'Unknown' }];
    await settle();
    expect(normanReads()).toBe(readsBefore);

    norman = applied.object!;
    mgmt.metadata.resourceVersion = '502';
    mgmt.spec.rancherKubernetesEngineConfig = applied.object!.rancherKubernetesEngineConfig;
    await settle();
    expect(normanReads()).toBe(readsBefore + 1);
    expect(testid(w, `cpm-step-${ applied.id }`).attributes('data-done')).toBe('true');
  });

  it('shows an error banner, and no plan, when the Norman cluster cannot be read', async () => {
    const w = await mountTab(rke1Provisioning(), rke1Routes(httpError(403, 'clusters.management.cattle.io "c-7wz2k" is forbidden')));

    expect(testid(w, 'cpm-error').attributes('data-code')).toBe('FORBIDDEN');
    expect(renderedStepIds(w)).toEqual([]);
    expect(testid(w, 'cpm-tab').exists()).toBe(true);
  });

  it('renders a display name that contains HTML as text', async () => {
    const plan = planMigration(rke1Norman(HTML_TEXT));

    expect(plan.cluster.name).toBe(HTML_TEXT);

    const w = await mountTab(rke1Provisioning(), rke1Routes({ ok: rke1Norman(HTML_TEXT) }));

    expect(testid(w, 'cpm-cluster-name').text()).toBe(HTML_TEXT);
    expect(w.find('[data-injected]').exists()).toBe(false);
    expect(w.find('img').exists()).toBe(false);
  });
});

describe('the migration tab on clusters the migration does not apply to', () => {
  it('says why for a K3s cluster in one line, with no steps, choices or detected state', async () => {
    const w = await mountTab(k3sCluster(), {});
    const plan = planMigration(k3sCluster());
    const line = testid(w, 'cpm-not-applicable');

    expect(plan.status).toBe('not-applicable');
    expect(line.attributes()).toMatchObject({ 'data-status': 'not-applicable', 'data-distro': plan.detection.kind, 'data-reason': plan.reason!.key });
    expect(line.text()).toBe(`cloudProviderMigration.${ plan.reason!.key }`);
    // The line is the whole tab.
    expect(testid(w, 'cpm-tab').element.children).toHaveLength(1);
    expect(testid(w, 'cpm-status').exists()).toBe(false);
    expect(testid(w, 'cpm-strategy').exists()).toBe(false);
    expect(renderedStepIds(w)).toEqual([]);
  });

  it('plans an imported cluster from its provisioning object when its Norman cluster cannot be read', async () => {
    const imported = {
      ...rke1Provisioning(), id: 'fleet-default/c-imp12', isRke1: false, status: { clusterName: 'c-imp12', ready: true }
    };

    expect(planMigration(imported).status).toBe('not-applicable');

    const w = await mountTab(imported, { 'rancher GET /v3/clusters/c-imp12': httpError(404, 'clusters.management.cattle.io "c-imp12" not found') });

    expect(store.calls.map((c) => c.url)).toContain('/v3/clusters/c-imp12');
    expect(testid(w, 'cpm-error').exists()).toBe(false);
    expect(testid(w, 'cpm-not-applicable').attributes('data-status')).toBe('not-applicable');
  });
});

describe('the migration tab when the engine rejects the cluster', () => {
  it('shows the engine error code in an error banner for an invalid additionalManifest', async () => {
    let rejected: unknown;

    try {
      planMigration(rke2InvalidManifest());
    } catch (e) {
      rejected = e;
    }
    expect(isMigrationError(rejected) && rejected.code).toBe('INVALID_MANIFEST');

    const w = await mountTab(rke2InvalidManifest(), rke2Routes());

    expect(testid(w, 'cpm-error').attributes('data-code')).toBe('INVALID_MANIFEST');
    expect(testid(w, 'cpm-error').text()).toContain(`cloudProviderMigration.${ (rejected as any).messageKey }`);
    expect(renderedStepIds(w)).toEqual([]);
    expect(testid(w, 'cpm-support-matrix').exists()).toBe(true);
  });
});

/**
 * @jest-environment jsdom
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { parsePatch } from 'diff';
import { stringify } from 'yaml';
import ProgressHeader from '../ProgressHeader.vue';
import { FRESH_JOURNAL } from '../../composables/freshJournal';
import {
  migrationCost, OBJECT_YAML_OPTIONS, planMigration, readJournal, withJournalEntry,
} from '../../engine';
import type {
  Journal, JournalEntry, MigrationPlan, StepId, Topology,
} from '../../engine';
import type { StepRecord } from '../../api';
import YamlEditorStub, { EDITOR_MODES } from './yamlEditorStub';
import { rke1Norman, rke2InTree } from './clusters';
import { fakeStore, type FakeStore } from '../../__tests__/fakeStore';
import { shellGlobal } from './mountOptions';

jest.mock('@shell/components/YamlEditor.vue', () => require('./yamlEditorStub'));
/** What the header hands to the shell's download helper: file name, content, content type. */
const mockDownload = jest.fn<Promise<void>, [string, string, string?]>(async () => undefined);

jest.mock('@shell/utils/download', () => ({ downloadFile: (...args: [string, string, string?]) => mockDownload(...args) }));

const download = mockDownload;

let mounted: VueWrapper<any> | undefined;
let store: FakeStore;

function mountHeader(obj: Record<string, any>, props: { topology?: Topology; journal?: Journal; outcome?: any; clusterName?: string; blocker?: string; judge?: (plan: MigrationPlan) => MigrationPlan; fresh?: () => Promise<Journal>; acceptsLoadBalancers?: boolean } = {}): VueWrapper<any> {
  const plan = (props.judge || ((p: MigrationPlan) => p))(planMigration(obj));

  store = fakeStore({});
  mounted = mount(ProgressHeader, {
    props: {
      plan,
      nextStep:    plan.steps.find((s) => !s.done),
      cost:        migrationCost(plan, obj, props.topology),
      journal:     props.journal || readJournal(obj),
      outcome:     props.outcome,
      clusterName: props.clusterName || plan.detection.name,
      blocker:     props.blocker,
      ...(props.acceptsLoadBalancers === undefined ? {} : { acceptsLoadBalancers: props.acceptsLoadBalancers }),
    },
    global: shellGlobal(store, { provide: { ...(props.fresh ? { [FRESH_JOURNAL as symbol]: props.fresh } : {}) } }),
  });

  return mounted;
}

function testid(w: VueWrapper<any>, id: string) {
  return w.find(`[data-testid="${ id }"]`);
}

function firstUpdate(plan: MigrationPlan) {
  return plan.steps.find((s) => s.action === 'update-cluster')!;
}

beforeEach(() => {
  download.mockClear();
});

afterEach(() => {
  // The header only shows and offers: nothing it renders or downloads writes to the cluster.
  expect(store.calls).toEqual([]);
  mounted?.unmount();
  mounted = undefined;
});

describe('the journal download in the progress header', () => {
  /** The in-tree cluster with two journal entries: a step applied, then one that failed with a message. */
  function journalled(): Record<string, any> {
    const plan = planMigration(rke2InTree());
    const step = firstUpdate(plan);
    const applied: JournalEntry = {
      step: step.id, action: step.action, by: 'admin', at: '2025-03-01T10:00:00.000Z', result: 'applied', digest: 'd1g3st', snapshot: 'prod-east-pre-migration-1'
    };
    const failed: JournalEntry = {
      step: 'install-ccm', action: 'install-chart', by: 'ops|lead', at: '2025-03-01T10:05:00.000Z', result: 'failed', message: { key: 'ui.unexpectedError', params: { message: 'chart | repo unreachable' } }
    };

    return withJournalEntry(withJournalEntry(rke2InTree(), applied, { strategy: 'leader-migration' }), failed);
  }

  it('hands the Markdown report, with notes rendered by the tab, to the download as <cluster>-cloud-provider-migration.md', async () => {
    const w = mountHeader(journalled());

    expect(testid(w, 'cpm-journal-download').attributes('data-entries')).toBe('2');
    expect(testid(w, 'cpm-journal-download').text()).toContain('cloudProviderMigration.ui.journal.download');
    await testid(w, 'cpm-journal-download-markdown').trigger('click');
    await flushPromises();

    expect(download).toHaveBeenCalledTimes(1);
    const [name, content, type] = download.mock.calls[0];
    const rows = String(content).split('\n').filter((l) => /^\| 2025-/.test(l));

    expect(name).toBe('prod-east-cloud-provider-migration.md');
    expect(type).toBe('text/markdown;charset=utf-8');
    expect(content).toContain('# Cloud provider migration: prod-east');
    expect(content).toContain('Choices: strategy=leader-migration');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('| admin |');
    expect(rows[0]).toContain('| applied | d1g3st | prod-east-pre-migration-1 |');
    // The failure's message as the tab renders it (the test store's i18n/t), table cells escaped.
    expect(rows[1]).toContain('| ops\\|lead |');
    expect(rows[1]).toContain('| failed |');
    expect(rows[1]).toContain('cloudProviderMigration.ui.unexpectedError message=chart \\| repo unreachable');
  });

  it('reports the journal as the cluster holds it now, read fresh at the click; the page\'s copy when that read fails', async () => {
    const obj = journalled();
    const newer = withJournalEntry(obj, {
      step: 'cordon-control-plane', action: 'cordon', by: 'admin', at: '2025-03-01T10:09:00.000Z', result: 'done', nodes: ['cp-1'],
    });
    let fail = false;
    const w = mountHeader(obj, { fresh: async () => (fail ? Promise.reject(new Error('503')) : readJournal(newer)) });

    await testid(w, 'cpm-journal-download-markdown').trigger('click');
    await flushPromises();
    fail = true;
    await testid(w, 'cpm-journal-download-markdown').trigger('click');
    await flushPromises();

    const rows = download.mock.calls.map(([, content]) => String(content).split('\n').filter((l) => /^\| 2025-/.test(l)).length);

    expect(rows).toEqual([3, 2]);
  });

  it('hands the JSON report with both entries, the cluster and the choices to the download as <cluster>-cloud-provider-migration.json', async () => {
    const obj = journalled();
    const w = mountHeader(obj);

    await testid(w, 'cpm-journal-download-json').trigger('click');
    await flushPromises();

    expect(download).toHaveBeenCalledTimes(1);
    const [name, content, type] = download.mock.calls[0];
    const report = JSON.parse(String(content));

    expect(name).toBe('prod-east-cloud-provider-migration.json');
    expect(type).toBe('application/json;charset=utf-8');
    expect(report.cluster).toEqual({ name: 'prod-east', id: 'fleet-default/prod-east' });
    expect(report.choices).toEqual({ strategy: 'leader-migration' });
    expect(report.dropped).toBe(0);
    expect(report.entries).toEqual(readJournal(obj).entries);
    expect(report.entries).toHaveLength(2);
  });

  it('names the file after the cluster name shown, without path separators', async () => {
    const w = mountHeader(journalled(), { clusterName: 'team/prod east' });

    await testid(w, 'cpm-journal-download-markdown').trigger('click');
    await flushPromises();

    expect(download.mock.calls[0][0]).toBe('team-prod east-cloud-provider-migration.md');
  });

  it('offers nothing while the journal has no entries', async () => {
    const w = mountHeader(rke2InTree());

    expect(readJournal(rke2InTree()).entries).toEqual([]);
    expect(testid(w, 'cpm-journal-download').exists()).toBe(false);
    expect(w.find('[data-testid^="cpm-journal-download"]').exists()).toBe(false);
    expect(w.text()).not.toContain('ui.journal');
    expect(download).not.toHaveBeenCalled();
  });

  it('offers nothing when the annotation is not a journal', () => {
    const obj = rke2InTree();

    obj.metadata.annotations['cloud-provider-migration.io/journal'] = 'not json';
    const w = mountHeader(obj);

    expect(testid(w, 'cpm-journal-download').exists()).toBe(false);
  });
});

describe('a run that ends in a conflict', () => {
  function conflictOutcome(stepId: StepId, base: Record<string, any>, theirs: Record<string, any>, ours: Record<string, any>) {
    const record: StepRecord = {
      id: stepId, action: 'update-cluster', write: 'conflict', conflict: {
        outcome: 'conflict', object: theirs, theirs, ours, base
      }
    };

    return { kind: 'conflict', record, step: stepId };
  }

  /** The lines a unified diff removes and adds. */
  function changedLines(diff: string): string[] {
    return parsePatch(diff)[0].hunks.flatMap((hk) => hk.lines.filter((l) => l.startsWith('+') || l.startsWith('-')));
  }

  it('RKE2: shows the conflict text and the spec as the run read it against the spec now, as YAML line by line', () => {
    const base = rke2InTree();
    const theirs = rke2InTree();
    const plan = planMigration(base);
    const step = firstUpdate(plan);

    // Someone else added a manifest and changed the version; Rancher changed the status and resourceVersion.
    theirs.spec.kubernetesVersion = 'v1.26.15+rke2r2';
    theirs.spec.rkeConfig.additionalManifest = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-tools\n';
    theirs.metadata.resourceVersion = '48999';
    theirs.status.ready = false;
    const w = mountHeader(base, { outcome: conflictOutcome(step.id, base, theirs, plan.steps.find((s) => s.id === step.id)!.object!) });
    const banner = testid(w, 'cpm-outcome');

    expect(banner.attributes('data-kind')).toBe('conflict');
    expect(banner.text()).toContain(`cloudProviderMigration.ui.act.outcome.conflict title=cloudProviderMigration.steps.${ step.id }.title`);
    expect(testid(w, 'cpm-conflict').attributes('data-field')).toBe('spec');
    expect(testid(w, 'cpm-conflict').text()).toContain('cloudProviderMigration.ui.act.conflict.changed field=spec');

    const editor = testid(w, 'cpm-conflict-diff').findComponent(YamlEditorStub);

    expect(editor.props()).toMatchObject({
      editorMode: EDITOR_MODES.DIFF_CODE, initialYamlValues: stringify(base.spec, OBJECT_YAML_OPTIONS), value: stringify(theirs.spec, OBJECT_YAML_OPTIONS)
    });

    const diff = testid(w, 'cpm-conflict-diff-text').text();

    expect(diff).toContain('cloudProviderMigration.ui.act.conflict.base');
    expect(diff).toContain('cloudProviderMigration.ui.act.conflict.theirs');
    // Only what the step owns, the manifest as a literal block (one diff line per manifest line).
    expect(changedLines(diff).sort()).toEqual([
      '+    apiVersion: v1',
      '+    kind: Namespace',
      '+    metadata:',
      '+      name: team-tools',
      '+  additionalManifest: |',
      '+kubernetesVersion: v1.26.15+rke2r2',
      '-  additionalManifest: ""',
      '-kubernetesVersion: v1.26.15+rke2r1',
    ].sort());
    expect(diff).not.toContain('48999');
    expect(diff).not.toContain('ready');
  });

  it('RKE1: diffs the rancherKubernetesEngineConfig', () => {
    const base = rke1Norman();
    const theirs = rke1Norman();
    const plan = planMigration(base);
    const step = firstUpdate(plan);

    theirs.rancherKubernetesEngineConfig.services.kubeController.extraArgs = { 'node-monitor-grace-period': '60s' };
    theirs.description = 'changed elsewhere';
    const w = mountHeader(base, { outcome: conflictOutcome(step.id, base, theirs, step.object!) });

    expect(testid(w, 'cpm-conflict').attributes('data-field')).toBe('rancherKubernetesEngineConfig');
    expect(changedLines(testid(w, 'cpm-conflict-diff-text').text()).sort()).toEqual([
      '+    extraArgs:',
      '+      node-monitor-grace-period: 60s',
      '-    extraArgs: {}',
    ].sort());
    expect(testid(w, 'cpm-conflict-diff').findComponent(YamlEditorStub).props('value')).toBe(stringify(theirs.rancherKubernetesEngineConfig, OBJECT_YAML_OPTIONS));
  });

  it('says so, with no diff, when the owned part is as the run read it (the run gave up on changes elsewhere)', () => {
    const base = rke2InTree();
    const theirs = rke2InTree();
    const step = firstUpdate(planMigration(base));

    theirs.metadata.resourceVersion = '49000';
    const w = mountHeader(base, { outcome: conflictOutcome(step.id, base, theirs, step.object!) });

    expect(testid(w, 'cpm-conflict').text()).toContain('cloudProviderMigration.ui.act.conflict.unchanged field=spec');
    expect(testid(w, 'cpm-conflict-diff').exists()).toBe(false);
  });

  it('shows no conflict part for a run that was done', () => {
    const base = rke2InTree();
    const step = firstUpdate(planMigration(base));
    const w = mountHeader(base, { outcome: { kind: 'done', record: { id: step.id, action: 'update-cluster', write: 'applied' }, step: step.id } });

    expect(testid(w, 'cpm-outcome').attributes('data-kind')).toBe('done');
    expect(testid(w, 'cpm-conflict').exists()).toBe(false);
  });

  it('a partial cordon says which node was left out and why, one line each, as text', () => {
    const base = rke2InTree();
    const check = {
      state: 'failed', message: { key: 'checks.cordon.partial', params: { failed: 1, count: 3, changed: 2 } },
      details: [{ key: 'checks.cordon.nodeFailed', params: { node: '<b>cp-2</b>', status: 'HTTP 503', reason: 'apiserver restarting' } }],
    };
    const w = mountHeader(base, { outcome: { kind: 'failed', error: { check }, step: 'cordon-control-plane' } });

    expect(testid(w, 'cpm-outcome').attributes('data-kind')).toBe('failed');
    const lines = testid(w, 'cpm-outcome-details').findAll('li');

    expect(lines).toHaveLength(1);
    expect(lines[0].text()).toBe('cloudProviderMigration.checks.cordon.nodeFailed node=<b>cp-2</b> status=HTTP 503 reason=apiserver restarting');
    expect(testid(w, 'cpm-outcome-details').find('b').exists()).toBe(false);
  });

  it('a waiting next step says why it stalls above the fold: the first three lines, then how many more and where', () => {
    const base = rke2InTree();
    const lines = ['pod a: ImagePullBackOff', 'pod b: ImagePullBackOff', 'pod c: ImagePullBackOff', 'pod d: Pending', 'waited 3 min'];
    const judge = (plan: MigrationPlan) => ({
      ...plan,
      steps: plan.steps.map((s, i) => (i === 0 ? {
        ...s, check: { state: 'waiting' as const, message: { key: 'checks.x' }, details: lines.map((l) => ({ key: 'checks.line', params: { l } })) },
      } : s)),
    });
    const w = mountHeader(base, { blocker: 'automatic', judge });
    const shown = testid(w, 'cpm-next-check-details').findAll('li').map((li) => li.text());

    expect(shown).toEqual([
      ...lines.slice(0, 3).map((l) => `cloudProviderMigration.checks.line l=${ l }`),
      'cloudProviderMigration.ui.header.moreDetails count=2 number=1',
    ]);
  });

  it('gives the rough duration in days for 5,000 nodes restarted one at a time, and says the worker concurrency makes it', () => {
    const w = mountHeader(rke2InTree(), {
      topology: {
        controlPlane: 3, controlPlaneWorkers: 0, workersOnly: 4997, total: 5000, source: 'nodes'
      }
    });

    expect(testid(w, 'cpm-cost-minutes').text()).toBe('cloudProviderMigration.ui.header.cost.minutes low=6 high=21 unit=days');
    expect(testid(w, 'cpm-cost-workers').text()).toBe('cloudProviderMigration.ui.header.cost.workersOneByOne count=4997');
  });

  it('gives a small cluster\'s duration in minutes, with no word on the worker concurrency', () => {
    const w = mountHeader(rke2InTree(), {
      topology: {
        controlPlane: 3, controlPlaneWorkers: 0, workersOnly: 3, total: 6, source: 'nodes'
      }
    });

    expect(testid(w, 'cpm-cost-minutes').text()).toMatch(/unit=minutes$/);
    expect(testid(w, 'cpm-cost-workers').exists()).toBe(false);
  });

  it('a waiting next step without details shows no list', () => {
    const judge = (plan: MigrationPlan) => ({ ...plan, steps: plan.steps.map((s, i) => (i === 0 ? { ...s, check: { state: 'waiting' as const, message: { key: 'checks.x' } } } : s)) });
    const w = mountHeader(rke2InTree(), { blocker: 'automatic', judge });

    expect(testid(w, 'cpm-next-check').exists()).toBe(true);
    expect(testid(w, 'cpm-next-check-details').exists()).toBe(false);
  });

  it('a verification failing on new load balancer addresses says where to accept them, and only when the tab offers the acceptance', () => {
    const failing = (key: string) => (plan: MigrationPlan) => ({
      ...plan, steps: plan.steps.map((s, i) => (i === 0 ? { ...s, check: { state: 'failed' as const, message: { key, params: { count: 1, total: 2 } } } } : s)),
    });
    const changed = mountHeader(rke2InTree(), { blocker: 'automatic', judge: failing('checks.loadBalancers.changed'), acceptsLoadBalancers: true });

    expect(testid(changed, 'cpm-next-accept-hint').text()).toBe('cloudProviderMigration.ui.header.acceptLoadBalancers number=1');
    changed.unmount();
    const other = mountHeader(rke2InTree(), { blocker: 'automatic', judge: failing('checks.providerId.wrong') });

    expect(testid(other, 'cpm-next-accept-hint').exists()).toBe(false);
  });
});

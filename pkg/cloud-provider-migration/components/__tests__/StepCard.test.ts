/**
 * @jest-environment jsdom
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import StepCard from '../StepCard.vue';
import { planMigration, planRollback } from '../../engine';
import type {
  JournalEntry, PlanOptions, StepId, StepRollback,
} from '../../engine';
import type { UndoOutcome } from '../../composables/useStepActions';
import YamlEditorStub from './yamlEditorStub';
import { rke1Norman, rke2InTree } from './clusters';
import { fakeStore, type FakeStore } from '../../__tests__/fakeStore';
import { shellGlobal } from './mountOptions';

jest.mock('@shell/components/YamlEditor.vue', () => require('./yamlEditorStub'));
// The shell's table does not compile under jest (its buttons' props are imported types); no table is shown here.
jest.mock('@shell/components/SortableTable', () => ({ default: { name: 'SortableTable', render: () => null } }));

const OPTIONS: PlanOptions = { strategy: 'leader-migration' };
const SNAPSHOT = 'prod-east-on-demand-cp-1-1762164000-local';

function after(...ids: StepId[]): Record<string, any> {
  return ids.reduce((o, id) => planMigration(o, OPTIONS).steps.find((s) => s.id === id)!.object!, rke2InTree());
}

const deployed = after('enable-leader-migration', 'deploy-ccm');
const plan = planMigration(deployed, OPTIONS);
const deployCcm = plan.steps.find((s) => s.id === 'deploy-ccm')!;
const applied: JournalEntry = {
  step: 'deploy-ccm', action: 'update-cluster', by: 'alice', at: '2026-01-05T10:00:00Z', result: 'applied', snapshot: SNAPSHOT
};

let mounted: VueWrapper<any> | undefined;
let store: FakeStore;

function mountCard(props: { rollback?: StepRollback; last?: JournalEntry; canUndo?: boolean; running?: string; undoOutcome?: UndoOutcome } = {}): VueWrapper<any> {
  store = fakeStore({});
  // The shell's AsyncButton asks the store which icon keys exist.
  store.getters['i18n/exists'] = () => false;
  mounted = mount(StepCard, {
    props: {
      step: deployCcm, number: 3, progress: 'done', clusterName: 'prod-east', distro: 'rke2', canUndo: true, last: applied, ...props,
    },
    global: shellGlobal(store),
  });

  return mounted;
}

const testid = (w: VueWrapper<any>, id: string) => w.find(`[data-testid="cpm-step-deploy-ccm${ id }"]`);

afterEach(() => {
  // The card only shows and asks: carrying anything out is the tab's.
  expect(store.calls).toEqual([]);
  mounted?.unmount();
  mounted = undefined;
});

describe('StepCard: rolling back a done update', () => {
  const offered = planRollback(deployed, OPTIONS, 'deploy-ccm');

  it('offers the button only when the engine offers the rollback', () => {
    expect(testid(mountCard({ rollback: offered }), '-rollback').exists()).toBe(true);
    mounted!.unmount();
    expect(testid(mountCard({ rollback: undefined }), '-rollback').exists()).toBe(false);
    mounted!.unmount();
    const refused = mountCard({ rollback: planRollback(after('enable-leader-migration', 'deploy-ccm', 'switch-to-external'), OPTIONS, 'deploy-ccm') });

    expect(testid(refused, '-rollback').exists()).toBe(false);
    expect(testid(refused, '-rollback-refused').attributes('data-refusal')).toBe('switched');
    expect(testid(refused, '-rollback-refused').text()).toBe('cloudProviderMigration.rollback.refused.switched');
  });

  it('says nothing when there is nothing of the step to take out', () => {
    const w = mountCard({ rollback: planRollback(rke2InTree(), OPTIONS, 'deploy-ccm') });

    expect(testid(w, '-rollback').exists()).toBe(false);
    expect(testid(w, '-rollback-refused').exists()).toBe(false);
  });

  it('confirms with the rollback\'s diff and what it does, then hands the step and that diff to the tab', async () => {
    const w = mountCard({ rollback: offered });

    expect(testid(w, '-rollback-confirm').exists()).toBe(false);
    await testid(w, '-rollback').trigger('click');
    const confirm = testid(w, '-rollback-confirm');
    const editor = testid(w, '-rollback-diff').findComponent(YamlEditorStub);

    expect(confirm.text()).toContain('cloudProviderMigration.rollback.description.deploy-ccm.rke2');
    expect(testid(w, '-rollback-diff-text').text()).toContain(offered.diff!.split('\n').find((l) => l.startsWith('-') && l.includes('HelmChart'))!);
    expect(editor.props()).toMatchObject({ initialYamlValues: offered.diffSides!.before, value: offered.diffSides!.after });
    expect(testid(w, '-rollback-commands').text()).toContain('kubectl patch clusters.provisioning.cattle.io prod-east');

    await testid(w, '-rollback-apply').trigger('click');
    const [[step, diff, done]] = w.emitted('rollback') as [any, string, (ok: boolean) => void][];

    expect(step.id).toBe('deploy-ccm');
    expect(diff).toBe(offered.diff);
    done(true);
    await flushPromises();
    expect(testid(w, '-rollback-confirm').exists()).toBe(false);
  });

  it('goes back to the button on cancel, emitting nothing; after a failed rollback too (its outcome banner says why)', async () => {
    const w = mountCard({ rollback: offered });

    await testid(w, '-rollback').trigger('click');
    await testid(w, '-rollback-cancel').trigger('click');
    expect(testid(w, '-rollback-confirm').exists()).toBe(false);
    expect(testid(w, '-rollback').text()).toBe('cloudProviderMigration.ui.rollback.action');
    expect(w.emitted('rollback')).toBeUndefined();

    await testid(w, '-rollback').trigger('click');
    await testid(w, '-rollback-apply').trigger('click');
    const [[, , done]] = w.emitted('rollback') as [any, string, (ok: boolean) => void][];

    done(false);
    await flushPromises();
    expect(testid(w, '-rollback-confirm').exists()).toBe(false);
    expect(testid(w, '-rollback').exists()).toBe(true);
  });

  it('cannot apply a rollback while the tab is busy', async () => {
    const w = mountCard({ rollback: offered, running: 'cordon-control-plane' });

    expect(testid(w, '-rollback').attributes('disabled')).toBeDefined();
    await testid(w, '-rollback').trigger('click');
    expect(testid(w, '-rollback-confirm').exists()).toBe(false);
  });

  it('shows what someone else changed when the rollback ended in a conflict', () => {
    const theirs = JSON.parse(JSON.stringify(deployed));

    theirs.spec.rkeConfig.machineGlobalConfig.cni = 'cilium';
    const undoOutcome: UndoOutcome = {
      kind: 'conflict', step: 'deploy-ccm', undo: 'rollback', record: {
        id: 'deploy-ccm', action: 'update-cluster', write: 'conflict', rollback: true, conflict: {
          outcome: 'conflict', object: theirs, theirs, ours: offered.object!, base: deployed
        }
      },
    };
    const w = mountCard({ rollback: offered, undoOutcome });

    expect(testid(w, '-undo-outcome').attributes('data-kind')).toBe('conflict');
    expect(testid(w, '-undo-outcome').text()).toContain('cloudProviderMigration.ui.rollback.outcome.conflict');
    expect(testid(w, '-undo-conflict-diff-text').text()).toContain('+    cni: cilium');
  });
});

describe('StepCard: rolling back RKE1\'s chart install (its Rancher app is uninstalled)', () => {
  const RKE1: PlanOptions = { strategy: 'leader-migration', rke1NodeProvisioning: 'node-driver' };
  const flagged = planMigration(rke1Norman(), RKE1).steps.find((s) => s.id === 'enable-leader-migration')!.object!;
  const installCcm = planMigration(flagged, RKE1).steps.find((s) => s.id === 'install-ccm')!;
  const uninstall = planRollback(flagged, RKE1, 'install-ccm', { chartApp: true });
  const chartDone: JournalEntry = {
    step: 'install-ccm', action: 'install-chart', by: 'alice', at: '2026-01-05T10:00:00Z', result: 'done'
  };
  const rke1Card = (props: { undoOutcome?: UndoOutcome } = {}) => {
    store = fakeStore({});
    store.getters['i18n/exists'] = () => false;
    mounted = mount(StepCard, {
      props: {
        step: installCcm, number: 3, progress: 'done', clusterName: 'legacy-west', distro: 'rke1', canUndo: true, last: chartDone, rollback: uninstall, ...props,
      },
      global: shellGlobal(store),
    });

    return mounted;
  };
  const rke1Testid = (w: VueWrapper<any>, id: string) => w.find(`[data-testid="cpm-step-install-ccm${ id }"]`);

  it('confirms the uninstall with no snapshot and no diff, and the helm command to run against this cluster', async () => {
    const w = rke1Card();

    expect(uninstall.offered).toBe(true);
    await rke1Testid(w, '-rollback').trigger('click');
    const confirm = rke1Testid(w, '-rollback-confirm');

    expect(confirm.text()).toContain('cloudProviderMigration.ui.rollback.confirmUninstall');
    expect(confirm.text()).toContain('cloudProviderMigration.rollback.description.install-ccm.rke1');
    expect(confirm.text()).not.toContain('cloudProviderMigration.ui.rollback.confirm ');
    expect(confirm.text()).toContain('cloudProviderMigration.ui.step.runsIn.downstream');
    expect(rke1Testid(w, '-rollback-commands').text()).toContain('helm uninstall aws-cloud-controller-manager -n kube-system');
    expect(rke1Testid(w, '-rollback-diff').exists()).toBe(false);

    await rke1Testid(w, '-rollback-apply').trigger('click');
    const [[step, diff]] = w.emitted('rollback') as [any, string | undefined][];

    expect([step.id, diff]).toEqual(['install-ccm', undefined]);
  });

  it('says the app is being uninstalled once the rollback is done, not that the cluster reconciles', () => {
    const w = rke1Card({
      undoOutcome: {
        kind: 'done', step: 'install-ccm', undo: 'rollback', record: {
          id: 'install-ccm', action: 'install-chart', write: 'applied', rollback: true
        }
      },
    });

    expect(rke1Testid(w, '-undo-outcome').text()).toContain('cloudProviderMigration.ui.rollback.outcome.uninstalled');
  });
});

describe('StepCard: restoring the snapshot taken before the step', () => {
  it('offers it on the journal line of a step with a snapshot, to users who may update the cluster', () => {
    expect(testid(mountCard(), '-restore').attributes('data-snapshot')).toBe(SNAPSHOT);
    mounted!.unmount();
    expect(testid(mountCard({ canUndo: false }), '-restore').exists()).toBe(false);
    mounted!.unmount();
    expect(testid(mountCard({ last: { ...applied, snapshot: undefined } }), '-restore').exists()).toBe(false);
    mounted!.unmount();
    expect(testid(mountCard({ last: { ...applied, result: 'restored', undo: 'restore' } }), '-restore').exists()).toBe(false);
  });

  it('explains what a restore does and asks for the cluster name before handing the snapshot to the tab', async () => {
    const w = mountCard();

    await testid(w, '-restore').trigger('click');
    const confirm = testid(w, '-restore-confirm');
    const apply = () => testid(w, '-restore-apply');

    expect(confirm.text()).toContain(`cloudProviderMigration.ui.restore.explain name=${ SNAPSHOT } cluster=prod-east`);
    expect(confirm.text()).toContain('cloudProviderMigration.ui.restore.typeName name=prod-east');
    expect(apply().attributes('disabled')).toBeDefined();

    await testid(w, '-restore-confirm-name').setValue('prod-west');
    await apply().trigger('click');
    expect(w.emitted('restore')).toBeUndefined();

    await testid(w, '-restore-confirm-name').setValue('prod-east');
    expect(apply().attributes('disabled')).toBeUndefined();
    await apply().trigger('click');
    const [[step, snapshot]] = w.emitted('restore') as [any, string][];

    expect([step.id, snapshot]).toEqual(['deploy-ccm', SNAPSHOT]);
  });

  it('says on the journal line when the last entry is a rollback or restore that did not go through', () => {
    const w = mountCard({ last: { ...applied, result: 'conflict', undo: 'rollback' } });

    expect(testid(w, '-last').text()).toContain('cloudProviderMigration.ui.step.undo.rollback result=cloudProviderMigration.ui.step.result.conflict');
  });
});

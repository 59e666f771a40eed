/**
 * @jest-environment jsdom
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import StepRunControl from '../StepRunControl.vue';
import { planMigration, type PlanOptions, type StepId } from '../../engine';
import { rke2InTree } from './clusters';
import { fakeStore, type FakeStore } from '../../__tests__/fakeStore';
import { shellGlobal } from './mountOptions';

jest.mock('@shell/components/YamlEditor.vue', () => require('./yamlEditorStub'));

const OPTIONS: PlanOptions = { strategy: 'leader-migration' };

let mounted: VueWrapper<any> | undefined;
let store: FakeStore;

/** The cluster with the steps before `id` applied, and the control offering `id`. */
function mountAt(id: StepId, props: { running?: string } = {}): VueWrapper<any> {
  let obj = rke2InTree();

  for (let plan = planMigration(obj, OPTIONS), step = plan.steps[0]; step.id !== id; plan = planMigration(obj, OPTIONS), step = plan.steps.find((s) => !s.done && s.object)!) {
    obj = step.object!;
  }
  const plan = planMigration(obj, OPTIONS);

  store = fakeStore({});
  store.getters['i18n/exists'] = () => false;
  mounted = mount(StepRunControl, {
    props: {
      plan, step: plan.steps.find((s) => s.id === id), clusterName: 'prod-east', ...props
    },
    global: shellGlobal(store),
  });

  return mounted;
}

const find = (w: VueWrapper<any>, id: string) => w.find(`[data-testid="${ id }"]`);

afterEach(() => {
  // The control only asks: carrying the step out is the tab's.
  expect(store.calls).toEqual([]);
  mounted?.unmount();
  mounted = undefined;
});

describe('the run control\'s confirmation', () => {
  it('shows the step\'s diff and hands the step to the tab on apply, with no name to type', async () => {
    const w = mountAt('enable-leader-migration');

    expect(find(w, 'cpm-confirm').exists()).toBe(false);
    await find(w, 'cpm-run').trigger('click');
    expect(find(w, 'cpm-confirm').exists()).toBe(true);
    expect(find(w, 'cpm-confirm-diff').exists()).toBe(true);
    expect(find(w, 'cpm-confirm-name').exists()).toBe(false);
    await find(w, 'cpm-apply').trigger('click');
    const [[step, done]] = w.emitted('run') as [any, (ok: boolean) => void][];

    expect(step.id).toBe('enable-leader-migration');
    done(true);
    await flushPromises();
    expect(find(w, 'cpm-confirm').exists()).toBe(false);
  });

  it('asks for the cluster name before the switch, and runs nothing on a wrong one', async () => {
    const w = mountAt('switch-to-external');

    await find(w, 'cpm-run').trigger('click');
    expect(find(w, 'cpm-confirm').attributes('data-name')).toBe('prod-east');
    expect(find(w, 'cpm-confirm').text()).toContain('cloudProviderMigration.ui.act.confirm.typeName name=prod-east');
    expect(find(w, 'cpm-apply').attributes('disabled')).toBeDefined();
    await find(w, 'cpm-confirm-name').setValue('prod-west');
    await find(w, 'cpm-apply').trigger('click');
    expect(w.emitted('run')).toBeUndefined();
    await find(w, 'cpm-confirm-name').setValue(' prod-east ');
    expect(find(w, 'cpm-apply').attributes('disabled')).toBeUndefined();
    await find(w, 'cpm-apply').trigger('click');
    expect((w.emitted('run') as any[][])[0][0].id).toBe('switch-to-external');
  });

  it('cancel closes the confirmation and forgets the typed name', async () => {
    const w = mountAt('switch-to-external');

    await find(w, 'cpm-run').trigger('click');
    await find(w, 'cpm-confirm-name').setValue('prod-east');
    await find(w, 'cpm-cancel').trigger('click');
    expect(find(w, 'cpm-confirm').exists()).toBe(false);
    await find(w, 'cpm-run').trigger('click');
    expect(find(w, 'cpm-apply').attributes('disabled')).toBeDefined();
    expect(w.emitted('run')).toBeUndefined();
  });

  it('keeps apply disabled while another write runs', async () => {
    const w = mountAt('enable-leader-migration', { running: 'deploy-ccm' });

    expect(find(w, 'cpm-run').attributes('disabled')).toBeDefined();
  });
});

/**
 * @jest-environment jsdom
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
import { defineComponent, h } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createTwoFilesPatch } from 'diff';
import ConfigDiff from '../ConfigDiff.vue';
import type { DiffSides } from '../../engine';
import YamlEditorStub, { creations, EDITOR_MODES } from './yamlEditorStub';
import { fakeStore } from '../../__tests__/fakeStore';

jest.mock('@shell/components/YamlEditor.vue', () => require('./yamlEditorStub'));
// The shell's copy control writes through this util; the test sees what it was asked to copy.
jest.mock('@shell/utils/clipboard', () => ({ copyTextToClipboard: jest.fn(() => Promise.resolve()) }));

const TESTID = 'cpm-step-switch-to-external-diff';

const SWITCH: DiffSides = {
  before: 'spec:\n  cloud-provider-name: aws\n',
  after:  'spec:\n  cloud-provider-name: external\n',
};

function diffOf(sides: DiffSides): string {
  return createTwoFilesPatch('c.yaml', 'c.yaml', sides.before, sides.after, 'current', 'after this step');
}

/** The store the tab provides, and the one the shell's own components (the copy control's button) read. */
function globalOptions() {
  const store = fakeStore({});

  return {
    provide: { store }, mocks: { $store: store, t: (k: string) => k }, directives: { 'clean-html': {}, 'clean-tooltip': {} },
  };
}

function mountDiff(props: { sides?: DiffSides; defaultOpen?: boolean; diff?: string }): VueWrapper<any> {
  return mount(ConfigDiff, {
    props:  { testid: TESTID, diff: props.diff ?? diffOf(props.sides ?? SWITCH), ...props },
    global: globalOptions(),
  });
}

function part(w: VueWrapper<any>, suffix: string) {
  return w.find(`[data-testid="${ TESTID }${ suffix }"]`);
}

beforeEach(() => {
  creations.length = 0;
});

describe('ConfigDiff', () => {
  it('gives the shell diff editor the before text as its base and the after text as its value', () => {
    const w = mountDiff({ sides: SWITCH, defaultOpen: true });
    const editor = w.findComponent(YamlEditorStub);

    expect(part(w, '').exists()).toBe(true);
    expect(editor.props()).toMatchObject({
      editorMode: EDITOR_MODES.DIFF_CODE, initialYamlValues: SWITCH.before, value: SWITCH.after, asObject: false
    });
    expect(part(w, '-toggle').attributes('aria-expanded')).toBe('true');
  });

  it('keeps the editor collapsed unless asked, and opens and closes it with the toggle', async () => {
    const w = mountDiff({ sides: SWITCH });

    expect(w.findComponent(YamlEditorStub).exists()).toBe(false);
    await part(w, '-toggle').trigger('click');
    expect(w.findComponent(YamlEditorStub).props('value')).toBe(SWITCH.after);
    await part(w, '-toggle').trigger('click');
    expect(w.findComponent(YamlEditorStub).exists()).toBe(false);
  });

  it('shows one editor at a time, because the shell draws every diff into the first diff element of the page', async () => {
    const other: DiffSides = { before: 'a: 1\n', after: 'a: 2\n' };
    const Two = defineComponent({
      render: () => [
        h(ConfigDiff, {
          testid: 'first', diff: diffOf(SWITCH), sides: SWITCH, defaultOpen: true
        }),
        h(ConfigDiff, {
          testid: 'second', diff: diffOf(other), sides: other
        }),
      ],
    });
    const w = mount(Two, { global: globalOptions() });
    const openValues = () => w.findAllComponents(YamlEditorStub).map((e) => e.props('value'));

    expect(openValues()).toEqual([SWITCH.after]);
    await w.find('[data-testid="second-toggle"]').trigger('click');
    expect(openValues()).toEqual([other.after]);
    expect(w.find('[data-testid="first-toggle"]').attributes('aria-expanded')).toBe('false');
  });

  it('starts a first chart install from an empty values map and says it is a new install', () => {
    const install: DiffSides = { before: '', after: 'args:\n  - --v=2\n' };
    const w = mountDiff({ sides: install, defaultOpen: true });

    expect(w.findComponent(YamlEditorStub).props('initialYamlValues')).toBe('{}\n');
    expect(w.text()).toContain('ui.diff.newInstall');
  });

  it('says nothing about a new install when the chart had values', () => {
    const w = mountDiff({ sides: { before: 'a: 1\n', after: 'a: 2\n' }, defaultOpen: true });

    expect(w.text()).not.toContain('ui.diff.newInstall');
  });

  it('re-creates the editor when the texts change, since the editor reads them only when created', async () => {
    const w = mountDiff({ sides: SWITCH, defaultOpen: true });
    const downtime: DiffSides = { before: SWITCH.before, after: 'spec:\n  cloud-provider-name: ""\n' };

    await w.setProps({ sides: downtime, diff: diffOf(downtime) });
    expect(creations.map((c) => c.value)).toEqual([SWITCH.after, downtime.after]);
  });

  it('keeps the editor when a re-plan gives the same texts', async () => {
    const w = mountDiff({ sides: SWITCH, defaultOpen: true });

    await w.setProps({ sides: { ...SWITCH } });
    expect(creations).toHaveLength(1);
  });

  it('opens the editor when its step becomes the next one', async () => {
    const w = mountDiff({ sides: SWITCH });

    await w.setProps({ defaultOpen: true });
    expect(w.findComponent(YamlEditorStub).exists()).toBe(true);
  });

  it('keeps the engine diff as collapsed plain text, with a copy button that copies exactly that text', async () => {
    const { copyTextToClipboard } = jest.requireMock('@shell/utils/clipboard');
    const diff = diffOf(SWITCH);
    const w = mountDiff({ sides: SWITCH, diff });

    expect(part(w, '-plain').attributes('open')).toBeUndefined();
    expect(part(w, '-text').text()).toBe(diff.trim());
    await part(w, '-text-copy').trigger('click');
    expect(copyTextToClipboard).toHaveBeenCalledWith(diff);
  });

  it('shows the plain text open, and no editor or toggle, when the texts are not known', () => {
    const w = mountDiff({ sides: undefined, diff: diffOf(SWITCH), defaultOpen: true });

    expect(part(w, '-toggle').exists()).toBe(false);
    expect(w.findComponent(YamlEditorStub).exists()).toBe(false);
    expect(part(w, '-plain').attributes('open')).toBeDefined();
  });
});


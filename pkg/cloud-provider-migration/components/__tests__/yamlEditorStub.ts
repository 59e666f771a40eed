import { defineComponent, h } from 'vue';

/**
 * Stands in for `@shell/components/YamlEditor.vue` in jest (the real one needs the host's prefs store and draws
 * with diff2html). Use with `jest.mock('@shell/components/YamlEditor.vue', () => require('./yamlEditorStub'))`.
 * Records every creation, so tests can tell a re-created editor from an updated one.
 */
export const EDITOR_MODES = {
  EDIT_CODE: 'EDIT_CODE',
  VIEW_CODE: 'VIEW_CODE',
  DIFF_CODE: 'DIFF_CODE',
};

export const creations: { value: string; initialYamlValues: string }[] = [];

export default defineComponent({
  name:  'YamlEditor',
  props: {
    editorMode:         { type: String, default: EDITOR_MODES.EDIT_CODE },
    value:              { type: [String, Object], default: '' },
    initialYamlValues:  { type: [String, Object], default: '' },
    asObject:           { type: Boolean, default: false },
    hidePreviewButtons: { type: Boolean, default: false },
  },
  setup(props) {
    creations.push({ value: String(props.value), initialYamlValues: String(props.initialYamlValues) });

    return () => h('div', { class: 'yaml-editor-stub' });
  },
});

/**
 * Stands in for the shell's AsyncButton in component tests: the real one reads the store's `i18n/exists`, which the
 * fake store does not have. Like it, it hands its click a done-callback.
 */
import { defineComponent, h } from 'vue';

export default defineComponent({
  name:  'AsyncButtonStub',
  props: { actionLabel: { type: String, default: '' }, disabled: { type: Boolean, default: false } },
  emits: ['click'],
  setup(props, { emit }) {
    return () => h('button', { type: 'button', disabled: props.disabled, onClick: () => emit('click', () => undefined) }, props.actionLabel);
  },
});

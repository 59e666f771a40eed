/**
 * What the dashboard gives every component and what the component tests mount with: the store (provided and as
 * `$store`), `t`, the shell's global `v-select`, stand-ins for the shell's global directives and its `<t>` component.
 */
import { defineComponent, h, type Directive } from 'vue';
import vSelect from 'vue-select';
import type { FakeStore } from '../../__tests__/fakeStore';

/** The shell's `<t>` component: renders its key, so tests see which text a part shows. */
export const TStub = defineComponent({
  props: { k: { type: String, required: true } },
  render() {
    return h('span', this.k);
  },
});

/** The shell's global directives, as stand-ins that do nothing (a test may pass the real one instead). */
const DIRECTIVES: Record<string, Directive> = {
  'clean-html': {}, 'clean-tooltip': {}, 'stripped-aria-label': {}, shortkey: {}, 'ui-context': {}, 'trim-whitespace': {}, 'close-popper': {},
};

export interface GlobalExtras {
  provide?: Record<string | symbol, unknown>;
  stubs?: Record<string, unknown>;
  directives?: Record<string, Directive>;
}

/** The `global` mounting options for a component of the tab, over `store`. */
export function shellGlobal(store: FakeStore, extra: GlobalExtras = {}) {
  return {
    provide:    { store, ...extra.provide },
    mocks:      { $store: store, t: (k: string) => k },
    components: { 'v-select': vSelect },
    directives: { ...DIRECTIVES, ...extra.directives },
    stubs:      { t: TStub, ...extra.stubs },
  };
}

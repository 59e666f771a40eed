/**
 * @jest-environment jsdom
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import StrategyChoices from '../StrategyChoices.vue';
import { MigrationError, planMigration } from '../../engine';
import type { PlanChoices } from '../../composables/planSource';
import type { TargetVersionOffer } from '../../composables/useTargetVersions';
import { fakeStore, translateKey } from '../../__tests__/fakeStore';
import { rke2InTree } from './clusters';
import { shellGlobal } from './mountOptions';

const CURRENT = 'v1.26.15+rke2r1';
const OFFERED: TargetVersionOffer = { state: 'offered', current: CURRENT, versions: ['v1.27.16+rke2r1', 'v1.27.15+rke2r1', 'v1.26.15+rke2r2'] };
const FORBIDDEN = new MigrationError('FORBIDDEN', 'GET /v1-rke2-release/releases failed (403): no', { key: 'api.errors.forbidden', params: { status: 403, message: 'no', request: 'GET /v1-rke2-release/releases' } });

let mounted: VueWrapper<any> | undefined;

function mountChoices(versions: TargetVersionOffer, choices: PlanChoices = {}, locked = false): VueWrapper<any> {
  const store = fakeStore();

  mounted = mount(StrategyChoices, {
    attachTo: document.body,
    props:    {
      plan: planMigration(rke2InTree(), choices), choices, versions, locked
    },
    global: shellGlobal(store),
  });

  return mounted;
}

function testid(w: VueWrapper<any>, id: string) {
  return w.find(`[data-testid="${ id }"]`);
}

/** The option texts of the open dropdown (vue-select renders it into the document body). */
function openOptions(): string[] {
  return [...document.querySelectorAll('.vs__dropdown-option')].map((el) => (el.textContent || '').trim());
}

async function openSelect(w: VueWrapper<any>): Promise<void> {
  await testid(w, 'cpm-target-version-select').trigger('click');
  await flushPromises();
}

function emittedTargets(w: VueWrapper<any>): unknown[] {
  return (w.emitted('update:choices') || []).map(([c]: any) => c.targetVersion);
}

afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  document.body.innerHTML = '';
});

describe('the target version when Rancher offers versions', () => {
  it('is a select listing "no version change" first, then the offered targets newest first', async () => {
    const w = mountChoices(OFFERED);

    expect(testid(w, 'cpm-target-version').exists()).toBe(false);
    expect(testid(w, 'cpm-target-version-select').classes()).not.toContain('vs--disabled');
    await openSelect(w);

    expect(openOptions()).toEqual([
      translateKey('cloudProviderMigration.ui.choices.targetVersion.noChange', { current: CURRENT }),
      'v1.27.16+rke2r1', 'v1.27.15+rke2r1', 'v1.26.15+rke2r2',
    ]);
  });

  it('shows "no version change" while no target is chosen', () => {
    const w = mountChoices(OFFERED);

    expect(testid(w, 'cpm-target-version-select').find('.vs__selected').text()).toBe(translateKey('cloudProviderMigration.ui.choices.targetVersion.noChange', { current: CURRENT }));
  });

  it('shows the chosen target', () => {
    const w = mountChoices(OFFERED, { targetVersion: 'v1.27.15+rke2r1' });

    expect(testid(w, 'cpm-target-version-select').find('.vs__selected').text()).toBe('v1.27.15+rke2r1');
  });

  it('emits the picked version as the target', async () => {
    const w = mountChoices(OFFERED);

    await openSelect(w);
    const option = [...document.querySelectorAll<HTMLElement>('.vs__dropdown-option')].find((el) => el.textContent?.trim() === 'v1.27.15+rke2r1');

    option!.click();
    await flushPromises();

    expect(emittedTargets(w)).toEqual(['v1.27.15+rke2r1']);
  });

  it('emits no target when "no version change" is picked', async () => {
    const w = mountChoices(OFFERED, { targetVersion: 'v1.27.16+rke2r1', strategy: 'downtime' });

    await openSelect(w);
    document.querySelector<HTMLElement>('.vs__dropdown-option')!.click();
    await flushPromises();

    expect(w.emitted('update:choices')).toEqual([[{ strategy: 'downtime', targetVersion: undefined }]]);
  });

  it('says so when Rancher offers no newer version', async () => {
    const w = mountChoices({ state: 'offered', current: CURRENT, versions: [] });

    expect(testid(w, 'cpm-target-version-none').exists()).toBe(true);
    await openSelect(w);
    expect(openOptions()).toHaveLength(1);
  });

  it('does not say there is no newer version when there is one', () => {
    expect(testid(mountChoices(OFFERED), 'cpm-target-version-none').exists()).toBe(false);
  });

  it('shows the select, not to be used yet, while Rancher\'s list is read', () => {
    const w = mountChoices({ state: 'loading' });

    expect(testid(w, 'cpm-target-version-select').classes()).toContain('vs--disabled');
    expect(testid(w, 'cpm-target-version').exists()).toBe(false);
  });
});

describe('the target version when Rancher\'s list cannot be read', () => {
  it('falls back to the text field and says why', () => {
    const w = mountChoices({ state: 'unavailable', error: FORBIDDEN });
    const note = testid(w, 'cpm-target-version-unavailable');

    expect(testid(w, 'cpm-target-version-select').exists()).toBe(false);
    expect(testid(w, 'cpm-target-version').element.tagName).toBe('INPUT');
    expect(note.attributes('data-code')).toBe('FORBIDDEN');
    expect(note.text()).toContain('cloudProviderMigration.ui.choices.targetVersion.unavailable');
    expect(note.text()).toContain(translateKey('cloudProviderMigration.api.errors.forbidden', FORBIDDEN.params));
  });

  it('emits the typed version as the target', async () => {
    const w = mountChoices({ state: 'unavailable', error: FORBIDDEN });

    await testid(w, 'cpm-target-version').setValue(' v1.27.16+rke2r1 ');

    expect(emittedTargets(w)).toEqual(['v1.27.16+rke2r1']);
  });
});

describe('the target version once the migration has started', () => {
  it('shows the chosen version read-only, whatever Rancher offers', () => {
    const w = mountChoices(OFFERED, { targetVersion: 'v1.27.16+rke2r1' }, true);
    const input = testid(w, 'cpm-target-version');

    expect(testid(w, 'cpm-target-version-select').exists()).toBe(false);
    expect((input.element as HTMLInputElement).value).toBe('v1.27.16+rke2r1');
    expect(testid(w, 'cpm-choices-locked').exists()).toBe(true);
    expect(w.find('fieldset').attributes('disabled')).toBeDefined();
  });

  it('does not ask to type the version by hand when the list could not be read', () => {
    const w = mountChoices({ state: 'unavailable', error: FORBIDDEN }, { targetVersion: 'v1.27.16+rke2r1' }, true);

    expect(testid(w, 'cpm-target-version-unavailable').exists()).toBe(false);
  });
});

/**
 * Translation for the tab: keys are relative to `cloudProviderMigration.`, engine `Message`s render as
 * `t('cloudProviderMigration.' + msg.key, msg.params)`. Strings come back raw (not HTML-escaped) because
 * the templates only ever interpolate them as text, never as HTML.
 */
import { useStore } from 'vuex';
import type { Message } from '../engine';
import { L10N_ROOT, isMigrationError } from '../engine';

export { L10N_ROOT };

export interface I18nStore {
  getters: Record<string, any>;
}

export function translate(store: I18nStore, key: string, params?: Record<string, string | number>): string {
  const fullKey = `${ L10N_ROOT }.${ key }`;
  const out = store.getters['i18n/t'](fullKey, params);

  return out === undefined || out === null ? `%${ fullKey }%` : String(out);
}

/** The l10n message of any error: a MigrationError's key, else the generic key with the error text. */
export function errorMessage(e: unknown): Message {
  if (isMigrationError(e)) {
    return e.toMessage();
  }

  return { key: 'ui.unexpectedError', params: { message: e instanceof Error ? e.message : String(e) } };
}

export function useMessages() {
  const store = useStore() as I18nStore;

  return {
    tr:  (key: string, params?: Record<string, string | number>) => translate(store, key, params),
    msg: (m: Message) => translate(store, m.key, m.params),
  };
}

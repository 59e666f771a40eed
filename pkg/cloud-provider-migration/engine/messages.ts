import type { Message } from './types';

/** Root of every engine message key in the l10n files. */
export const L10N_ROOT = 'cloudProviderMigration';

function lookup(dict: Record<string, any>, path: string[]): unknown {
  return path.reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), dict);
}

/**
 * Renders a message from a parsed l10n file (the whole document, rooted at `cloudProviderMigration`).
 * `{param}` placeholders are filled from `msg.params`; an unknown key renders as the key itself so that a
 * missing translation is visible rather than silent.
 */
export function renderMessage(msg: Message, dict: Record<string, any>): string {
  const template = lookup(dict, [L10N_ROOT, ...msg.key.split('.')]);

  if (typeof template !== 'string') {
    return msg.key;
  }

  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (msg.params && msg.params[name] !== undefined ? String(msg.params[name]) : whole));
}

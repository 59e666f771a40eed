import IntlMessageFormat from 'intl-messageformat';
import type { Message } from './types';

/** Root of every engine message key in the l10n files. */
export const L10N_ROOT = 'cloudProviderMigration';

function lookup(dict: Record<string, any>, path: string[]): unknown {
  return path.reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), dict);
}

/** The parts of an ICU message element this file reads (intl-messageformat's parsed message). */
interface IcuElement {
  type: number;
  value: string;
  options?: Record<string, { value: IcuElement[] }>;
}

/** Literal text (0) and `#` (7) name no argument; every other element is an argument, a select or a plural. */
const ICU_LITERAL = 0;
const ICU_POUND = 7;

/** Every argument name a parsed message uses, the ones inside select and plural branches included. */
function argumentNames(elements: IcuElement[], into = new Set<string>()): Set<string> {
  elements.forEach((el) => {
    if (el.type !== ICU_LITERAL && el.type !== ICU_POUND) {
      into.add(el.value);
    }
    Object.values(el.options || {}).forEach((option) => argumentNames(option.value, into));
  });

  return into;
}

/**
 * Renders a message from a parsed l10n file (the whole document, rooted at `cloudProviderMigration`) as the shell's
 * `t()` does in the tab: an ICU message (intl-messageformat, the formatter @rancher/shell uses), so `{x}` is filled
 * and `{n, plural, …}` / `{x, select, …}` choose their branch. A param that was not given stays visible as `{name}`,
 * and an unknown key renders as the key itself, so that a missing translation is visible rather than silent.
 */
export function renderMessage(msg: Message, dict: Record<string, any>, locale = 'en'): string {
  const template = lookup(dict, [L10N_ROOT, ...msg.key.split('.')]);

  if (typeof template !== 'string') {
    return msg.key;
  }
  if (!template.includes('{')) {
    return template;
  }
  try {
    const format = new IntlMessageFormat(template, locale);
    const values: Record<string, string | number> = {};

    argumentNames(format.getAst() as unknown as IcuElement[]).forEach((name) => {
      values[name] = msg.params && msg.params[name] !== undefined ? msg.params[name] : `{${ name }}`;
    });

    return String(format.format(values));
  } catch {
    // Not a valid ICU message, or a select without `other` given a value it has no branch for: the text as written.
    return template;
  }
}

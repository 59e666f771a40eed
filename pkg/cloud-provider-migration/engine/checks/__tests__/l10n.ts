/** Asserts that check messages resolve in both l10n files with exactly the placeholders their params fill. */
import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import type { CheckResult, Message } from '../../types';

// The root jest config resolves jest-environment-node 27 (pulled in by @rancher/shell), which sets no export
// conditions, so `import 'yaml'` lands on yaml's ESM browser build and fails. Load the CommonJS build by path.
const { parse } = require(join(dirname(require.resolve('yaml/package.json')), 'dist/index.js'));

const L10N_DIR = join(__dirname, '../../../l10n');

function load(file: string): Record<string, any> {
  return parse(readFileSync(join(L10N_DIR, file), 'utf8')).cloudProviderMigration;
}

export const catalogs = { 'en-us': load('en-us.yaml'), 'zh-hans': load('zh-hans.yaml') };

export function lookup(catalog: Record<string, any>, key: string): unknown {
  return key.split('.').reduce((o: any, k) => (o == null ? undefined : o[k]), catalog);
}

export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

export function expectTranslated(msg: Message): void {
  for (const [lang, catalog] of Object.entries(catalogs)) {
    const text = lookup(catalog, msg.key);

    if (typeof text !== 'string') {
      throw new Error(`${ lang }: no string for ${ msg.key }`);
    }
    expect({ lang, key: msg.key, placeholders: placeholders(text) }).toEqual({ lang, key: msg.key, placeholders: Object.keys(msg.params || {}).sort() });
  }
}

export function expectResultTranslated(result: CheckResult): void {
  expectTranslated(result.message);
  (result.details || []).forEach(expectTranslated);
}

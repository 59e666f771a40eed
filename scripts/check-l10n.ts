/**
 * l10n check: en-us and zh-hans have the same keys and the same {placeholders} per key, and every literal
 * `cloudProviderMigration.…` key referenced in the extension's source exists in en-us.
 */
import { readFileSync, readdirSync, statSync } from 'fs';
import path from 'path';
import IntlMessageFormat from 'intl-messageformat';
import { parse } from 'yaml';

const PKG = path.resolve(__dirname, '../pkg/cloud-provider-migration');

function flatten(o: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (o && typeof o === 'object') {
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      flatten(v, prefix ? `${ prefix }.${ k }` : k, out);
    }
  } else {
    out.set(prefix, String(o));
  }

  return out;
}

/** The argument names in an ICU message's syntax tree, branches of plural and select included. */
function argumentNames(elements: any[], out: Set<string>): Set<string> {
  for (const e of elements) {
    if (typeof e.value === 'string' && e.type !== 0 && e.type !== 7) {
      out.add(e.value);
    }
    for (const option of Object.values<any>(e.options || {})) {
      argumentNames(option.value, out);
    }
  }

  return out;
}

/**
 * The names of the placeholders a message uses, each once, read by the ICU parser the messages are formatted with
 * (so a select branch's text, `{days}`, is not taken for a placeholder).
 */
function placeholders(s: string): string {
  return [...argumentNames(new IntlMessageFormat(s, 'en').getAst(), new Set())].sort().join(',');
}

function walk(dir: string, files: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);

    if (name === 'node_modules' || name === '.shell' || name === '__tests__') {
      continue;
    }
    if (statSync(p).isDirectory()) {
      walk(p, files);
    } else if (/\.(ts|vue)$/.test(name)) {
      files.push(p);
    }
  }

  return files;
}

const en = flatten(parse(readFileSync(path.join(PKG, 'l10n/en-us.yaml'), 'utf8')));
const zh = flatten(parse(readFileSync(path.join(PKG, 'l10n/zh-hans.yaml'), 'utf8')));
const problems: string[] = [];

for (const k of en.keys()) {
  if (!zh.has(k)) {
    problems.push(`missing in zh-hans.yaml: ${ k }`);
  } else if (placeholders(en.get(k)!) !== placeholders(zh.get(k)!)) {
    problems.push(`placeholders differ for ${ k }: en {${ placeholders(en.get(k)!) }} zh {${ placeholders(zh.get(k)!) }}`);
  }
}
for (const k of zh.keys()) {
  if (!en.has(k)) {
    problems.push(`missing in en-us.yaml: ${ k }`);
  }
}
for (const file of walk(PKG)) {
  const src = readFileSync(file, 'utf8');

  for (const m of src.matchAll(/['"`](cloudProviderMigration\.[a-zA-Z0-9_.-]+[a-zA-Z0-9_-])['"`]/g)) {
    const key = m[1];

    if (!en.has(key) && ![...en.keys()].some((k) => k.startsWith(`${ key }.`))) {
      problems.push(`${ path.relative(PKG, file) } uses unknown key ${ key }`);
    }
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`l10n: ${ en.size } keys, en-us and zh-hans agree`);

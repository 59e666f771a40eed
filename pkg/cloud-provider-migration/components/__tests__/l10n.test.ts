/**
 * @jest-environment jsdom
 *
 * jsdom although nothing here renders: the root config's `node` environment resolves to the hoisted
 * jest-environment-node 27, which ignores customExportConditions, so `yaml` loads its browser ESM build.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

const PKG = join(__dirname, '..', '..');
const locales = ['en-us', 'zh-hans'].map((name) => ({ name, root: parse(readFileSync(join(PKG, 'l10n', `${ name }.yaml`), 'utf8')).cloudProviderMigration }));

function leafKeys(node: unknown, prefix = ''): string[] {
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) => leafKeys(v, prefix ? `${ prefix }.${ k }` : k));
  }

  return [prefix];
}

function lookup(root: any, key: string): unknown {
  return key.split('.').reduce((node, k) => (node == null ? undefined : node[k]), root);
}

/** Every key the components pass to `tr('…')` literally. */
function literalKeys(): string[] {
  const dir = join(PKG, 'components');

  return readdirSync(dir).filter((f) => f.endsWith('.vue')).flatMap((f) => {
    const source = readFileSync(join(dir, f), 'utf8');

    return [...source.matchAll(/\btr\('([^']+)'/g), ...source.matchAll(/'(ui\.[\w.-]+)'/g)].map((m) => m[1]);
  });
}

/** Keys the components build from engine values (template literals), for every value the engine can give. */
const DYNAMIC_KEYS = [
  ...['in-tree', 'migrating', 'migrated', 'not-applicable'].map((s) => `ui.status.${ s }`),
  ...['rke2', 'rke1', 'k3s', 'imported', 'hosted', 'harvester', 'unknown'].map((k) => `ui.distro.${ k }`),
  ...['ok', 'info', 'warning', 'blocker'].map((s) => `ui.severity.${ s }`),
  ...['done', 'next', 'pending'].map((s) => `ui.step.state.${ s }`),
  ...['leader-migration', 'downtime'].flatMap((s) => [`ui.choices.strategy.${ s }.label`, `ui.choices.strategy.${ s }.description`]),
  ...['aws-with-overrides', 'external'].flatMap((s) => [`ui.choices.rke2Mode.${ s }.label`, `ui.choices.rke2Mode.${ s }.description`]),
  ...['true', 'false'].flatMap((s) => [`ui.choices.instanceMetadataHostname.${ s }.label`, `ui.choices.instanceMetadataHostname.${ s }.description`]),
];

describe('the tab strings', () => {
  it('are the same ui keys in English and Simplified Chinese', () => {
    const [en, zh] = locales.map((l) => leafKeys(l.root.ui).sort());

    expect(zh).toEqual(en);
  });

  it.each(locales.map((l) => [l.name, l.root]))('include, in %s, every key the components use', (_name, root) => {
    const keys = [...new Set([...literalKeys(), ...DYNAMIC_KEYS])];

    expect(keys.length).toBeGreaterThan(DYNAMIC_KEYS.length);
    expect(keys.filter((k) => typeof lookup(root, k) !== 'string')).toEqual([]);
  });
});

/**
 * @jest-environment jsdom
 *
 * The texts are written for a cluster admin: they render as ICU messages (what the shell's t() does), show no value
 * of the planner's options or step ids, do not send the tab's user to the command-line planner, and say where the
 * plan departs from the Rancher documentation in one place only. (jsdom for the same reason as l10n.test.ts.)
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import IntlMessageFormat from 'intl-messageformat';

const PKG = join(__dirname, '..', '..');
const LOCALES = ['en-us', 'zh-hans'] as const;
const roots = Object.fromEntries(LOCALES.map((name) => [name, parse(readFileSync(join(PKG, 'l10n', `${ name }.yaml`), 'utf8')).cloudProviderMigration]));

function leaves(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') {
    return [[prefix, node]];
  }

  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${ prefix }.${ k }` : k));
}

/** What the tab shows: everything but the command-line planner's own texts (options.*: its usage, flags and output). */
const tabTexts = (locale: typeof LOCALES[number]) => leaves(roots[locale]).filter(([key]) => !key.startsWith('options.'));

/** Step ids that are not also a real config flag an admin types (enable-leader-migration is a KCM argument). */
const STEP_IDS = [
  'wait-leader-migration', 'deploy-ccm', 'install-ccm', 'wait-ccm-rollout', 'cordon-control-plane', 'switch-to-external', 'wait-switch',
  'verify-provider-ids', 'verify-migration-lease', 'uncordon-control-plane', 'cleanup-ccm-leader-migration', 'wait-cleanup-rollout',
  'upgrade-kubernetes', 'wait-upgrade', 'upgrade-ccm', 'wait-ccm-upgrade-rollout',
];

describe.each(LOCALES)('the %s texts', (locale) => {
  it('are all valid ICU messages, as the shell formats them', () => {
    const invalid = leaves(roots[locale]).filter(([, text]) => {
      try {
        // eslint-disable-next-line no-new
        new IntlMessageFormat(text, 'en');

        return false;
      } catch {
        return true;
      }
    });

    expect(invalid.map(([key]) => key)).toEqual([]);
  });

  it('show no value of the planner\'s options and no step id where the tab shows them', () => {
    const internal = tabTexts(locale).filter(([, text]) => /aws-with-overrides|\bform: \{|\(form|\{mode\}/.test(text) || STEP_IDS.some((id) => text.includes(id)));

    expect(internal.map(([key]) => key)).toEqual([]);
  });

  it('do not send the tab\'s user to the command-line planner', () => {
    const cli = tabTexts(locale).filter(([, text]) => /command-line|命令行|\bcpm\b|--ccm-daemonset|--use-instance-metadata-hostname|--rke2-external-mode/.test(text));

    expect(cli.map(([key]) => key)).toEqual([]);
  });

  it('mention the Rancher documentation only where the plan says how it differs from it', () => {
    const mentions = tabTexts(locale).filter(([, text]) => /(Rancher|migration) doc|Rancher 文档|迁移文档/i.test(text)).map(([key]) => key);

    expect(mentions.length).toBeGreaterThan(0);
    expect(mentions.filter((key) => !key.startsWith('differences.') && !key.startsWith('ui.differences.'))).toEqual([]);
  });
});

import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { parseClusterText } from '../cluster/clusterText';

export const FIXTURES_DIR = join(__dirname, 'fixtures');

/** A fixture cluster object, freshly parsed (tests may mutate it). */
export function fixture(name: string): Record<string, any> {
  return parseClusterText(readFileSync(join(FIXTURES_DIR, name), 'utf8'));
}

const L10N_DIR = join(__dirname, '..', '..', 'l10n');

export function l10n(lang: 'en-us' | 'zh-hans'): Record<string, any> {
  return parse(readFileSync(join(L10N_DIR, `${ lang }.yaml`), 'utf8'));
}

/** Runs fn and returns the MigrationError code it throws (or 'NO_ERROR'). */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e: any) {
    return e?.code || `NOT_A_MIGRATION_ERROR: ${ e }`;
  }

  return 'NO_ERROR';
}

/** Runs fn and returns what it throws. */
export function thrown(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

/**
 * An aws-cloud-controller-manager HelmChart document as an admin might have written it: `spec` lines after
 * `chart:` (indented by the builder) and the valuesContent lines (none: no valuesContent at all).
 */
export function ccmHelmChartText(values: string[], specExtra: string[] = []): string {
  return [
    'apiVersion: helm.cattle.io/v1', 'kind: HelmChart', 'metadata:', '  name: aws-cloud-controller-manager', '  namespace: kube-system', 'spec:',
    '  chart: aws-cloud-controller-manager',
    ...specExtra,
    ...(values.length ? ['  valuesContent: |-', ...values.map((l) => `    ${ l }`)] : []),
    '',
  ].join('\n');
}

import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { parseClusterText } from '../clusterText';

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

import { stringify } from 'yaml';

/**
 * Quoting for the commands users paste. Each action prints its own commands (engine/actions/<action>.ts); every
 * shell argument goes through `shellQuote`, so that any value is safe to paste.
 */

const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** Quotes one shell argument (POSIX single quotes). */
export function shellQuote(value: string): string {
  return SAFE.test(value) ? value : `'${ value.replace(/'/g, `'\\''`) }'`;
}

/** The values file as YAML (`null` kept: it deletes a chart default key). */
export function valuesYaml(values: Record<string, unknown>): string {
  return stringify(values);
}

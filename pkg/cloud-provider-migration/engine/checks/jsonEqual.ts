/**
 * Equality of JSON values as an API server sees them: key order does not matter, array order does, and a key
 * whose value is `undefined` is the same as a missing key.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(canonical);
  }
  if (v && typeof v === 'object') {
    const obj = v as Record<string, unknown>;

    return Object.fromEntries(Object.keys(obj).sort().filter((k) => obj[k] !== undefined).map((k) => [k, canonical(obj[k])]));
  }

  return v;
}

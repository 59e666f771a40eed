/**
 * Reading Kubernetes component flags the way the components do (spf13/pflag): for a scalar flag the last
 * occurrence wins, `--feature-gates` accumulates `Name=bool` pairs (k8s.io/component-base featuregate
 * Set), and a bare `enable-leader-migration` is `true`.
 * Args are kept in RKE2's config form, `name=value` without the leading dashes.
 */
export function flagValue(args: string[], name: string): string | undefined {
  let found: string | undefined;

  for (const raw of args) {
    const a = raw.replace(/^--?/, '');

    if (a === name) {
      found = 'true';
    } else if (a.startsWith(`${ name }=`)) {
      found = a.slice(name.length + 1);
    }
  }

  return found;
}

export function boolFlag(args: string[], name: string): boolean {
  const v = flagValue(args, name);

  return v !== undefined && v.toLowerCase() !== 'false';
}

export function featureGates(args: string[]): Record<string, string> {
  const gates: Record<string, string> = {};

  for (const raw of args) {
    const a = raw.replace(/^--?/, '');

    if (a.startsWith('feature-gates=')) {
      for (const pair of a.slice('feature-gates='.length).split(',')) {
        const [k, v] = pair.split('=');

        if (k) {
          gates[k.trim()] = (v || '').trim();
        }
      }
    }
  }

  return gates;
}

/** A config value that may be a list, a single string or absent, as RKE2 config accepts. */
export function asList(v: unknown): string[] {
  if (v === undefined || v === null || v === '') {
    return [];
  }

  return Array.isArray(v) ? v.map(String) : [String(v)];
}

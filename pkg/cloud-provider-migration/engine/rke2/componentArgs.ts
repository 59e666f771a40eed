/**
 * RKE2 component argument lists (`kubelet-arg`, `kube-apiserver-arg`, …): a list of `name=value` strings or a
 * single string. Rancher passes each entry as `--<entry>`; Go flags let the last occurrence win.
 */

export const KUBELET_ARG = 'kubelet-arg';
export const APISERVER_ARG = 'kube-apiserver-arg';
export const KCM_ARG = 'kube-controller-manager-arg';
export const SCHEDULER_ARG = 'kube-scheduler-arg';

/** Arg keys that can carry `cloud-provider=`. */
export const CLOUD_PROVIDER_ARG_KEYS = [KUBELET_ARG, APISERVER_ARG, KCM_ARG] as const;
/** Arg keys whose `feature-gates=` may hold AWS-only gates. */
export const FEATURE_GATE_ARG_KEYS = [KUBELET_ARG, APISERVER_ARG, KCM_ARG, SCHEDULER_ARG] as const;

export const LEADER_MIGRATION_FLAG = 'enable-leader-migration';
/** Feature gates that only exist for the in-tree AWS provider (removed at the switch). */
export const AWS_FEATURE_GATES = ['CSIMigrationAWS', 'CSIMigrationAWSComplete'];

/** Normalises a config value to a list of strings ([] when absent). */
export function argList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') {
    return [];
  }

  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

/** `--cloud-provider=aws` → { name: 'cloud-provider', value: 'aws' }; `enable-leader-migration` → value undefined. */
export function splitArg(arg: string): { name: string; value?: string } {
  const bare = arg.trim().replace(/^-+/, '');
  const eq = bare.indexOf('=');

  return eq < 0 ? { name: bare } : { name: bare.slice(0, eq), value: bare.slice(eq + 1) };
}

/** Value of the last `name=` entry (Go flags: last wins), or undefined. */
export function argValue(list: string[], name: string): string | undefined {
  let found: string | undefined;

  list.forEach((arg) => {
    const a = splitArg(arg);

    if (a.name === name) {
      found = a.value === undefined ? '' : a.value;
    }
  });

  return found;
}

/** True when a boolean flag is set (`flag`, `flag=true`; `flag=false` is off). */
export function flagEnabled(list: string[], name: string): boolean {
  const v = argValue(list, name);

  return v !== undefined && v !== 'false';
}

/** Sets `name=value` once: the first entry of that name is replaced, later ones dropped; appended when absent. */
export function withArg(list: string[], name: string, value: string): string[] {
  const entry = `${ name }=${ value }`;
  let placed = false;
  const out: string[] = [];

  list.forEach((arg) => {
    if (splitArg(arg).name !== name) {
      out.push(arg);
    } else if (!placed) {
      out.push(entry);
      placed = true;
    }
  });

  return placed ? out : [...out, entry];
}

/** Adds a boolean flag (bare `name`) unless it is already enabled; a `name=false` entry is replaced. */
export function withFlag(list: string[], name: string): string[] {
  if (flagEnabled(list, name)) {
    return list;
  }
  const rest = list.filter((arg) => splitArg(arg).name !== name);

  return [...rest, name];
}

export function withoutArg(list: string[], name: string): string[] {
  return list.filter((arg) => splitArg(arg).name !== name);
}

/** `A=true,CSIMigrationAWS=false` → `A=true`; '' when nothing is left. */
export function withoutAwsGates(gates: string): string {
  const names = gates.split(',').map((g) => g.split('=')[0].trim());

  if (!names.some((n) => AWS_FEATURE_GATES.includes(n))) {
    return gates;
  }

  return gates.split(',').map((g) => g.trim()).filter((g) => g && !AWS_FEATURE_GATES.includes(g.split('=')[0].trim())).join(',');
}

/** Removes the AWS-only gates from every `feature-gates=` entry, dropping entries left empty. */
export function withoutAwsGateArgs(list: string[]): string[] {
  const out: string[] = [];

  list.forEach((arg) => {
    const { name, value } = splitArg(arg);

    if (name !== 'feature-gates' || value === undefined) {
      out.push(arg);

      return;
    }
    const kept = withoutAwsGates(value);

    if (kept === value) {
      out.push(arg);
    } else if (kept) {
      out.push(`feature-gates=${ kept }`);
    }
  });

  return out;
}

/**
 * Writes an edited list back into a config map in the form it had: unchanged lists keep their original value,
 * a single string stays a string while it holds one entry. An emptied list removes the key, unless `keepEmpty`:
 * in a machineSelectorConfig entry an empty list must stay, because removing the key would let an earlier
 * entry's list take effect again (lists replace each other).
 */
export function putArgList(config: Record<string, any>, key: string, list: string[], keepEmpty = false): void {
  const before = config[key];

  if (sameList(argList(before), list)) {
    return;
  }
  if (list.length === 0 && keepEmpty) {
    config[key] = [];
  } else if (list.length === 0) {
    delete config[key];
  } else if (typeof before === 'string' && list.length === 1) {
    config[key] = list[0];
  } else {
    config[key] = list;
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

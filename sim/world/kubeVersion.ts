/** Kubernetes version strings as Rancher carries them: v1.26.15+rke2r1, v1.27.16+k3s1, v1.26.15-rancher1-1. */
export interface KubeVersion {
  major: number;
  minor: number;
  patch: number;
}

export function parseKubeVersion(v: string | undefined): KubeVersion | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v || '');

  return m ? { major: +m[1], minor: +m[2], patch: +m[3] } : undefined;
}

/** True when the version is at least major.minor (unparseable versions are treated as old). */
export function atLeast(v: string | undefined, major: number, minor: number): boolean {
  const p = parseKubeVersion(v);

  return !!p && (p.major > major || (p.major === major && p.minor >= minor));
}

/** The upstream gitVersion part (`v1.26.15+rke2r1` keeps its build suffix, `-rancher1-1` is dropped). */
export function gitVersion(v: string): string {
  return v.replace(/-rancher\d+-\d+$/, '');
}

export function distroOf(v: string): 'rke2' | 'k3s' | 'rke1' {
  if (/k3s/.test(v)) {
    return 'k3s';
  }

  return /rancher\d/.test(v) ? 'rke1' : 'rke2';
}

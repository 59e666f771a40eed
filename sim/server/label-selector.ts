/**
 * Kubernetes label selectors in their string form (`a=b,c!=d,e in (x,y),f notin (z),g,!h`) and field
 * selectors (`metadata.name=x`, `metadata.namespace=y`).
 * Imitates k8s.io/apimachinery pkg/labels/selector.go (Parse, Requirement.Matches) and
 * pkg/fields/selector.go; object fields follow k8s generic registry DefaultClusterScopeAttr/NamespaceScopeAttr.
 */
import { ApiError } from './types';
import type { KObj } from '../store';

type Op = '=' | '!=' | 'in' | 'notin' | 'exists' | '!';

interface Requirement { key: string; op: Op; values: string[] }

/** Split on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';

  for (const ch of s) {
    if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    }
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);

  return out.map((x) => x.trim()).filter((x) => x !== '');
}

function parseTerm(term: string): Requirement {
  let m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);

  if (m) {
    return { key: m[1], op: m[2] as Op, values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== '') };
  }
  m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (m) {
    return { key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] };
  }
  m = /^!\s*([^=!\s]+)$/.exec(term);
  if (m) {
    return { key: m[1], op: '!', values: [] };
  }
  if (/^[^=!\s(),]+$/.test(term)) {
    return { key: term, op: 'exists', values: [] };
  }
  throw new ApiError(400, 'BadRequest', `unable to parse requirement: ${ term }`, 'rancher');
}

export type Matcher = (labels: Record<string, string> | undefined) => boolean;

export function parseLabelSelector(s: string | null | undefined): Matcher {
  if (!s) {
    return () => true;
  }
  const reqs = splitTerms(s).map(parseTerm);

  return (labels) => reqs.every((r) => {
    const has = !!labels && Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = has ? labels![r.key] : undefined;

    switch (r.op) {
      case '=': return has && v === r.values[0];
      case '!=': return !has || v !== r.values[0];
      case 'in': return has && r.values.includes(v as string);
      case 'notin': return !has || !r.values.includes(v as string);
      case 'exists': return has;
      case '!': return !has;
      default: return false;
    }
  });
}

/** Field selectors on metadata.name / metadata.namespace (the fields every k8s resource supports). */
export function parseFieldSelector(s: string | null | undefined): (o: KObj) => boolean {
  if (!s) {
    return () => true;
  }
  const reqs = splitTerms(s).map((term) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);

    if (!m || !['metadata.name', 'metadata.namespace'].includes(m[1])) {
      throw new ApiError(400, 'BadRequest', `field label not supported: ${ m ? m[1] : term }`, 'k8s');
    }

    return { field: m[1], neg: m[2] === '!=', value: m[3] };
  });

  return (o) => reqs.every((r) => {
    const v = r.field === 'metadata.name' ? o.metadata.name : (o.metadata.namespace || '');

    return r.neg ? v !== r.value : v === r.value;
  });
}

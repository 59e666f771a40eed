/**
 * An RKE2 `additionalManifest`: a multi-document YAML string that Rancher writes to the servers'
 * manifests directory and the k3s/rke2 deploy controller applies (k3s pkg/deploy/controller.go).
 * Parsing failures are reported like Rancher's planner reports them (the cluster shows the error).
 */
import { parseAllDocuments } from 'yaml';
import { KObj } from '../../store';

export interface ParsedManifest {
  objects: KObj[];
  error?: string;
}

export function parseManifest(text: string | undefined): ParsedManifest {
  if (!text || !text.trim()) {
    return { objects: [] };
  }
  const docs = parseAllDocuments(text);
  const objects: KObj[] = [];

  for (const d of docs as any[]) {
    if (d.errors && d.errors.length) {
      return { objects: [], error: `failed to parse additional manifest: ${ d.errors[0].message }` };
    }
    const o = d.toJS();

    if (o === null || o === undefined) {
      continue;
    }
    if (typeof o !== 'object' || Array.isArray(o) || !o.kind || !o.apiVersion || !o.metadata?.name) {
      return { objects: [], error: 'failed to parse additional manifest: every document needs apiVersion, kind and metadata.name' };
    }
    objects.push(o);
  }

  return { objects };
}

/** The Steve type name of a manifest object: core group → lower-case kind, else `<group>.<kind>`. */
export function steveType(obj: KObj): string {
  const group = (obj.apiVersion || '').includes('/') ? obj.apiVersion!.split('/')[0] : '';
  const kind = (obj.kind || '').toLowerCase();

  return group ? `${ group }.${ kind }` : kind;
}

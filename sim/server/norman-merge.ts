/**
 * Norman's update merge (rancher/norman types/convert/merge/merge.go APIUpdateMerge / mergeMaps):
 * the body is merged into the current object field by field. A field whose schema type is a map of
 * primitives (`map[string]`, e.g. `extraArgs`) is REPLACED whole by what was sent; nested structs
 * (and maps of structs, e.g. `serviceOverride`) are merged recursively; arrays and primitives are replaced;
 * fields not sent are kept. Labels/annotations: keys containing `cattle.io/` are protected, other keys are
 * replaced by the sent set (mergeProtected).
 *
 * Without Norman's schemas the map-of-primitives fields are named here (rancher/rke types/rke_types.go:
 * `ExtraArgs map[string]string`, `ExtraArgsArray map[string][]string`, `NodeSelector`, network `Options`,
 * ingress `ExtraArgs`, …).
 */
export const MAP_OF_PRIMITIVES = new Set(['extraArgs', 'extraArgsArray', 'nodeSelector', 'options', 'labels', 'annotations', 'extraEnvs', 'sysctls']);

type Json = Record<string, any>;

function isObject(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function normanMerge(dest: Json, src: Json): Json {
  const result: Json = { ...dest };

  for (const [k, v] of Object.entries(src)) {
    if (MAP_OF_PRIMITIVES.has(k)) {
      result[k] = v;
    } else if (isObject(v) && isObject(dest[k])) {
      result[k] = normanMerge(dest[k], v);
    } else {
      result[k] = v;
    }
  }

  return result;
}

function isProtected(k: string): boolean {
  return k.includes('cattle.io/') && !(k.startsWith('field.cattle.io/') && k !== 'field.cattle.io/creatorId');
}

/** merge.go mergeProtected: protected keys kept from dest; other keys = what src sent (field.cattle.io/ kept). */
export function mergeProtected(dest: Record<string, string> | undefined, src: Record<string, string> | undefined): Record<string, string> {
  const d = dest || {};

  if (!src) {
    return { ...d };
  }
  const out: Record<string, string> = { ...d };

  for (const [k, v] of Object.entries(src)) {
    if (!isProtected(k)) {
      out[k] = v;
    }
  }
  for (const k of Object.keys(d)) {
    if (!isProtected(k) && !k.startsWith('field.cattle.io/') && !(k in src)) {
      delete out[k];
    }
  }

  return out;
}

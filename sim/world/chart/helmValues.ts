/**
 * Helm's values coalescing (helm/helm pkg/chartutil/coalesce.go CoalesceTables): user values override chart
 * defaults; when both sides are maps they merge key by key (recursively); lists and scalars replace; a user
 * value of `null` deletes the default key (Helm's chart template guide on values files, "Deleting a default key").
 */
export type Values = Record<string, any>;

function isMap(v: unknown): v is Values {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function coalesceValues(defaults: Values, user: Values | undefined | null): Values {
  const out: Values = JSON.parse(JSON.stringify(defaults));

  for (const [k, v] of Object.entries(user || {})) {
    if (v === null) {
      delete out[k];
    } else if (isMap(v) && isMap(out[k])) {
      out[k] = coalesceValues(out[k], v);
    } else if (isMap(v)) {
      out[k] = stripNulls(v);
    } else {
      out[k] = JSON.parse(JSON.stringify(v));
    }
  }

  return out;
}

function stripNulls(v: Values): Values {
  const out: Values = {};

  for (const [k, x] of Object.entries(v)) {
    if (x !== null) {
      out[k] = isMap(x) ? stripNulls(x) : JSON.parse(JSON.stringify(x));
    }
  }

  return out;
}

/** `helm --set a.b=c` style keys from a HelmChart's `spec.set` (dotted paths, scalar values). */
export function applySet(values: Values, set: Record<string, unknown> | undefined): Values {
  const out: Values = JSON.parse(JSON.stringify(values));

  for (const [path, value] of Object.entries(set || {})) {
    const parts = path.split('.');
    let cur = out;

    for (const p of parts.slice(0, -1)) {
      cur[p] = isMap(cur[p]) ? cur[p] : {};
      cur = cur[p];
    }
    cur[parts[parts.length - 1]] = value;
  }

  return out;
}

/**
 * Layer two user value files (helm `-f a -f b`): the later one wins key by key, maps merge, and a `null`
 * is kept so that it still deletes the chart default when coalesced.
 */
export function overlayUserValues(base: Values | undefined | null, top: Values | undefined | null): Values {
  const out: Values = JSON.parse(JSON.stringify(base || {}));

  for (const [k, v] of Object.entries(top || {})) {
    out[k] = isMap(v) && isMap(out[k]) ? overlayUserValues(out[k], v) : JSON.parse(JSON.stringify(v));
  }

  return out;
}

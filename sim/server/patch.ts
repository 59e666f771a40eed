/**
 * The three PATCH flavours of the Kubernetes apiserver (k8s.io/apiserver pkg/endpoints/handlers/patch.go):
 * - `application/merge-patch+json`: RFC 7386 (null deletes, objects merge, arrays replace) via json-merge-patch;
 * - `application/strategic-merge-patch+json`: k8s.io/apimachinery pkg/util/strategicpatch — like a merge patch,
 *   but lists with a `patchMergeKey` merge element-wise (containers by name, conditions by type, node
 *   addresses by type, ownerReferences by uid…), `metadata.finalizers` merges as a set, and the `$patch`
 *   directive (`delete` on a list element, `replace` on a map) is honoured; other `$` directives are ignored;
 * - `application/json-patch+json`: RFC 6902 (add, remove, replace, move, copy, test).
 */
import jsonMergePatch from 'json-merge-patch';
import { ApiError } from './types';

type Json = any;

/** patchMergeKey of list fields by field name (k8s.io/api core/v1 and apps/v1 struct tags). */
const MERGE_KEYS: Record<string, string> = {
  containers:          'name',
  initContainers:      'name',
  ephemeralContainers: 'name',
  env:                 'name',
  volumes:             'name',
  volumeMounts:        'mountPath',
  ports:               'containerPort',
  conditions:          'type',
  addresses:           'type',
  ownerReferences:     'uid',
  imagePullSecrets:    'name',
};
const SET_LISTS = new Set(['finalizers']);

function isObject(v: unknown): v is Record<string, Json> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function strategicMerge(target: Json, patch: Json): Json {
  if (!isObject(patch)) {
    return patch;
  }
  if (patch.$patch === 'replace') {
    const { $patch, ...rest } = patch; // eslint-disable-line @typescript-eslint/no-unused-vars

    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') {
    return undefined;
  }
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};

  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) {
      continue;
    }
    if (v === null) {
      delete out[k];
    } else if (Array.isArray(v) && MERGE_KEYS[k] && Array.isArray(out[k])) {
      out[k] = mergeList(out[k], v, MERGE_KEYS[k]);
    } else if (Array.isArray(v) && SET_LISTS.has(k) && Array.isArray(out[k])) {
      out[k] = [...out[k], ...v.filter((x: Json) => !out[k].includes(x))];
    } else if (isObject(v)) {
      const merged = strategicMerge(out[k], v);

      if (merged === undefined) {
        delete out[k];
      } else {
        out[k] = merged;
      }
    } else {
      out[k] = stripDirectives(v);
    }
  }

  return out;
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) {
    return v.filter((x) => !(isObject(x) && x.$patch === 'delete')).map(stripDirectives);
  }
  if (isObject(v)) {
    const out: Record<string, Json> = {};

    for (const [k, x] of Object.entries(v)) {
      if (!k.startsWith('$') && x !== null) {
        out[k] = stripDirectives(x);
      }
    }

    return out;
  }

  return v;
}

function mergeList(current: Json[], patch: Json[], key: string): Json[] {
  const out = [...current];

  for (const item of patch) {
    if (!isObject(item) || item[key] === undefined) {
      out.push(item);
      continue;
    }
    const i = out.findIndex((x) => isObject(x) && x[key] === item[key]);

    if (item.$patch === 'delete') {
      if (i >= 0) {
        out.splice(i, 1);
      }
    } else if (i >= 0) {
      out[i] = strategicMerge(out[i], item);
    } else {
      out.push(stripDirectives(item));
    }
  }

  return out;
}

function unescapeToken(t: string): string {
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(path: string): string[] {
  if (path === '') {
    return [];
  }
  if (!path.startsWith('/')) {
    throw invalid(`invalid JSON pointer ${ path }`);
  }

  return path.slice(1).split('/').map(unescapeToken);
}

function invalid(msg: string): ApiError {
  return new ApiError(422, 'Invalid', msg, 'k8s');
}

function parentOf(doc: Json, tokens: string[]): { parent: Json; key: string } {
  let cur = doc;

  for (const t of tokens.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(t)] : isObject(cur) ? cur[t] : undefined;
    if (cur === undefined) {
      throw invalid(`doc is missing path: /${ tokens.join('/') }`);
    }
  }

  return { parent: cur, key: tokens[tokens.length - 1] };
}

function getAt(doc: Json, tokens: string[]): Json {
  let cur = doc;

  for (const t of tokens) {
    cur = Array.isArray(cur) ? cur[Number(t)] : isObject(cur) ? cur[t] : undefined;
    if (cur === undefined) {
      throw invalid(`doc is missing path: /${ tokens.join('/') }`);
    }
  }

  return cur;
}

function removeAt(doc: Json, tokens: string[]): Json {
  const { parent, key } = parentOf(doc, tokens);

  if (Array.isArray(parent)) {
    const i = Number(key);

    if (!(i >= 0 && i < parent.length)) {
      throw invalid(`index out of range: ${ key }`);
    }

    return parent.splice(i, 1)[0];
  }
  if (!isObject(parent) || !(key in parent)) {
    throw invalid(`doc is missing key: /${ tokens.join('/') }`);
  }
  const v = parent[key];

  delete parent[key];

  return v;
}

function addAt(doc: Json, tokens: string[], value: Json): Json {
  if (!tokens.length) {
    return value;
  }
  const { parent, key } = parentOf(doc, tokens);

  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);

    if (!(i >= 0 && i <= parent.length)) {
      throw invalid(`index out of range: ${ key }`);
    }
    parent.splice(i, 0, value);
  } else if (isObject(parent)) {
    parent[key] = value;
  } else {
    throw invalid(`doc is missing path: /${ tokens.join('/') }`);
  }

  return doc;
}

export function applyJsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops)) {
    throw new ApiError(400, 'BadRequest', 'json patch must be an array of operations', 'k8s');
  }
  let out = JSON.parse(JSON.stringify(doc));

  for (const op of ops) {
    const path = parsePointer(op.path);

    switch (op.op) {
      case 'add':
        out = addAt(out, path, op.value);
        break;
      case 'remove':
        removeAt(out, path);
        break;
      case 'replace':
        if (!path.length) {
          out = op.value;
          break;
        }
        removeAt(out, path);
        out = addAt(out, path, op.value);
        break;
      case 'move': {
        const v = removeAt(out, parsePointer(op.from));

        out = addAt(out, path, v);
        break;
      }
      case 'copy':
        out = addAt(out, path, JSON.parse(JSON.stringify(getAt(out, parsePointer(op.from)))));
        break;
      case 'test':
        if (JSON.stringify(getAt(out, path)) !== JSON.stringify(op.value)) {
          throw invalid(`testing value /${ path.join('/') } failed`);
        }
        break;
      default:
        throw new ApiError(400, 'BadRequest', `unknown json patch operation ${ op.op }`, 'k8s');
    }
  }

  return out;
}

export function applyPatch(contentType: string, current: Json, patch: Json): Json {
  const ct = contentType.split(';')[0].trim().toLowerCase();

  switch (ct) {
    case 'application/json-patch+json':
      return applyJsonPatch(current, patch);
    case 'application/merge-patch+json':
      return jsonMergePatch.apply(JSON.parse(JSON.stringify(current)), patch);
    case 'application/strategic-merge-patch+json':
      return strategicMerge(current, patch);
    default:
      throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`, 'k8s');
  }
}

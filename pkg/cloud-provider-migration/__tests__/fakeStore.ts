/**
 * The in-memory stand-in for the shell's Vuex store, for every unit test (api, composables, components).
 *
 * - `dispatch('management/request' | 'rancher/request', { url, method, data, headers })` answers from scripted
 *   routes and records each call as sent (a deep copy: the body as it was sent, not as the caller may change it
 *   later; `method` as the api layer sends it, lower case).
 * - A route is `"<METHOD> <url>"` (any store) or `"<store> <METHOD> <url>"` (only through `<store>/request`); its
 *   answers are used in order and the last one repeats. A URL without a route answers 404, as Rancher does.
 * - A failure is rejected the way steve/actions.js `onError` does: the parsed error body with a non-enumerable
 *   `_status`, or, when the server never answered, the bare axios error.
 * - `getters['i18n/t']` returns the key, with the params appended as text (so tests see that cluster-provided
 *   values reach the page as text); `getters['management/byId']` returns the instances in `models`.
 */
import { reactive } from 'vue';
import { downstreamUrls, ecrNodesAnswer } from './downstreamUrls';

/** A body (`ok`), an error status with its body (a default one when absent), or no answer at all (`network`). */
export type Reply =
  | { ok: unknown }
  | { status: number; body?: unknown }
  | { network: string; code?: string };

/** A reply, or a reply decided when asked (from the URL requested). */
export type Answer = Reply | ((url: string) => Reply);

/** `"<METHOD> <url>"` or `"<store> <METHOD> <url>"` to one answer or to answers used in order. */
export type Routes = Record<string, Answer | Answer[]>;

export interface Call {
  action: string;
  method: string;
  url: string;
  data?: any;
  headers?: Record<string, string>;
}

/** The body of an error Rancher sends (403: Forbidden, anything else: NotFound). */
function errorBody(status: number, message: string): Record<string, unknown> {
  return {
    type: 'error', status, code: status === 403 ? 'Forbidden' : 'NotFound', message
  };
}

/** An error reply with the body Rancher sends. */
export function httpError(status: number, message: string): Reply {
  return { status, body: errorBody(status, message) };
}

export function translateKey(key: string, params?: Record<string, unknown>): string {
  if (!params || !Object.keys(params).length) {
    return key;
  }

  return `${ key } ${ Object.entries(params).map(([k, v]) => `${ k }=${ v }`).join(' ') }`;
}

function copy<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

function withStatus(body: any, status: number): any {
  if (body && typeof body === 'object') {
    Object.defineProperty(body, '_status', { value: status, enumerable: false });
  }

  return body;
}

function routeKey(route: string): string {
  const parts = route.split(' ');
  const methodAt = parts.length > 2 ? 1 : 0;

  parts[methodAt] = parts[methodAt].toUpperCase();

  return parts.join(' ');
}

export class FakeStore {
  readonly calls: Call[] = [];
  /**
   * The models `getters['management/byId'](type, id)` returns, keyed `"<type> <id>"`; reactive, as the shell's
   * store cache is, so a test can replace or change an instance the way a list load or a websocket change does.
   */
  readonly models: Map<string, Record<string, any>> = reactive(new Map());

  readonly getters: Record<string, any> = {
    'i18n/t':          translateKey,
    'management/byId': (type: string, id: string) => this.models.get(`${ type } ${ id }`),
  };

  readonly commit = jest.fn();
  private answers = new Map<string, Answer[]>();

  constructor(routes: Routes = {}) {
    Object.entries(routes).forEach(([route, answers]) => {
      this.answers.set(routeKey(route), Array.isArray(answers) ? [...answers] : [answers]);
    });
  }

  /** Scripts `METHOD url` through any store: the answers in order, the last one repeating. */
  on(method: string, url: string, ...answers: Answer[]): this {
    this.answers.set(routeKey(`${ method } ${ url }`), answers);

    return this;
  }

  dispatch = async (action: string, payload: any): Promise<any> => {
    const store = action.split('/')[0];
    const method = (payload?.method || 'get').toLowerCase();
    const url = payload?.url;

    this.calls.push(copy({
      action, method, url, data: payload?.data, headers: payload?.headers
    }));
    const route = [`${ store } ${ method.toUpperCase() } ${ url }`, `${ method.toUpperCase() } ${ url }`].find((key) => this.answers.get(key)?.length);

    if (!route) {
      throw withStatus(errorBody(404, `no route for ${ store } ${ method.toUpperCase() } ${ url }`), 404);
    }
    const queue = this.answers.get(route)!;
    const next = queue.length > 1 ? queue.shift()! : queue[0];
    const answer = typeof next === 'function' ? next(url) : next;

    if ('ok' in answer) {
      return withStatus(copy(answer.ok), 200);
    }
    if ('network' in answer) {
      throw Object.assign(new Error(answer.network), { code: answer.code || 'ERR_NETWORK', isAxiosError: true });
    }
    const body = answer.body === undefined ? {
      type: 'error', status: answer.status, code: answer.status === 409 ? 'Conflict' : 'Error', message: `status ${ answer.status }`
    } : copy(answer.body);

    throw withStatus(body, answer.status);
  };

  /** The calls that change something (every method but GET). */
  writes(): Call[] {
    return this.calls.filter((c) => c.method !== 'get');
  }
}

/** A FakeStore answering `routes`. */
export function fakeStore(routes: Routes = {}): FakeStore {
  return new FakeStore(routes);
}

/** Routes answering the reads of `readObservations` for a downstream cluster. */
export function downstreamRoutes(clusterId: string, nodes: Record<string, any>[], mgmtConditions = [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }]): Routes {
  const prefix = `/k8s/clusters/${ clusterId }`;
  const urls = downstreamUrls(clusterId);

  return {
    [`management GET /v1/management.cattle.io.clusters/${ clusterId }`]:                     { ok: { id: clusterId, type: 'management.cattle.io.cluster', status: { conditions: mgmtConditions } } },
    [`management GET ${ urls.nodes }`]:                                                       { ok: { type: 'collection', data: nodes } },
    [`management GET ${ urls.ecrNodes }`]:                                                    { ok: ecrNodesAnswer(nodes) },
    [`management GET ${ urls.daemonSet }`]:                                                   httpError(404, 'daemonsets.apps "aws-cloud-controller-manager" not found'),
    [`management GET ${ urls.leases }`]:                                                      { ok: { type: 'collection', data: [] } },
    [`management GET ${ urls.services }`]:                                                    { ok: { type: 'collection', data: [] } },
    [`management GET ${ prefix }/apis/storage.k8s.io/v1/storageclasses`]:                     { ok: { kind: 'StorageClassList', apiVersion: 'storage.k8s.io/v1', metadata: {}, items: [] } },
    [`management GET ${ prefix }/apis/storage.k8s.io/v1/csidrivers`]:                         { ok: { kind: 'CSIDriverList', apiVersion: 'storage.k8s.io/v1', metadata: {}, items: [] } },
  };
}

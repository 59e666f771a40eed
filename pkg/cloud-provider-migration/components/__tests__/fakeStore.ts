/**
 * A stand-in for the shell's Vuex store: `dispatch('management/request' | 'rancher/request', { url, method })`
 * answers from a table of routes (method + url), records every call, and rejects unknown routes with a 404
 * shaped like the shell's rejection (`_status`). `getters['i18n/t']` returns the key, with the params appended
 * as text so tests can see that cluster-provided values reach the page as text.
 */
import { reactive } from 'vue';

export interface DispatchCall {
  action: string;
  url: string;
  method: string;
}

export type Answer = unknown | ((url: string) => unknown);

export interface FakeStore {
  getters: Record<string, any>;
  dispatch: jest.Mock;
  commit: jest.Mock;
  calls: DispatchCall[];
  /**
   * The models `getters['management/byId'](type, id)` returns, keyed `"<type> <id>"`; reactive, as the shell's
   * store cache is, so a test can replace or change an instance the way a list load or a websocket change does.
   */
  models: Map<string, Record<string, any>>;
}

export function httpError(status: number, message: string): Record<string, unknown> {
  return {
    type: 'error', status, code: status === 403 ? 'Forbidden' : 'NotFound', message, _status: status
  };
}

export function translateKey(key: string, params?: Record<string, unknown>): string {
  if (!params || !Object.keys(params).length) {
    return key;
  }

  return `${ key } ${ Object.entries(params).map(([k, v]) => `${ k }=${ v }`).join(' ') }`;
}

/**
 * `routes` maps `"<store> <METHOD> <url>"` (e.g. `"rancher GET /v3/clusters/c-7wz2k"`) to an answer; an Error
 * or an object with `_status` rejects.
 */
export function fakeStore(routes: Record<string, Answer>): FakeStore {
  const calls: DispatchCall[] = [];
  const models = reactive(new Map<string, Record<string, any>>());
  const dispatch = jest.fn(async (action: string, payload: { url: string; method?: string }) => {
    const store = action.split('/')[0];
    const method = (payload?.method || 'get').toUpperCase();

    calls.push({ action, url: payload?.url, method });

    const key = `${ store } ${ method } ${ payload?.url }`;

    if (!(key in routes)) {
      throw httpError(404, `no route for ${ key }`);
    }
    const route = routes[key];
    const answer = typeof route === 'function' ? (route as (url: string) => unknown)(payload.url) : route;

    if (answer instanceof Error || (answer && typeof answer === 'object' && '_status' in answer)) {
      throw answer;
    }

    return JSON.parse(JSON.stringify(answer));
  });

  return {
    getters: { 'i18n/t': translateKey, 'management/byId': (type: string, id: string) => models.get(`${ type } ${ id }`) },
    dispatch,
    commit:  jest.fn(),
    calls,
    models,
  };
}

/** Routes answering the reads of `readObservations` for a downstream cluster. */
export function downstreamRoutes(clusterId: string, nodes: Record<string, any>[], mgmtConditions = [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }]): Record<string, Answer> {
  const prefix = `/k8s/clusters/${ clusterId }`;

  return {
    [`management GET /v1/management.cattle.io.clusters/${ clusterId }`]:                     { id: clusterId, type: 'management.cattle.io.cluster', status: { conditions: mgmtConditions } },
    [`management GET ${ prefix }/v1/nodes`]:                                                  { type: 'collection', data: nodes },
    [`management GET ${ prefix }/v1/apps.daemonsets/kube-system/aws-cloud-controller-manager`]: httpError(404, 'daemonsets.apps "aws-cloud-controller-manager" not found'),
    [`management GET ${ prefix }/v1/coordination.k8s.io.leases/kube-system`]:                 { type: 'collection', data: [] },
  };
}

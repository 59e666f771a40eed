/**
 * A stand-in for the shell store's `management/request` and `rancher/request` actions. Each dispatch is recorded;
 * answers are scripted per `METHOD url` and consumed in order (the last one repeats). A failure is rejected the
 * way steve/actions.js `onError` does: the parsed error body with a non-enumerable `_status`, or, when the server
 * never answered, the bare axios error.
 */
export type Answer =
  | { ok: any }
  | { status: number; body?: any }
  | { network: string; code?: string };

export interface Call {
  action: string;
  method: string;
  url: string;
  data?: any;
  headers?: Record<string, string>;
}

function errorBody(status: number, body: any): any {
  const out = body ?? {
    type: 'error', status, code: status === 409 ? 'Conflict' : 'Error', message: `status ${ status }`
  };

  Object.defineProperty(out, '_status', { value: status, enumerable: false });

  return out;
}

export class FakeStore {
  calls: Call[] = [];
  private answers = new Map<string, Answer[]>();

  on(method: string, url: string, ...answers: Answer[]): this {
    this.answers.set(`${ method.toLowerCase() } ${ url }`, answers);

    return this;
  }

  dispatch = async (action: string, payload: any): Promise<any> => {
    const method = (payload.method || 'get').toLowerCase();
    // Record a deep copy: the body as it was sent, not as the caller may mutate it later.
    const call: Call = JSON.parse(JSON.stringify({
      action, method, url: payload.url, data: payload.data, headers: payload.headers
    }));

    this.calls.push(call);
    const queue = this.answers.get(`${ method } ${ payload.url }`);

    if (!queue || !queue.length) {
      throw new Error(`FakeStore: no answer scripted for ${ method.toUpperCase() } ${ payload.url }`);
    }
    const answer = queue.length > 1 ? queue.shift()! : queue[0];

    if ('ok' in answer) {
      const body = JSON.parse(JSON.stringify(answer.ok));

      Object.defineProperty(body, '_status', { value: 200, enumerable: false });

      return body;
    }
    if ('network' in answer) {
      throw Object.assign(new Error(answer.network), { code: answer.code || 'ERR_NETWORK', isAxiosError: true });
    }
    throw errorBody(answer.status, answer.body === undefined ? undefined : JSON.parse(JSON.stringify(answer.body)));
  };

  writes(): Call[] {
    return this.calls.filter((c) => c.method !== 'get');
  }
}

/** A provisioning cluster as Steve returns it (docs/rancher-behaviour.md#steve-update), trimmed. */
export function provisioningCluster(resourceVersion: string, kcmArgs: string[] = []): Record<string, any> {
  return {
    id:         'fleet-default/prod',
    type:       'provisioning.cattle.io.cluster',
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    links:      {
      self:   'https://rancher.example.com/v1/provisioning.cattle.io.clusters/fleet-default/prod',
      update: 'https://rancher.example.com/v1/provisioning.cattle.io.clusters/fleet-default/prod',
      view:   'https://rancher.example.com/apis/provisioning.cattle.io/v1/namespaces/fleet-default/clusters/prod',
    },
    metadata: {
      name:              'prod',
      namespace:         'fleet-default',
      resourceVersion,
      generation:        7,
      uid:               '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
      creationTimestamp: '2025-11-02T09:14:00Z',
      finalizers:        ['wrangler.cattle.io/provisioning-cluster-remove'],
      managedFields:     [{ manager: 'rancher', operation: 'Update', apiVersion: 'provisioning.cattle.io/v1' }],
      relationships:     [{ toType: 'management.cattle.io.cluster', toId: 'c-m-7x2k9q4z', rel: 'applies' }],
      state:             { name: 'active', error: false, transitioning: false },
    },
    spec: {
      cloudCredentialSecretName: 'cattle-global-data:cc-8s7d6',
      kubernetesVersion:         'v1.26.15+rke2r1',
      rkeConfig:                 {
        machineGlobalConfig:   { cni: 'calico', 'disable-kube-proxy': false },
        machineSelectorConfig: [
          { config: { 'cloud-provider-name': 'aws', 'protect-kernel-defaults': false } },
          ...(kcmArgs.length ? [{ config: { 'kube-controller-manager-arg': kcmArgs }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/control-plane-role': 'true' } } }] : []),
        ],
        additionalManifest: '',
      },
    },
    status: { clusterName: 'c-m-7x2k9q4z', ready: true, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** An RKE1 cluster as Norman v3 returns it (docs/rancher-behaviour.md#norman-update), trimmed. */
export function normanCluster(extraArgs: Record<string, string>, cloudProviderName = 'aws'): Record<string, any> {
  return {
    id:                            'c-5xk2n',
    type:                          'cluster',
    name:                          'legacy',
    state:                         'active',
    rancherKubernetesEngineConfig: {
      kubernetesVersion: 'v1.26.15-rancher1-1',
      cloudProvider:     { name: cloudProviderName, awsCloudProvider: { global: { 'kubernetes-cluster-tag': 'legacy' } } },
      services:          { kubeController: { extraArgs, clusterCidr: '10.42.0.0/16', serviceClusterIpRange: '10.43.0.0/16' } },
    },
    actions: { generateKubeconfig: 'https://rancher.example.com/v3/clusters/c-5xk2n?action=generateKubeconfig' },
    links:   { self: 'https://rancher.example.com/v3/clusters/c-5xk2n', update: 'https://rancher.example.com/v3/clusters/c-5xk2n' },
  };
}

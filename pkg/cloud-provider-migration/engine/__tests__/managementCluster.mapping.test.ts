// How the management.cattle.io/v3 shape of an RKE1 cluster is mapped to its Norman view and back: the Norman
// fields, the `spec.` prefix on paths into rancherKubernetesEngineConfig (and only those), cumulative step objects.
import type { Detection, Message, MigrationPlan, PlanStep } from '../types';
import { managementDetection, managementPlan, normanViewOfManagement } from '../cluster/managementCluster';

describe('normanViewOfManagement', () => {
  const management = {
    apiVersion: 'management.cattle.io/v3',
    kind:       'Cluster',
    metadata:   { name: 'c-abcde', labels: { env: 'prod' }, annotations: { a: '1' } },
    spec:       { displayName: 'prod', rancherKubernetesEngineConfig: { kubernetesVersion: 'v1.26.15-rancher1-1' }, shared: 'spec' },
    status:     { driver: 'rancherKubernetesEngine', shared: 'status' },
  };

  it('flattens status and spec (spec wins), names it by id and display name, and drops displayName', () => {
    expect(normanViewOfManagement(management)).toEqual({
      driver:                        'rancherKubernetesEngine',
      shared:                        'spec',
      rancherKubernetesEngineConfig: { kubernetesVersion: 'v1.26.15-rancher1-1' },
      type:                          'cluster',
      id:                            'c-abcde',
      name:                          'prod',
      labels:                        { env: 'prod' },
      annotations:                   { a: '1' },
    });
  });

  it('uses the cluster name without a display name, {} labels and annotations when absent, and ignores a non-object status', () => {
    const view = normanViewOfManagement({ metadata: { name: 'c-xyz' }, spec: { rancherKubernetesEngineConfig: {} }, status: 'odd' });

    expect(view).toEqual({ rancherKubernetesEngineConfig: {}, type: 'cluster', id: 'c-xyz', name: 'c-xyz', labels: {}, annotations: {} });
  });

  it('does not share objects with its input', () => {
    const view = normanViewOfManagement(management);

    view.rancherKubernetesEngineConfig.kubernetesVersion = 'changed';
    expect(management.spec.rancherKubernetesEngineConfig.kubernetesVersion).toBe('v1.26.15-rancher1-1');
  });
});

const normanDetection = {
  kind:              'rke1',
  format:            'norman',
  name:              'prod',
  id:                'c-abcde',
  kubernetesVersion: 'v1.26.15-rancher1-1',
  providerLocations: [
    { path: 'rancherKubernetesEngineConfig.cloudProvider.name', value: 'aws' },
    { path: 'rancherKubernetesEngineConfigX.other', value: 'x' },
    { path: 'annotations.cloud', value: 'y' },
  ],
} as unknown as Detection;

describe('managementDetection', () => {
  it('says management and prefixes only the paths into rancherKubernetesEngineConfig', () => {
    const d = managementDetection(normanDetection);

    expect(d.format).toBe('management');
    expect(d.providerLocations.map((l) => l.path)).toEqual([
      'spec.rancherKubernetesEngineConfig.cloudProvider.name', 'rancherKubernetesEngineConfigX.other', 'annotations.cloud',
    ]);
    expect(d.providerLocations[0].value).toBe('aws');
    expect(normanDetection.providerLocations[0].path).toBe('rancherKubernetesEngineConfig.cloudProvider.name');
  });
});

describe('managementPlan', () => {
  const input = {
    apiVersion: 'management.cattle.io/v3',
    kind:       'Cluster',
    metadata:   { name: 'c-abcde' },
    spec:       { displayName: 'prod', rancherKubernetesEngineConfig: { services: { kubelet: { extraArgs: { 'cloud-provider': 'aws' } } } } },
    status:     { ready: true },
  };
  const msg = (key: string, params?: Message['params']): Message => (params ? { key, params } : { key });
  const step = (id: string, rkeConfig: Record<string, any> | undefined, warnings: Message[] = []): PlanStep => ({
    id, action: rkeConfig ? 'update-cluster' : 'wait', done: false, live: !rkeConfig, optional: false, title: msg(`t.${ id }`), description: msg(`d.${ id }`), warnings,
    ...(rkeConfig ? { object: { type: 'cluster', id: 'c-abcde', rancherKubernetesEngineConfig: rkeConfig }, diff: 'norman diff' } : {}),
  } as PlanStep);
  const kubelet = (args: Record<string, string>) => ({ services: { kubelet: { extraArgs: args } } });
  const normanPlan = {
    cluster:      { name: 'prod' },
    status:       'in-tree',
    reason:       msg('r', { field: 'rancherKubernetesEngineConfig.cloudProvider', other: 'rancherKubernetesEngineConfig.x' }),
    strategy:     'leader-migration',
    finalVersion: 'v1.26.15-rancher1-1',
    detection:    normanDetection,
    preflight:    [
      { id: 'p1', severity: 'ok', message: msg('p1', { path: 'rancherKubernetesEngineConfig.services', count: 2 }) },
      { id: 'p2', severity: 'info', message: msg('p2') },
    ],
    steps: [
      step('first', kubelet({ 'cloud-provider': 'external' }), [msg('w', { field: 'cloudProvider.name' }), msg('w2', { path: 3 as unknown as string })]),
      step('wait', undefined),
      step('second', kubelet({ 'cloud-provider': 'external', v: '2' })),
    ],
  } as unknown as MigrationPlan;

  const plan = managementPlan(input, normanPlan);

  it('gives each update step the whole input with only spec.rancherKubernetesEngineConfig replaced', () => {
    const [first, wait, second] = plan.steps;

    expect(first.object).toEqual({ ...input, spec: { ...input.spec, rancherKubernetesEngineConfig: kubelet({ 'cloud-provider': 'external' }) } });
    expect(second.object!.spec.rancherKubernetesEngineConfig).toEqual(kubelet({ 'cloud-provider': 'external', v: '2' }));
    expect(second.object!.status).toEqual({ ready: true });
    expect(wait.object).toBeUndefined();
    expect(wait.diff).toBeUndefined();
    expect(input.spec.rancherKubernetesEngineConfig).toEqual(kubelet({ 'cloud-provider': 'aws' }));
  });

  it('diffs each update step against the previous step object, in the management shape', () => {
    const [first, , second] = plan.steps;

    expect(first.diff).toContain('--- prod.yaml\tcurrent');
    expect(first.diff).toContain('-          cloud-provider: aws\n+          cloud-provider: external\n');
    expect(second.diff).not.toContain('cloud-provider: aws');
    expect(second.diff).toContain('+          v: "2"\n');
  });

  it('prefixes path params of the reason, preflight and warnings with spec., and leaves other params alone', () => {
    expect(plan.reason).toEqual(msg('r', { field: 'spec.rancherKubernetesEngineConfig.cloudProvider', other: 'rancherKubernetesEngineConfig.x' }));
    expect(plan.preflight.map((c) => c.message)).toEqual([msg('p1', { path: 'spec.rancherKubernetesEngineConfig.services', count: 2 }), msg('p2')]);
    expect(plan.steps[0].warnings).toEqual([msg('w', { field: 'cloudProvider.name' }), msg('w2', { path: 3 as unknown as string })]);
    expect(plan.detection.format).toBe('management');
    expect(normanPlan.reason!.params!.field).toBe('rancherKubernetesEngineConfig.cloudProvider');
  });

  it('has no reason when the Norman plan has none', () => {
    expect('reason' in managementPlan(input, { ...normanPlan, reason: undefined })).toBe(true);
    expect(managementPlan(input, { ...normanPlan, reason: undefined }).reason).toBeUndefined();
  });
});

import { managementPlan } from '../managementCluster';
import type { MigrationPlan } from '../../types';

function normanPlan(extra: Record<string, any>): MigrationPlan {
  return {
    cluster:      { name: 'c1' },
    status:       'blocked',
    strategy:     'downtime',
    finalVersion: 'v1.27.10',
    detection:    {
      kind: 'rke1', format: 'norman', name: 'c1', id: 'c-abcde', kubernetesVersion: 'v1.27.10', providerLocations: [], effectiveProvider: '',
    },
    preflight: [],
    steps:     [],
    ...extra,
  } as any;
}

const input = () => ({
  apiVersion: 'management.cattle.io/v3', kind: 'Cluster', metadata: { name: 'c-abcde' }, spec: { rancherKubernetesEngineConfig: {} },
});

describe('managementPlan edges', () => {
  it('prefixes a string path param of the reason with spec.', () => {
    const plan = managementPlan(input(), normanPlan({ reason: { key: 'r.k', params: { field: 'rancherKubernetesEngineConfig.cloudProvider.name', n: 3 } } }));

    expect(plan.reason).toStrictEqual({ key: 'r.k', params: { field: 'spec.rancherKubernetesEngineConfig.cloudProvider.name', n: 3 } });
  });

  it('prefixes the path param too and leaves other paths alone', () => {
    const plan = managementPlan(input(), normanPlan({
      preflight: [
        { id: 'a', severity: 'error', message: { key: 'a.k', params: { path: 'rancherKubernetesEngineConfig.services' } } },
        { id: 'b', severity: 'info', message: { key: 'b.k', params: { path: 'metadata.name', field: 'rancherKubernetesEngineConfig.x' } } },
      ],
    }));

    expect(plan.preflight[0].message).toStrictEqual({ key: 'a.k', params: { path: 'spec.rancherKubernetesEngineConfig.services' } });
    expect(plan.preflight[1].message).toStrictEqual({ key: 'b.k', params: { path: 'metadata.name', field: 'spec.rancherKubernetesEngineConfig.x' } });
  });

  it('keeps a message with params but no string path param as the same object', () => {
    const message = { key: 'p.k', params: { count: 2, name: 'rancherKubernetesEngineConfig.y' } };
    const numeric = { key: 'q.k', params: { field: 7 } };
    const plan = managementPlan(input(), normanPlan({
      reason:    message,
      preflight: [{ id: 'c', severity: 'warning', message: numeric }],
    }));

    expect(plan.reason).toBe(message);
    expect(plan.reason).toStrictEqual({ key: 'p.k', params: { count: 2, name: 'rancherKubernetesEngineConfig.y' } });
    expect(plan.preflight[0].message).toBe(numeric);
  });

  it('keeps a message without params as the same object', () => {
    const message = { key: 'n.k' };
    const plan = managementPlan(input(), normanPlan({ reason: message }));

    expect(plan.reason).toBe(message);
    expect(Object.keys(plan.reason!)).toStrictEqual(['key']);
  });

  it('has no reason when the Norman plan has none', () => {
    const plan = managementPlan(input(), normanPlan({}));

    expect('reason' in plan).toBe(false);
  });
});

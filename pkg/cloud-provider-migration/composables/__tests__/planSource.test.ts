/**
 * @jest-environment jsdom
 *
 * jsdom although nothing here renders: the root config's `node` environment resolves to the hoisted
 * jest-environment-node 27, which ignores customExportConditions, so `yaml` loads its browser ESM build.
 */
import { planMigration, isMigrationError } from '../../engine';
import {
  normanNeed, planWithChoices, toPlainObject, type ClusterResource
} from '../planSource';
import {
  k3sCluster, rke1Provisioning, rke2InTree, rke2InvalidManifest
} from '../../components/__tests__/clusters';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isMigrationError(e) ? e.code : 'not a MigrationError';
  }

  return undefined;
}

describe('normanNeed', () => {
  it.each<[string, ClusterResource, ReturnType<typeof normanNeed>]>([
    ['an RKE2 cluster is planned from its own rkeConfig', rke2InTree(), 'none'],
    ['a K3s cluster is planned from its own rkeConfig', k3sCluster(), 'none'],
    ['a cluster the model calls RKE1 needs its Norman cluster', rke1Provisioning(), 'required'],
    ['a provisioning object labelled provider.cattle.io=rke needs its Norman cluster', { ...rke1Provisioning(), isRke1: undefined, metadata: { labels: { 'provider.cattle.io': 'rke' } } }, 'required'],
    ['an imported cluster may be sharpened by its Norman cluster', { ...rke1Provisioning(), isRke1: false }, 'maybe'],
    ['a cluster without a management cluster yet has nothing to read', { ...rke1Provisioning(), status: {} }, 'none'],
  ])('%s', (_name, resource, need) => {
    expect(normanNeed(resource)).toBe(need);
  });
});

describe('toPlainObject', () => {
  it('keeps the data of a model-like object and drops its getters', () => {
    class Model {
      spec = { kubernetesVersion: 'v1.26.15+rke2r1' };
      get isRke2() {
        return true;
      }
    }

    expect(toPlainObject(new Model() as any)).toEqual({ spec: { kubernetesVersion: 'v1.26.15+rke2r1' } });
  });
});

describe('planWithChoices', () => {
  it('returns the engine plan for the choices it accepts', () => {
    const outcome = planWithChoices(rke2InTree(), { strategy: 'downtime' });

    expect(outcome.error).toBeUndefined();
    expect(outcome.optionError).toBeUndefined();
    expect(outcome.plan).toEqual(planMigration(rke2InTree(), { strategy: 'downtime' }));
  });

  it('treats unset and empty choices as the engine defaults', () => {
    expect(planWithChoices(rke2InTree(), { targetVersion: '', strategy: undefined }).plan).toEqual(planMigration(rke2InTree(), {}));
  });

  it('plans without a rejected target version and reports the rejection as an option error', () => {
    const choices = { strategy: 'downtime' as const, targetVersion: 'v1.40.0+rke2r1' };
    const expectedCode = codeOf(() => planMigration(rke2InTree(), choices));

    expect(expectedCode).toBeDefined();

    const outcome = planWithChoices(rke2InTree(), choices);

    expect(outcome.optionError?.code).toBe(expectedCode);
    expect(outcome.error).toBeUndefined();
    expect(outcome.plan).toEqual(planMigration(rke2InTree(), { strategy: 'downtime' }));
  });

  it('reports an error and no plan when the cluster itself cannot be planned', () => {
    const outcome = planWithChoices(rke2InvalidManifest(), { strategy: 'downtime', targetVersion: 'v1.27.16+rke2r1' });

    expect(outcome.plan).toBeUndefined();
    expect(isMigrationError(outcome.error) && outcome.error.code).toBe('INVALID_MANIFEST');
  });
});

// RKE2 plan properties (a) and (b); the generators are in planArbitraries.ts.
import fc from 'fast-check';
import { planMigration } from '../planning/planMigration';
import {
  runs, TIMEOUT_MS, rke2Cluster, rke2Options, optionsFor, withoutOwned, updateSteps, checkReplanning,
} from './planArbitraries';

// ---- properties -------------------------------------------------------------------------------------------

describe('RKE2 plan properties', () => {
  it('(a) a step changes nothing outside the fields it owns, and keeps the other manifest documents', () => {
    fc.assert(fc.property(rke2Cluster, rke2Options, (obj, o) => {
      const options = optionsFor(obj, o, 'rke2');
      const plan = planMigration(obj, options);
      let before = obj;

      updateSteps(plan).forEach((step) => {
        expect(withoutOwned(step.object!, step.id, plan.strategy)).toEqual(withoutOwned(before, step.id, plan.strategy));
        expect(step.object!.spec.rkeConfig.additionalManifest.startsWith(obj.spec.rkeConfig.additionalManifest)).toBe(true);
        before = step.object!;
      });
    }), runs);
  }, TIMEOUT_MS);

  it('(b) re-planning from each step object marks it and the earlier update steps done, and changes nothing', () => {
    fc.assert(fc.property(rke2Cluster, rke2Options, (obj, o) => {
      const options = optionsFor(obj, o, 'rke2');

      checkReplanning(planMigration(obj, options), options);
    }), runs);
  }, TIMEOUT_MS);
});

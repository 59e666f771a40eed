// RKE1 plan properties; the generators are in planArbitraries.ts.
import fc from 'fast-check';
import { planMigration } from '../planning/planMigration';
import {
  runs, TIMEOUT_MS, optionsFor, updateSteps, checkReplanning, rke1Cluster, rke1WithoutOwned,
} from './planArbitraries';

describe('RKE1 plan properties', () => {
  const rke1Options = fc.record({ strategy: fc.constantFrom('leader-migration', 'downtime'), bump: fc.boolean(), hostname: fc.boolean() });

  it('(a) a step changes nothing outside the fields it owns', () => {
    fc.assert(fc.property(rke1Cluster, rke1Options, (obj, o) => {
      const options = { ...optionsFor(obj, { ...o, rke2ExternalMode: undefined } as any, 'rke1'), useInstanceMetadataHostname: o.hostname };
      const plan = planMigration(obj, options);
      let before: Record<string, any> = obj;

      updateSteps(plan).forEach((step) => {
        expect(rke1WithoutOwned(step.object!, step.id)).toEqual(rke1WithoutOwned(before, step.id));
        before = step.object!;
      });
    }), runs);
  }, TIMEOUT_MS);

  it('(b) re-planning from each step object marks it and the earlier update steps done, and changes nothing', () => {
    fc.assert(fc.property(rke1Cluster, rke1Options, (obj, o) => {
      const options = { ...optionsFor(obj, { ...o, rke2ExternalMode: undefined } as any, 'rke1'), useInstanceMetadataHostname: o.hostname };

      checkReplanning(planMigration(obj, options), options);
    }), runs);
  }, TIMEOUT_MS);
});

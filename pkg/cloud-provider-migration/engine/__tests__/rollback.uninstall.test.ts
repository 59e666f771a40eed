// RKE1's chart install is rolled back by uninstalling its Rancher app: which rollbacks need the live cluster read
// first, and the refusal a caller gets when it asks for an object to write where the rollback writes none.
import type { PlanOptions, StepId } from '../types';
import { planMigration } from '../planning/planMigration';
import { planRollback, rollbackObject, rollbackObserves } from '../planning/rollback';
import { isMigrationError } from '../errors';
import { fixture, thrown } from './fixtures';

const RKE1: PlanOptions = { strategy: 'leader-migration', rke1NodeProvisioning: 'node-driver' };

describe('rollbackObserves', () => {
  it('reads the live cluster for the flag and for RKE1\'s chart, not for the CCM HelmChart or the switch', () => {
    const steps: StepId[] = ['enable-leader-migration', 'install-ccm', 'deploy-ccm', 'switch-to-external', 'cordon-control-plane'];

    expect(steps.map((s) => [s, rollbackObserves(s)])).toEqual([
      ['enable-leader-migration', true], ['install-ccm', true], ['deploy-ccm', false], ['switch-to-external', false], ['cordon-control-plane', false],
    ]);
  });
});

describe('rollbackObject on the chart\'s uninstall', () => {
  it('refuses to hand out an object to write, saying the rollback uninstalls the app instead', () => {
    const flagged = planMigration(fixture('rke1-norman-in-tree.json'), RKE1).steps.find((s) => s.id === 'enable-leader-migration')!.object!;

    expect(planRollback(flagged, RKE1, 'install-ccm', { chartApp: true }).offered).toBe(true);
    const e = thrown(() => rollbackObject(flagged, RKE1, 'install-ccm', { chartApp: true }));

    expect(isMigrationError(e)).toBe(true);
    expect(e.messageKey).toBe('rollback.refused.notReversible');
    expect(e.message).toBe('install-ccm: the rollback writes no cluster object (it uninstalls aws-cloud-controller-manager)');
  });
});

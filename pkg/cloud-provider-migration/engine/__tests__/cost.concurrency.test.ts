// What the rest of a migration costs: concurrency strings as the planner reads them, the RKE1 and RKE2 upgrade
// strategies, and which steps count.
import { planMigration } from '../planning/planMigration';
import { fixture } from './fixtures';
import { atOnce, migrationCost } from '../progress/cost';
import type { Topology } from '../cluster/clusterFacts';

const topology = (controlPlane: number, workers: number): Topology => ({
  controlPlane, controlPlaneWorkers: 0, workersOnly: workers, total: controlPlane + workers, source: 'nodes'
});

/** The RKE2 fixture with an upgrade strategy of its own. */
const rke2With = (upgradeStrategy?: Record<string, unknown>) => {
  const obj = fixture('rke2-steve-in-tree.json');

  return { ...obj, spec: { ...obj.spec, rkeConfig: { ...obj.spec.rkeConfig, upgradeStrategy } } };
};

/** The RKE1 (Norman) fixture with an upgrade strategy of its own. */
const rke1With = (upgradeStrategy?: Record<string, unknown>) => {
  const obj = fixture('rke1-norman-in-tree.json');

  return { ...obj, rancherKubernetesEngineConfig: { ...obj.rancherKubernetesEngineConfig, upgradeStrategy } };
};

describe('concurrency strings as the planner reads them', () => {
  it.each([
    ['', 10, 1], ['   ', 10, 1], [null, 10, 1], [undefined, 10, 1],
    [' 3 ', 10, 3], ['12', 5, 12], ['-2', 5, 0], [0, 9, 0], [4, 9, 4],
    ['25%', 10, 3], ['34%', 3, 2], ['0%', 9, 0], ['x5', 10, 1], ['%50', 10, 1], ['many', 10, 1],
  ])('%p of %p machines → %p at once', (value, size, expected) => {
    expect(atOnce(value, size)).toBe(expected);
  });
});

describe('what the rest of a migration costs, by upgrade strategy', () => {
  it('restarts every worker in one round when the worker concurrency is unlimited', () => {
    const obj = rke2With({ workerConcurrency: '0' });
    const cost = migrationCost(planMigration(obj, { strategy: 'downtime' }), obj, topology(3, 6));

    expect(cost.workersAtOnce).toBe(0);
    // the switch: three control-plane rounds and one worker round
    expect(cost.minutes).toEqual({ low: (3 + 1) * 2, high: (3 + 1) * 6 });
  });

  it('counts no worker round for a cluster without workers, whatever the worker concurrency', () => {
    const obj = rke2With({ workerConcurrency: '0%' });
    const cost = migrationCost(planMigration(obj, { strategy: 'downtime' }), obj, topology(3, 0));

    expect(cost.minutes).toEqual({ low: 3 * 2, high: 3 * 6 });
  });

  it('says RKE2 drains when either tier drains, and not otherwise', () => {
    const drains = (upgradeStrategy?: Record<string, unknown>) => {
      const obj = rke2With(upgradeStrategy);

      return migrationCost(planMigration(obj, { strategy: 'downtime' }), obj).drains;
    };

    expect(drains()).toBe(false);
    expect(drains({ controlPlaneDrainOptions: { enabled: false }, workerDrainOptions: { enabled: false } })).toBe(false);
    expect(drains({ controlPlaneDrainOptions: { enabled: true } })).toBe(true);
    expect(drains({ workerDrainOptions: { enabled: true } })).toBe(true);
  });

  it('reads an RKE2 object without rkeConfig or spec as the default strategy', () => {
    const plan = planMigration(fixture('rke2-steve-in-tree.json'), { strategy: 'downtime' });

    for (const obj of [{ spec: {} }, {}]) {
      const cost = migrationCost(plan, obj, topology(3, 6));

      expect(cost.drains).toBe(false);
      expect(cost.controlPlaneAtOnce).toBe(1);
      expect(cost.workersAtOnce).toBe(1);
    }
  });

  it('counts the RKE1 chart install as a step that restarts nothing, and not as a cluster update', () => {
    const obj = fixture('rke1-norman-in-tree.json');
    const cost = migrationCost(planMigration(obj, { strategy: 'leader-migration' }), obj, topology(3, 6));

    expect(cost.steps).toEqual([
      { step: 'enable-leader-migration', restarts: 'control-plane' },
      { step: 'install-ccm', restarts: 'none' },
      { step: 'switch-to-external', restarts: 'all' },
    ]);
    expect(cost.updates).toBe(2);
  });

  it('reads the RKE1 control-plane and worker limits and the drain from its upgrade strategy', () => {
    const obj = rke1With({ drain: true, maxUnavailableControlplane: '2', maxUnavailableWorker: '50%' });
    const cost = migrationCost(planMigration(obj, { strategy: 'downtime' }), obj, topology(3, 6));

    expect(cost.controlPlaneAtOnce).toBe(2);
    expect(cost.workersAtOnce).toBe(3);
    expect(cost.drains).toBe(true);
  });

  it('takes RKE1\'s defaults without an upgrade strategy: one control-plane node and 10% of the workers, no drain', () => {
    const obj = rke1With(undefined);
    const plan = planMigration(obj, { strategy: 'downtime' });

    for (const source of [obj, { ...obj, rancherKubernetesEngineConfig: undefined }]) {
      const cost = migrationCost(plan, source, topology(3, 25));

      expect(cost.controlPlaneAtOnce).toBe(1);
      expect(cost.workersAtOnce).toBe(3);
      expect(cost.drains).toBe(false);
    }
  });

  it('says an RKE1 strategy without drain does not drain', () => {
    const obj = rke1With({ maxUnavailableWorker: '10%' });

    expect(migrationCost(planMigration(obj, { strategy: 'downtime' }), obj).drains).toBe(false);
  });

  it('counts only required steps not done yet', () => {
    const obj = fixture('rke2-steve-in-tree.json');
    const plan = planMigration(obj, { strategy: 'leader-migration' });

    plan.steps.find((s) => s.id === 'enable-leader-migration')!.done = true;
    plan.steps.find((s) => s.id === 'deploy-ccm')!.optional = true;
    expect(migrationCost(plan, obj).steps).toEqual([{ step: 'switch-to-external', restarts: 'all' }]);
    expect(migrationCost(plan, obj).updates).toBe(1);
  });

  it('names the workers restarted one at a time only while a step that restarts them is left', () => {
    const obj = fixture('rke2-steve-in-tree.json');
    const plan = planMigration(obj, { strategy: 'leader-migration' });

    expect(migrationCost(plan, obj, topology(3, 40)).workersOneByOne).toBe(40);
    plan.steps.find((s) => s.id === 'switch-to-external')!.done = true;
    expect(migrationCost(plan, obj, topology(3, 40)).steps.map((s) => s.restarts)).toEqual(['control-plane', 'none']);
    expect(migrationCost(plan, obj, topology(3, 40)).workersOneByOne).toBeUndefined();
  });
});

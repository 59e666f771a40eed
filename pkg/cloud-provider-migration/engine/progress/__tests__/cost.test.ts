import { planMigration } from '../../planning/planMigration';
import { fixture } from '../../__tests__/fixtures';
import {
  atOnce, migrationCost, restartScope, roughDuration,
} from '../cost';
import type { Topology } from '../../cluster/clusterFacts';

const three: Topology = {
  controlPlane: 3, controlPlaneWorkers: 0, workersOnly: 6, total: 9, source: 'nodes'
};

describe('concurrency strings as the planner reads them', () => {
  it.each([
    ['', 5, 1], [undefined, 5, 1], ['1', 5, 1], ['0', 5, 0], ['3', 5, 3], ['10%', 3, 1], ['10%', 25, 3], ['0%', 9, 0], ['50%', 6, 3],
  ])('%p of %p machines → %p at once', (value, size, expected) => {
    expect(atOnce(value, size)).toBe(expected);
  });
});

describe('what the rest of a migration costs', () => {
  it('counts the updates left and which nodes each restarts (RKE2, leader migration)', () => {
    const obj = fixture('rke2-steve-in-tree.json');
    const plan = planMigration(obj, { strategy: 'leader-migration' });
    const cost = migrationCost(plan, obj, three);

    expect(cost.steps).toEqual([
      { step: 'enable-leader-migration', restarts: 'control-plane' },
      { step: 'deploy-ccm', restarts: 'none' },
      { step: 'switch-to-external', restarts: 'all' },
    ]);
    expect(cost.updates).toBe(3);
    expect(cost.stops).toBe('nothing');
    // control plane one at a time (3 rounds), workers one at a time by default (6 rounds)
    expect(cost.minutes).toEqual({ low: 3 * 2 + 1 + (3 + 6) * 2, high: 3 * 6 + 3 + (3 + 6) * 6 });
  });

  it('says the cloud controllers stop on the downtime path, and gives no duration without a topology', () => {
    const obj = fixture('rke2-steve-in-tree.json');
    const cost = migrationCost(planMigration(obj, { strategy: 'downtime' }), obj);

    expect(cost.stops).toBe('cloud-controllers');
    expect(cost.minutes).toBeUndefined();
    expect(cost.steps.map((s) => s.restarts)).toEqual(['all']);
  });

  it('reads the worker concurrency and drain from the upgrade strategy', () => {
    const base = fixture('rke2-steve-in-tree.json');
    const obj = { ...base, spec: { ...base.spec, rkeConfig: { ...base.spec.rkeConfig, upgradeStrategy: { workerConcurrency: '50%', workerDrainOptions: { enabled: true } } } } };
    const cost = migrationCost(planMigration(obj, { strategy: 'downtime' }), obj, three);

    expect(cost.workersAtOnce).toBe(3);
    expect(cost.drains).toBe(true);
    expect(cost.minutes).toEqual({ low: (3 + 2) * 2, high: (3 + 2) * 6 });
  });

  it('names the workers restarted one at a time when they are many, and only then', () => {
    const obj = fixture('rke2-steve-in-tree.json');
    const plan = planMigration(obj, { strategy: 'leader-migration' });
    const big = (workers: number): Topology => ({
      controlPlane: 3, controlPlaneWorkers: 0, workersOnly: workers, total: 3 + workers, source: 'nodes'
    });
    const withConcurrency = { ...obj, spec: { ...obj.spec, rkeConfig: { ...obj.spec.rkeConfig, upgradeStrategy: { workerConcurrency: '10%' } } } };

    expect(migrationCost(plan, obj, big(4997)).workersOneByOne).toBe(4997);
    expect(migrationCost(plan, obj, big(20)).workersOneByOne).toBe(20);
    expect(migrationCost(plan, obj, big(19)).workersOneByOne).toBeUndefined();
    expect(migrationCost(planMigration(withConcurrency, { strategy: 'leader-migration' }), withConcurrency, big(4997)).workersOneByOne).toBeUndefined();
    expect(migrationCost(plan, obj).workersOneByOne).toBeUndefined();
    // Only the switch restarts workers: once it is done, what is left restarts none.
    const switched = plan.steps.find((s) => s.id === 'switch-to-external')!.object!;

    expect(migrationCost(planMigration(switched, { strategy: 'leader-migration' }), switched, big(4997)).workersOneByOne).toBeUndefined();
  });

  it.each([
    [{ low: 25, high: 75 }, { low: 25, high: 75, unit: 'minutes' }],
    [{ low: 0, high: 119 }, { low: 1, high: 119, unit: 'minutes' }],
    [{ low: 61, high: 120 }, { low: 1, high: 2, unit: 'hours' }],
    [{ low: 100, high: 2879 }, { low: 1, high: 48, unit: 'hours' }],
    [{ low: 10007, high: 30021 }, { low: 6, high: 21, unit: 'days' }],
    [{ low: 2880, high: 2880 }, { low: 2, high: 2, unit: 'days' }],
  ])('reads %p minutes as %p', (minutes, expected) => {
    expect(roughDuration(minutes)).toEqual(expected);
  });

  it('counts nothing left on a migrated cluster', () => {
    const obj = fixture('rke2-kubectl-migrated-doc-form.yaml');
    const cost = migrationCost(planMigration(obj), obj, three);

    expect(cost.updates).toBe(0);
    expect(cost.steps).toEqual([]);
  });

  it('restarts nothing for the CCM steps and everything for a version change', () => {
    expect(restartScope({ id: 'upgrade-ccm' } as any)).toBe('none');
    expect(restartScope({ id: 'upgrade-kubernetes' } as any)).toBe('all');
  });
});

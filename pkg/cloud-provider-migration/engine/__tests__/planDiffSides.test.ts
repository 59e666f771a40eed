// The two texts of each step's diff (PlanStep.diffSides), as the diff views show them side by side.
import { parsePatch, structuredPatch } from 'diff';
import { stringify } from 'yaml';
import { planMigration } from '../planning/planMigration';
import { OBJECT_YAML_OPTIONS, objectYaml } from '../planning/objectDiff';
import type { PlanOptions } from '../types';
import { inputFormat } from '../cluster/clusterShape';
import { fixture } from './fixtures';

// The real stringify, counted: the yaml module's exports cannot be spied on in place.
jest.mock('yaml', () => {
  const actual = jest.requireActual('yaml');

  return { ...actual, stringify: jest.fn(actual.stringify) };
});

const RKE1_OPTIONS: PlanOptions = { useInstanceMetadataHostname: false };

/** Every distro/format/strategy the planner has a path for, and a cluster half-way through the migration. */
const PLANS: [string, Record<string, any>, PlanOptions][] = [
  ['an RKE2 Steve object, leader migration', fixture('rke2-steve-in-tree.json'), { strategy: 'leader-migration' }],
  ['an RKE2 Steve object, downtime', fixture('rke2-steve-in-tree.json'), { strategy: 'downtime' }],
  ['an RKE2 kubectl object, leader migration', fixture('rke2-kubectl-custom.yaml'), { strategy: 'leader-migration' }],
  ['an RKE2 object with the first step already applied', firstStepApplied(), { strategy: 'leader-migration' }],
  ['an RKE1 Norman object, leader migration', fixture('rke1-norman-in-tree.json'), { ...RKE1_OPTIONS, strategy: 'leader-migration' }],
  ['an RKE1 Norman object, downtime', fixture('rke1-norman-in-tree.json'), { ...RKE1_OPTIONS, strategy: 'downtime' }],
  ['an RKE1 management object, leader migration', fixture('rke1-management-in-tree.json'), { ...RKE1_OPTIONS, strategy: 'leader-migration' }],
];

function firstStepApplied(): Record<string, any> {
  return planMigration(fixture('rke2-steve-in-tree.json')).steps.find((s) => s.object)!.object!;
}

describe('the two texts of each step diff', () => {
  it.each(PLANS)('are, for %s, the two texts whose diff is exactly the hunks the engine wrote', (_, input, options) => {
    const { steps } = planMigration(input, options);
    const withDiff = steps.filter((s) => s.diff);

    expect(withDiff.length).toBeGreaterThan(0);
    steps.forEach((step) => {
      const sides = step.diffSides;

      if (!step.diff) {
        expect(sides).toBeUndefined();

        return;
      }
      expect(sides).toBeDefined();
      expect(structuredPatch('a', 'b', sides!.before, sides!.after).hunks).toEqual(parsePatch(step.diff)[0].hunks);
    });
  });

  it.each(PLANS)('give, for %s, each update step its own object as the after text', (_, input, options) => {
    const { steps } = planMigration(input, options);

    steps.forEach((step) => {
      if (step.object && step.diff) {
        const after = step.diffSides!.after;

        // The editable view: the object's spec is there, its status and links are not.
        expect(after).toContain(step.object.metadata?.name ?? step.object.name);
        expect(after).not.toMatch(/^(status|links):/m);
      }
    });
  });

  it('start a chart installed for the first time from no values at all', () => {
    const { steps } = planMigration(fixture('rke1-norman-in-tree.json'), { ...RKE1_OPTIONS, strategy: 'leader-migration' });
    const install = steps.findIndex((s) => s.action === 'install-chart');

    expect(install).toBeGreaterThanOrEqual(0);
    expect(steps[install].diffSides!.before).toBe('');
  });

  it.each(PLANS)('start, for %s, each update step from the object of the update step before it, the first from the input', (_, input, options) => {
    const { steps, detection } = planMigration(input, options);
    let base = input;

    steps.forEach((step) => {
      if (!step.object) {
        return;
      }
      if (step.diff) {
        expect(step.diffSides!.before).toBe(objectYaml(base, detection.format));
        expect(step.diffSides!.after).toBe(objectYaml(step.object, detection.format));
      }
      base = step.object;
    });
  });

  it('start the first update step of a cluster nobody has started on from the input, the second from the first one\'s object', () => {
    const input = fixture('rke2-steve-in-tree.json');
    const { steps, detection } = planMigration(input, { strategy: 'leader-migration' });
    const updates = steps.map((s, i) => (s.object && s.diff ? i : -1)).filter((i) => i >= 0);

    expect(updates.length).toBeGreaterThan(1);
    expect(steps.slice(0, updates[0]).some((s) => s.object)).toBe(false);
    expect(steps[updates[0]].diffSides!.before).toBe(objectYaml(input, detection.format));
    expect(steps[updates[1]].diffSides!.before).toBe(steps[updates[0]].diffSides!.after);
  });

  // A management object is planned as its Norman view (a plan of its own, rendered in that shape), so not here.
  it.each(PLANS.filter(([, input]) => inputFormat(input) !== 'management'))('render, for %s, each object of the plan to YAML once (a step starts from the text the one before ended on)', (_, input, options) => {
    const renders = jest.mocked(stringify);

    renders.mockClear();
    const { steps } = planMigration(input, options);
    const objects = new Set([input, ...steps.filter((s) => s.object).map((s) => s.object)]);
    const objectRenders = renders.mock.calls.filter(([, yamlOptions]) => (yamlOptions as unknown) === OBJECT_YAML_OPTIONS);

    expect(steps.filter((s) => s.object && s.diff).length).toBeGreaterThan(0);
    expect(objectRenders).toHaveLength(objects.size);
  });
});

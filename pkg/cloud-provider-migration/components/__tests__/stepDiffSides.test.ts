import { parsePatch, structuredPatch } from 'diff';
import { planMigration } from '../../engine';
import type { PlanOptions } from '../../engine';
import { fixture } from '../../engine/__tests__/fixtures';
import { stepDiffSides } from '../stepDiffSides';

const RKE1_OPTIONS: PlanOptions = { useInstanceMetadataHostname: false };

/** Every distro/format/strategy the planner has a path for, and a cluster half-way through the migration. */
const PLANS: [string, Record<string, any>, PlanOptions][] = [
  ['an RKE2 Steve object, leader migration', fixture('rke2-steve-in-tree.json'), { strategy: 'leader-migration' }],
  ['an RKE2 Steve object, downtime', fixture('rke2-steve-in-tree.json'), { strategy: 'downtime' }],
  ['an RKE2 kubectl object, leader migration', fixture('rke2-kubectl-custom.yaml'), { strategy: 'leader-migration' }],
  ['an RKE2 object with the first step already applied', firstStepApplied(), { strategy: 'leader-migration' }],
  ['an RKE1 Norman object, leader migration', fixture('rke1-norman-in-tree.json'), { ...RKE1_OPTIONS, strategy: 'leader-migration' }],
  ['an RKE1 Norman object, downtime', fixture('rke1-norman-in-tree.json'), { ...RKE1_OPTIONS, strategy: 'downtime' }],
];

function firstStepApplied(): Record<string, any> {
  return planMigration(fixture('rke2-steve-in-tree.json')).steps.find((s) => s.object)!.object!;
}

function plan(input: Record<string, any>, options: PlanOptions) {
  return planMigration(input, options);
}

describe('stepDiffSides', () => {
  it.each(PLANS)('gives, for %s, the two texts whose diff is exactly the hunks the engine wrote', (_, input, options) => {
    const { steps, detection } = plan(input, options);
    const withDiff = steps.filter((s) => s.diff);

    expect(withDiff.length).toBeGreaterThan(0);
    steps.forEach((step, i) => {
      const sides = stepDiffSides(steps, i, input, detection.format);

      if (!step.diff) {
        expect(sides).toBeUndefined();

        return;
      }
      expect(sides).toBeDefined();
      expect(structuredPatch('a', 'b', sides!.before, sides!.after).hunks).toEqual(parsePatch(step.diff)[0].hunks);
    });
  });

  it.each(PLANS)('gives, for %s, each update step its own object as the after text', (_, input, options) => {
    const { steps, detection } = plan(input, options);

    steps.forEach((step, i) => {
      if (step.object && step.diff) {
        const after = stepDiffSides(steps, i, input, detection.format)!.after;

        // The editable view: the object's spec is there, its status and links are not.
        expect(after).toContain(step.object.metadata?.name ?? step.object.name);
        expect(after).not.toMatch(/^(status|links):/m);
      }
    });
  });

  it('starts a chart installed for the first time from no values at all', () => {
    const { steps, detection } = plan(fixture('rke1-norman-in-tree.json'), { ...RKE1_OPTIONS, strategy: 'leader-migration' });
    const install = steps.findIndex((s) => s.action === 'install-chart');

    expect(install).toBeGreaterThanOrEqual(0);
    expect(stepDiffSides(steps, install, undefined, detection.format)!.before).toBe('');
  });

  it('cannot show the first update step without the input object, but still shows the later ones', () => {
    const input = fixture('rke2-steve-in-tree.json');
    const { steps, detection } = plan(input, { strategy: 'leader-migration' });
    const updates = steps.map((s, i) => (s.object && s.diff ? i : -1)).filter((i) => i >= 0);

    expect(updates.length).toBeGreaterThan(1);
    expect(steps.slice(0, updates[0]).some((s) => s.object)).toBe(false);
    expect(stepDiffSides(steps, updates[0], undefined, detection.format)).toBeUndefined();
    expect(stepDiffSides(steps, updates[1], undefined, detection.format)).toEqual(stepDiffSides(steps, updates[1], input, detection.format));
  });
});

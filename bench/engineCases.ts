/**
 * Engine benchmarks: the planner on large RKE2 objects and on an RKE1 Norman cluster, then the live-state
 * verdicts (applyObservations and the checks) over 5,000 nodes.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import {
  MigrationPlan, parseClusterText, planMigration, applyObservations, checkCordon, checkDaemonSetRollout, checkProviderIds, checkUninitializedTaint, controlPlaneNodes,
} from '../pkg/cloud-provider-migration/engine';
import { CaseResult, expectThat, measure } from './measure';
import { rke2Cluster } from './syntheticCluster';
import { ccmDaemonSet, migratedObservations } from './syntheticNodes';

export const FIXTURES = join(__dirname, '..', 'pkg', 'cloud-provider-migration', 'engine', '__tests__', 'fixtures');
const NODES = 5000;
const MANIFEST_DOCUMENTS = 200;

function fixture(name: string): Record<string, any> {
  return parseClusterText(readFileSync(join(FIXTURES, name), 'utf8'));
}

function expectInTreePlan(plan: MigrationPlan): void {
  expectThat(plan.status === 'in-tree' && plan.steps.length > 0, `expected an in-tree plan with steps, got ${ plan.status } with ${ plan.steps.length } steps`);
}

/** The plan as it stands once every update step up to the switch was applied (live steps still to judge). */
function switchedPlan(plan: MigrationPlan): MigrationPlan {
  const switchAt = plan.steps.findIndex((s) => s.id === 'switch-to-external');

  expectThat(switchAt >= 0, 'the RKE2 plan has no switch-to-external step');

  return { ...plan, steps: plan.steps.map((s, i) => (i <= switchAt && s.action === 'update-cluster' ? { ...s, done: true } : s)) };
}

async function plannerCases(): Promise<CaseResult[]> {
  const out: CaseResult[] = [];

  for (const machinePools of [1, 50]) {
    for (const selectorEntries of [1, 10, 100]) {
      const obj = rke2Cluster({ selectorEntries, machinePools, manifestDocuments: MANIFEST_DOCUMENTS });

      out.push(await measure({
        name:    `planMigration RKE2, ${ selectorEntries } selector entries, ${ machinePools } pools`,
        n:       `${ MANIFEST_DOCUMENTS } manifest docs`,
        runs:     15,
        warmup:   2,
        budgetMs: 4000,
        run:     () => planMigration(obj),
        verify:  (plan) => {
          expectInTreePlan(plan);
          const deploy = plan.steps.find((s) => s.id === 'deploy-ccm');
          const manifest: string = deploy?.object?.spec?.rkeConfig?.additionalManifest || '';

          expectThat(manifest.includes(`team-${ MANIFEST_DOCUMENTS - 1 }`) && manifest.includes('aws-cloud-controller-manager'), 'deploy-ccm lost user documents or has no CCM HelmChart');
        },
      }));
    }
  }
  const noManifest = rke2Cluster({ selectorEntries: 100, machinePools: 50, manifestDocuments: 0 });

  out.push(await measure({
    name: 'planMigration RKE2, 100 selector entries, 50 pools', n: 'no manifest', runs: 15, warmup: 2, budgetMs: 4000, run: () => planMigration(noManifest), verify: expectInTreePlan
  }));
  const norman = fixture('rke1-norman-in-tree.json');

  out.push(await measure({
    name: 'planMigration RKE1 (Norman fixture)', n: '1 cluster', runs: 30, warmup: 3, budgetMs: 3000, run: () => planMigration(norman), verify: expectInTreePlan
  }));

  return out;
}

async function observationCases(): Promise<CaseResult[]> {
  const obs = migratedObservations(NODES);
  const nodes = obs.nodes!;
  const inTree = planMigration(fixture('rke2-steve-in-tree.json'));
  const switched = switchedPlan(inTree);
  const n = `${ NODES } nodes`;
  const common = {
    n, runs: 30, warmup: 2, budgetMs: 3000
  };

  expectInTreePlan(inTree);

  return [
    await measure({
      ...common,
      name:   'applyObservations RKE2, before the switch',
      run:    () => applyObservations(inTree, obs),
      verify: (plan) => expectThat(plan.steps.some((s) => s.check), 'no live step was judged'),
    }),
    await measure({
      ...common,
      name:   'applyObservations RKE2, after the switch',
      run:    () => applyObservations(switched, obs),
      verify: (plan) => expectThat(plan.steps.find((s) => s.id === 'verify-provider-ids')?.check?.state === 'done', 'verify-provider-ids was not judged done'),
    }),
    await measure({
      ...common, name: 'checkProviderIds', run: () => checkProviderIds(nodes), verify: (r) => expectThat(r.state === 'done', `checkProviderIds: ${ r.state }`)
    }),
    await measure({
      ...common, name: 'checkUninitializedTaint', run: () => checkUninitializedTaint(nodes), verify: (r) => expectThat(r.state === 'done', `checkUninitializedTaint: ${ r.state }`)
    }),
    await measure({
      ...common, name: 'checkCordon (uncordoned)', run: () => checkCordon(nodes, 'rke2', 'uncordoned'), verify: (r) => expectThat(r.state === 'done', `checkCordon: ${ r.state }`)
    }),
    await measure({
      ...common,
      name:   'controlPlaneNodes + checkDaemonSetRollout',
      run:    () => checkDaemonSetRollout(ccmDaemonSet(3), { controlPlaneNodes: controlPlaneNodes(nodes, 'rke2').length, distro: 'rke2' }),
      verify: (r) => expectThat(r.state === 'done', `checkDaemonSetRollout: ${ r.state }`),
    }),
  ];
}

export async function engineCases(): Promise<CaseResult[]> {
  return [...await plannerCases(), ...await observationCases()];
}

// The warnings the shared step builders attach (leader migration on a layout that cannot use it, the cordon on
// control-plane machines that also run workloads, a CCM release the install upgrades) and the selector only the
// steps that act on the control-plane nodes carry.
import type { MigrationPlan, NodeLike, PlanStep } from '../types';
import { planMigration } from '../planning/planMigration';
import { fixture } from './fixtures';

const stepOf = (plan: MigrationPlan, id: string): PlanStep => plan.steps.find((s) => s.id === id)!;

function node(name: string, roles: string[]): NodeLike {
  return { metadata: { name, labels: Object.fromEntries(roles.map((r) => [`node-role.kubernetes.io/${ r }`, 'true'])) }, spec: {} };
}

describe('leader-migration warnings', () => {
  it('three control-plane nodes: leader migration can hand over, so it warns nothing', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.rkeConfig.machinePools = [];
    const nodes = ['a', 'b', 'c'].map((n) => node(n, ['control-plane', 'etcd'])).concat([node('w', ['worker'])]);
    const plan = planMigration(o, { nodes });

    expect(plan.recommendedStrategy).toBe('leader-migration');
    expect(stepOf(plan, 'enable-leader-migration').warnings).toEqual([]);
  });

  it('one control-plane node on a release that runs aws: only the single control plane is said', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.rkeConfig.machinePools = [];
    const plan = planMigration(o, { nodes: [node('a', ['control-plane', 'etcd']), node('w', ['worker'])] });

    expect(stepOf(plan, 'enable-leader-migration').warnings).toEqual([{ key: 'steps.warnings.singleControlPlane' }]);
  });

  it('a release that ignores cloud-provider-name aws: there is nothing to hand over, whatever the layout', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.kubernetesVersion = 'v1.30.8+rke2r1';
    const plan = planMigration(o);

    expect(plan.recommendedStrategy).toBe('downtime');
    expect(stepOf(plan, 'enable-leader-migration').warnings).toEqual([{ key: 'steps.warnings.nothingToHandOver' }]);
  });
});

describe('cordon warnings of the layout', () => {
  it('control-plane nodes that run no workloads: no word about where pods can still go', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.rkeConfig.machinePools = [];
    const nodes = ['a', 'b', 'c'].map((n) => node(n, ['control-plane', 'etcd'])).concat([node('w', ['worker'])]);
    const keys = stepOf(planMigration(o, { nodes }), 'cordon-control-plane').warnings.map((w) => w.key);

    expect(keys).not.toContain('steps.warnings.cordonWorkloads');
    expect(keys).not.toContain('steps.warnings.cordonSingleNode');
  });
});

describe('a CCM release the RKE1 install upgrades', () => {
  it('the install step says the release is there and is upgraded with the values shown', () => {
    const existingCcm = {
      managedBy: 'helm' as const, release: 'aws-cloud-controller-manager', releaseNamespace: 'kube-system', image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.14',
    };
    const plan = planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: false, existingCcm });

    expect(stepOf(plan, 'install-ccm').warnings).toEqual([
      { key: 'preflight.existingCcm.upgrade', params: { owner: 'kube-system/aws-cloud-controller-manager', image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.14' } },
    ]);
  });
});

describe('the control-plane selector', () => {
  it('only the steps that act on or check the control-plane nodes carry it', () => {
    const plan = planMigration(fixture('rke2-steve-in-tree.json'));

    expect(stepOf(plan, 'cordon-control-plane').selector).toBeDefined();
    expect(plan.steps.filter((s) => 'selector' in s).map((s) => s.id)).toEqual(plan.steps.filter((s) => ['cordon', 'uncordon', 'verify'].includes(s.action)).map((s) => s.id));
    expect('selector' in stepOf(plan, 'deploy-ccm')).toBe(false);
  });
});

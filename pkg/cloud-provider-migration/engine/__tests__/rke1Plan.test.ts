import type { MigrationPlan, PlanStep } from '../types';
import { planMigration } from '../planning/planMigration';
import { hasInTreeAwsSettings, inTreeAwsSettings } from '../planning/rke1Plan';
import { fixture } from './fixtures';

const stepOf = (plan: MigrationPlan, id: string): PlanStep => plan.steps.find((s) => s.id === id)!;
const rkec = (o: Record<string, any>) => o.rancherKubernetesEngineConfig;

/** The leader-migration plan of the in-tree fixture, made inside each test (per-test coverage of the planner). */
function leaderMigrationPlan(): { input: Record<string, any>; plan: MigrationPlan } {
  const input = fixture('rke1-norman-in-tree.json');

  return { input, plan: planMigration(input, { useInstanceMetadataHostname: false }) };
}

describe('RKE1 leader-migration plan', () => {
  it('orders the steps with the chart before the cordon', () => {
    const { plan } = leaderMigrationPlan();

    expect(plan.steps.map((s) => `${ s.id }:${ s.action }`)).toEqual([
      'enable-leader-migration:update-cluster', 'wait-leader-migration:wait-cluster', 'install-ccm:install-chart', 'wait-ccm-rollout:wait-rollout',
      'cordon-control-plane:cordon', 'switch-to-external:update-cluster', 'wait-switch:wait-cluster', 'verify-provider-ids:verify',
      'verify-migration-lease:verify', 'uncordon-control-plane:uncordon', 'cleanup-ccm-leader-migration:install-chart', 'wait-cleanup-rollout:wait-rollout',
    ]);
    expect(stepOf(plan, 'cordon-control-plane').selector).toBe('node-role.kubernetes.io/controlplane=true');
  });

  it('adds the KCM flag and keeps every other extraArgs key', () => {
    const { input, plan } = leaderMigrationPlan();
    const extraArgs = rkec(stepOf(plan, 'enable-leader-migration').object!).services.kubeController.extraArgs;

    expect(extraArgs).toEqual({ ...rkec(input).services.kubeController.extraArgs, 'enable-leader-migration': 'true' });
  });

  it('installs the chart with the flag, RKE1 selectors, tolerations and the default registry', () => {
    const { plan } = leaderMigrationPlan();
    const chart = stepOf(plan, 'install-ccm').chart!;

    expect(chart).toMatchObject({ name: 'aws-cloud-controller-manager', version: '0.0.8', namespace: 'kube-system', repo: 'https://kubernetes.github.io/cloud-provider-aws' });
    expect(chart.values).toMatchObject({
      nodeSelector: { 'node-role.kubernetes.io/controlplane': 'true', 'node-role.kubernetes.io/control-plane': null },
      image:        { repository: 'registry.corp.example.com/provider-aws/cloud-controller-manager', tag: 'v1.26.14' },
    });
    expect(chart.values.args).toEqual(['--configure-cloud-routes=false', '--v=2', '--cloud-provider=aws', '--enable-leader-migration=true']);
    const commands = stepOf(plan, 'install-ccm').commands!;

    expect(commands[commands.length - 1]).toBe('helm upgrade --install aws-cloud-controller-manager aws-cloud-controller-manager/aws-cloud-controller-manager --version 0.0.8 -n kube-system --reuse-values -f values.yaml');
    expect(commands.join('\n')).toContain('node-role.kubernetes.io/control-plane: null');
  });

  it('switches to external-aws, removes awsCloudProvider (null, so that a Norman PUT or merge patch drops it), the flag and the AWS gates', () => {
    const { input, plan } = leaderMigrationPlan();
    const after = rkec(stepOf(plan, 'switch-to-external').object!);

    expect(after.cloudProvider).toEqual({ ...rkec(input).cloudProvider, name: 'external-aws', useInstanceMetadataHostname: false, awsCloudProvider: null });
    expect(stepOf(plan, 'switch-to-external').commands![0]).toContain('"awsCloudProvider":null');
    expect(after.services.kubeController.extraArgs).toEqual({ 'feature-gates': 'RotateKubeletServerCertificate=true', 'terminated-pod-gc-threshold': '500' });
    expect(after.services.kubeApi.extraArgs).toEqual({ 'audit-log-maxage': '30' });
    expect(after.services.kubelet.extraArgs).toEqual({ 'max-pods': '150' });
    expect(stepOf(plan, 'switch-to-external').warnings.map((w) => w.key)).toEqual(['steps.warnings.awsCloudProvider']);
    expect(stepOf(plan, 'switch-to-external').commands![0]).toMatch(/^kubectl patch clusters\.management\.cattle\.io c-7tq4m --type merge -p '\{"spec":\{"rancherKubernetesEngineConfig":/);
  });

  it('warns at the cordon that RKE1 workers on control-plane hosts are cordoned too', () => {
    const { plan } = leaderMigrationPlan();

    expect(stepOf(plan, 'cordon-control-plane').warnings).toEqual([{ key: 'steps.warnings.rke1CordonedWorkers' }]);
  });

  it('ends with the optional cleanup: the chart of the final minor without the leader-migration flag, its args replaced', () => {
    const { plan } = leaderMigrationPlan();
    const cleanup = stepOf(plan, 'cleanup-ccm-leader-migration');

    expect([cleanup.optional, cleanup.warnings]).toEqual([true, [{ key: 'steps.warnings.rke1ChartArgsReplaced' }]]);
    expect(cleanup.chart!.values.args).toEqual(['--configure-cloud-routes=false', '--v=2', '--cloud-provider=aws']);
    expect(cleanup.chart!.values).toMatchObject({ image: { tag: 'v1.26.14' } });
  });

  it('keeps the object Norman-shaped', () => {
    const { input, plan } = leaderMigrationPlan();
    const after = stepOf(plan, 'switch-to-external').object!;

    expect([after.type, after.id, after.links, after.actions]).toEqual([input.type, input.id, input.links, input.actions]);
  });

  it('marks the earlier steps done when planning from the switched object', () => {
    const { plan } = leaderMigrationPlan();
    const again = planMigration(stepOf(plan, 'switch-to-external').object!);

    expect(again.status).toBe('migrated');
    expect(again.steps.filter((s) => !s.live && s.done).map((s) => s.id)).toEqual(['enable-leader-migration', 'install-ccm', 'switch-to-external']);
    expect(rkec(stepOf(again, 'switch-to-external').object!).cloudProvider.useInstanceMetadataHostname).toBe(false);
  });
});

describe('RKE1 extraArgsArray (appended after extraArgs, so its entries win)', () => {
  function withArrays(arrays: { kubeController?: Record<string, string[]>; kubelet?: Record<string, string[]>; kubeApi?: Record<string, string[]> }): Record<string, any> {
    const o = fixture('rke1-norman-in-tree.json');

    for (const [service, value] of Object.entries(arrays)) {
      o.rancherKubernetesEngineConfig.services[service] = { ...o.rancherKubernetesEngineConfig.services[service], extraArgsArray: value };
    }

    return o;
  }

  it('reads the leader-migration flag from extraArgsArray, where the last entry wins over extraArgs', () => {
    const viaArray = planMigration(withArrays({ kubeController: { 'enable-leader-migration': ['true'] } }), { useInstanceMetadataHostname: false });
    const overridden = withArrays({ kubeController: { 'enable-leader-migration': ['false'] } });

    overridden.rancherKubernetesEngineConfig.services.kubeController.extraArgs['enable-leader-migration'] = 'true';

    expect(stepOf(viaArray, 'enable-leader-migration').done).toBe(true);
    expect(planMigration(overridden, { useInstanceMetadataHostname: false }).detection.kcmLeaderMigration).toBe(false);
    expect(stepOf(planMigration(overridden, { useInstanceMetadataHostname: false }), 'enable-leader-migration').done).toBe(false);
  });

  it('enables leader migration by dropping an overriding array entry and keeping the other array keys', () => {
    const input = withArrays({ kubeController: { 'enable-leader-migration': ['false'], 'node-cidr-mask-size': ['24'] } });
    const after = rkec(stepOf(planMigration(input, { useInstanceMetadataHostname: false }), 'enable-leader-migration').object!).services.kubeController;

    expect(after.extraArgs['enable-leader-migration']).toBe('true');
    expect(after.extraArgsArray).toEqual({ 'node-cidr-mask-size': ['24'] });
    expect(planMigration(stepOf(planMigration(input, { useInstanceMetadataHostname: false }), 'enable-leader-migration').object!).detection.kcmLeaderMigration).toBe(true);
  });

  it('switches with the AWS gates stripped from every array entry, emptied entries and keys dropped, other keys kept', () => {
    const input = withArrays({
      kubelet:        { 'feature-gates': ['CSIMigrationAWS=false', 'RotateKubeletServerCertificate=true,CSIMigrationAWS=false'], 'node-labels': ['a=b'] },
      kubeApi:        { 'feature-gates': ['CSIMigrationAWS=false'] },
      kubeController: { 'enable-leader-migration': ['true'] },
    });
    const after = rkec(stepOf(planMigration(input, { useInstanceMetadataHostname: false }), 'switch-to-external').object!).services;

    expect(after.kubelet.extraArgsArray).toEqual({ 'feature-gates': ['RotateKubeletServerCertificate=true'], 'node-labels': ['a=b'] });
    expect(after.kubeApi.extraArgsArray).toEqual({});
    expect(after.kubeController.extraArgsArray).toEqual({});
    expect(after.kubeController.extraArgs['enable-leader-migration']).toBeUndefined();
  });

  it('leaves arrays without AWS gates byte-for-byte as they were', () => {
    const input = withArrays({ kubelet: { 'feature-gates': ['RotateKubeletServerCertificate=true'] } });
    const after = rkec(stepOf(planMigration(input, { useInstanceMetadataHostname: false }), 'switch-to-external').object!).services;

    expect(after.kubelet.extraArgsArray).toEqual(input.rancherKubernetesEngineConfig.services.kubelet.extraArgsArray);
  });
});

describe('RKE1 useInstanceMetadataHostname', () => {
  it('blocks the switch of a cluster whose node naming is unknown until the user chooses, writing true meanwhile', () => {
    const plan = planMigration(fixture('rke1-norman-in-tree.json'));

    expect(plan.preflight.find((c) => c.id === 'choose-hostname')?.severity).toBe('blocker');
    expect(stepOf(plan, 'switch-to-external').warnings.map((w) => w.key)).toEqual(['steps.warnings.awsCloudProvider', 'steps.warnings.chooseHostname']);
    expect(stepOf(plan, 'switch-to-external').warnings[1]).toEqual({ key: 'steps.warnings.chooseHostname', params: { value: 'true' } });
    expect(rkec(stepOf(plan, 'switch-to-external').object!).cloudProvider.useInstanceMetadataHostname).toBe(true);
  });

  it('enables it without asking on a node-driver cluster', () => {
    const o = fixture('rke1-norman-in-tree.json');

    o.nodePools = [{ id: 'c-7tq4m:np-x2x9q', nodeTemplateId: 'cattle-global-nt:nt-8kq2v', controlPlane: true }];
    const plan = planMigration(o);

    expect(plan.preflight.map((c) => c.id)).not.toContain('choose-hostname');
    expect(rkec(stepOf(plan, 'switch-to-external').object!).cloudProvider.useInstanceMetadataHostname).toBe(true);
  });
});

describe('RKE1 switch warnings', () => {
  const settings = {
    key: 'steps.warnings.awsCloudProvider', params: { field: 'rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider', settings: 'global.kubernetes-cluster-tag=legacy-west, global.vpc=vpc-0a1b2c3d' },
  };

  it('leader migration with a version change: the in-tree settings and the upgrade riding on the switch', () => {
    const step = stepOf(planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: false, targetVersion: 'v1.27.16-rancher1-1' }), 'switch-to-external');

    expect(step.description).toEqual({ key: 'steps.switch-to-external.description.rke1', params: { useInstanceMetadataHostname: 'false' } });
    expect(step.warnings).toEqual([settings, { key: 'steps.warnings.kubernetesUpgrade', params: { from: 'v1.26.15-rancher1-1', to: 'v1.27.16-rancher1-1' } }]);
  });

  it('downtime: the in-tree settings and the gap, no upgrade warning without a version change', () => {
    const step = stepOf(planMigration(fixture('rke1-norman-in-tree.json'), { strategy: 'downtime', useInstanceMetadataHostname: true }), 'switch-to-external');

    expect(step.description).toEqual({ key: 'steps.switch-to-external.description.rke1Downtime', params: { useInstanceMetadataHostname: 'true' } });
    expect(step.warnings).toEqual([settings, { key: 'steps.warnings.downtimeGap' }]);
  });

  it('an awsCloudProvider holding only empty values (as Norman and Ember write it) has no setting to warn about', () => {
    const o = fixture('rke1-norman-in-tree.json');

    o.rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider = {
      type: '/v3/schemas/awsCloudProvider', global: { type: '/v3/schemas/globalAwsOpts', vpc: '', 'disable-strict-zone-check': false }, serviceOverride: {},
    };
    const plan = planMigration(o, { useInstanceMetadataHostname: false });

    expect(stepOf(plan, 'switch-to-external').warnings).toEqual([]);
    expect(plan.preflight.map((c) => c.id)).not.toContain('cloud-config');
  });
});

describe('RKE1 in-tree settings (awsCloudProvider)', () => {
  it.each([
    ['undefined', undefined, false],
    ['null', null, false],
    ['an empty string', '', false],
    ['false', false, false],
    ['0', 0, false],
    ['a string', 'vpc-1', true],
    ['true', true, true],
    ['a number', 5, true],
    ['an empty list', [], false],
    ['a list of empty values', ['', false], false],
    ['a list with one value', ['', 'ipv4'], true],
    ['an empty map', {}, false],
    ['a map of empty values', { a: '', b: { c: null } }, false],
    ['a map with one value', { a: '', b: { c: 'x' } }, true],
    ['a list holding an empty map', [{}], false],
    ['a list holding a map with one value', [{ a: 'x', b: '' }], true],
  ])('%s holds a setting: %p', (_name, value, expected) => {
    expect(hasInTreeAwsSettings(value)).toBe(expected);
  });

  it('names each setting by its path, a list joined by commas, Norman\'s type links and empty values left out', () => {
    expect(inTreeAwsSettings({
      type:            '/v3/schemas/awsCloudProvider',
      global:          { type: '/v3/schemas/globalAwsOpts', vpc: 'vpc-1', zone: '', 'disable-strict-zone-check': false, 'node-ip-families': ['ipv4', 'ipv6'] },
      serviceOverride: { ec2: { service: 'ec2', region: 'us-west-2', url: '' } },
    })).toEqual(['global.vpc=vpc-1', 'global.node-ip-families=ipv4,ipv6', 'serviceOverride.ec2.service=ec2', 'serviceOverride.ec2.region=us-west-2']);
  });
});

describe('RKE1 CCM upgrade', () => {
  it('leader migration with a version change: the CCM moves to the final minor after the uncordon and keeps the flag until the cleanup', () => {
    const plan = planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: false, targetVersion: 'v1.27.16-rancher1-1' });
    const upgrade = stepOf(plan, 'upgrade-ccm');

    expect(plan.steps.map((s) => s.id).slice(-5)).toEqual(['uncordon-control-plane', 'upgrade-ccm', 'wait-ccm-upgrade-rollout', 'cleanup-ccm-leader-migration', 'wait-cleanup-rollout']);
    expect(upgrade.description).toEqual({ key: 'steps.upgrade-ccm.description.rke1', params: { chartVersion: '0.0.8', imageTag: 'v1.27.10' } });
    expect(upgrade.warnings).toEqual([{ key: 'steps.warnings.rke1ChartArgsReplaced' }]);
    expect(upgrade.chart!.values.args).toEqual(['--configure-cloud-routes=false', '--v=2', '--cloud-provider=aws', '--enable-leader-migration=true']);
    expect(upgrade.chart!.values).toMatchObject({ image: { tag: 'v1.27.10' } });
  });

  it('a migrated cluster asked for a newer version: provider IDs, the version, then the CCM of the final minor without the leader-migration flag', () => {
    const switched = stepOf(planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: false }), 'switch-to-external').object!;
    const plan = planMigration(switched, { targetVersion: 'v1.27.16-rancher1-1' });
    const upgrade = stepOf(plan, 'upgrade-ccm');

    expect(plan.status).toBe('migrated');
    expect(plan.steps.map((s) => s.id)).toEqual(['verify-provider-ids', 'upgrade-kubernetes', 'wait-upgrade', 'upgrade-ccm', 'wait-ccm-upgrade-rollout']);
    expect(stepOf(plan, 'upgrade-kubernetes').description).toEqual({ key: 'steps.upgrade-kubernetes.description', params: { to: 'v1.27.16-rancher1-1' } });
    expect(rkec(stepOf(plan, 'upgrade-kubernetes').object!).kubernetesVersion).toBe('v1.27.16-rancher1-1');
    expect(upgrade.chart!.values.args).toEqual(['--configure-cloud-routes=false', '--v=2', '--cloud-provider=aws']);
    expect(upgrade.chart!.values).toMatchObject({ image: { tag: 'v1.27.10' } });
  });
});

describe('RKE1 downtime plan', () => {
  it('switches first, then installs the chart without leader migration', () => {
    const plan = planMigration(fixture('rke1-norman-in-tree.json'), { strategy: 'downtime', useInstanceMetadataHostname: true, targetVersion: 'v1.27.16-rancher1-1' });

    expect(plan.steps.map((s) => s.id)).toEqual(['switch-to-external', 'wait-switch', 'install-ccm', 'wait-ccm-rollout', 'verify-provider-ids']);
    expect(rkec(plan.steps[0].object!).kubernetesVersion).toBe('v1.27.16-rancher1-1');
    expect(stepOf(plan, 'install-ccm').chart!.values.args).not.toContain('--enable-leader-migration=true');
    expect(stepOf(plan, 'install-ccm').chart!.values).toMatchObject({ image: { tag: 'v1.27.10' } });
  });
});

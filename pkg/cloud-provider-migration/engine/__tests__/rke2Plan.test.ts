import { generate } from 'json-merge-patch';
import type { MigrationPlan, PlanStep } from '../types';
import { planMigration } from '../planning/planMigration';
import { effectiveConfig, roleLabels, ALL_ROLE_SETS } from '../rke2/effectiveConfig';
import { readCcmHelmChart } from '../rke2/additionalManifest';
import { argList } from '../rke2/componentArgs';
import { errorCode, fixture } from './fixtures';

const stepOf = (plan: MigrationPlan, id: string): PlanStep => plan.steps.find((s) => s.id === id)!;

/** The leader-migration plan of the in-tree fixture, made inside each test (per-test coverage of the planner). */
function leaderMigrationPlan(): { input: Record<string, any>; plan: MigrationPlan } {
  const input = fixture('rke2-steve-in-tree.json');

  return { input, plan: planMigration(input) };
}

describe('RKE2 leader-migration plan', () => {
  it('orders the steps with the CCM before the cordon', () => {
    const { plan } = leaderMigrationPlan();

    expect(plan.steps.map((s) => `${ s.id }:${ s.action }`)).toEqual([
      'enable-leader-migration:update-cluster', 'wait-leader-migration:wait-cluster', 'deploy-ccm:update-cluster',
      'wait-ccm-rollout:wait-rollout', 'cordon-control-plane:cordon', 'switch-to-external:update-cluster', 'wait-switch:wait-cluster',
      'verify-provider-ids:verify', 'verify-migration-lease:verify', 'uncordon-control-plane:uncordon', 'cleanup-ccm-leader-migration:update-cluster',
      'wait-cleanup-rollout:wait-rollout',
    ]);
    expect(plan.steps.every((s) => !s.done)).toBe(true);
    expect(stepOf(plan, 'cordon-control-plane').selector).toBe('node-role.kubernetes.io/control-plane=true');
    expect(stepOf(plan, 'cleanup-ccm-leader-migration').optional).toBe(true);
  });

  it('keeps the object Steve-shaped and changes nothing but the spec', () => {
    const { input, plan } = leaderMigrationPlan();
    const after = stepOf(plan, 'cleanup-ccm-leader-migration').object!;

    expect(after.id).toBe(input.id);
    expect(after.links).toEqual(input.links);
    expect(after.status).toEqual(input.status);
    expect(after.metadata).toEqual(input.metadata);
  });

  it('adds the KCM flag to the list kube-controller-manager already uses', () => {
    const { input, plan } = leaderMigrationPlan();
    const obj = stepOf(plan, 'enable-leader-migration').object!;

    expect(obj.spec.rkeConfig.machineGlobalConfig['kube-controller-manager-arg']).toEqual(['feature-gates=CSIMigrationAWS=false,RotateKubeletServerCertificate=true', 'terminated-pod-gc-threshold=500', 'enable-leader-migration']);
    expect(obj.spec.rkeConfig.machineSelectorConfig).toEqual(input.spec.rkeConfig.machineSelectorConfig);
  });

  it('deploys the CCM HelmChart with leader migration and keeps the other manifest documents', () => {
    const { input, plan } = leaderMigrationPlan();
    const manifest = stepOf(plan, 'deploy-ccm').object!.spec.rkeConfig.additionalManifest;

    expect(manifest.startsWith(input.spec.rkeConfig.additionalManifest)).toBe(true);
    expect(readCcmHelmChart(manifest)!.values.args).toEqual(['--configure-cloud-routes=false', '--v=2', '--cloud-provider=aws', '--enable-leader-migration=true']);
  });

  it('switches in one update: external args, KCM flag and AWS gates removed, provider name kept', () => {
    const { plan } = leaderMigrationPlan();
    const rkeConfig = stepOf(plan, 'switch-to-external').object!.spec.rkeConfig;
    const global = rkeConfig.machineGlobalConfig;

    expect(global['kube-controller-manager-arg']).toEqual(['feature-gates=RotateKubeletServerCertificate=true', 'terminated-pod-gc-threshold=500', 'cloud-provider=external']);
    expect(global['kube-apiserver-arg']).toEqual(['audit-log-maxage=30', 'cloud-provider=external']);
    expect(global['kube-scheduler-arg']).toBeUndefined();
    expect(rkeConfig.machineSelectorConfig[0].config).toEqual({ 'cloud-provider-name': 'aws', 'kubelet-arg': ['max-pods=110', 'cloud-provider=external'], 'protect-kernel-defaults': false });
  });

  it('prints a kubectl merge patch that turns the object before the step into the one after', () => {
    const { plan } = leaderMigrationPlan();
    const step = stepOf(plan, 'switch-to-external');
    const before = stepOf(plan, 'deploy-ccm').object!;
    const patch = generate(before.spec, step.object!.spec);
    const command = step.commands![0];

    expect(command.startsWith('kubectl patch clusters.provisioning.cattle.io prod-east -n fleet-default --type merge -p \'')).toBe(true);
    expect(JSON.parse(command.slice(command.indexOf("-p '") + 4, -1))).toEqual({ spec: patch });
    expect(step.diff).toContain('+        - cloud-provider=external');
  });

  it('marks finished steps done when planning from each intermediate object', () => {
    const { plan } = leaderMigrationPlan();
    const updates = plan.steps.filter((s) => s.object);

    updates.forEach((step) => {
      const again = planMigration(step.object!);
      const index = again.steps.findIndex((s) => s.id === step.id);

      again.steps.slice(0, index + 1).filter((s) => !s.live).forEach((s) => expect(`${ s.id }:${ s.done }`).toBe(`${ s.id }:true`));
      expect(stepOf(again, step.id).object).toEqual(step.object);
    });
    expect(planMigration(stepOf(plan, 'switch-to-external').object!).status).toBe('migrated');
  });

  it('can leave the optional cleanup out', () => {
    const { input } = leaderMigrationPlan();

    expect(planMigration(input, { cleanup: false }).steps.map((s) => s.id)).not.toContain('cleanup-ccm-leader-migration');
  });
});

describe('RKE2 downtime plan', () => {
  it('switches and deploys the CCM of the current minor without leader migration in one update, then moves the CCM to the target minor', () => {
    const plan = planMigration(fixture('rke2-steve-in-tree.json'), { strategy: 'downtime', targetVersion: 'v1.27.16+rke2r1' });

    expect(plan.steps.map((s) => s.id)).toEqual(['switch-to-external', 'wait-switch', 'wait-ccm-rollout', 'verify-provider-ids', 'upgrade-ccm', 'wait-ccm-upgrade-rollout']);
    const obj = plan.steps[0].object!;
    const chart = readCcmHelmChart(obj.spec.rkeConfig.additionalManifest)!;

    expect(obj.spec.kubernetesVersion).toBe('v1.27.16+rke2r1');
    expect(chart.values.args).not.toContain('--enable-leader-migration=true');
    // Never newer than the apiservers: the CCM of the current minor rides on the switch.
    expect([chart.spec.version, chart.values.image.tag]).toEqual(['0.0.8', 'v1.26.14']);
    expect(plan.steps[0].warnings).toEqual([
      { key: 'steps.warnings.kubernetesUpgrade', params: { from: 'v1.26.15+rke2r1', to: 'v1.27.16+rke2r1' } },
      { key: 'steps.warnings.downtimeGap' },
    ]);
    const upgraded = readCcmHelmChart(plan.steps[4].object!.spec.rkeConfig.additionalManifest)!;

    expect([upgraded.spec.version, upgraded.values.image.tag]).toEqual(['0.0.8', 'v1.27.10']);
    expect(upgraded.values.args).toEqual(chart.values.args);
  });
});

describe('RKE2 switch step: what it says', () => {
  it('leader migration: the switch names the form it writes and warns of nothing on a plain in-tree cluster, with or without a version change', () => {
    [{}, { targetVersion: 'v1.27.16+rke2r1' }].forEach((options) => {
      const step = stepOf(planMigration(fixture('rke2-steve-in-tree.json'), options), 'switch-to-external');

      expect(step.description).toEqual({ key: 'steps.switch-to-external.description.rke2', params: { mode: 'aws-with-overrides' } });
      // The version changes in its own step after the uncordon, and nothing goes down: no upgrade or downtime warning.
      expect(step.warnings).toEqual([]);
    });
  });

  it('downtime without a version change: the gap, and no upgrade warning', () => {
    const step = stepOf(planMigration(fixture('rke2-steve-in-tree.json'), { strategy: 'downtime' }), 'switch-to-external');

    expect(step.description).toEqual({ key: 'steps.switch-to-external.description.rke2Downtime', params: { mode: 'aws-with-overrides' } });
    expect(step.warnings).toEqual([{ key: 'steps.warnings.downtimeGap' }]);
  });

  it('names every selector entry that matches more than one kind of machine', () => {
    const o = fixture('rke2-kubectl-custom.yaml');
    const cloudConfig = { key: 'steps.warnings.cloudConfig', params: { field: 'spec.rkeConfig.machineGlobalConfig.cloud-provider-config' } };

    expect(stepOf(planMigration(o), 'switch-to-external').warnings).toEqual([cloudConfig, { key: 'steps.warnings.ambiguousSelectors', params: { entries: '2' } }]);
    o.spec.rkeConfig.machineSelectorConfig.push({ config: { 'kubelet-arg': ['node-labels=disk=ssd'] }, machineLabelSelector: { matchLabels: { disk: 'ssd' } } });
    expect(stepOf(planMigration(o), 'switch-to-external').warnings).toEqual([cloudConfig, { key: 'steps.warnings.ambiguousSelectors', params: { entries: '2, 3' } }]);
  });

  it('warns about node names only where the switch moves the control plane from aws to external', () => {
    const o = fixture('rke2-kubectl-migrated-doc-form.yaml');

    o.spec.rkeConfig.machineGlobalConfig['cloud-provider-name'] = 'external';
    const plan = planMigration(o, { rke2ExternalMode: 'external' });

    expect(plan.status).toBe('migrated');
    expect(stepOf(plan, 'switch-to-external').warnings).toEqual([]);
    expect(stepOf(planMigration(fixture('rke2-steve-in-tree.json'), { rke2ExternalMode: 'external' }), 'switch-to-external').warnings).toEqual([{ key: 'steps.warnings.externalNodeNames' }]);
  });
});

describe('RKE2 steps done from the object', () => {
  it('downtime: a switch applied with a version change counts as done when planned again, the CCM image left to upgrade-ccm', () => {
    const first = planMigration(fixture('rke2-steve-in-tree.json'), { strategy: 'downtime', targetVersion: 'v1.27.16+rke2r1' });
    const again = planMigration(stepOf(first, 'switch-to-external').object!, { strategy: 'downtime' });

    expect(again.status).toBe('migrated');
    expect(again.steps.filter((s) => s.object).map((s) => `${ s.id }:${ s.done }`)).toEqual(['switch-to-external:true', 'upgrade-ccm:false']);
    expect(stepOf(again, 'upgrade-ccm').object).toEqual(stepOf(first, 'upgrade-ccm').object);
  });

  it('downtime: a cluster switched without the CCM HelmChart still has the switch to do, and it writes the HelmChart', () => {
    const input = fixture('rke2-steve-in-tree.json');
    const switched = stepOf(planMigration(input), 'switch-to-external').object!;

    // Switched by hand, the CCM never written: every machine out of tree, no HelmChart.
    switched.spec.rkeConfig.additionalManifest = input.spec.rkeConfig.additionalManifest;
    const plan = planMigration(switched, { strategy: 'downtime' });
    const step = stepOf(plan, 'switch-to-external');

    expect(plan.status).toBe('migrating');
    expect(step.done).toBe(false);
    expect(readCcmHelmChart(step.object!.spec.rkeConfig.additionalManifest)!.values.args).toEqual(['--configure-cloud-routes=false', '--v=2', '--cloud-provider=aws']);
  });

  it('leader migration: on a switched cluster the KCM flag and the CCM deploy are behind it, even while the switch still has AWS gates to remove', () => {
    const o = fixture('rke2-kubectl-migrated-doc-form.yaml');

    o.spec.rkeConfig.machineGlobalConfig['kube-controller-manager-arg'] = ['feature-gates=CSIMigrationAWS=false'];
    const plan = planMigration(o);

    expect(plan.status).toBe('migrated');
    expect(plan.steps.filter((s) => s.object).map((s) => `${ s.id }:${ s.done }`)).toEqual([
      'enable-leader-migration:true', 'deploy-ccm:true', 'switch-to-external:false', 'cleanup-ccm-leader-migration:false',
    ]);
    expect(stepOf(plan, 'switch-to-external').object!.spec.rkeConfig.machineGlobalConfig).toEqual({ 'cloud-provider-name': 'aws', cni: 'calico' });
  });

  it('the cleanup drops the leader-migration flag from the CCM and changes nothing else of the HelmChart', () => {
    const o = fixture('rke2-kubectl-migrated-doc-form.yaml');
    const before = readCcmHelmChart(o.spec.rkeConfig.additionalManifest)!;
    const step = stepOf(planMigration(o), 'cleanup-ccm-leader-migration');
    const after = readCcmHelmChart(step.object!.spec.rkeConfig.additionalManifest)!;

    expect(after.values).toEqual({ ...before.values, args: ['--configure-cloud-routes=false', '--v=5', '--cloud-provider=aws'] });
    expect({ ...after.spec, valuesContent: undefined }).toEqual({ ...before.spec, valuesContent: undefined });
  });
});

describe('RKE2 rules', () => {
  it('deploys the CCM of the current minor and moves it to the target minor only after the version change', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.kubernetesVersion = 'v1.32.5+rke2r1';
    const plan = planMigration(o, { targetVersion: 'v1.33.1+rke2r1' });
    const chartOf = (id: string) => readCcmHelmChart(stepOf(plan, id).object!.spec.rkeConfig.additionalManifest)!;
    const ids = plan.steps.map((s) => s.id);

    expect([chartOf('deploy-ccm').spec.version, chartOf('deploy-ccm').values.image.tag]).toEqual(['0.0.8', 'v1.32.8']);
    expect([chartOf('upgrade-ccm').spec.version, chartOf('upgrade-ccm').values.image.tag]).toEqual(['0.0.9', 'v1.33.4']);
    expect(ids.indexOf('upgrade-ccm')).toBeGreaterThan(ids.indexOf('wait-upgrade'));
    expect(stepOf(plan, 'upgrade-kubernetes').object!.spec.kubernetesVersion).toBe('v1.33.1+rke2r1');
    expect(stepOf(plan, 'switch-to-external').object!.spec.kubernetesVersion).toBe('v1.32.5+rke2r1');
  });

  it('changes the version only after the control plane is uncordoned (bootstrap chart Jobs wait on cordoned control-plane nodes)', () => {
    const ids = planMigration(fixture('rke2-steve-in-tree.json'), { targetVersion: 'v1.27.16+rke2r1' }).steps.map((s) => s.id);

    expect(ids.indexOf('upgrade-kubernetes')).toBeGreaterThan(ids.indexOf('uncordon-control-plane'));
    expect(ids.slice(ids.indexOf('uncordon-control-plane'))).toEqual([
      'uncordon-control-plane', 'upgrade-kubernetes', 'wait-upgrade', 'upgrade-ccm', 'wait-ccm-upgrade-rollout', 'cleanup-ccm-leader-migration', 'wait-cleanup-rollout',
    ]);
  });

  it.each([
    ['two minors ahead', { targetVersion: 'v1.28.1+rke2r1' }, 'INVALID_TARGET_VERSION'],
    ['a downgrade', { targetVersion: 'v1.25.16+rke2r1' }, 'INVALID_TARGET_VERSION'],
    ['an unknown strategy', { strategy: 'yolo' }, 'INVALID_OPTION'],
    ['an unknown RKE2 mode', { rke2ExternalMode: 'aws' }, 'INVALID_OPTION'],
    ['a chart repo that is no URL', { chartRepo: 'not a url' }, 'INVALID_OPTION'],
  ])('refuses %s', (_name, options, code) => {
    expect(errorCode(() => planMigration(fixture('rke2-steve-in-tree.json'), options as any))).toBe(code);
  });

  it('refuses a cluster on a minor without a CCM release', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.kubernetesVersion = 'v1.24.17+rke2r1';
    expect(errorCode(() => planMigration(o))).toBe('UNSUPPORTED_VERSION');
  });

  it('refuses an invalid additional manifest with INVALID_MANIFEST and no plan', () => {
    expect(errorCode(() => planMigration(fixture('rke2-bad-manifest.yaml')))).toBe('INVALID_MANIFEST');
  });

  it('uses the chart repo and registry options', () => {
    const plan = planMigration(fixture('rke2-steve-in-tree.json'), { chartRepo: 'https://charts.internal.example.com/aws', systemDefaultRegistry: 'mirror.example.com' });
    const chart = readCcmHelmChart(stepOf(plan, 'deploy-ccm').object!.spec.rkeConfig.additionalManifest)!;

    expect(chart.spec.repo).toBe('https://charts.internal.example.com/aws');
    expect(chart.values.image.repository).toBe('mirror.example.com/provider-aws/cloud-controller-manager');
  });

  it('keeps the in-tree cloud config, and warns about it in the preflight and at the switch', () => {
    const plan = planMigration(fixture('rke2-kubectl-custom.yaml'));
    const after = stepOf(plan, 'switch-to-external').object!;

    expect(after.spec.rkeConfig.machineGlobalConfig['cloud-provider-config']).toBe(fixture('rke2-kubectl-custom.yaml').spec.rkeConfig.machineGlobalConfig['cloud-provider-config']);
    expect(plan.preflight.find((c) => c.id === 'cloud-config')?.severity).toBe('warning');
    expect(stepOf(plan, 'switch-to-external').warnings.map((w) => w.key)).toContain('steps.warnings.cloudConfig');
  });

  it('keeps every effective kubelet arg of every machine of a custom cluster (lists replace each other, docs/rancher-behaviour.md#merge-rule)', () => {
    const input = fixture('rke2-kubectl-custom.yaml');
    const after = stepOf(planMigration(input), 'switch-to-external').object!;

    ALL_ROLE_SETS.forEach((roles) => ([{}, { gpu: 'true' }] as Record<string, string>[]).forEach((extra) => {
      const labels = { ...roleLabels(roles), ...extra };
      const before = argList(effectiveConfig(input.spec.rkeConfig, labels)['kubelet-arg']);
      const now = argList(effectiveConfig(after.spec.rkeConfig, labels)['kubelet-arg']);

      expect(now).toEqual([...before, 'cloud-provider=external']);
    }));
  });

  it('replaces aws by external everywhere in external mode and warns about node names', () => {
    const plan = planMigration(fixture('rke2-steve-in-tree.json'), { rke2ExternalMode: 'external' });
    const step = stepOf(plan, 'switch-to-external');

    expect(step.object!.spec.rkeConfig.machineSelectorConfig[0].config['cloud-provider-name']).toBe('external');
    expect(step.object!.spec.rkeConfig.machineSelectorConfig[0].config['kubelet-arg']).toEqual(['max-pods=110']);
    expect(step.warnings.map((w) => w.key)).toContain('steps.warnings.externalNodeNames');
    expect(plan.preflight.map((c) => c.id)).toContain('external-node-names');
    expect(planMigration(step.object!).status).toBe('migrated');
  });

  it('blocks a half-migrated aws cluster on 1.27 whose components cannot start', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.kubernetesVersion = 'v1.27.16+rke2r1';
    const plan = planMigration(o);

    expect(plan.status).toBe('in-tree');
    expect(plan.preflight.find((c) => c.id === 'in-tree-removed')?.severity).toBe('blocker');
  });
});

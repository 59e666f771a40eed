import type { MigrationPlan, PlanStep } from '../types';
import { planMigration } from '../planning/planMigration';
import { fixture } from './fixtures';

const stepOf = (plan: MigrationPlan, id: string): PlanStep => plan.steps.find((s) => s.id === id)!;
const rkec = (o: Record<string, any>) => o.rancherKubernetesEngineConfig;

describe('RKE1 leader-migration plan', () => {
  const input = fixture('rke1-norman-in-tree.json');
  const plan = planMigration(input, { useInstanceMetadataHostname: false });

  it('orders the steps with the chart before the cordon', () => {
    expect(plan.steps.map((s) => `${ s.id }:${ s.action }`)).toEqual([
      'enable-leader-migration:update-cluster', 'wait-leader-migration:wait-cluster', 'install-ccm:install-chart', 'wait-ccm-rollout:wait-rollout',
      'cordon-control-plane:cordon', 'switch-to-external:update-cluster', 'wait-switch:wait-cluster', 'verify-provider-ids:verify',
      'verify-migration-lease:verify', 'uncordon-control-plane:uncordon', 'cleanup-ccm-leader-migration:install-chart', 'wait-cleanup-rollout:wait-rollout',
    ]);
    expect(stepOf(plan, 'cordon-control-plane').selector).toBe('node-role.kubernetes.io/controlplane=true');
  });

  it('adds the KCM flag and keeps every other extraArgs key', () => {
    const extraArgs = rkec(stepOf(plan, 'enable-leader-migration').object!).services.kubeController.extraArgs;

    expect(extraArgs).toEqual({ ...rkec(input).services.kubeController.extraArgs, 'enable-leader-migration': 'true' });
  });

  it('installs the chart with the flag, RKE1 selectors, tolerations and the default registry', () => {
    const chart = stepOf(plan, 'install-ccm').chart!;

    expect(chart).toMatchObject({ name: 'aws-cloud-controller-manager', version: '0.0.8', namespace: 'kube-system', repo: 'https://kubernetes.github.io/cloud-provider-aws' });
    expect(chart.values).toMatchObject({
      nodeSelector: { 'node-role.kubernetes.io/controlplane': 'true', 'node-role.kubernetes.io/control-plane': null },
      image:        { repository: 'registry.corp.example.com/provider-aws/cloud-controller-manager', tag: 'v1.26.14' },
    });
    expect(chart.values.args).toContain('--enable-leader-migration=true');
    const commands = stepOf(plan, 'install-ccm').commands!;

    expect(commands[commands.length - 1]).toBe('helm upgrade --install aws-cloud-controller-manager aws-cloud-controller-manager/aws-cloud-controller-manager --version 0.0.8 -n kube-system --reuse-values -f values.yaml');
    expect(commands.join('\n')).toContain('node-role.kubernetes.io/control-plane: null');
  });

  it('switches to external-aws, removes awsCloudProvider (null, so that a Norman PUT or merge patch drops it), the flag and the AWS gates', () => {
    const after = rkec(stepOf(plan, 'switch-to-external').object!);

    expect(after.cloudProvider).toEqual({ ...rkec(input).cloudProvider, name: 'external-aws', useInstanceMetadataHostname: false, awsCloudProvider: null });
    expect(stepOf(plan, 'switch-to-external').commands![0]).toContain('"awsCloudProvider":null');
    expect(after.services.kubeController.extraArgs).toEqual({ 'feature-gates': 'RotateKubeletServerCertificate=true', 'terminated-pod-gc-threshold': '500' });
    expect(after.services.kubeApi.extraArgs).toEqual({ 'audit-log-maxage': '30' });
    expect(after.services.kubelet.extraArgs).toEqual({ 'max-pods': '150' });
    expect(stepOf(plan, 'switch-to-external').warnings.map((w) => w.key)).toEqual(['steps.warnings.awsCloudProvider']);
    expect(stepOf(plan, 'switch-to-external').commands![0]).toMatch(/^kubectl patch clusters\.management\.cattle\.io c-7tq4m --type merge -p '\{"spec":\{"rancherKubernetesEngineConfig":/);
  });

  it('keeps the object Norman-shaped', () => {
    const after = stepOf(plan, 'switch-to-external').object!;

    expect([after.type, after.id, after.links, after.actions]).toEqual([input.type, input.id, input.links, input.actions]);
  });

  it('marks the earlier steps done when planning from the switched object', () => {
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
    expect(stepOf(plan, 'switch-to-external').warnings.map((w) => w.key)).toContain('steps.warnings.chooseHostname');
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

describe('RKE1 downtime plan', () => {
  it('switches first, then installs the chart without leader migration', () => {
    const plan = planMigration(fixture('rke1-norman-in-tree.json'), { strategy: 'downtime', useInstanceMetadataHostname: true, targetVersion: 'v1.27.16-rancher1-1' });

    expect(plan.steps.map((s) => s.id)).toEqual(['switch-to-external', 'wait-switch', 'install-ccm', 'wait-ccm-rollout', 'verify-provider-ids']);
    expect(rkec(plan.steps[0].object!).kubernetesVersion).toBe('v1.27.16-rancher1-1');
    expect(stepOf(plan, 'install-ccm').chart!.values.args).not.toContain('--enable-leader-migration=true');
    expect(stepOf(plan, 'install-ccm').chart!.values).toMatchObject({ image: { tag: 'v1.27.10' } });
  });
});

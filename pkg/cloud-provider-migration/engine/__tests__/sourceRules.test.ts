/**
 * The rules a review against Rancher's sources found the engine breaking (docs/rancher-behaviour.md). Each test
 * failed on the engine before the fix.
 */
import type { DaemonSetLike, MigrationPlan, NodeLike, PlanStep } from '../types';
import { planMigration } from '../planning/planMigration';
import { readCcmHelmChart } from '../rke2/additionalManifest';
import { existingCcmOf } from '../ccm/existingCcm';
import { rke2IgnoresAwsProvider } from '../cluster/clusterFacts';
import { effectiveConfig, roleLabels } from '../rke2/effectiveConfig';
import { fixture } from './fixtures';

const stepOf = (plan: MigrationPlan, id: string): PlanStep => {
  const step = plan.steps.find((s) => s.id === id);

  if (!step) {
    throw new Error(`no step ${ id } in ${ plan.steps.map((s) => s.id).join(', ') }`);
  }

  return step;
};
const severities = (plan: MigrationPlan) => plan.preflight.map((c) => `${ c.id }:${ c.severity }`);
const chartOf = (step: PlanStep) => readCcmHelmChart(step.object!.spec.rkeConfig.additionalManifest)!;

function node(name: string, roles: string[], extra: Partial<NodeLike['spec']> = {}): NodeLike {
  const labels: Record<string, string> = {};

  roles.forEach((r) => {
    labels[`node-role.kubernetes.io/${ r }`] = 'true';
  });

  return { metadata: { name, labels }, spec: { ...extra } };
}

describe('role filter: server-only keys never reach worker-only machines', () => {
  it('a worker machine does not receive disable-cloud-controller or the control-plane args', () => {
    const rkeConfig = { machineGlobalConfig: { 'disable-cloud-controller': true, 'kube-controller-manager-arg': ['x=1'], 'kubelet-arg': ['y=2'] } };

    expect(effectiveConfig(rkeConfig, roleLabels(['worker']))).toEqual({ 'kubelet-arg': ['y=2'] });
    expect(effectiveConfig(rkeConfig, roleLabels(['etcd']))).toEqual(rkeConfig.machineGlobalConfig);
  });

  it('the switch fixes a worker-selected disable-cloud-controller: false that reaches control-plane+worker machines', () => {
    const o = fixture('rke2-steve-in-tree.json');
    const rke = o.spec.rkeConfig;

    rke.machinePools = [{ name: 'all', controlPlaneRole: true, etcdRole: true, workerRole: true, quantity: 3, machineConfigRef: { kind: 'Amazonec2Config', name: 'nc-all' } }];
    rke.machineSelectorConfig.push({ config: { 'disable-cloud-controller': false }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/worker-role': 'true' } } });
    const after = stepOf(planMigration(o), 'switch-to-external').object!;

    expect(effectiveConfig(after.spec.rkeConfig, roleLabels(['control-plane', 'etcd', 'worker']))['disable-cloud-controller']).toBe(true);
    expect(planMigration(after).status).toBe('migrated');
  });

  it('writes no server-only key into an entry that only worker-only machines match', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.rkeConfig.machineSelectorConfig.push({ config: { 'kubelet-arg': ['max-pods=200'] }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/worker-role': 'true' } } });
    const after = stepOf(planMigration(o), 'switch-to-external').object!;
    const workerEntry = after.spec.rkeConfig.machineSelectorConfig[1].config;

    expect(Object.keys(workerEntry).sort()).toEqual(['kubelet-arg']);
  });
});

describe('system-default-registry where the dashboard writes it', () => {
  it('is read from the selector-less machineSelectorConfig entry and pins the CCM image there', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.rkeConfig.machineSelectorConfig[0].config['system-default-registry'] = 'registry.lab.example.com:5000';
    const plan = planMigration(o);

    expect(plan.detection.systemDefaultRegistry).toBe('registry.lab.example.com:5000');
    expect(chartOf(stepOf(plan, 'deploy-ccm')).values.image.repository).toBe('registry.lab.example.com:5000/provider-aws/cloud-controller-manager');
  });
});

describe('a migrated cluster asked for a newer version', () => {
  it('RKE2: gets the version change and the CCM image that follows it, nothing else', () => {
    const plan = planMigration(fixture('rke2-kubectl-migrated-doc-form.yaml'), { targetVersion: 'v1.28.15+rke2r1' });
    const updates = plan.steps.filter((s) => s.object && !s.done);

    expect(plan.status).toBe('migrated');
    // The optional leader-migration cleanup stays offered: this CCM still runs with the flag.
    expect(plan.steps.map((s) => s.id)).toEqual([
      'verify-provider-ids', 'uncordon-control-plane', 'upgrade-kubernetes', 'wait-upgrade', 'upgrade-ccm', 'wait-ccm-upgrade-rollout', 'cleanup-ccm-leader-migration', 'wait-cleanup-rollout',
    ]);
    expect(plan.steps.filter((s) => s.optional).map((s) => s.id)).toEqual(['cleanup-ccm-leader-migration', 'wait-cleanup-rollout']);
    expect(updates.filter((s) => !s.optional).map((s) => s.id)).toEqual(['upgrade-kubernetes', 'upgrade-ccm']);
    // Only the version, then only the chart version and image: KCM args, provider config and CCM args stay.
    const input = fixture('rke2-kubectl-migrated-doc-form.yaml');
    const afterVersion = stepOf(plan, 'upgrade-kubernetes').object!;

    expect({ ...afterVersion.spec, kubernetesVersion: undefined }).toEqual({ ...input.spec, kubernetesVersion: undefined });
    const chart = chartOf(stepOf(plan, 'upgrade-ccm'));

    expect([chart.spec.version, chart.values.image.tag]).toEqual(['0.0.8', 'v1.28.11']);
    expect(chart.values.args).toEqual(readCcmHelmChart(input.spec.rkeConfig.additionalManifest)!.values.args);
    expect(plan.steps.map((s) => s.id)).not.toContain('enable-leader-migration');
  });

  it('RKE1: gets the version change and the chart upgrade, nothing else', () => {
    const o = fixture('rke1-norman-in-tree.json');

    o.rancherKubernetesEngineConfig.cloudProvider = { name: 'external-aws', useInstanceMetadataHostname: true };
    delete o.rancherKubernetesEngineConfig.services.kubeController.extraArgs['enable-leader-migration'];
    const plan = planMigration(o, { targetVersion: 'v1.27.16-rancher1-1' });

    expect(plan.steps.map((s) => s.id)).toEqual(['verify-provider-ids', 'upgrade-kubernetes', 'wait-upgrade', 'upgrade-ccm', 'wait-ccm-upgrade-rollout']);
    expect(stepOf(plan, 'upgrade-ccm').chart!.values.image).toEqual({ tag: 'v1.27.10', repository: 'registry.corp.example.com/provider-aws/cloud-controller-manager' });
  });
});

describe('the CCM is never newer than the apiservers', () => {
  it('RKE1 leader migration installs the current minor and upgrades the release after the switch that changes the version', () => {
    const plan = planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: true, targetVersion: 'v1.27.16-rancher1-1' });
    const ids = plan.steps.map((s) => s.id);

    expect((stepOf(plan, 'install-ccm').chart!.values.image as any).tag).toBe('v1.26.14');
    expect((stepOf(plan, 'upgrade-ccm').chart!.values.image as any).tag).toBe('v1.27.10');
    expect(ids.indexOf('upgrade-ccm')).toBeGreaterThan(ids.indexOf('wait-switch'));
    expect((stepOf(plan, 'cleanup-ccm-leader-migration').chart!.values.image as any).tag).toBe('v1.27.10');
  });

  it('RKE1 downtime installs the chart after the version change, at the target minor', () => {
    const plan = planMigration(fixture('rke1-norman-in-tree.json'), { strategy: 'downtime', useInstanceMetadataHostname: true, targetVersion: 'v1.27.16-rancher1-1' });

    expect((stepOf(plan, 'install-ccm').chart!.values.image as any).tag).toBe('v1.27.10');
    expect(plan.steps.map((s) => s.id)).not.toContain('upgrade-ccm');
  });
});

describe('an existing CCM HelmChart keeps what the admin added', () => {
  it('extra tolerations and nodeSelector keys stay; the engine adds only what is missing', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.rkeConfig.additionalManifest = [
      'apiVersion: helm.cattle.io/v1', 'kind: HelmChart', 'metadata:', '  name: aws-cloud-controller-manager', '  namespace: kube-system', 'spec:',
      '  chart: aws-cloud-controller-manager', '  valuesContent: |-', '    nodeSelector:', '      kubernetes.io/os: linux', '    tolerations:',
      '      - key: dedicated', '        operator: Equal', '        value: infra', '        effect: NoSchedule', '',
    ].join('\n');
    const values = chartOf(stepOf(planMigration(o), 'deploy-ccm')).values;

    expect(values.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': 'true' });
    expect(values.tolerations[0]).toEqual({ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' });
    expect(values.tolerations.map((t: any) => t.key)).toEqual(['dedicated', 'node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/etcd', 'node.cloudprovider.kubernetes.io/uninitialized', 'node-role.kubernetes.io/master']);
  });
});

describe('the external form on node-driver clusters', () => {
  it('is blocked (node names follow the machines), and only warned about on custom clusters', () => {
    const nodeDriver = fixture('rke2-steve-in-tree.json');
    const custom = fixture('rke2-steve-in-tree.json');

    custom.spec.rkeConfig.machinePools = [];
    expect(severities(planMigration(nodeDriver, { rke2ExternalMode: 'external' }))).toContain('external-node-names:blocker');
    expect(severities(planMigration(custom, { rke2ExternalMode: 'external' }))).toContain('external-node-names:warning');
  });
});

describe('single-node and control-plane+worker clusters', () => {
  it('a single node: downtime recommended, the cordon and leader migration warn what they cannot promise', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.rkeConfig.machinePools = [{ name: 'one', controlPlaneRole: true, etcdRole: true, workerRole: true, quantity: 1, machineConfigRef: { kind: 'Amazonec2Config', name: 'nc-one' } }];
    const plan = planMigration(o);

    expect(plan.recommendedStrategy).toBe('downtime');
    expect(severities(plan)).toContain('single-control-plane:warning');
    expect(stepOf(plan, 'enable-leader-migration').warnings.map((w) => w.key)).toContain('steps.warnings.singleControlPlane');
    expect(stepOf(plan, 'cordon-control-plane').warnings.map((w) => w.key)).toContain('steps.warnings.cordonSingleNode');
  });

  it('three control-plane+worker nodes read from the cluster: the cordon says where new pods can still go', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.rkeConfig.machinePools = [];
    const nodes = ['a', 'b', 'c'].map((n) => node(n, ['control-plane', 'etcd', 'worker']));
    const plan = planMigration(o, { nodes });

    expect(plan.recommendedStrategy).toBe('leader-migration');
    expect(severities(plan)).toContain('control-plane-workers:warning');
    expect(stepOf(plan, 'cordon-control-plane').warnings).toContainEqual({ key: 'steps.warnings.cordonWorkloads', params: { count: 3, workers: 0 } });
  });
});

describe('drain options change the cordon story', () => {
  it('with control-plane drain Rancher uncordons what it reconfigures: the plan says so instead of "RKE2 never uncordons"', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.rkeConfig.upgradeStrategy.controlPlaneDrainOptions.enabled = true;
    const plan = planMigration(o);
    const cordonWarnings = stepOf(plan, 'cordon-control-plane').warnings.map((w) => w.key);

    expect(cordonWarnings).toContain('steps.warnings.rke2DrainUncordons');
    expect(cordonWarnings).not.toContain('steps.warnings.rke2NoUncordon');
    expect(stepOf(plan, 'switch-to-external').warnings.map((w) => w.key)).toContain('steps.warnings.rke2DrainOnSwitch');
    expect(severities(plan)).toContain('control-plane-drain:info');
  });

  it('a single-machine cluster is never drained', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.rkeConfig.upgradeStrategy.controlPlaneDrainOptions.enabled = true;
    o.spec.rkeConfig.machinePools = [{ name: 'one', controlPlaneRole: true, etcdRole: true, workerRole: true, quantity: 1, machineConfigRef: { kind: 'Amazonec2Config', name: 'nc-one' } }];
    expect(stepOf(planMigration(o), 'cordon-control-plane').warnings.map((w) => w.key)).toContain('steps.warnings.rke2NoUncordon');
  });
});

describe('RKE2 releases that ignore cloud-provider-name aws', () => {
  it.each([
    ['v1.29.10+rke2r1', false], ['v1.29.11+rke2r1', true], ['v1.30.6+rke2r1', false], ['v1.30.7+rke2r1', true],
    ['v1.31.2+rke2r1', false], ['v1.31.3+rke2r1', true], ['v1.32.0+rke2r1', true], ['v1.33.1+rke2r1', true], ['v1.28.15+rke2r1', false],
  ])('%s ignores it: %p', (version, ignored) => {
    expect(rke2IgnoresAwsProvider(version)).toBe(ignored);
  });

  it('status, reason and pre-flight say that no cloud controller runs; no 1.27 blocker; downtime recommended', () => {
    const o = fixture('rke2-steve-in-tree.json');

    o.spec.kubernetesVersion = 'v1.31.4+rke2r1';
    const plan = planMigration(o);

    expect(plan.status).toBe('in-tree');
    expect(plan.reason).toEqual({ key: 'reasons.awsIgnored', params: { version: 'v1.31.4+rke2r1' } });
    expect(severities(plan)).toContain('aws-ignored:warning');
    expect(severities(plan)).not.toContain('in-tree-removed:blocker');
    expect(plan.recommendedStrategy).toBe('downtime');
  });
});

describe('a CCM already in the downstream cluster', () => {
  const daemonSet = (annotations: Record<string, string>): DaemonSetLike => ({
    metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system', labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations } as any,
    spec:     { template: { spec: { containers: [{ name: 'aws-cloud-controller-manager', image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.14', args: ['--v=2'] }] } } },
  });

  it('RKE2 without a HelmChart in the manifest: deploying would take it over or run a second one, so it blocks', () => {
    const existing = existingCcmOf(daemonSet({ 'meta.helm.sh/release-name': 'aws-cloud-controller-manager', 'meta.helm.sh/release-namespace': 'kube-system' }));
    const plan = planMigration(fixture('rke2-steve-in-tree.json'), { existingCcm: existing });

    expect(existing).toMatchObject({ managedBy: 'helm', release: 'aws-cloud-controller-manager', releaseNamespace: 'kube-system', image: expect.stringContaining(':v1.26.14') });
    expect(severities(plan)).toContain('existing-ccm:blocker');
    expect(stepOf(plan, 'deploy-ccm').warnings.map((w) => w.key)).toContain('preflight.existingCcm.rke2');
  });

  it('RKE1: the release the plan installs is upgraded (warned), another release blocks, none says nothing', () => {
    const o = fixture('rke1-norman-in-tree.json');
    const ours = existingCcmOf(daemonSet({ 'meta.helm.sh/release-name': 'aws-cloud-controller-manager', 'meta.helm.sh/release-namespace': 'kube-system' }));
    const other = existingCcmOf(daemonSet({ 'meta.helm.sh/release-name': 'cloud-provider', 'meta.helm.sh/release-namespace': 'kube-system' }));

    expect(severities(planMigration(o, { useInstanceMetadataHostname: true, existingCcm: ours }))).toContain('existing-ccm:warning');
    expect(severities(planMigration(o, { useInstanceMetadataHostname: true, existingCcm: other }))).toContain('existing-ccm:blocker');
    expect(severities(planMigration(o, { useInstanceMetadataHostname: true, existingCcm: null })).filter((c) => c.startsWith('existing-ccm'))).toEqual([]);
    expect(severities(planMigration(o, { useInstanceMetadataHostname: true }))).toContain('existing-ccm:info');
  });
});

describe('commands that do not hang or mislead', () => {
  const plan = planMigration(fixture('rke2-steve-in-tree.json'));
  const rke1 = planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: true });

  it('every step says where its commands run', () => {
    expect(Object.fromEntries(plan.steps.map((s) => [s.id, s.runsIn]))).toMatchObject({
      'enable-leader-migration': 'rancher', 'wait-leader-migration': 'rancher', 'cordon-control-plane': 'downstream', 'wait-ccm-rollout': 'downstream', 'verify-provider-ids': 'downstream',
    });
    expect(stepOf(rke1, 'install-ccm').runsIn).toBe('downstream');
  });

  it('RKE1 waits on conditions, never on status.appliedSpec', () => {
    expect(stepOf(rke1, 'wait-switch').commands!.join('\n')).not.toContain('appliedSpec');
    expect(stepOf(rke1, 'wait-switch').commands!.join('\n')).toContain('--for=condition=Updated=True');
  });

  it('the rollout wait first waits for the DaemonSet to exist', () => {
    expect(stepOf(plan, 'wait-ccm-rollout').commands![0]).toMatch(/^until kubectl -n kube-system get daemonset aws-cloud-controller-manager/);
  });

  it('the provider ID check shows taints, the lease check shows the leader leases beside the migration lease', () => {
    expect(stepOf(plan, 'verify-provider-ids').commands![0]).toContain('TAINTS:.spec.taints[*].key');
    expect(stepOf(plan, 'verify-migration-lease').commands![0]).toContain('cloud-provider-extraction-migration kube-controller-manager cloud-controller-manager');
  });

  it('uncordon uncordons the recorded nodes by name, not every control-plane node', () => {
    const cordon = stepOf(plan, 'cordon-control-plane').commands!;
    const uncordon = stepOf(plan, 'uncordon-control-plane').commands!;

    expect(cordon[0]).toContain('> cordoned-by-migration.txt');
    expect(uncordon).toEqual(['xargs -r kubectl uncordon < cordoned-by-migration.txt']);
    expect(uncordon.join(' ')).not.toContain('-l ');
  });
});

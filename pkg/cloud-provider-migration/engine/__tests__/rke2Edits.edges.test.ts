import {
  rke2AnyExternalArg, rke2EffectiveProviderNames, rke2SwitchComplete, withKcmLeaderMigration, withRke2KubernetesVersion, withRke2Switch,
} from '../rke2/rke2Edits';
import { planMigration } from '../planning/planMigration';
import { fixture } from './fixtures';

// What the RKE2 edits write into rkeConfig, and what they leave alone, on configurations the fixtures do not show:
// no machineGlobalConfig, selector-only entries, provider args given per component.

const CP = { matchLabels: { 'rke.cattle.io/control-plane-role': 'true' } };
const WORKER = { matchLabels: { 'rke.cattle.io/worker-role': 'true' } };

function cluster(rkeConfig: Record<string, any>, kubernetesVersion = 'v1.26.15+rke2r1'): Record<string, any> {
  return {
    apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', metadata: { name: 'edge', namespace: 'fleet-default' }, spec: { kubernetesVersion, rkeConfig },
  };
}

const pools = [
  { name: 'cp', controlPlaneRole: true, etcdRole: true, workerRole: false, quantity: 1 },
  { name: 'w', controlPlaneRole: false, etcdRole: false, workerRole: true, quantity: 1 },
];

describe('the RKE2 edits on a cluster without machineGlobalConfig', () => {
  it('plans the switch of a cluster that sets the provider only in an entry and has a selector-only entry', () => {
    const o = fixture('rke2-steve-in-tree.json');

    delete o.spec.rkeConfig.machineGlobalConfig;
    o.spec.rkeConfig.machineSelectorConfig.push({ machineLabelSelector: WORKER });
    const plan = planMigration(o, { rke2ExternalMode: 'external' });
    const switched = plan.steps.find((s) => s.id === 'switch-to-external')!.object!.spec.rkeConfig;

    expect(switched.machineSelectorConfig[0].config['cloud-provider-name']).toBe('external');
    expect(switched.machineSelectorConfig[1]).toEqual({ machineLabelSelector: WORKER });
    // The leader-migration step had to put its flag into a new machineGlobalConfig; the switch takes it out again.
    expect(switched.machineGlobalConfig).toEqual({});
  });

  it('switches by name without writing a machineGlobalConfig or a config into a selector-only entry', () => {
    const out = withRke2Switch(cluster({
      machinePools:          pools,
      machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws' } }, { machineLabelSelector: WORKER }, null],
    }), { mode: 'external' });

    expect(out.spec.rkeConfig).toEqual({
      machinePools:          pools,
      machineSelectorConfig: [{ config: { 'cloud-provider-name': 'external' } }, { machineLabelSelector: WORKER }, null],
    });
  });

  it('creates machineGlobalConfig for the overrides no entry carries', () => {
    const out = withRke2Switch(cluster({ machinePools: pools, machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws' } }] }), { mode: 'aws-with-overrides' });

    expect(out.spec.rkeConfig.machineGlobalConfig).toEqual({
      'kubelet-arg':                 ['cloud-provider=external'],
      'kube-apiserver-arg':          ['cloud-provider=external'],
      'kube-controller-manager-arg': ['cloud-provider=external'],
      'disable-cloud-controller':    true,
    });
    expect(out.spec.rkeConfig.machineSelectorConfig).toEqual([{ config: { 'cloud-provider-name': 'aws' } }]);
    expect(rke2SwitchComplete(out.spec.rkeConfig)).toBe(true);
  });

  it('creates machineGlobalConfig for the leader-migration flag', () => {
    const out = withKcmLeaderMigration(cluster({ machinePools: pools, machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws' } }] }));

    expect(out.spec.rkeConfig.machineGlobalConfig).toEqual({ 'kube-controller-manager-arg': ['enable-leader-migration'] });
  });

  it('upgrades the version of a cluster without machineGlobalConfig', () => {
    const out = withRke2KubernetesVersion(cluster({ machineSelectorConfig: [{ config: { 'kubelet-arg': ['feature-gates=CSIMigrationAWS=false', 'max-pods=110'] } }, { machineLabelSelector: CP }] }), 'v1.27.16+rke2r1');

    expect(out.spec).toEqual({
      kubernetesVersion: 'v1.27.16+rke2r1',
      rkeConfig:         { machineSelectorConfig: [{ config: { 'kubelet-arg': ['max-pods=110'] } }, { machineLabelSelector: CP }] },
    });
  });
});

describe('withRke2Switch, mode external', () => {
  it('turns cloud-provider=aws into external in every component list, keeps other values and the list form', () => {
    const out = withRke2Switch(cluster({
      machineGlobalConfig:   { 'cloud-provider-name': 'aws', 'kubelet-arg': 'cloud-provider=aws', 'kube-apiserver-arg': ['cloud-provider=aws', 'v=2'] },
      machineSelectorConfig: [
        { config: { 'kube-controller-manager-arg': ['cloud-provider=gce'] }, machineLabelSelector: CP },
        { config: { 'kubelet-arg': ['max-pods=110'] }, machineLabelSelector: WORKER },
        { config: { 'cloud-provider-name': 'rancher-vsphere' }, machineLabelSelector: { matchLabels: { zone: 'b' } } },
      ],
    }), { mode: 'external' });

    expect(out.spec.rkeConfig.machineGlobalConfig).toEqual({ 'cloud-provider-name': 'external', 'kubelet-arg': 'cloud-provider=external', 'kube-apiserver-arg': ['cloud-provider=external', 'v=2'] });
    expect(out.spec.rkeConfig.machineSelectorConfig.map((e: any) => e.config)).toEqual([
      { 'kube-controller-manager-arg': ['cloud-provider=gce'] },
      { 'kubelet-arg': ['max-pods=110'] },
      { 'cloud-provider-name': 'rancher-vsphere' },
    ]);
  });

  it('drops the AWS gates, keeping an entry\'s emptied list (it still overrides earlier ones) and deleting an emptied global one', () => {
    const out = withRke2Switch(cluster({
      machineGlobalConfig:   { 'cloud-provider-name': 'aws', 'kube-scheduler-arg': ['feature-gates=CSIMigrationAWS=false'] },
      machineSelectorConfig: [{ config: { 'kube-scheduler-arg': ['feature-gates=CSIMigrationAWS=false'], 'kube-controller-manager-arg': ['enable-leader-migration'] }, machineLabelSelector: CP }],
    }), { mode: 'external' });

    expect(out.spec.rkeConfig.machineGlobalConfig).toEqual({ 'cloud-provider-name': 'external' });
    expect(out.spec.rkeConfig.machineSelectorConfig[0].config).toEqual({ 'kube-scheduler-arg': [], 'kube-controller-manager-arg': [] });
  });

  it('changes the version only when asked', () => {
    const o = cluster({ machineGlobalConfig: { 'cloud-provider-name': 'aws' } });

    expect(withRke2Switch(o, { mode: 'external' }).spec.kubernetesVersion).toBe('v1.26.15+rke2r1');
    expect(withRke2Switch(o, { mode: 'external', kubernetesVersion: 'v1.27.16+rke2r1' }).spec.kubernetesVersion).toBe('v1.27.16+rke2r1');
  });

  it('leaves an object without rkeConfig or without spec as it is', () => {
    const noRke = { apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', metadata: { name: 'x' }, spec: { kubernetesVersion: 'v1.26.15+rke2r1' } };

    expect(withRke2Switch(noRke, { mode: 'external' })).toEqual(noRke);
    expect(withRke2Switch({ kind: 'Cluster' }, { mode: 'external', kubernetesVersion: 'v1.27.16+rke2r1' })).toEqual({ kind: 'Cluster' });
    expect(withRke2KubernetesVersion({ kind: 'Cluster' }, 'v1.27.16+rke2r1')).toEqual({ kind: 'Cluster' });
  });
});

describe('withRke2Switch, mode aws-with-overrides: disable-cloud-controller', () => {
  it('sets a false disable-cloud-controller that reaches the control plane to true, and leaves one a later entry overrides', () => {
    const out = withRke2Switch(cluster({
      machinePools:          pools,
      machineGlobalConfig:   { 'cloud-provider-name': 'aws', 'disable-cloud-controller': false },
      machineSelectorConfig: [
        { config: { 'disable-cloud-controller': 'false' }, machineLabelSelector: CP },
        { config: { 'disable-cloud-controller': false }, machineLabelSelector: CP },
      ],
    }), { mode: 'aws-with-overrides' });

    expect(out.spec.rkeConfig.machineGlobalConfig['disable-cloud-controller']).toBe(false);
    expect(out.spec.rkeConfig.machineSelectorConfig.map((e: any) => e.config['disable-cloud-controller'])).toEqual(['false', true]);
    expect(rke2SwitchComplete(out.spec.rkeConfig)).toBe(true);
  });

  it('leaves a disable-cloud-controller that is already "true" as the user wrote it', () => {
    const out = withRke2Switch(cluster({
      machinePools:          pools,
      machineGlobalConfig:   { 'cloud-provider-name': 'aws' },
      machineSelectorConfig: [{ config: { 'disable-cloud-controller': 'true' }, machineLabelSelector: CP }],
    }), { mode: 'aws-with-overrides' });

    expect(out.spec.rkeConfig.machineSelectorConfig[0].config['disable-cloud-controller']).toBe('true');
    expect(out.spec.rkeConfig.machineGlobalConfig['disable-cloud-controller']).toBeUndefined();
  });
});

describe('rke2SwitchComplete', () => {
  const overrides = (extra: Record<string, any> = {}) => ({
    'kubelet-arg':                 ['cloud-provider=external'],
    'kube-apiserver-arg':          ['cloud-provider=external'],
    'kube-controller-manager-arg': ['cloud-provider=external'],
    'disable-cloud-controller':    true,
    ...extra,
  });

  it.each([
    ['every machine named external', { machineGlobalConfig: { 'cloud-provider-name': 'external' } }, true],
    ['the overrides everywhere', { machineGlobalConfig: overrides() }, true],
    ['the overrides with disable-cloud-controller as text', { machineGlobalConfig: overrides({ 'disable-cloud-controller': 'true' }) }, true],
    ['the overrides without disable-cloud-controller', { machineGlobalConfig: overrides({ 'disable-cloud-controller': undefined }) }, false],
    ['the overrides with disable-cloud-controller false', { machineGlobalConfig: overrides({ 'disable-cloud-controller': false }) }, false],
    ['the overrides without the kubelet one', { machineGlobalConfig: overrides({ 'kubelet-arg': ['cloud-provider=aws'] }) }, false],
    ['the overrides without the apiserver one', { machineGlobalConfig: overrides({ 'kube-apiserver-arg': [] }) }, false],
    ['no provider at all', { machineGlobalConfig: {} }, false],
  ])('is complete or not with %s', (_name, rkeConfig, complete) => {
    expect(rke2SwitchComplete({ machinePools: pools, ...rkeConfig })).toBe(complete);
  });

  it('needs the kubelet override on worker machines too', () => {
    expect(rke2SwitchComplete({
      machinePools:          pools,
      machineSelectorConfig: [{ config: overrides(), machineLabelSelector: CP }],
    })).toBe(false);
    expect(rke2SwitchComplete({
      machinePools:          pools,
      machineSelectorConfig: [{ config: overrides(), machineLabelSelector: CP }, { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: WORKER }],
    })).toBe(true);
  });

  it('is not complete while an entry whose selector may not match carries the switch', () => {
    expect(rke2SwitchComplete({
      machinePools:          pools,
      machineGlobalConfig:   { 'cloud-provider-name': 'aws' },
      machineSelectorConfig: [{ config: { 'cloud-provider-name': 'external' }, machineLabelSelector: { matchLabels: { zone: 'b' } } }],
    })).toBe(false);
  });
});

describe('rke2EffectiveProviderNames', () => {
  it('reads a missing or null name as none', () => {
    expect(rke2EffectiveProviderNames({ machinePools: pools })).toEqual(['']);
    expect(rke2EffectiveProviderNames({ machinePools: pools, machineGlobalConfig: { 'cloud-provider-name': null } })).toEqual(['']);
  });

  it('lists each name once', () => {
    expect(rke2EffectiveProviderNames({
      machinePools:          pools,
      machineGlobalConfig:   { 'cloud-provider-name': 'aws' },
      machineSelectorConfig: [{ config: { 'cloud-provider-name': 'external' }, machineLabelSelector: WORKER }],
    }).sort()).toEqual(['aws', 'external']);
  });
});

describe('rke2AnyExternalArg', () => {
  it.each([
    ['no config', undefined, false],
    ['in-tree args', { machineGlobalConfig: { 'kubelet-arg': ['cloud-provider=aws'], 'cloud-provider-name': 'external' } }, false],
    ['another arg whose value is external', { machineGlobalConfig: { 'kubelet-arg': ['cloud-config=external'] } }, false],
    ['the kubelet arg in an entry after others', { machineGlobalConfig: { 'kubelet-arg': ['max-pods=110'] }, machineSelectorConfig: [{ config: {} }, { config: { 'kubelet-arg': ['cloud-provider=external'] } }] }, true],
    ['only the apiserver arg', { machineGlobalConfig: { 'kube-apiserver-arg': 'cloud-provider=external' } }, true],
    ['only the controller-manager arg', { machineGlobalConfig: { 'kube-controller-manager-arg': ['v=2', 'cloud-provider=external'] } }, true],
  ])('finds an external arg or not with %s', (_name, rkeConfig, any) => {
    expect(rke2AnyExternalArg(rkeConfig)).toBe(any);
  });
});

describe('withRke2KubernetesVersion', () => {
  it('drops the AWS gates, keeping an entry\'s emptied list and deleting an emptied global one', () => {
    const out = withRke2KubernetesVersion(cluster({
      machineGlobalConfig:   { 'cloud-provider-name': 'external', 'kubelet-arg': ['feature-gates=CSIMigrationAWS=false'] },
      machineSelectorConfig: [{ config: { 'kubelet-arg': 'feature-gates=CSIMigrationAWS=false' }, machineLabelSelector: WORKER }],
    }), 'v1.27.16+rke2r1');

    expect(out.spec.rkeConfig).toEqual({
      machineGlobalConfig:   { 'cloud-provider-name': 'external' },
      machineSelectorConfig: [{ config: { 'kubelet-arg': [] }, machineLabelSelector: WORKER }],
    });
    expect(out.spec.kubernetesVersion).toBe('v1.27.16+rke2r1');
  });
});

describe('withKcmLeaderMigration', () => {
  it('edits the list in effect on the control plane, not the global one the control-plane entry overrides', () => {
    const out = withKcmLeaderMigration(cluster({
      machinePools:          pools,
      machineGlobalConfig:   { 'cloud-provider-name': 'aws', 'kube-controller-manager-arg': ['v=2'] },
      machineSelectorConfig: [{ config: { 'kube-controller-manager-arg': ['v=3'] }, machineLabelSelector: CP }],
    }));

    expect(out.spec.rkeConfig.machineGlobalConfig['kube-controller-manager-arg']).toEqual(['v=2']);
    expect(out.spec.rkeConfig.machineSelectorConfig[0].config['kube-controller-manager-arg']).toEqual(['v=3', 'enable-leader-migration']);
  });
});

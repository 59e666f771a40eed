import fc from 'fast-check';
import type { MigrationPlan, PlanOptions } from '../types';
import { planMigration } from '../planning/planMigration';
import { argList, splitArg, withoutAwsGateArgs } from '../rke2/componentArgs';
import { SWITCH_OWNED_KEYS } from '../rke2/rke2Edits';

/**
 * Generators and helpers of the plan property tests (planProperties.*.test.ts).
 *
 * Generated clusters per property: 2,000 by default (CI), PROPERTY_RUNS=N for longer runs. A counterexample prints
 * its seed; PROPERTY_SEED=S replays it.
 */
export const RUNS = Number(process.env.PROPERTY_RUNS || 2000);
export const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;
export const runs = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) };
/** Generous: 2,000 plans with every re-plan take a few minutes on two cores. */
export const TIMEOUT_MS = Math.max(120000, RUNS * 300);

// ---- generators -------------------------------------------------------------------------------------------

export const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
export const extraFields = fc.dictionary(word.map((w) => `x-${ w }`), fc.oneof(word, fc.integer(), fc.boolean(), fc.constant({ nested: [1, 'two'] })), { maxKeys: 2 });
export const ROLE_KEYS = ['rke.cattle.io/control-plane-role', 'rke.cattle.io/etcd-role', 'rke.cattle.io/worker-role'];

export const plainArg = fc.oneof(
  fc.tuple(fc.constantFrom('max-pods', 'v', 'audit-log-maxage', 'node-labels', 'eviction-hard'), word).map(([k, v]) => `${ k }=${ v }`),
  fc.constantFrom('feature-gates=CSIMigrationAWS=false', 'feature-gates=CSIMigrationAWS=false,RotateKubeletServerCertificate=true', 'feature-gates=Foo=true', 'cloud-provider=aws', '--cloud-provider=aws'),
);
export const argValue = fc.oneof(plainArg, fc.array(plainArg, { maxLength: 4 }));
export const kcmArg = fc.oneof(argValue, fc.array(fc.oneof(plainArg, fc.constant('enable-leader-migration')), { maxLength: 4 }));

export const config = fc.record({
  'kubelet-arg':                 argValue,
  'kube-apiserver-arg':          argValue,
  'kube-controller-manager-arg': kcmArg,
  'kube-scheduler-arg':          argValue,
  'disable-cloud-controller':    fc.boolean(),
  'protect-kernel-defaults':     fc.boolean(),
}, { requiredKeys: [] }).chain((c) => extraFields.map((x) => ({ ...x, ...c })));

export const requirement = fc.oneof(
  fc.record({ key: fc.constantFrom(...ROLE_KEYS), operator: fc.constantFrom('In', 'NotIn'), values: fc.constant(['true']) }),
  fc.record({ key: fc.constantFrom(...ROLE_KEYS), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
  fc.record({ key: fc.constantFrom('pool', 'topology.kubernetes.io/zone'), operator: fc.constantFrom('In', 'Exists'), values: fc.constant(['gpu']) }),
);
export const selector = fc.oneof(
  fc.record({ matchLabels: fc.dictionary(fc.constantFrom(...ROLE_KEYS, 'pool'), fc.constant('true'), { minKeys: 1, maxKeys: 2 }) }),
  fc.record({ matchExpressions: fc.array(requirement, { minLength: 1, maxLength: 2 }) }),
);
export const entry = fc.record({ config, machineLabelSelector: fc.option(selector, { nil: undefined }) }, { requiredKeys: ['config'] });

export const otherManifest = fc.array(fc.tuple(word, word, word), { maxLength: 3 }).map((docs) => docs.map(([name, k, v]) => `# ${ name } comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${ name }   # trailing\ndata: {${ k }: "${ v }"}\n`).join('---\n'));

export const pool = fc.record({ name: word, controlPlaneRole: fc.boolean(), etcdRole: fc.boolean(), workerRole: fc.boolean(), quantity: fc.integer({ min: 1, max: 3 }) });
/** A single machine with every role: the single-node layout. */
export const singleNode = fc.constant([{ name: 'one', controlPlaneRole: true, etcdRole: true, workerRole: true, quantity: 1 }]);

/** The out-of-tree form the Rancher docs show: per-role overrides, disable-cloud-controller on the control plane only. */
export const DOCS_ENTRIES = [
  { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/etcd-role', operator: 'In', values: ['true'] }] } },
  {
    config:               { 'disable-cloud-controller': true, 'kube-apiserver-arg': ['cloud-provider=external'], 'kube-controller-manager-arg': ['cloud-provider=external'], 'kubelet-arg': ['cloud-provider=external'] },
    machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/control-plane-role', operator: 'In', values: ['true'] }] },
  },
  { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/worker-role', operator: 'In', values: ['true'] }] } },
];
export const DOCS_HELMCHART = ['apiVersion: helm.cattle.io/v1', 'kind: HelmChart', 'metadata:', '  name: aws-cloud-controller-manager', '  namespace: kube-system', 'spec:',
  '  chart: aws-cloud-controller-manager', '  repo: https://kubernetes.github.io/cloud-provider-aws', '  targetNamespace: kube-system', '  bootstrap: true', '  valuesContent: |-',
  '    hostNetworking: true', '    nodeSelector:', '      node-role.kubernetes.io/control-plane: "true"', '    args:', '      - --configure-cloud-routes=false', '      - --v=5',
  '      - --cloud-provider=aws', ''].join('\n');

export const rke2Cluster = fc.record({
  providerInGlobal: fc.boolean(),
  global:           config,
  entries:          fc.array(entry, { maxLength: 4 }),
  pools:            fc.oneof(fc.constant([]), fc.array(pool, { minLength: 1, maxLength: 3 }), singleNode),
  manifest:         otherManifest,
  // 1.31 releases ignore cloud-provider-name aws.
  minor:            fc.constantFrom(26, 27, 31),
  // Where the dashboard keeps it: the selector-less entry.
  registry:         fc.option(fc.constantFrom('registry.lab.example.com:5000', 'mirror.example.com/rancher'), { nil: undefined }),
  drain:            fc.boolean(),
  docsForm:         fc.boolean(),
  specExtra:        extraFields,
  rkeExtra:         extraFields,
  steve:            fc.boolean(),
}).map((g) => {
  const global: Record<string, any> = { ...g.global };
  const entries: any[] = g.entries.map((e) => ({ ...e }));

  if (g.providerInGlobal) {
    global['cloud-provider-name'] = 'aws';
  } else {
    entries.unshift({ config: { 'cloud-provider-name': 'aws' } });
  }
  if (g.registry) {
    const selectorless = entries.find((e) => !e.machineLabelSelector);

    if (selectorless) {
      selectorless.config = { ...selectorless.config, 'system-default-registry': g.registry };
    } else {
      entries.unshift({ config: { 'system-default-registry': g.registry } });
    }
  }
  if (g.docsForm) {
    entries.push(...clone(DOCS_ENTRIES));
  }
  const obj: Record<string, any> = {
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    metadata:   { name: 'gen', namespace: 'fleet-default', resourceVersion: '1' },
    spec:       {
      ...g.specExtra,
      kubernetesVersion: `v1.${ g.minor }.10+rke2r1`,
      rkeConfig:         {
        ...g.rkeExtra,
        machineGlobalConfig:   global,
        machineSelectorConfig: entries,
        machinePools:          g.pools,
        additionalManifest:    g.docsForm ? `${ g.manifest }${ g.manifest ? '---\n' : '' }${ DOCS_HELMCHART }` : g.manifest,
        upgradeStrategy:       { controlPlaneConcurrency: '1', controlPlaneDrainOptions: { enabled: g.drain }, workerConcurrency: '1', workerDrainOptions: { enabled: false } },
      },
    },
    status: { clusterName: 'c-m-gen00001', ready: true },
  };

  if (g.steve) {
    Object.assign(obj, { id: 'fleet-default/gen', type: 'provisioning.cattle.io.cluster', links: { self: '/v1/provisioning.cattle.io.clusters/fleet-default/gen' } });
  }

  return obj;
});

export const rke2Options = fc.record({
  strategy:         fc.constantFrom('leader-migration', 'downtime'),
  rke2ExternalMode: fc.constantFrom('aws-with-overrides', 'external'),
  bump:             fc.boolean(),
}) as fc.Arbitrary<{ strategy: PlanOptions['strategy']; rke2ExternalMode: PlanOptions['rke2ExternalMode']; bump: boolean }>;

export function optionsFor(obj: Record<string, any>, o: { strategy: PlanOptions['strategy']; rke2ExternalMode: PlanOptions['rke2ExternalMode']; bump: boolean }, distro: 'rke2' | 'rke1'): PlanOptions {
  const version: string = distro === 'rke2' ? obj.spec.kubernetesVersion : obj.rancherKubernetesEngineConfig.kubernetesVersion;
  const next = version.replace(/^v1\.(\d+)\./, (_m, minor) => `v1.${ Number(minor) + 1 }.`);

  return { strategy: o.strategy, rke2ExternalMode: o.rke2ExternalMode, ...(o.bump ? { targetVersion: next } : {}) };
}

// ---- helpers ----------------------------------------------------------------------------------------------

export const clone = (x: any) => JSON.parse(JSON.stringify(x));

/** The RKE2 object with the fields a step owns removed. */
export function withoutOwned(obj: Record<string, any>, stepId: string, strategy: string): Record<string, any> {
  const o = clone(obj);
  const rke = o.spec.rkeConfig;
  const keys = stepId === 'enable-leader-migration' ? ['kube-controller-manager-arg'] : stepId === 'switch-to-external' ? SWITCH_OWNED_KEYS : [];

  if (stepId === 'upgrade-kubernetes') {
    // The version, and the AWS-only gates a newer version would not start with.
    delete o.spec.kubernetesVersion;
    [rke.machineGlobalConfig, ...(rke.machineSelectorConfig || []).map((e: any) => e.config)].forEach((c: any) => c && ['kubelet-arg', 'kube-apiserver-arg', 'kube-controller-manager-arg', 'kube-scheduler-arg'].forEach((k) => {
      if (c[k] !== undefined) {
        c[k] = withoutAwsGateArgs(argList(c[k]));
        if (!c[k].length) {
          delete c[k];
        }
      }
    }));
  }

  [rke.machineGlobalConfig, ...(rke.machineSelectorConfig || []).map((e: any) => e.config)].forEach((c: any) => c && keys.forEach((k) => delete c[k]));
  if (rke.machineGlobalConfig && !Object.keys(rke.machineGlobalConfig).length) {
    delete rke.machineGlobalConfig;
  }
  if (['deploy-ccm', 'upgrade-ccm', 'cleanup-ccm-leader-migration'].includes(stepId) || (stepId === 'switch-to-external' && strategy === 'downtime')) {
    delete rke.additionalManifest;
  }
  if (stepId === 'switch-to-external') {
    delete o.spec.kubernetesVersion;
  }

  return o;
}

export function updateSteps(plan: MigrationPlan) {
  return plan.steps.filter((s) => s.object);
}

/** The update steps a migrated cluster asked for a newer version still has: the version, then the CCM. */
export const UPGRADE_STEPS = ['upgrade-kubernetes', 'upgrade-ccm'];

export function checkReplanning(plan: MigrationPlan, options: PlanOptions): void {
  updateSteps(plan).forEach((step) => {
    const again = planMigration(step.object!, { ...options, targetVersion: undefined, ...(options.targetVersion ? { targetVersion: options.targetVersion } : {}) });
    const index = again.steps.findIndex((s) => s.id === step.id);

    if (index < 0) {
      // Switched: a migrated cluster is planned as the version change and the CCM that follows it, nothing else.
      expect(again.status).toBe('migrated');
      expect(again.steps.filter((s) => s.action === 'update-cluster' && !s.done && !s.optional).map((s) => s.id).every((id) => UPGRADE_STEPS.includes(id))).toBe(true);

      return;
    }

    again.steps.slice(0, index + 1).filter((s) => !s.live && s.action === 'update-cluster').forEach((s) => expect(`${ s.id } done=${ s.done }`).toBe(`${ s.id } done=true`));
    expect(again.steps[index].object).toEqual(step.object);
  });
}

export const others = (list: string[], dropKcmFlag: boolean) => withoutAwsGateArgs(list).filter((a) => {
  const { name } = splitArg(a);

  return name !== 'cloud-provider' && !(dropKcmFlag && name === 'enable-leader-migration');
});

// ---- RKE1 -------------------------------------------------------------------------------------------------

export const extraArgs = fc.dictionary(fc.constantFrom('feature-gates', 'max-pods', 'audit-log-maxage', 'v'), fc.oneof(word, fc.constantFrom('CSIMigrationAWS=false', 'CSIMigrationAWS=false,Foo=true', 'Foo=true')), { maxKeys: 3 });
export const service = fc.record({ extraArgs, extra: extraFields }).map(({ extraArgs: a, extra }) => ({ ...extra, extraArgs: a }));

export const rke1Cluster = fc.record({
  services:    fc.record({ kubeApi: service, kubeController: service, kubelet: service, scheduler: service }),
  kcmFlag:     fc.boolean(),
  // {} is what the Ember UI writes; RKE runs the in-tree provider while the block is there at all.
  awsSettings: fc.option(fc.oneof(fc.constant({}), fc.record({ global: fc.record({ vpc: word, 'kubernetes-cluster-tag': word }, { requiredKeys: [] }) })), { nil: undefined }),
  extra:       extraFields,
  rkeExtra:    extraFields,
  minor:       fc.constantFrom(26, 27),
}).map((g) => {
  const services = clone(g.services);

  if (g.kcmFlag) {
    services.kubeController.extraArgs['enable-leader-migration'] = 'true';
  }

  return {
    ...g.extra,
    id:                            'c-ab12c',
    type:                          'cluster',
    name:                          'gen-rke1',
    rancherKubernetesEngineConfig: {
      ...g.rkeExtra,
      kubernetesVersion: `v1.${ g.minor }.10-rancher1-1`,
      cloudProvider:     { name: 'aws', ...(g.awsSettings ? { awsCloudProvider: g.awsSettings } : {}) },
      services,
    },
    links:   { self: '/v3/clusters/c-ab12c' },
    actions: { rotateCertificates: '/v3/clusters/c-ab12c?action=rotateCertificates' },
  };
});

export function rke1WithoutOwned(obj: Record<string, any>, stepId: string): Record<string, any> {
  const o = clone(obj);
  const rkec = o.rancherKubernetesEngineConfig;

  if (stepId === 'enable-leader-migration' || stepId === 'switch-to-external') {
    delete rkec.services.kubeController.extraArgs['enable-leader-migration'];
  }
  if (stepId === 'upgrade-kubernetes') {
    delete rkec.kubernetesVersion;
    Object.values(rkec.services).forEach((s: any) => delete s.extraArgs['feature-gates']);
  }
  if (stepId === 'switch-to-external') {
    delete rkec.cloudProvider.name;
    delete rkec.cloudProvider.useInstanceMetadataHostname;
    delete rkec.cloudProvider.awsCloudProvider;
    delete rkec.kubernetesVersion;
    Object.values(rkec.services).forEach((s: any) => delete s.extraArgs['feature-gates']);
  }

  return o;
}

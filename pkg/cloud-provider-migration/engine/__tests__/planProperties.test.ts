import fc from 'fast-check';
import type { MigrationPlan, PlanOptions } from '../types';
import { planMigration } from '../planMigration';
import { configSources, editRoleSets, effectiveConfigVariants, roleLabels } from '../effectiveConfig';
import { argList, splitArg, withoutAwsGateArgs } from '../componentArgs';
import { SWITCH_OWNED_KEYS } from '../rke2Edits';
import { readCcmHelmChart } from '../additionalManifest';

/**
 * Generated clusters per property: 2,000 by default (CI), PROPERTY_RUNS=N for longer runs. A counterexample prints
 * its seed; PROPERTY_SEED=S replays it.
 */
const RUNS = Number(process.env.PROPERTY_RUNS || 2000);
const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;
const runs = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) };
/** Generous: 2,000 plans with every re-plan take a few minutes on two cores. */
const TIMEOUT_MS = Math.max(120000, RUNS * 300);

// ---- generators -------------------------------------------------------------------------------------------

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const extraFields = fc.dictionary(word.map((w) => `x-${ w }`), fc.oneof(word, fc.integer(), fc.boolean(), fc.constant({ nested: [1, 'two'] })), { maxKeys: 2 });
const ROLE_KEYS = ['rke.cattle.io/control-plane-role', 'rke.cattle.io/etcd-role', 'rke.cattle.io/worker-role'];

const plainArg = fc.oneof(
  fc.tuple(fc.constantFrom('max-pods', 'v', 'audit-log-maxage', 'node-labels', 'eviction-hard'), word).map(([k, v]) => `${ k }=${ v }`),
  fc.constantFrom('feature-gates=CSIMigrationAWS=false', 'feature-gates=CSIMigrationAWS=false,RotateKubeletServerCertificate=true', 'feature-gates=Foo=true', 'cloud-provider=aws', '--cloud-provider=aws'),
);
const argValue = fc.oneof(plainArg, fc.array(plainArg, { maxLength: 4 }));
const kcmArg = fc.oneof(argValue, fc.array(fc.oneof(plainArg, fc.constant('enable-leader-migration')), { maxLength: 4 }));

const config = fc.record({
  'kubelet-arg':                 argValue,
  'kube-apiserver-arg':          argValue,
  'kube-controller-manager-arg': kcmArg,
  'kube-scheduler-arg':          argValue,
  'disable-cloud-controller':    fc.boolean(),
  'protect-kernel-defaults':     fc.boolean(),
}, { requiredKeys: [] }).chain((c) => extraFields.map((x) => ({ ...x, ...c })));

const requirement = fc.oneof(
  fc.record({ key: fc.constantFrom(...ROLE_KEYS), operator: fc.constantFrom('In', 'NotIn'), values: fc.constant(['true']) }),
  fc.record({ key: fc.constantFrom(...ROLE_KEYS), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
  fc.record({ key: fc.constantFrom('pool', 'topology.kubernetes.io/zone'), operator: fc.constantFrom('In', 'Exists'), values: fc.constant(['gpu']) }),
);
const selector = fc.oneof(
  fc.record({ matchLabels: fc.dictionary(fc.constantFrom(...ROLE_KEYS, 'pool'), fc.constant('true'), { minKeys: 1, maxKeys: 2 }) }),
  fc.record({ matchExpressions: fc.array(requirement, { minLength: 1, maxLength: 2 }) }),
);
const entry = fc.record({ config, machineLabelSelector: fc.option(selector, { nil: undefined }) }, { requiredKeys: ['config'] });

const otherManifest = fc.array(fc.tuple(word, word, word), { maxLength: 3 }).map((docs) => docs.map(([name, k, v]) => `# ${ name } comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${ name }   # trailing\ndata: {${ k }: "${ v }"}\n`).join('---\n'));

const pool = fc.record({ name: word, controlPlaneRole: fc.boolean(), etcdRole: fc.boolean(), workerRole: fc.boolean(), quantity: fc.integer({ min: 1, max: 3 }) });
/** A single machine with every role: the single-node layout. */
const singleNode = fc.constant([{ name: 'one', controlPlaneRole: true, etcdRole: true, workerRole: true, quantity: 1 }]);

/** The out-of-tree form the Rancher docs show: per-role overrides, disable-cloud-controller on the control plane only. */
const DOCS_ENTRIES = [
  { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/etcd-role', operator: 'In', values: ['true'] }] } },
  {
    config:               { 'disable-cloud-controller': true, 'kube-apiserver-arg': ['cloud-provider=external'], 'kube-controller-manager-arg': ['cloud-provider=external'], 'kubelet-arg': ['cloud-provider=external'] },
    machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/control-plane-role', operator: 'In', values: ['true'] }] },
  },
  { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/worker-role', operator: 'In', values: ['true'] }] } },
];
const DOCS_HELMCHART = ['apiVersion: helm.cattle.io/v1', 'kind: HelmChart', 'metadata:', '  name: aws-cloud-controller-manager', '  namespace: kube-system', 'spec:',
  '  chart: aws-cloud-controller-manager', '  repo: https://kubernetes.github.io/cloud-provider-aws', '  targetNamespace: kube-system', '  bootstrap: true', '  valuesContent: |-',
  '    hostNetworking: true', '    nodeSelector:', '      node-role.kubernetes.io/control-plane: "true"', '    args:', '      - --configure-cloud-routes=false', '      - --v=5',
  '      - --cloud-provider=aws', ''].join('\n');

const rke2Cluster = fc.record({
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

const rke2Options = fc.record({
  strategy:         fc.constantFrom('leader-migration', 'downtime'),
  rke2ExternalMode: fc.constantFrom('aws-with-overrides', 'external'),
  bump:             fc.boolean(),
}) as fc.Arbitrary<{ strategy: PlanOptions['strategy']; rke2ExternalMode: PlanOptions['rke2ExternalMode']; bump: boolean }>;

function optionsFor(obj: Record<string, any>, o: { strategy: PlanOptions['strategy']; rke2ExternalMode: PlanOptions['rke2ExternalMode']; bump: boolean }, distro: 'rke2' | 'rke1'): PlanOptions {
  const version: string = distro === 'rke2' ? obj.spec.kubernetesVersion : obj.rancherKubernetesEngineConfig.kubernetesVersion;
  const next = version.replace(/^v1\.(\d+)\./, (_m, minor) => `v1.${ Number(minor) + 1 }.`);

  return { strategy: o.strategy, rke2ExternalMode: o.rke2ExternalMode, ...(o.bump ? { targetVersion: next } : {}) };
}

// ---- helpers ----------------------------------------------------------------------------------------------

const clone = (x: any) => JSON.parse(JSON.stringify(x));

/** The RKE2 object with the fields a step owns removed. */
function withoutOwned(obj: Record<string, any>, stepId: string, strategy: string): Record<string, any> {
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

function updateSteps(plan: MigrationPlan) {
  return plan.steps.filter((s) => s.object);
}

/** The update steps a migrated cluster asked for a newer version still has: the version, then the CCM. */
const UPGRADE_STEPS = ['upgrade-kubernetes', 'upgrade-ccm'];

function checkReplanning(plan: MigrationPlan, options: PlanOptions): void {
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

const others = (list: string[], dropKcmFlag: boolean) => withoutAwsGateArgs(list).filter((a) => {
  const { name } = splitArg(a);

  return name !== 'cloud-provider' && !(dropKcmFlag && name === 'enable-leader-migration');
});

// ---- properties -------------------------------------------------------------------------------------------

describe('RKE2 plan properties', () => {

  it('(a) a step changes nothing outside the fields it owns, and keeps the other manifest documents', () => {
    fc.assert(fc.property(rke2Cluster, rke2Options, (obj, o) => {
      const options = optionsFor(obj, o, 'rke2');
      const plan = planMigration(obj, options);
      let before = obj;

      updateSteps(plan).forEach((step) => {
        expect(withoutOwned(step.object!, step.id, plan.strategy)).toEqual(withoutOwned(before, step.id, plan.strategy));
        expect(step.object!.spec.rkeConfig.additionalManifest.startsWith(obj.spec.rkeConfig.additionalManifest)).toBe(true);
        before = step.object!;
      });
    }), runs);
  }, TIMEOUT_MS);

  it('(b) re-planning from each step object marks it and the earlier update steps done, and changes nothing', () => {
    fc.assert(fc.property(rke2Cluster, rke2Options, (obj, o) => {
      const options = optionsFor(obj, o, 'rke2');

      checkReplanning(planMigration(obj, options), options);
    }), runs);
  }, TIMEOUT_MS);

  it('(c) after the switch every machine runs out of tree and keeps every other effective arg', () => {
    fc.assert(fc.property(rke2Cluster, rke2Options, (obj, o) => {
      const options = optionsFor(obj, o, 'rke2');
      const plan = planMigration(obj, options);
      const switchStep = plan.steps.find((s) => s.id === 'switch-to-external');

      if (!switchStep || planMigration(obj).status === 'migrated') {
        // Already migrated (in the docs' form): property (d).
        expect(plan.status).toBe('migrated');

        return;
      }
      const after = switchStep.object!;
      const external = options.rke2ExternalMode === 'external';

      expect(planMigration(after, options).status).toBe('migrated');
      editRoleSets(obj.spec.rkeConfig).forEach((roles) => {
        const was = effectiveConfigVariants(obj.spec.rkeConfig, roleLabels(roles));
        const now = effectiveConfigVariants(after.spec.rkeConfig, roleLabels(roles));

        now.forEach((config, i) => {
          (['kubelet-arg', 'kube-apiserver-arg', 'kube-controller-manager-arg', 'kube-scheduler-arg']).forEach((key) => {
            expect(others(argList(config[key]), false)).toEqual(others(argList(was[i][key]), key === 'kube-controller-manager-arg'));
          });
          expect(argList(config['kube-controller-manager-arg']).map((a) => splitArg(a).name)).not.toContain('enable-leader-migration');
          if (external) {
            expect(config['cloud-provider-name']).toBe('external');
          } else {
            expect(argList(config['kubelet-arg'])).toContain('cloud-provider=external');
            if (roles.includes('control-plane')) {
              expect(argList(config['kube-apiserver-arg'])).toContain('cloud-provider=external');
              expect(argList(config['kube-controller-manager-arg'])).toContain('cloud-provider=external');
            }
            // Only servers receive disable-cloud-controller (the role filter); control-plane machines need it.
            if (roles.includes('control-plane')) {
              expect(config['disable-cloud-controller']).toBe(true);
            }
          }
        });
      });
      expect(readCcmHelmChart(after.spec.rkeConfig.additionalManifest)).not.toBeNull();
      expect(configSources(after.spec.rkeConfig).length).toBe(configSources(obj.spec.rkeConfig).length);
    }), runs);
  }, TIMEOUT_MS);
});

describe('RKE2 clusters in the docs\' out-of-tree form', () => {
  const docsForm = rke2Cluster.filter((o) => o.spec.rkeConfig.additionalManifest.includes('kind: HelmChart'));

  it('(d) are migrated; asked for a newer version they get the version change and the CCM that follows it, nothing else', () => {
    fc.assert(fc.property(docsForm, rke2Options, (obj, o) => {
      const options = optionsFor(obj, { ...o, bump: true }, 'rke2');
      const plan = planMigration(obj, options);
      const undone = plan.steps.filter((s) => s.object && !s.done && !s.optional).map((s) => s.id);

      expect(planMigration(obj).status).toBe('migrated');
      expect(undone).toEqual(['upgrade-kubernetes', 'upgrade-ccm']);
      const upgraded = plan.steps.find((s) => s.id === 'upgrade-ccm')!.object!;
      const chart = readCcmHelmChart(upgraded.spec.rkeConfig.additionalManifest)!;

      expect(chart.values.args).toEqual(readCcmHelmChart(obj.spec.rkeConfig.additionalManifest)!.values.args);
      expect(planMigration(upgraded, options).steps.filter((s) => s.object && !s.done && !s.optional)).toEqual([]);
    }), runs);
  }, TIMEOUT_MS);
});

// ---- RKE1 -------------------------------------------------------------------------------------------------

const extraArgs = fc.dictionary(fc.constantFrom('feature-gates', 'max-pods', 'audit-log-maxage', 'v'), fc.oneof(word, fc.constantFrom('CSIMigrationAWS=false', 'CSIMigrationAWS=false,Foo=true', 'Foo=true')), { maxKeys: 3 });
const service = fc.record({ extraArgs, extra: extraFields }).map(({ extraArgs: a, extra }) => ({ ...extra, extraArgs: a }));

const rke1Cluster = fc.record({
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

function rke1WithoutOwned(obj: Record<string, any>, stepId: string): Record<string, any> {
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

describe('RKE1 plan properties', () => {
  const rke1Options = fc.record({ strategy: fc.constantFrom('leader-migration', 'downtime'), bump: fc.boolean(), hostname: fc.boolean() });

  it('(a) a step changes nothing outside the fields it owns', () => {
    fc.assert(fc.property(rke1Cluster, rke1Options, (obj, o) => {
      const options = { ...optionsFor(obj, { ...o, rke2ExternalMode: undefined } as any, 'rke1'), useInstanceMetadataHostname: o.hostname };
      const plan = planMigration(obj, options);
      let before: Record<string, any> = obj;

      updateSteps(plan).forEach((step) => {
        expect(rke1WithoutOwned(step.object!, step.id)).toEqual(rke1WithoutOwned(before, step.id));
        before = step.object!;
      });
    }), runs);
  }, TIMEOUT_MS);

  it('(b) re-planning from each step object marks it and the earlier update steps done, and changes nothing', () => {
    fc.assert(fc.property(rke1Cluster, rke1Options, (obj, o) => {
      const options = { ...optionsFor(obj, { ...o, rke2ExternalMode: undefined } as any, 'rke1'), useInstanceMetadataHostname: o.hostname };

      checkReplanning(planMigration(obj, options), options);
    }), runs);
  }, TIMEOUT_MS);
});

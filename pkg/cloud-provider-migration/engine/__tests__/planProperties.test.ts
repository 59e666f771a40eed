import fc from 'fast-check';
import type { MigrationPlan, PlanOptions } from '../types';
import { planMigration } from '../planMigration';
import { configSources, editRoleSets, effectiveConfigVariants, roleLabels } from '../effectiveConfig';
import { argList, splitArg, withoutAwsGateArgs } from '../componentArgs';
import { SWITCH_OWNED_KEYS } from '../rke2Edits';
import { readCcmHelmChart } from '../additionalManifest';

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

const rke2Cluster = fc.record({
  providerInGlobal: fc.boolean(),
  global:           config,
  entries:          fc.array(entry, { maxLength: 4 }),
  pools:            fc.oneof(fc.constant([]), fc.array(pool, { minLength: 1, maxLength: 3 })),
  manifest:         otherManifest,
  minor:            fc.constantFrom(26, 27),
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
  const obj: Record<string, any> = {
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    metadata:   { name: 'gen', namespace: 'fleet-default', resourceVersion: '1' },
    spec:       {
      ...g.specExtra,
      kubernetesVersion: `v1.${ g.minor }.10+rke2r1`,
      rkeConfig:         { ...g.rkeExtra, machineGlobalConfig: global, machineSelectorConfig: entries, machinePools: g.pools, additionalManifest: g.manifest },
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
    delete o.spec.kubernetesVersion;
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
      expect(again.steps.filter((s) => s.action === 'update-cluster' && !s.done).map((s) => s.id).every((id) => UPGRADE_STEPS.includes(id))).toBe(true);

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
  const runs = { numRuns: 60 };

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
  });

  it('(b) re-planning from each step object marks it and the earlier update steps done, and changes nothing', () => {
    fc.assert(fc.property(rke2Cluster, rke2Options, (obj, o) => {
      const options = optionsFor(obj, o, 'rke2');

      checkReplanning(planMigration(obj, options), options);
    }), runs);
  });

  it('(c) after the switch every machine runs out of tree and keeps every other effective arg', () => {
    fc.assert(fc.property(rke2Cluster, rke2Options, (obj, o) => {
      const options = optionsFor(obj, o, 'rke2');
      const plan = planMigration(obj, options);
      const after = plan.steps.find((s) => s.id === 'switch-to-external')!.object!;
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
  });
});

// ---- RKE1 -------------------------------------------------------------------------------------------------

const extraArgs = fc.dictionary(fc.constantFrom('feature-gates', 'max-pods', 'audit-log-maxage', 'v'), fc.oneof(word, fc.constantFrom('CSIMigrationAWS=false', 'CSIMigrationAWS=false,Foo=true', 'Foo=true')), { maxKeys: 3 });
const service = fc.record({ extraArgs, extra: extraFields }).map(({ extraArgs: a, extra }) => ({ ...extra, extraArgs: a }));

const rke1Cluster = fc.record({
  services:    fc.record({ kubeApi: service, kubeController: service, kubelet: service, scheduler: service }),
  kcmFlag:     fc.boolean(),
  awsSettings: fc.option(fc.record({ global: fc.record({ vpc: word, 'kubernetes-cluster-tag': word }, { requiredKeys: [] }) }), { nil: undefined }),
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
  const runs = { numRuns: 60 };
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
  });

  it('(b) re-planning from each step object marks it and the earlier update steps done, and changes nothing', () => {
    fc.assert(fc.property(rke1Cluster, rke1Options, (obj, o) => {
      const options = { ...optionsFor(obj, { ...o, rke2ExternalMode: undefined } as any, 'rke1'), useInstanceMetadataHostname: o.hostname };

      checkReplanning(planMigration(obj, options), options);
    }), runs);
  });
});

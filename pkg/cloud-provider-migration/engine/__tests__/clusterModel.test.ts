// The cluster model a plan reads once, and the machine layout its edits share: the same answers as the merge rule
// evaluated from scratch (effectiveConfig.ts), never an answer about another object.
import fc from 'fast-check';
import type { MachineRole } from '../types';
import { clusterModel } from '../cluster/clusterModel';
import { detectCluster } from '../cluster/detection';
import { migrationStatus } from '../cluster/migrationStatus';
import { readCcmHelmChart } from '../rke2/additionalManifest';
import {
  ambiguousSelectorIndexes, clusterRoleSets, editRoleSets, effectiveConfigSources, effectiveConfigVariants, roleLabels,
} from '../rke2/effectiveConfig';
import { kindSourceOf, kindsOf, machineConfigs, machineLayout } from '../rke2/machineKinds';
import { configSources } from '../rke2/effectiveConfig';
import { rke2AnyExternalArg, rke2EffectiveProviderNames, rke2SwitchComplete, withKcmLeaderMigration } from '../rke2/rke2Edits';
import { planMigration } from '../planning/planMigration';
import { runs, TIMEOUT_MS, rke2Cluster, rke1Cluster } from './planArbitraries';
import { fixture } from './fixtures';

const KEYS = ['cloud-provider-name', 'kubelet-arg', 'kube-apiserver-arg', 'kube-controller-manager-arg', 'disable-cloud-controller', 'x-nope'];

/** The effective configs of every kind of machine, as the merge rule gives them from scratch. */
function fromScratch(rkeConfig: Record<string, any>, roleSets: MachineRole[][]) {
  return roleSets.map((roles) => effectiveConfigVariants(rkeConfig, roleLabels(roles)));
}

describe('machineConfigs and machineLayout', () => {
  it('give every kind of machine the config and the sources the merge rule gives it', () => {
    fc.assert(fc.property(rke2Cluster, (obj) => {
      const rkeConfig = obj.spec.rkeConfig;
      const configs = machineConfigs(rkeConfig);
      const roleSets = editRoleSets(rkeConfig);

      expect(configs.layout.editRoleSets).toEqual(roleSets);
      expect(configs.layout.clusterRoleSets).toEqual(clusterRoleSets(rkeConfig));
      expect(configs.layout.ambiguous).toEqual(ambiguousSelectorIndexes(rkeConfig));
      expect(roleSets.map((roles) => configs.variants(roles))).toEqual(fromScratch(rkeConfig, roleSets));
      roleSets.forEach((roles) => kindsOf(configs.layout, roles).forEach((kind) => {
        const where = effectiveConfigSources(rkeConfig, roleLabels(roles), { assumeMatch: kind.assumeMatch });

        KEYS.forEach((key) => expect(kindSourceOf(configSources(rkeConfig), kind, key)?.path).toBe(where[key]));
      }));
    }), runs);
  }, TIMEOUT_MS);

  it('never answers for another object: a selector or pool changed in place gives another layout', () => {
    const o = fixture('rke2-steve-in-tree.json');
    const rkeConfig = o.spec.rkeConfig;

    rkeConfig.machineSelectorConfig.push({ config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/worker-role': 'true' } } });
    const first = machineLayout(rkeConfig);

    expect(machineLayout(rkeConfig)).toBe(first);
    rkeConfig.machineSelectorConfig[1].machineLabelSelector.matchLabels = { 'rke.cattle.io/etcd-role': 'true' };
    expect(machineLayout(rkeConfig)).not.toBe(first);
    // The worker machines lost the entry, the control-plane+etcd ones gained it.
    expect(machineConfigs(rkeConfig).variants(['worker'])).toEqual(effectiveConfigVariants(rkeConfig, roleLabels(['worker'])));
    expect(machineConfigs(rkeConfig).variants(['control-plane', 'etcd'])).toEqual(effectiveConfigVariants(rkeConfig, roleLabels(['control-plane', 'etcd'])));
    expect(machineConfigs(rkeConfig).variants(['worker'])[0]['kubelet-arg']).toEqual(['feature-gates=CSIMigrationAWS=false', 'max-pods=110']);
    rkeConfig.machinePools = [{ name: 'all', controlPlaneRole: true, etcdRole: true, workerRole: true, quantity: 3 }];
    expect(machineLayout(rkeConfig).editRoleSets).toEqual([['control-plane', 'etcd', 'worker']]);
    expect(rke2SwitchComplete(rkeConfig)).toBe(false);
  });

  it('reads values from the object at hand, not from the one the layout was first read from', () => {
    const o = fixture('rke2-steve-in-tree.json');
    const before = machineConfigs(o.spec.rkeConfig);
    const edited = withKcmLeaderMigration(o);

    expect(machineLayout(edited.spec.rkeConfig)).toBe(before.layout);
    expect(machineConfigs(edited.spec.rkeConfig).variants(['control-plane', 'etcd'])).toEqual(effectiveConfigVariants(edited.spec.rkeConfig, roleLabels(['control-plane', 'etcd'])));
    expect(before.variants(['control-plane', 'etcd'])).toEqual(effectiveConfigVariants(o.spec.rkeConfig, roleLabels(['control-plane', 'etcd'])));
  });

  it('is frozen, so no reader changes it for the next plan', () => {
    const layout = machineLayout(fixture('rke2-steve-in-tree.json').spec.rkeConfig);

    expect(() => (layout.editRoleSets[0] as MachineRole[]).push('worker')).toThrow(TypeError);
  });
});

describe('clusterModel', () => {
  it('says what detection, status and the RKE2 questions say of the object', () => {
    fc.assert(fc.property(rke2Cluster, (obj) => {
      const model = clusterModel(obj);
      const rkeConfig = obj.spec.rkeConfig;

      expect(model.detection).toEqual(detectCluster(obj));
      expect(model.verdict).toEqual(migrationStatus(obj, detectCluster(obj)));
      expect(model.rke2!.providerNames).toEqual(rke2EffectiveProviderNames(rkeConfig));
      expect(model.rke2!.switchComplete).toBe(rke2SwitchComplete(rkeConfig));
      expect(model.rke2!.anyExternalArg).toBe(rke2AnyExternalArg(rkeConfig));
      expect(model.rke2!.ccmChart).toEqual(readCcmHelmChart(rkeConfig.additionalManifest));
    }), runs);
    fc.assert(fc.property(rke1Cluster, (obj) => {
      const model = clusterModel(obj, { rke1NodeProvisioning: 'custom' });

      expect(model.detection).toEqual({ ...detectCluster(obj), nodeProvisioning: 'custom' });
      expect(model.verdict).toEqual(migrationStatus(obj, detectCluster(obj)));
      expect(model.rke2).toBeUndefined();
    }), runs);
  }, TIMEOUT_MS);

  it('is read from its own copy: changing the object afterwards changes nothing in it', () => {
    const o = fixture('rke2-steve-in-tree.json');
    const model = clusterModel(o);
    const expected = JSON.parse(JSON.stringify({ detection: model.detection, verdict: model.verdict, names: model.rke2!.providerNames }));

    o.spec.rkeConfig.machineSelectorConfig[0].config['cloud-provider-name'] = 'external';
    o.spec.rkeConfig.additionalManifest = 'not: [yaml';
    expect({ detection: model.detection, verdict: model.verdict, names: model.rke2!.providerNames }).toEqual(expected);
    expect(model.rke2!.configs.variants(['control-plane', 'etcd'])[0]['cloud-provider-name']).toBe('aws');
  });

  it('plans of different clusters in turn each read their own cluster', () => {
    const a = fixture('rke2-steve-in-tree.json');
    const b = fixture('rke2-kubectl-custom.yaml');
    const alone = [planMigration(fixture('rke2-steve-in-tree.json')), planMigration(fixture('rke2-kubectl-custom.yaml'))];

    expect([planMigration(a), planMigration(b), planMigration(a)]).toEqual([alone[0], alone[1], alone[0]]);
  });
});

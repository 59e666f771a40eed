import {
  editKindsWith, kindsOf, machineConfigs, machineLayout,
} from '../rke2/machineKinds';
import { clusterRoleSets, effectiveConfigVariants, roleLabels } from '../rke2/effectiveConfig';

const CP = { matchLabels: { 'node-role.kubernetes.io/control-plane': 'true' } };
const WORKER = { matchLabels: { 'node-role.kubernetes.io/worker': 'true' } };

/** An rkeConfig: a selector-less entry with the provider, one entry per selector, pools by their roles. */
function rkeConfig(selectors: Record<string, any>[], pools: [boolean, boolean, boolean][]): Record<string, any> {
  return {
    machineSelectorConfig: [
      { config: { 'cloud-provider-name': 'aws' } },
      ...selectors.map((machineLabelSelector, i) => ({ config: { 'kubelet-arg': [`entry-${ i }`] }, machineLabelSelector })),
    ],
    machinePools: pools.map(([controlPlaneRole, etcdRole, workerRole], i) => ({
      name: `pool-${ i }`, controlPlaneRole, etcdRole, workerRole,
    })),
  };
}

describe('machine layouts of an rkeConfig, shared by the plans of the same layout', () => {
  it('gives every pool role combination the configs a machine of it runs with, as merged for its labels', () => {
    const cfg = rkeConfig([CP, WORKER], [[true, true, false], [false, false, true]]);
    const configs = machineConfigs(cfg);

    expect(clusterRoleSets(cfg)).toEqual([['control-plane', 'etcd'], ['worker']]);
    expect(configs.variants(['control-plane', 'etcd'])).toEqual(effectiveConfigVariants(cfg, roleLabels(['control-plane', 'etcd'])));
    expect(configs.variants(['worker'])).toEqual(effectiveConfigVariants(cfg, roleLabels(['worker'])));
    expect(configs.variants(['worker']).every((c) => c['cloud-provider-name'] === 'aws')).toBe(true);
  });

  it('reuses the layout for an object of the same layout, and reads it anew when a pool\'s roles or a selector differ', () => {
    const base = rkeConfig([CP], [[true, true, false], [false, false, true]]);
    const layout = machineLayout(base);

    expect(machineLayout(rkeConfig([CP], [[true, true, false], [false, false, true]]))).toBe(layout);
    // Each change below makes a layout with other role combinations or other entries reaching them.
    const changes: [string, Record<string, any>][] = [
      ['a pool gains the worker role', rkeConfig([CP], [[true, true, true], [false, false, true]])],
      ['a pool loses the etcd role', rkeConfig([CP], [[true, false, false], [false, false, true]])],
      ['a pool gains the control-plane role', rkeConfig([CP], [[true, true, false], [true, false, true]])],
      ['a pool gains the etcd role', rkeConfig([CP], [[true, true, false], [false, true, true]])],
      ['the entry selects workers instead', rkeConfig([WORKER], [[true, true, false], [false, false, true]])],
    ];

    for (const [what, cfg] of changes) {
      const before = machineLayout(base);
      const other = machineLayout(cfg);

      expect({ what, reused: other === before }).toEqual({ what, reused: false });
      expect({ what, roleSets: other.clusterRoleSets }).toEqual({ what, roleSets: clusterRoleSets(cfg) });
      for (const roles of clusterRoleSets(cfg)) {
        expect({ what, roles, configs: machineConfigs(cfg).variants(roles) }).toEqual({ what, roles, configs: effectiveConfigVariants(cfg, roleLabels(roles)) });
      }
    }
  });

  it('hands out layouts nobody can change for the next plan', () => {
    const layout = machineLayout(rkeConfig([CP], [[true, true, false], [false, false, true]]));
    const kinds = kindsOf(layout, ['control-plane', 'etcd']);

    expect(Object.isFrozen(layout)).toBe(true);
    expect(Object.isFrozen(kinds)).toBe(true);
    expect(kinds.every((k) => Object.isFrozen(k) && Object.isFrozen(k.reach) && Object.isFrozen(k.roles))).toBe(true);
    expect(layout.editRoleSets.every((roles) => Object.isFrozen(roles))).toBe(true);
    expect(layout.clusterRoleSets.every((roles) => Object.isFrozen(roles))).toBe(true);
    expect(editKindsWith(layout, ['worker']).every((k) => Object.isFrozen(k))).toBe(true);
  });

  it('refuses role combinations that are not in the layout', () => {
    const cfg = rkeConfig([CP], [[true, true, false], [false, false, true]]);
    const layout = machineLayout(cfg);

    expect(() => kindsOf(layout, ['etcd', 'control-plane', 'worker', 'worker'] as any)).toThrow('no machine kind etcd+control-plane+worker+worker in this layout');
    expect(() => machineConfigs(cfg).variants(['worker', 'worker'] as any)).toThrow('no machine kind worker+worker in this layout');
  });
  it('reads a missing rkeConfig, a missing selector list or a null entry as no entries, without sharing their layouts', () => {
    // machineGlobalConfig (0) reaches every machine, and so does a selector-less entry (1); without entries only the
    // global config does.
    const withEntry = machineLayout({ machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws' } }] });

    expect(kindsOf(withEntry, ['control-plane', 'etcd', 'worker'])[0].reach).toEqual([0, 1]);

    for (const [what, cfg] of [
      ['no rkeConfig', undefined],
      ['no machineSelectorConfig', {}],
      ['a machineSelectorConfig that is not a list', { machineSelectorConfig: { config: {} }, machinePools: 'pool' }],
    ] as [string, Record<string, any> | undefined][]) {
      const layout = machineLayout(cfg);

      expect({ what, reused: layout === withEntry }).toEqual({ what, reused: false });
      expect({ what, reach: kindsOf(layout, ['control-plane', 'etcd', 'worker'])[0].reach }).toEqual({ what, reach: [0] });
    }

    // A null entry has no selector and no config: it is read, and reaches nothing with a setting.
    const withNull = machineLayout({ machineSelectorConfig: [null, { config: {}, machineLabelSelector: CP }] });

    expect(withNull.ambiguous).toEqual([1]);
    expect(kindsOf(withNull, ['control-plane', 'etcd', 'worker'])[0].reach).toEqual([0, 1, 2]);
    expect(machineConfigs({ machineSelectorConfig: [null] }).variants(['worker'])).toEqual([{}]);
  });
});

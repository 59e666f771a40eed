import {
  ALL_ROLE_SETS, STANDARD_ROLE_SETS, ambiguityAssumptions, clusterRoleSets, configSources, editRoleSets,
} from '../rke2/effectiveConfig';

// How the merge rule reads rkeConfig shapes the dashboard never writes but a kubectl user can: missing or
// non-map configs, pools without roles, many selectors on custom labels.

describe('configSources', () => {
  it('reads machineGlobalConfig alone, as an empty map, when there is no rkeConfig', () => {
    expect(configSources(undefined)).toEqual([{ path: 'spec.rkeConfig.machineGlobalConfig', index: -1, config: {} }]);
  });

  it.each([
    ['text', 'cloud-provider-name: aws'],
    ['a list', [{ 'cloud-provider-name': 'aws' }]],
    ['null', null],
  ])('reads a config that is %s as an empty map', (_name, value) => {
    const sources = configSources({ machineGlobalConfig: value, machineSelectorConfig: [{ config: value }] });

    expect(sources.map((s) => s.config)).toEqual([{}, {}]);
  });

  it('reads the entries in order with their selectors, and no entries when machineSelectorConfig is not a list', () => {
    const selector = { matchLabels: { 'rke.cattle.io/worker-role': 'true' } };

    expect(configSources({ machineSelectorConfig: [{ config: { a: 1 } }, { config: { b: 2 }, machineLabelSelector: selector }] }).slice(1)).toEqual([
      { path: 'spec.rkeConfig.machineSelectorConfig[0].config', index: 0, config: { a: 1 }, selector: undefined },
      { path: 'spec.rkeConfig.machineSelectorConfig[1].config', index: 1, config: { b: 2 }, selector },
    ]);
    expect(configSources({ machineSelectorConfig: { config: { a: 1 } } })).toHaveLength(1);
  });
});

describe('the role combinations of a cluster', () => {
  it('takes the standard combinations without pools, and every combination for the edits', () => {
    expect(clusterRoleSets(undefined)).toEqual(STANDARD_ROLE_SETS);
    expect(clusterRoleSets({ machinePools: 'none' })).toEqual(STANDARD_ROLE_SETS);
    expect(editRoleSets(undefined)).toEqual(ALL_ROLE_SETS);
    expect(editRoleSets({ machinePools: 'none' })).toEqual(ALL_ROLE_SETS);
  });

  it('reads each distinct combination of the pools once, and ignores pools without a role', () => {
    const rkeConfig = {
      machinePools: [
        { name: 'e', etcdRole: true },
        null,
        { name: 'none' },
        { name: 'w1', workerRole: true },
        { name: 'w2', workerRole: true },
        { name: 'cp', controlPlaneRole: true },
      ],
    };

    expect(clusterRoleSets(rkeConfig)).toEqual([['etcd'], ['worker'], ['control-plane']]);
    expect(editRoleSets(rkeConfig)).toEqual([['etcd'], ['worker'], ['control-plane']]);
  });

  it('takes the standard combinations when no pool has a role', () => {
    expect(clusterRoleSets({ machinePools: [{ name: 'none' }] })).toEqual(STANDARD_ROLE_SETS);
  });
});

describe('ambiguityAssumptions', () => {
  const onCustomLabels = (n: number) => ({
    machineSelectorConfig: Array.from({ length: n }, (_, i) => ({ config: {}, machineLabelSelector: { matchLabels: { zone: `z${ i }` } } })),
  });

  it('tries every combination of up to six ambiguous entries, all matching first', () => {
    const assumptions = ambiguityAssumptions(onCustomLabels(2));

    expect(assumptions.map((s) => [...s])).toEqual([[0, 1], [1], [0], []]);
    expect(ambiguityAssumptions(onCustomLabels(6))).toHaveLength(64);
  });

  it('tries only all and none beyond six', () => {
    expect(ambiguityAssumptions(onCustomLabels(7)).map((s) => [...s])).toEqual([[0, 1, 2, 3, 4, 5, 6], []]);
  });
});

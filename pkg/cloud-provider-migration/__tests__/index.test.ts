// Required, not imported: the shell's core types module pulls its untyped plugin code into the root type check.
const { TabLocation } = require('@shell/core/types');

// The build generates this module (the shell's auto-import of the package's folders); nothing to import here.
jest.mock('@rancher/auto-import', () => ({ importTypes: jest.fn() }), { virtual: true });

// Required rather than imported: the root type check leaves the package entry out (the module above exists
// only in the build), and the package's own build type-checks it.
const registerPackage: (plugin: any) => void = require('../index').default;

function register(environment: () => unknown) {
  const addTab = jest.fn();
  const plugin: any = {
    addTab, addTableColumn: jest.fn(), addRoutes: jest.fn(), addProduct: jest.fn(),
  };

  Object.defineProperty(plugin, 'environment', { get: environment });
  registerPackage(plugin);

  return { plugin, addTab };
}

const WHEN = { resource: ['provisioning.cattle.io.cluster'], mode: ['detail'] };

describe('the package entry', () => {
  it.each([
    ['Rancher 2.13.2', () => ({ version: 'v2.13.2' }), [TabLocation.RESOURCE_DETAIL_PAGE]],
    ['Rancher 2.12.5', () => ({ version: 'v2.12.5' }), [TabLocation.RESOURCE_DETAIL_PAGE, TabLocation.RESOURCE_DETAIL]],
    ['Rancher 2.10 (no environment)', () => undefined, [TabLocation.RESOURCE_DETAIL_PAGE, TabLocation.RESOURCE_DETAIL]],
    ['a host whose environment throws', () => {
      throw new Error('no environment');
    }, [TabLocation.RESOURCE_DETAIL_PAGE, TabLocation.RESOURCE_DETAIL]],
  ])('on %s adds the tab to the detail page of every provisioning cluster', (_name, environment, locations) => {
    const { plugin, addTab } = register(environment);

    expect(plugin.metadata.name).toBe('cloud-provider-migration');
    expect(addTab.mock.calls.map((call) => call[0])).toEqual(locations);
    for (const [, when, tab] of addTab.mock.calls) {
      expect(when).toEqual(WHEN);
      expect(tab).toMatchObject({
        name: 'cloud-provider-migration', labelKey: 'cloudProviderMigration.tab.label', weight: -10, showHeader: false
      });
      // The tab itself is loaded only when it is shown.
      expect(typeof tab.component).toBe('function');
    }
    // Each location gets its own options object (addTab changes the one it is given for the legacy location).
    expect(new Set(addTab.mock.calls.map((call) => call[2])).size).toBe(locations.length);
    expect(new Set(addTab.mock.calls.map((call) => call[1])).size).toBe(locations.length);
  });

  it('adds the Cloud provider column to the Cluster Management cluster list, and the fleet page with its side-nav entry, all loaded when used', () => {
    const { plugin } = register(() => ({ version: 'v2.13.2' }));

    expect(plugin.addTableColumn).toHaveBeenCalledTimes(1);
    const [where, when, column, paginationColumn] = plugin.addTableColumn.mock.calls[0];

    expect(where).toBe('resource-list');
    expect(when).toEqual({ product: ['manager'], resource: ['provisioning.cattle.io.cluster'], mode: ['list'] });
    expect(column).toMatchObject({ name: 'cloudProviderMigration', labelKey: 'cloudProviderMigration.fleet.column', sort: ['cloudProviderMigrationSort'] });
    expect(typeof column.getValue).toBe('function');
    expect(paginationColumn).toMatchObject({ sort: false, search: false });

    const [[routes]] = plugin.addRoutes.mock.calls;

    expect(routes).toEqual([{
      parent: 'default',
      route:  expect.objectContaining({ name: 'c-cluster-manager-cloud-provider-migration', path: '/c/:cluster/manager/cloud-provider-migration', meta: { product: 'manager' } }),
    }]);
    expect(typeof routes[0].route.component).toBe('function');
    // The side-nav entry comes with the products, from a chunk of its own.
    expect(plugin.addProduct.mock.calls[0][0]).toBeInstanceOf(Promise);
  });
});

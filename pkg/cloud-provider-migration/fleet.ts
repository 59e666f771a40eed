/**
 * The fleet view's registrations, in the package's entry chunk (every dashboard load fetches it): the "Cloud
 * provider" column of the Cluster Management cluster list, and the fleet page with its side-nav entry. Only what
 * registers them is here; the verdicts, the texts and the page load when first needed.
 *
 * The column's cells are computed from the cluster models the list already holds (composables/fleetVerdicts.ts).
 * The shell's tables sort by a property path of the row, never by a function, so the first cell added also adds one
 * getter, `cloudProviderMigrationSort`, to the cluster model's prototype (a getter is not data: saving or copying a
 * cluster never sees it). Until the verdict code has loaded, a cell is empty; it fills in once it has.
 */
import { shallowRef } from 'vue';

type Cells = typeof import('./composables/fleetVerdicts');

/** The fleet page's route, in Cluster Management (`manager`). */
export const FLEET_ROUTE = 'c-cluster-manager-cloud-provider-migration';
export const SORT_PROPERTY = 'cloudProviderMigrationSort';

const cells = shallowRef<Cells>();
let loading: Promise<unknown> | undefined;

function load(): Cells | undefined {
  loading = loading || import(/* webpackChunkName: "fleet-verdicts" */ './composables/fleetVerdicts').then((m) => {
    cells.value = m;
  });

  return cells.value;
}

/** Adds the sort getter to the prototype of a cluster model (never to a plain object's). */
function addSortProperty(row: object): void {
  const proto = Object.getPrototypeOf(row);

  if (proto && proto !== Object.prototype && !Object.prototype.hasOwnProperty.call(proto, SORT_PROPERTY)) {
    Object.defineProperty(proto, SORT_PROPERTY, {
      configurable: true,
      get() {
        return load()?.columnSortKey(this) ?? '';
      },
    });
  }
}

function cellText(row: any): string {
  addSortProperty(row);

  return load()?.columnText(row) ?? '';
}

/**
 * The part of the shell's extension API (`IPlugin`) used here. Not imported: the shell's core types module pulls its
 * untyped plugin code into the root type check (the entry, index.ts, passes the plugin and the column location).
 */
export interface FleetPlugin {
  addTableColumn(where: string, when: Record<string, unknown>, column: Record<string, unknown>, paginationColumn?: Record<string, unknown>): void;
  addRoutes(routes: Record<string, unknown>[]): void;
  addProduct(product: any): void;
}

/** `resourceList`: `TableColumnLocation.RESOURCE`. */
export function registerFleet(plugin: FleetPlugin, resourceList: string): void {
  const column = {
    name:     'cloudProviderMigration',
    labelKey: 'cloudProviderMigration.fleet.column',
    // After the provider column, before the machines.
    weight:   4,
    width:    190,
    getValue: cellText,
    sort:     [SORT_PROPERTY],
  };

  // With server-side pagination the server sorts and searches, and it knows nothing of this column: shown only.
  plugin.addTableColumn(resourceList, { product: ['manager'], resource: ['provisioning.cattle.io.cluster'], mode: ['list'] }, column, { ...column, sort: false, search: false });
  plugin.addRoutes([{
    parent: 'default',
    route:  {
      name:      FLEET_ROUTE,
      path:      '/c/:cluster/manager/cloud-provider-migration',
      component: () => import(/* webpackChunkName: "fleet-page" */ './components/FleetPage.vue'),
      meta:      { product: 'manager' },
    },
  }]);
  // The side-nav entry, registered when the products load (the shell awaits a product given as a promise).
  plugin.addProduct(import(/* webpackChunkName: "fleet-nav" */ './fleetNav'));
}

/**
 * The fleet page's entry in the Cluster Management side nav, below Clusters. Committed to the shell's type map
 * directly: the package's DSL helper would also count Cluster Management among the package's own products, which
 * the shell removes when the package is uninstalled.
 */
import { FLEET_ROUTE } from './fleet';

const PRODUCT = 'manager';
const NAME = 'cloud-provider-migration';

export function init(_plugin: unknown, store: { commit: (type: string, payload: unknown) => void }): void {
  store.commit('type-map/virtualType', {
    product: PRODUCT,
    obj:     {
      name:       NAME,
      labelKey:   'cloudProviderMigration.fleet.nav',
      group:      'Root',
      namespaced: false,
      icon:       'globe',
      weight:     99,
      route:      { name: FLEET_ROUTE, params: { cluster: '_', product: PRODUCT } },
      exact:      true,
    },
  });
  store.commit('type-map/basicType', { product: PRODUCT, types: [NAME] });
  // Clusters weigh 100, cloud credentials 99: right below Clusters.
  store.commit('type-map/weightType', { type: NAME, weight: 99.5, forBasic: true });
}

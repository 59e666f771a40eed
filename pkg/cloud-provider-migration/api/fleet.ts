/**
 * The fleet page's reads: every provisioning cluster and every management cluster, through the shell store's
 * `findAll` (one list request each, none when the store holds the list already; the store then keeps both lists
 * current over its websocket). The cluster list of Cluster Management loads the same two lists.
 */
import type { MigrationError } from '../engine';
import { toMigrationError } from './errors';
import type { StoreLike } from './request';

export const PROVISIONING_CLUSTER = 'provisioning.cattle.io.cluster';
export const MANAGEMENT_CLUSTER = 'management.cattle.io.cluster';

export interface FleetLoad {
  /** The management clusters could not be read (a user who may not list them): clusters are told without them. */
  managementError?: MigrationError;
}

/** Loads both lists into the store. Throws when the provisioning clusters cannot be read. */
export async function loadFleet(store: StoreLike): Promise<FleetLoad> {
  const [provisioning, management] = await Promise.allSettled([
    store.dispatch('management/findAll', { type: PROVISIONING_CLUSTER }),
    store.dispatch('management/findAll', { type: MANAGEMENT_CLUSTER }),
  ]);

  if (provisioning.status === 'rejected') {
    throw toMigrationError(provisioning.reason, { method: 'get', url: `/v1/${ PROVISIONING_CLUSTER }s` });
  }

  return management.status === 'rejected' ? { managementError: toMigrationError(management.reason, { method: 'get', url: `/v1/${ MANAGEMENT_CLUSTER }s` }) } : {};
}

/** Where the fleet view is and what it shows, for the fleet browser test and the scale benchmark. */
export const CLUSTER_LIST = '/c/_/manager/provisioning.cattle.io.cluster';
export const FLEET_PAGE = '/c/_/manager/cloud-provider-migration';
export const FLEET_ROWS = '[data-testid="cpm-fleet"] tbody tr.main-row';
/** FleetPage.vue: rows per page. */
export const FLEET_PER_PAGE = 50;
/** Names of the generated clusters of the fleet world and their ids (fleet-0000…, c-m-g…, c-f…). */
export const GENERATED = /fleet-\d{4}|c-m-g[0-9a-f]{7}|c-f[0-9a-z]{4}/;

import { importTypes } from '@rancher/auto-import';
import { IPlugin, TabLocation, TableColumnLocation } from '@shell/core/types';
import { needsLegacyTabLocation } from './tabLocations';
import { registerFleet } from './fleet';

const TAB = {
  name:       'cloud-provider-migration',
  labelKey:   'cloudProviderMigration.tab.label',
  weight:     -10,
  showHeader: false,
  component:  () => import('./components/MigrationTab.vue'),
};

// Init the package
export default function(plugin: IPlugin): void {
  // Auto-import model, detail, edit, l10n from the folders
  importTypes(plugin);

  // Provide plugin metadata from package.json
  plugin.metadata = require('./package.json');

  // A fresh `when` object per call: addTab mutates it for the legacy location.
  plugin.addTab(TabLocation.RESOURCE_DETAIL_PAGE, { resource: ['provisioning.cattle.io.cluster'], mode: ['detail'] }, { ...TAB });

  let environment;

  try {
    environment = (plugin as any).environment;
  } catch {
    environment = undefined;
  }

  if (needsLegacyTabLocation(environment)) {
    plugin.addTab(TabLocation.RESOURCE_DETAIL, { resource: ['provisioning.cattle.io.cluster'], mode: ['detail'] }, { ...TAB });
  }

  // The Cloud provider column of the Cluster Management cluster list, and the fleet page (fleet.ts).
  registerFleet(plugin, TableColumnLocation.RESOURCE);
}

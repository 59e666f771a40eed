/**
 * Has Rancher reconciled the cluster after an update step? Observations carry one boolean, `clusterReady`
 * (management cluster Ready and not Updating, read by api/observe.ts). The update must be in the object first:
 * a Ready cluster whose object does not yet hold the update has nothing to reconcile.
 *
 * Known limit: right after the write, Rancher may still report Ready for a moment before it starts updating
 * (the "false positive" the Rancher QA test works around by waiting twice); the caller should poll again after
 * the cluster has been seen updating, or after a grace period.
 */
import type { CheckResult } from '../types';
import { verdict } from './result';

export function checkClusterReconciled(updateDone: boolean, clusterReady: boolean | undefined): CheckResult {
  if (!updateDone) {
    return verdict('waiting', 'clusterReconcile.updatePending');
  }
  if (clusterReady === undefined) {
    return verdict('waiting', 'notObserved');
  }

  return clusterReady ? verdict('done', 'clusterReconcile.ready') : verdict('waiting', 'clusterReconcile.updating');
}

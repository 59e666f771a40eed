/**
 * `metadata.state` of a Steve object: {name, error, transitioning, message}.
 * Imitates rancher/wrangler pkg/summary/summarizers.go (checkStatusSummary, checkErrors,
 * checkTransitioning, checkPhase, and Steve's default "active") for the condition-driven objects the
 * simulator holds. Not imitated: kstatus (checkStandard), pod/owner/apply summarizers.
 */
import type { KObj } from '../store';

export interface SummaryState {
  name: string;
  error: boolean;
  transitioning: boolean;
  message: string;
}

interface Cond { type: string; status: string; message?: string; reason?: string }

/** Unknown == transitioning, False == error (summarizers.go TransitioningUnknown, subset). */
const TRANSITIONING_UNKNOWN: Record<string, string> = {
  Active:        'activating',
  AgentDeployed: 'provisioning',
  Created:       'creating',
  Deployed:      'deploying',
  Initialized:   'initializing',
  Installed:     'installing',
  Pending:       'pending',
  Provisioned:   'provisioning',
  Reconciled:    'reconciling',
  Removed:       'removing',
  Updated:       'updating',
  Updating:      'updating',
  Upgraded:      'upgrading',
  Waiting:       'waiting',
  Drained:       'draining',
};

/** False == transitioning, Unknown == error (summarizers.go TransitioningFalse). */
const TRANSITIONING_FALSE: Record<string, string> = {
  Completed: 'activating',
  Ready:     'unavailable',
  Available: 'updating',
};

/** True == transitioning (summarizers.go TransitioningTrue, subset; wrangler pkg/kstatus sets Reconciling). */
const TRANSITIONING_TRUE: Record<string, string> = { Reconciling: 'reconciling' };

/** True == error (summarizers.go FallbackConditionErrorMapping). */
const ERROR_WHEN_TRUE = new Set(['OutOfDisk', 'MemoryPressure', 'DiskPressure', 'NetworkUnavailable', 'Unschedulable', 'ReplicaFailure', 'Stalled', 'Failed']);

export function summarize(obj: KObj): SummaryState {
  let name = '';
  let error = false;
  let transitioning = false;
  const messages: string[] = [];
  const display = obj.status?.display || obj.status?.summary;

  // checkStatusSummary: an object may carry its own summary (catalog apps: status.summary.state).
  if (display && typeof display === 'object' && Object.keys(display).length) {
    if (display.state !== undefined) {
      name = String(display.state);
    }
    transitioning = !!display.transitioning;
    error = !!display.error;
    if (display.message) {
      messages.push(String(display.message));
    }
  }
  const conditions: Cond[] = Array.isArray(obj.status?.conditions) ? obj.status.conditions.filter((c: any) => c && c.type) : [];

  // checkErrors
  for (const c of conditions) {
    if (ERROR_WHEN_TRUE.has(c.type) && c.status === 'True') {
      error = true;
      messages.push(c.message || '');
      if (name === '' || name === 'active') {
        name = 'error';
      }
    }
  }
  // checkTransitioning
  for (const c of conditions) {
    const s = TRANSITIONING_UNKNOWN[c.type];

    if (!s) {
      continue;
    }
    if (c.status === 'False') {
      error = true;
      name = s;
      messages.push(c.message || '');
    } else if (c.status === 'Unknown' && name === '') {
      transitioning = true;
      name = s;
      messages.push(c.message || '');
    }
  }
  for (const c of conditions) {
    const s = TRANSITIONING_TRUE[c.type];

    if (s && name === '' && c.status === 'True') {
      transitioning = true;
      name = s;
      messages.push(c.message || '');
    }
  }
  let ready = true;
  let readyMessage = '';

  for (const c of conditions) {
    if (name !== '') {
      break;
    }
    if (c.type === 'Ready' && c.status === 'False') {
      ready = false;
      readyMessage = c.message || '';
      continue;
    }
    const s = TRANSITIONING_FALSE[c.type];

    if (!s) {
      continue;
    }
    if (c.status === 'False') {
      transitioning = true;
      name = s;
      messages.push(c.message || '');
    } else if (c.status === 'Unknown') {
      error = true;
      name = s;
      messages.push(c.message || '');
    }
  }
  if (name === '' && !ready) {
    transitioning = true;
    name = 'unavailable';
    messages.push(readyMessage);
  }
  // checkPhase
  const phase = obj.status?.phase;

  if (phase === 'Succeeded') {
    name = 'succeeded';
    transitioning = false;
  } else if (phase && name === '') {
    name = String(phase).toLowerCase();
  }
  // checkRemoving
  if (obj.metadata.deletionTimestamp) {
    name = 'removing';
    transitioning = true;
  }

  return {
    name: name || 'active', error, transitioning, message: messages.filter(Boolean).join('; ')
  };
}

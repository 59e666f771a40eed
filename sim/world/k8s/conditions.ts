/**
 * Condition lists as Rancher (wrangler pkg/condition) and Kubernetes write them: one entry per type;
 * lastTransitionTime moves only when the status changes, lastUpdateTime whenever anything changes.
 */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  [k: string]: any;
}

export function getCondition(conds: Condition[] | undefined, type: string): Condition | undefined {
  return (conds || []).find((c) => c.type === type);
}

/** Set a condition in place; returns true when something changed. */
export function setCondition(holder: { conditions?: Condition[] }, type: string, status: Condition['status'], message = '', reason = '', now = new Date().toISOString()): boolean {
  holder.conditions = holder.conditions || [];
  const cur = holder.conditions.find((c) => c.type === type);

  if (!cur) {
    holder.conditions.push({
      type, status, message, reason, lastUpdateTime: now, lastTransitionTime: now
    });

    return true;
  }
  if (cur.status === status && (cur.message || '') === message && (cur.reason || '') === reason) {
    return false;
  }
  if (cur.status !== status) {
    cur.lastTransitionTime = now;
  }
  cur.status = status;
  cur.message = message;
  cur.reason = reason;
  cur.lastUpdateTime = now;

  return true;
}

export function condition(type: string, status: Condition['status'] = 'True', now = new Date().toISOString(), message = '', reason = ''): Condition {
  return {
    type, status, message, reason, lastUpdateTime: now, lastTransitionTime: now
  };
}

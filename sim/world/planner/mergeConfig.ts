/**
 * The RKE2/K3s planner's config merge rule (rancher/rancher pkg/capr/planner/config.go addUserConfig):
 * start from a copy of `machineGlobalConfig`, then for each `machineSelectorConfig` entry in order whose
 * `machineLabelSelector` is absent or matches the machine's labels, copy its keys over (`config[k] = v`).
 * Later matching entries overwrite earlier keys; lists are replaced, never merged.
 */
import { LabelSelector, selectorMatches } from '../k8s/selector';

export interface MachineSelectorConfig {
  config?: Record<string, any>;
  machineLabelSelector?: LabelSelector | null;
}

export interface RkeConfigLike {
  machineGlobalConfig?: Record<string, any>;
  machineSelectorConfig?: MachineSelectorConfig[];
}

export function effectiveMachineConfig(rkeConfig: RkeConfigLike | undefined, machineLabels: Record<string, string>): Record<string, any> {
  const out: Record<string, any> = JSON.parse(JSON.stringify(rkeConfig?.machineGlobalConfig || {}));

  for (const entry of rkeConfig?.machineSelectorConfig || []) {
    if (entry.machineLabelSelector && !selectorMatches(entry.machineLabelSelector, machineLabels)) {
      continue;
    }
    for (const [k, v] of Object.entries(entry.config || {})) {
      out[k] = JSON.parse(JSON.stringify(v));
    }
  }

  return out;
}

/**
 * Where a plan deliberately does something else than the Rancher migration guide, as messages to show once, in one
 * place, beside the steps. Each difference is listed only when the plan has the steps it concerns.
 */
import type { Distro, Message, PlanStep, Rke2ExternalMode } from '../types';

export interface DifferenceFacts {
  distro: Distro;
  rke2Mode: Rke2ExternalMode;
}

const key = (name: string): Message => ({ key: `differences.${ name }` });

export function docDifferences(facts: DifferenceFacts, steps: Pick<PlanStep, 'id'>[]): Message[] {
  const at = (id: string) => steps.findIndex((s) => s.id === id);
  const out: Message[] = [];

  // The guide cordons first; the plan deploys or installs the CCM before the cordon (rke2Plan.ts, rke1Plan.ts).
  const ccm = Math.max(at('deploy-ccm'), at('install-ccm'));

  if (ccm >= 0 && at('cordon-control-plane') > ccm) {
    out.push(key(`ccmBeforeCordon.${ facts.distro }`));
  }
  // The default RKE2 form keeps cloud-provider-name aws, for the node names (docs/rancher-behaviour.md#node-names),
  // and turns RKE2's own cloud controller off wherever control-plane machines take their config (rke2Edits.ts).
  if (facts.distro === 'rke2' && facts.rke2Mode === 'aws-with-overrides' && at('switch-to-external') >= 0) {
    out.push(key('nodeNames'), key('disableCloudController'));
  }

  return out;
}

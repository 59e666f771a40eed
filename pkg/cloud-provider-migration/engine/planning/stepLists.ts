/**
 * The order of the steps, once for both distros: each distro's plan (rke1Plan.ts, rke2Plan.ts) supplies its own
 * edits (the KCM flag, how the CCM is deployed, the switch, what follows the uncordon) and these lists put them in
 * the same order with the same waits and checks between them.
 */
import type { StepDef } from './planSteps';
import { SHARED_STEPS } from './planSteps';

/** A distro's steps for the migration without control-plane downtime. */
export interface LeaderMigrationParts {
  /** enable-leader-migration: the KCM flag and its migration config. */
  enable: StepDef;
  /** The CCM with leader migration: RKE2 HelmChart in the additional manifest (deploy-ccm), RKE1 chart (install-ccm). */
  deployCcm: StepDef;
  cordon: StepDef;
  /** switch-to-external: the provider goes out of tree on every machine. */
  switchStep: StepDef;
  uncordon: StepDef;
  /** After the uncordon: the version change (RKE2 only: RKE1's rides on the switch), the CCM upgrade, the cleanup. */
  afterUncordon: StepDef[];
}

/**
 * Leader migration: the KCM takes part in the migration lease, the CCM comes up beside it, the control plane is
 * cordoned while the provider switches, and the lease moves to the CCM as the nodes restart.
 */
export function leaderMigrationSteps(p: LeaderMigrationParts): StepDef[] {
  return [
    p.enable,
    SHARED_STEPS.waitLeaderMigration,
    p.deployCcm,
    SHARED_STEPS.waitCcmRollout,
    p.cordon,
    p.switchStep,
    SHARED_STEPS.waitSwitch,
    SHARED_STEPS.verifyProviderIds,
    SHARED_STEPS.verifyMigrationLease,
    p.uncordon,
    ...p.afterUncordon,
  ];
}

/** A distro's steps for the migration with downtime. */
export interface DowntimeParts {
  /** switch-to-external (RKE2: with the CCM HelmChart in the same write). */
  switchStep: StepDef;
  /** RKE1: the chart, installed once the switch is applied (RKE2 has none: its switch carries the CCM). */
  installCcm?: StepDef;
  /** After the provider IDs are verified: the CCM upgrade (RKE2). */
  after: StepDef[];
}

/** Downtime: the switch and the CCM together, then the rollout and the provider IDs. */
export function downtimeSteps(p: DowntimeParts): StepDef[] {
  return [
    p.switchStep,
    SHARED_STEPS.waitSwitch,
    ...(p.installCcm ? [p.installCcm] : []),
    SHARED_STEPS.waitCcmRollout,
    SHARED_STEPS.verifyProviderIds,
    ...p.after,
  ];
}

import type { Detection, PlanOptions } from '../types';
import { readCluster, type Rke2Reading } from './detection';
import { type Rke2StatusFacts, type StatusVerdict, rke2StatusFacts, verdictOf } from './migrationStatus';

/**
 * The cluster as one plan reads it, once: what the object is (detection), where it stands (status) and, for RKE2,
 * what each kind of machine runs with and where each setting comes from. Everything the planner decides about the
 * INPUT object — the status, the form of the switch, the CCM already deployed, the pre-flight checks — reads this
 * model instead of going back to the object. Edits build new objects and evaluate those (rke2/rke2Edits.ts).
 *
 * Made from detection's own copy of the object, so the caller changing its object afterwards changes nothing here.
 */
export interface ClusterModel {
  detection: Detection;
  verdict: StatusVerdict;
  /** RKE2 clusters only. */
  rke2?: Rke2Model;
}

export interface Rke2Model extends Rke2Reading, Rke2StatusFacts {}

/** The model of one cluster object; `rke1NodeProvisioning` overrides what detection found for an RKE1 cluster. */
export function clusterModel(obj: Record<string, any>, options: Pick<PlanOptions, 'rke1NodeProvisioning'> = {}): ClusterModel {
  const { detection, rke2 } = readCluster(obj);

  if (detection.kind === 'rke1' && options.rke1NodeProvisioning) {
    detection.nodeProvisioning = options.rke1NodeProvisioning;
  }
  const facts = rke2 ? rke2StatusFacts(rke2.configs) : undefined;

  return { detection, verdict: verdictOf(detection, facts), rke2: rke2 && facts ? { ...rke2, ...facts } : undefined };
}

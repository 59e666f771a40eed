import type { Detection, Message, MigrationPlan, PlanStep, PreflightCheck } from '../types';
import { cloneJson, isPlainObject } from './clusterShape';
import { objectStepDiff } from '../planning/objectDiff';

/**
 * An RKE1 cluster in its management.cattle.io/v3 shape (`kubectl get clusters.management.cattle.io c-xxxxx -o yaml`)
 * holds the same configuration as its Norman v3 object, one level down: `spec.rancherKubernetesEngineConfig` is the
 * Norman `rancherKubernetesEngineConfig` (same camelCase JSON). The engine plans the Norman view of it and maps the
 * result back: step objects are the whole input with only `spec.rancherKubernetesEngineConfig` changed, their diffs
 * (and the two texts of each) are recomputed in this shape, and every path the plan names gains the `spec.` prefix.
 */

const RKE1_CONFIG = 'rancherKubernetesEngineConfig';
const SPEC_PREFIX = 'spec.';
/** Message params that hold a path into the object. */
const PATH_PARAMS = ['field', 'path'];

/**
 * The Norman v3 object Rancher would serve for this management cluster: Norman flattens `status` and `spec` into
 * one object, calls the cluster name `id` and the display name `name`. There are no `nodePools` here (Norman
 * collects them from another type), so node provisioning stays unknown unless the caller says it.
 */
export function normanViewOfManagement(obj: Record<string, any>): Record<string, any> {
  const source = cloneJson(obj);
  const status = isPlainObject(source.status) ? source.status : {};
  const spec = source.spec;
  const metadata = source.metadata;
  const view: Record<string, any> = { ...status, ...spec };

  delete view.displayName;

  return {
    ...view,
    type:        'cluster',
    id:          metadata.name,
    name:        spec.displayName || metadata.name,
    labels:      metadata.labels || {},
    annotations: metadata.annotations || {},
  };
}

function inManagementPath(path: string): string {
  return path.startsWith(`${ RKE1_CONFIG }.`) ? `${ SPEC_PREFIX }${ path }` : path;
}

/** A message whose path params point into the management shape. */
function inManagementMessage(message: Message): Message {
  if (!message.params || !PATH_PARAMS.some((p) => typeof message.params![p] === 'string')) {
    return message;
  }
  const params = { ...message.params };

  PATH_PARAMS.forEach((p) => {
    if (typeof params[p] === 'string') {
      params[p] = inManagementPath(params[p] as string);
    }
  });

  return { ...message, params };
}

/** The detection of the Norman view, told in the management shape. */
export function managementDetection(normanDetection: Detection): Detection {
  return {
    ...normanDetection,
    format:            'management',
    providerLocations: normanDetection.providerLocations.map((l) => ({ ...l, path: inManagementPath(l.path) })),
  };
}

/** The input with only `spec.rancherKubernetesEngineConfig` replaced by the one of a Norman step object. */
export function withRke1Config(input: Record<string, any>, normanObject: Record<string, any>): Record<string, any> {
  const out = cloneJson(input);

  out.spec[RKE1_CONFIG] = cloneJson(normanObject[RKE1_CONFIG]);

  return out;
}

/**
 * The plan of the Norman view, told in the management shape: cumulative step objects in the input's shape, their
 * diffs between those objects (status and managedFields left out, as for kubectl objects), paths with `spec.`.
 * Commands are unchanged: the Norman plan already patches `clusters.management.cattle.io`.
 */
export function managementPlan(input: Record<string, any>, normanPlan: MigrationPlan): MigrationPlan {
  const detection = managementDetection(normanPlan.detection);
  let current = input;
  const steps = normanPlan.steps.map((step): PlanStep => {
    const out: PlanStep = { ...step, warnings: step.warnings.map(inManagementMessage) };

    if (step.object) {
      const after = withRke1Config(input, step.object);

      out.object = after;
      // The Norman step's texts are of the other shape; an unchanged object has none.
      delete out.diffSides;
      Object.assign(out, objectStepDiff(detection, current, after));
      current = after;
    }

    return out;
  });
  const plan: MigrationPlan = {
    ...normanPlan,
    detection,
    preflight: normanPlan.preflight.map((c): PreflightCheck => ({ ...c, message: inManagementMessage(c.message) })),
    steps,
  };

  if (normanPlan.reason) {
    plan.reason = inManagementMessage(normanPlan.reason);
  }

  return plan;
}

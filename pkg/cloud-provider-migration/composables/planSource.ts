/**
 * Which object the tab plans from, and planning with the user's choices without losing the plan when a
 * choice is rejected. Plain TypeScript: no Vue, no store.
 */
import { planMigration, isMigrationError, MigrationError } from '../engine';
import type { MigrationPlan, PlanOptions } from '../engine';

/** The part of a provisioning.cattle.io.cluster model instance the tab reads. */
export interface ClusterResource {
  id?: string;
  type?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; resourceVersion?: string };
  spec?: { rkeConfig?: Record<string, unknown> | null; [k: string]: unknown };
  status?: { clusterName?: string; [k: string]: unknown };
  /** Model getters (absent on plain objects). */
  isRke1?: boolean;
  canUpdate?: boolean;
  [k: string]: unknown;
}

/** The store getter the tab reads models with (`management/byId` in the shell). */
export type ById = (type: string, id: string) => ClusterResource | undefined;

/**
 * The store's current instance of the cluster the page was opened with. The detail page hands the tab the
 * model it loaded; a list load that lands after it (the side nav, another view) replaces the store's
 * instances with new ones, and websocket changes update those, not the page's copy. Reading through the
 * store keeps the tab on the live object; the page's copy is the fallback while the store has none.
 */
export function liveResource(byId: ById | undefined, resource: ClusterResource): ClusterResource {
  const live = resource?.type && resource?.id && byId ? byId(resource.type, resource.id) : undefined;

  return live || resource;
}

/**
 * What the tab re-reads on: the provisioning object's revision and, for clusters planned from their Norman
 * object (RKE1), the management cluster's RKE1 configuration — RKE1 edits change that object, not the
 * provisioning one.
 */
export function sourceRevision(byId: ById | undefined, resource: ClusterResource): string {
  const own = `${ resource?.id || '' }@${ resource?.metadata?.resourceVersion || '' }`;
  const mgmtId = managementClusterId(resource);

  if (normanNeed(resource) === 'none' || !mgmtId || !byId) {
    return own;
  }
  const mgmt = byId('management.cattle.io.cluster', mgmtId) as Record<string, any> | undefined;

  // The RKE1 configuration, not the revision: status churn during a rollout would re-read everything each time.
  return `${ own }|${ mgmtId }:${ JSON.stringify(mgmt?.spec?.rancherKubernetesEngineConfig ?? null) }`;
}

/** The user's choices in the tab; unset fields take the engine's defaults. */
export type PlanChoices = Pick<PlanOptions, 'strategy' | 'targetVersion' | 'rke2ExternalMode' | 'useInstanceMetadataHostname'>;

/** What the tab learnt about the cluster outside the planned object (e.g. RKE1 node pools). Never dropped. */
/**
 * What the plan needs beyond the user's choices: how RKE1 nodes were provisioned, and what the live cluster shows
 * (a CCM already running, the nodes and so the control-plane layout).
 */
export type SourceFacts = Pick<PlanOptions, 'rke1NodeProvisioning' | 'existingCcm' | 'nodes'>;

/** A model instance is a reactive proxy with getters; the engine gets the plain data, as the shell saves it. */
export function toPlainObject(resource: ClusterResource): Record<string, any> {
  return JSON.parse(JSON.stringify(resource));
}

/** Management cluster id (`c-m-…` for v2prov, `c-…` for RKE1), from `status.clusterName`. */
export function managementClusterId(resource: ClusterResource): string | undefined {
  return resource.status?.clusterName || undefined;
}

/**
 * RKE1 clusters show up as provisioning objects without rkeConfig; their configuration lives in the Norman
 * cluster. `required` means the model says RKE1 (then a failed read is an error); `maybe` covers other
 * clusters without rkeConfig (imported, hosted), where the Norman object only sharpens the detection.
 */
export function normanNeed(resource: ClusterResource): 'none' | 'maybe' | 'required' {
  if (resource.spec?.rkeConfig || !managementClusterId(resource)) {
    return 'none';
  }
  if (resource.isRke1 === true || resource.metadata?.labels?.['provider.cattle.io'] === 'rke') {
    return 'required';
  }

  return 'maybe';
}

export interface PlanOutcome {
  plan?: MigrationPlan;
  /** The cluster cannot be planned at all (invalid manifest, unknown provider …). */
  error?: MigrationError | Error;
  /** A choice was rejected; `plan` is the plan without that choice. */
  optionError?: MigrationError;
  /** The options `plan` was made with (what carrying out a step re-plans with). */
  options?: PlanOptions;
}

function withoutUnset(choices: PlanChoices): PlanOptions {
  const out: PlanOptions = {};

  for (const [k, v] of Object.entries(choices)) {
    if (v !== undefined && v !== '') {
      (out as Record<string, unknown>)[k] = v;
    }
  }

  return out;
}

/**
 * Plans with every choice; if the engine rejects that, plans again without the target version, then with
 * the engine's defaults. A later success turns the first failure into an option error; if nothing plans,
 * the first failure is the error.
 */
export function planWithChoices(source: Record<string, any>, choices: PlanChoices, facts: SourceFacts = {}): PlanOutcome {
  const full = { ...withoutUnset(choices), ...facts };
  const attempts: PlanOptions[] = [full];

  if (full.targetVersion !== undefined) {
    const { targetVersion: _dropped, ...rest } = full;

    attempts.push(rest);
  }
  if (Object.keys(withoutUnset(choices)).length) {
    attempts.push({ ...facts });
  }

  let first: unknown;

  for (const options of attempts) {
    try {
      const plan = planMigration(source, options);

      // Only MigrationErrors get here after a failure: anything else stops the loop.
      return first === undefined ? { plan, options } : { plan, optionError: first as MigrationError, options };
    } catch (e) {
      if (first === undefined) {
        first = e;
      }
      if (!isMigrationError(e)) {
        break;
      }
    }
  }

  return { error: asError(first) };
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * Where one cluster of a fleet stands, for a list of hundreds of clusters (the cluster list's column, the fleet page):
 * what it is, its provider state, how far its migration got and the object-only pre-flight verdicts that decide
 * whether it holds back a Kubernetes upgrade. The same rules as the tab (detection, migrationStatus, preflight, the
 * journal, the plan's step list), but nothing the tab computes per step: no step object, diff, command or YAML
 * rendering. Pure; cheap enough to run for every cluster of a list (bench: `npm run bench -- fleet`).
 *
 * Reads only what those rules read, copied out of the (possibly reactive, possibly large) store objects first: the
 * provisioning cluster's spec and its journal annotation, and for a cluster without rkeConfig (RKE1, imported,
 * hosted) its management cluster, as the tab does (composables/useClusterSource.ts). The CCM HelmChart is looked for
 * in the additional manifest only when the manifest names it: a manifest without it is never parsed.
 */
import type {
  ClusterKind, Message, MigrationStatus, StepId, Strategy,
} from '../types';
import { isMigrationError } from '../errors';
import { isPlainObject } from '../cluster/clusterShape';
import { clusterModel, type ClusterModel } from '../cluster/clusterModel';
import { awsProviderIgnored } from '../cluster/clusterFacts';
import { atLeastMinor, parseKubernetesVersion } from '../cluster/kubernetesVersion';
import { CCM_CHART_NAME } from '../ccm/ccmValues';
import { inTreeRemoved, inTreeStillConfigured } from '../planning/preflight';
import { planOutline } from '../planning/planMigration';
import { readJournal, type JournalEntry } from '../progress/journal';

/** A cluster's provider state: the tab's status, or `unreadable` when its object cannot be read (the tab shows why). */
export type FleetState = MigrationStatus | 'unreadable';

/**
 * The object-only pre-flight verdict that matters across a fleet:
 * - `in-tree-removed`: the in-tree provider is configured on Kubernetes 1.27 or later (the tab's pre-flight blocker);
 * - `upgrade-blocked`: the in-tree provider is configured on an older version, so an upgrade to 1.27 or later must
 *   wait for the migration (1.27 removed the in-tree provider; docs/rancher-behaviour.md#rke1-cloud-provider);
 * - `aws-ignored`: RKE2 on a release that ignores `cloud-provider-name: aws`, not migrated (the tab's warning);
 * - `ok`: none of these.
 */
export type FleetPreflight = 'in-tree-removed' | 'upgrade-blocked' | 'aws-ignored' | 'ok';

/** How far a migration got, from its journal: the step it is at, counted over the plan's required steps. */
export interface FleetProgress {
  step: StepId;
  /** 1-based position among the required steps. */
  number: number;
  total: number;
}

export interface FleetVerdict {
  kind: ClusterKind;
  kubernetesVersion: string;
  state: FleetState;
  /** Why the migration does not apply, or why the cluster could not be read. */
  reason?: Message;
  /** Undefined where the migration does not apply. */
  preflight?: FleetPreflight;
  /** The cluster holds back a Kubernetes upgrade (`in-tree-removed` or `upgrade-blocked`). */
  blocksUpgrade: boolean;
  /** A migration under way with a journal: where it is. */
  progress?: FleetProgress;
  /** The journal's newest entry. */
  lastEntry?: JournalEntry;
  /** The strategy the migration started with (journal choices). */
  strategy?: Strategy;
  /** Orders a fleet: upgrade blockers first, then in-tree, migrating (least far first), migrated, not applicable. */
  sortKey: string;
}

const STATE_ORDER: Record<FleetState, number> = {
  'in-tree': 1, migrating: 2, migrated: 3, 'not-applicable': 4, unreadable: 5,
};
const PREFLIGHT_ORDER: Record<FleetPreflight, number> = {
  'in-tree-removed': 0, 'upgrade-blocked': 1, 'aws-ignored': 2, ok: 3,
};
/** Results that finish a step: the migration is then at the next one. */
const FINISHING: JournalEntry['result'][] = ['applied', 'unchanged', 'done'];

type Obj = Record<string, any>;

function mapOf(value: unknown): Obj | undefined {
  return isPlainObject(value) ? value : undefined;
}

/** A marker for a block whose presence is all detection reads of it. */
function present(value: unknown): Obj | undefined {
  return value ? {} : undefined;
}

/** A line that starts a YAML document (`---`, alone or followed by a space or a comment). */
const DOCUMENT_START = /^---(?=\s|$)/;

/**
 * The additional manifest as detection needs it: the documents that name the CCM chart, the only ones that can be
 * its HelmChart. Documents start at a `---` line (a marker at the start of a line always starts one in a valid
 * stream), so the others are left out without parsing them.
 */
function manifestOf(text: unknown): string | undefined {
  if (typeof text !== 'string' || !text.includes(CCM_CHART_NAME)) {
    return undefined;
  }
  const documents: string[][] = [[]];

  text.split('\n').forEach((line) => {
    if (DOCUMENT_START.test(line)) {
      documents.push([]);
    }
    documents[documents.length - 1].push(line);
  });

  return documents.map((d) => d.join('\n')).filter((d) => d.includes(CCM_CHART_NAME)).join('\n');
}

/** The parts of a provisioning cluster detection, the status rules and the step list read. */
function provisioningView(obj: Obj): Obj {
  const metadata = mapOf(obj.metadata) || {};
  const spec = mapOf(obj.spec) || {};
  const rke = mapOf(spec.rkeConfig);

  return {
    type:       obj.type,
    apiVersion: obj.apiVersion,
    kind:       obj.kind,
    id:         obj.id,
    metadata:   {
      name: metadata.name, namespace: metadata.namespace, labels: metadata.labels,
    },
    spec: {
      kubernetesVersion: spec.kubernetesVersion,
      eksConfig:         present(spec.eksConfig),
      aksConfig:         present(spec.aksConfig),
      gkeConfig:         present(spec.gkeConfig),
      rkeConfig:         rke ? {
        machineGlobalConfig:   rke.machineGlobalConfig,
        machineSelectorConfig: rke.machineSelectorConfig,
        machinePools:          rke.machinePools,
        upgradeStrategy:       rke.upgradeStrategy,
        additionalManifest:    manifestOf(rke.additionalManifest),
      } : undefined,
    },
    status: { clusterName: obj.status?.clusterName },
  };
}

/** The parts of a management cluster its Norman view is detected from (RKE1 configuration, hosted, imported). */
function managementView(obj: Obj): Obj {
  const metadata = mapOf(obj.metadata) || {};
  const spec = mapOf(obj.spec) || {};
  const status = mapOf(obj.status) || {};
  const rkec = mapOf(spec.rancherKubernetesEngineConfig);

  return {
    type:       obj.type,
    apiVersion: obj.apiVersion,
    kind:       obj.kind,
    metadata:   { name: metadata.name, labels: metadata.labels },
    spec:       {
      displayName:                   spec.displayName,
      eksConfig:                     present(spec.eksConfig),
      aksConfig:                     present(spec.aksConfig),
      gkeConfig:                     present(spec.gkeConfig),
      importedConfig:                present(spec.importedConfig),
      rancherKubernetesEngineConfig: rkec ? {
        kubernetesVersion: rkec.kubernetesVersion,
        cloudProvider:     rkec.cloudProvider,
        privateRegistries: rkec.privateRegistries,
        services:          { kubeController: rkec.services?.kubeController },
      } : undefined,
    },
    status: {
      driver: status.driver, provider: status.provider, version: status.version ? { gitVersion: status.version.gitVersion } : undefined,
    },
  };
}

/** The object the tab plans from: the provisioning cluster, or its management cluster where it has no rkeConfig. */
function sourceView(provisioning: Obj, management: Obj | undefined): Obj {
  return !mapOf(provisioning.spec?.rkeConfig) && management ? managementView(management) : provisioningView(provisioning);
}

function preflightOf(model: ClusterModel): FleetPreflight {
  const { detection, verdict } = model;
  const ignored = awsProviderIgnored(detection);

  if (inTreeRemoved(detection, model.rke2, ignored)) {
    return 'in-tree-removed';
  }
  if (inTreeStillConfigured(detection, model.rke2) && !ignored && !!parseKubernetesVersion(detection.kubernetesVersion) &&
    !atLeastMinor(detection.kubernetesVersion, 1, 27)) {
    return 'upgrade-blocked';
  }

  return ignored && verdict.status !== 'migrated' ? 'aws-ignored' : 'ok';
}

/**
 * The step the migration is at: the journal's newest step among the plan's required steps (made with the choices
 * the migration started with), or the one after it when that entry finished it. Undefined when the plan does not
 * list that step (an optional one, or a plan the choices no longer give).
 */
function progressOf(source: Obj, model: ClusterModel, last: JournalEntry, choices: Obj | undefined): FleetProgress | undefined {
  const options = {
    strategy:                    choices?.strategy,
    targetVersion:               choices?.targetVersion,
    rke2ExternalMode:            choices?.rke2ExternalMode,
    useInstanceMetadataHostname: choices?.useInstanceMetadataHostname,
  };
  let steps: { id: StepId; optional: boolean }[] = [];

  // As the tab plans: the choices, then without the target version (the upgrade may be in already), then defaults.
  for (const attempt of [options, { ...options, targetVersion: undefined }, {}]) {
    try {
      steps = planOutline(source, Object.fromEntries(Object.entries(attempt).filter(([, v]) => v !== undefined)), model).steps;
      break;
    } catch (e) {
      if (!isMigrationError(e)) {
        throw e;
      }
    }
  }
  const required = steps.filter((s) => !s.optional);
  const at = required.findIndex((s) => s.id === last.step);

  if (at < 0) {
    return undefined;
  }
  const next = !last.undo && FINISHING.includes(last.result) ? Math.min(at + 1, required.length - 1) : at;

  return { step: required[next].id, number: next + 1, total: required.length };
}

function sortKeyOf(v: Omit<FleetVerdict, 'sortKey'>): string {
  const preflight = v.preflight ? PREFLIGHT_ORDER[v.preflight] : 9;
  const progress = v.progress ? String(v.progress.number).padStart(3, '0') : '000';

  return `${ v.blocksUpgrade ? 0 : 1 }${ preflight }${ STATE_ORDER[v.state] }${ progress }`;
}

/**
 * The fleet verdict of one cluster: its provisioning object as the store holds it and, for a cluster without
 * rkeConfig, its management cluster (from the store too; without it such a cluster is told from its provisioning
 * object alone). Never throws for a cluster object: one that cannot be read is `unreadable`, with the reason.
 */
export function fleetVerdict(provisioning: Obj, management?: Obj): FleetVerdict {
  const source = sourceView(provisioning, management);
  const journal = readJournal({ metadata: { annotations: provisioning.metadata?.annotations } });
  const lastEntry = journal.entries[journal.entries.length - 1];
  const strategy = journal.choices?.strategy;
  let out: Omit<FleetVerdict, 'sortKey'>;

  try {
    const model = clusterModel(source);
    const { detection, verdict } = model;
    const applies = verdict.status !== 'not-applicable';
    const preflight = applies ? preflightOf(model) : undefined;

    out = {
      kind:              detection.kind,
      kubernetesVersion: detection.kubernetesVersion,
      state:             verdict.status,
      reason:            verdict.reason,
      preflight,
      blocksUpgrade:     preflight === 'in-tree-removed' || preflight === 'upgrade-blocked',
      progress:          verdict.status === 'migrating' && lastEntry ? progressOf(source, model, lastEntry, journal.choices) : undefined,
    };
  } catch (e) {
    if (!isMigrationError(e)) {
      throw e;
    }
    out = {
      kind: 'unknown', kubernetesVersion: String(provisioning.spec?.kubernetesVersion || ''), state: 'unreadable', reason: e.toMessage(), blocksUpgrade: false,
    };
  }
  if (lastEntry) {
    out.lastEntry = lastEntry;
  }
  if (strategy) {
    out.strategy = strategy;
  }

  return { ...out, sortKey: sortKeyOf(out) };
}

/**
 * The migration journal: what was done to a cluster from the tab, kept on the cluster's provisioning object so that
 * a reload resumes and every admin sees the same progress. The current step is always derived from what the cluster
 * shows; the journal says who did what, when, with which diff and snapshot, and which choices the migration started
 * with. Bounded: the oldest entries go first and their number is kept. Pure: reads and returns objects, never writes.
 */
import sum from 'hash-sum';
import type {
  LoadBalancerRecord, Message, PlanOptions, PlanStep, StepAction, StepId,
} from '../types';
import { parseLoadBalancerRecord } from '../checks/loadBalancers';

/** The annotations the project owns on `provisioning.cattle.io` clusters (RKE1 clusters have one too). */
export const ANNOTATION_PREFIX = 'cloud-provider-migration.io';
export const JOURNAL_ANNOTATION = `${ ANNOTATION_PREFIX }/journal`;
export const JOURNAL_MAX_ENTRIES = 60;

/** `rolled-back`: a step's change reversed (its rollback write applied); `restored`: the restore of a snapshot asked for. */
/**
 * How an entry ended. `accepted`: an admin accepted the load balancer addresses as they are after the switch (the
 * verification's entry, with the record accepted).
 */
export type JournalResult = 'started' | 'applied' | 'unchanged' | 'conflict' | 'done' | 'failed' | 'rolled-back' | 'restored' | 'accepted';

/** What an entry records besides carrying a step out: the step's rollback, or the restore of the snapshot taken before it. */
export type JournalUndo = 'rollback' | 'restore';

export interface JournalEntry {
  step: StepId;
  action: StepAction;
  /** The user who acted (username or principal). */
  by: string;
  /** ISO 8601 time. */
  at: string;
  result: JournalResult;
  /** Digest of the diff the step applied (update steps). */
  digest?: string;
  /** The etcd snapshot taken before the step. */
  snapshot?: string;
  /** cordon: the nodes the migration cordoned (the uncordon gives back exactly these). */
  nodes?: string[];
  /** Why it failed, as a message. */
  message?: Message;
  /**
   * The switch: the load balancer addresses read just before it. Not kept in the entry: the journal keeps it beside
   * the entries (`Journal.loadBalancers`).
   */
  loadBalancers?: LoadBalancerRecord;
  /**
   * Set when the entry is not the step carried out but its rollback or the restore of its snapshot (`snapshot` is
   * then the one restored, or the one taken before the rollback); whatever the result, conflicts and failures too.
   */
  undo?: JournalUndo;
}

/** Who acknowledged something the tab cannot check for itself, and when (ISO 8601 time). */
export interface Acknowledgement {
  by: string;
  at: string;
}

/**
 * The choices a migration started with: shown to every admin, not editable once started. With them, who ticked the
 * AWS prerequisites (the pre-flight item to acknowledge) before the first step, and when.
 */
export type JournalChoices = Pick<PlanOptions, 'strategy' | 'targetVersion' | 'rke2ExternalMode' | 'useInstanceMetadataHostname'> & {
  awsPrerequisites?: Acknowledgement;
};

function isAcknowledgement(a: any): a is Acknowledgement {
  return !!a && typeof a === 'object' && typeof a.by === 'string' && typeof a.at === 'string';
}

function choiceText(value: unknown): string {
  const ack = value as Partial<Acknowledgement> | undefined;

  return ack && typeof ack === 'object' ? `acknowledged by ${ ack.by } at ${ ack.at }` : String(value);
}

export interface Journal {
  entries: JournalEntry[];
  /** Entries dropped to keep the journal small. */
  dropped: number;
  choices?: JournalChoices;
  /**
   * The control-plane nodes the migration cordoned and has not given back yet. Kept beside the entries, so dropping
   * old entries never forgets them; absent until a cordon is recorded.
   */
  cordoned?: string[];
  /**
   * The load balancer addresses of the Services of type LoadBalancer before the switch (the verification compares
   * with them). Kept beside the entries; the newest one recorded before the switch was applied.
   */
  loadBalancers?: LoadBalancerRecord;
  /** The annotation held something that is not a journal (kept as it was until the next write). */
  unreadable?: boolean;
}

const RESULTS: JournalResult[] = ['started', 'applied', 'unchanged', 'conflict', 'done', 'failed', 'rolled-back', 'restored', 'accepted'];
const UNDOS: JournalUndo[] = ['rollback', 'restore'];

function isEntry(e: any): e is JournalEntry {
  return !!e && typeof e === 'object' && typeof e.step === 'string' && typeof e.action === 'string' && typeof e.by === 'string' &&
    typeof e.at === 'string' && RESULTS.includes(e.result);
}

/** An entry whose `undo` is not one this version knows is kept, as the step's own entry. */
function withKnownUndo(e: JournalEntry): JournalEntry {
  if (e.undo === undefined || UNDOS.includes(e.undo)) {
    return e;
  }
  const { undo: _unknown, ...rest } = e;

  return rest;
}

/** The journal of a cluster object (an empty one when there is none; `unreadable` when the annotation is not one). */
export function readJournal(obj: Record<string, any> | undefined): Journal {
  const raw = obj?.metadata?.annotations?.[JOURNAL_ANNOTATION];

  if (typeof raw !== 'string' || !raw) {
    return { entries: [], dropped: 0 };
  }
  try {
    const parsed = JSON.parse(raw);
    const entries = Array.isArray(parsed?.entries) ? parsed.entries.filter(isEntry).map(withKnownUndo) : [];
    const journal: Journal = { entries, dropped: Number.isInteger(parsed?.dropped) && parsed.dropped > 0 ? parsed.dropped : 0 };

    if (parsed?.choices && typeof parsed.choices === 'object') {
      // An acknowledgement that is not one (no `by` or `at`) is not shown as one.
      const { awsPrerequisites, ...choices } = parsed.choices;

      journal.choices = isAcknowledgement(awsPrerequisites) ? { ...choices, awsPrerequisites } : choices;
    }
    if (Array.isArray(parsed?.cordoned)) {
      journal.cordoned = parsed.cordoned.filter((n: unknown) => typeof n === 'string');
    }
    const loadBalancers = parseLoadBalancerRecord(parsed?.loadBalancers);

    if (loadBalancers) {
      journal.loadBalancers = loadBalancers;
    }

    return journal;
  } catch {
    return { entries: [], dropped: 0, unreadable: true };
  }
}

function serialize(journal: Journal): string {
  const out: Record<string, unknown> = { entries: journal.entries, dropped: journal.dropped };

  if (journal.choices) {
    out.choices = journal.choices;
  }
  if (journal.cordoned) {
    out.cordoned = journal.cordoned;
  }
  if (journal.loadBalancers) {
    out.loadBalancers = journal.loadBalancers;
  }

  return JSON.stringify(out);
}

function withAnnotation(obj: Record<string, any>, journal: Journal): Record<string, any> {
  return {
    ...obj,
    metadata: { ...obj.metadata, annotations: { ...(obj.metadata?.annotations || {}), [JOURNAL_ANNOTATION]: serialize(journal) } },
  };
}

/** The nodes cordoned by the migration and not given back, after an entry: a cordon adds its nodes, an uncordon removes them. */
function cordonedAfter(cordoned: string[] | undefined, entry: JournalEntry): string[] | undefined {
  if (!entry.nodes?.length || (entry.action !== 'cordon' && entry.action !== 'uncordon')) {
    return cordoned;
  }
  if (entry.action === 'cordon') {
    return [...new Set([...(cordoned || []), ...entry.nodes])];
  }

  return (cordoned || []).filter((n) => !entry.nodes!.includes(n));
}

/**
 * The load balancer record after an entry: the entry's, unless the journal has one from before the switch already and
 * the step was applied since (its last entry says so) or the entry found it in place (`unchanged`: read after the
 * switch). A switch that failed, ended in a conflict or was reversed since takes the newer record; so does an
 * admin's acceptance of the addresses after the switch (an `accepted` entry of the verification, a step never
 * `applied`).
 */
function loadBalancersAfter(journal: Journal, entry: JournalEntry): LoadBalancerRecord | undefined {
  const record = entry.loadBalancers && parseLoadBalancerRecord(entry.loadBalancers);

  if (!record) {
    return journal.loadBalancers;
  }
  const last = lastEntries(journal).get(entry.step);

  // Only carrying the step out is recorded as `applied`; undoing it is recorded with another result.
  return journal.loadBalancers && (last?.result === 'applied' || entry.result === 'unchanged') ? journal.loadBalancers : record;
}

/**
 * The object with one more journal entry; the first entry also records the choices the migration starts with.
 * Everything else in the object stays as it was.
 */
export function withJournalEntry(obj: Record<string, any>, entry: JournalEntry, choices?: JournalChoices, max = JOURNAL_MAX_ENTRIES): Record<string, any> {
  const journal = readJournal(obj);
  const { loadBalancers: _recorded, ...stored } = entry;
  const entries = [...journal.entries, stored];
  const over = Math.max(0, entries.length - max);
  const next: Journal = { entries: entries.slice(over), dropped: journal.dropped + over };
  const started = journal.choices || (choices && Object.keys(choices).length ? choices : undefined);
  const cordoned = cordonedAfter(journal.cordoned, entry);

  if (started) {
    next.choices = started;
  }
  if (cordoned) {
    next.cordoned = cordoned;
  }
  const loadBalancers = loadBalancersAfter(journal, entry);

  if (loadBalancers) {
    next.loadBalancers = loadBalancers;
  }

  return withAnnotation(obj, next);
}

/** The last entry of each step, by step id. */
export function lastEntries(journal: Journal): Map<StepId, JournalEntry> {
  const out = new Map<StepId, JournalEntry>();

  journal.entries.forEach((e) => out.set(e.step, e));

  return out;
}

/** The nodes the migration cordoned and has not given back; undefined when no cordon was recorded. */
export function cordonedByMigration(journal: Journal): string[] | undefined {
  return journal.cordoned;
}

/** The load balancer addresses recorded before the switch; undefined when none was recorded. */
export function loadBalancersBefore(journal: Journal): LoadBalancerRecord | undefined {
  return journal.loadBalancers;
}

/**
 * When the tab started waiting for each live step: the time of the last journal entry of a step before it (the
 * change it waits for). Steps with no recorded step before them are left out.
 */
export function waitsStartedAt(journal: Journal, steps: Pick<PlanStep, 'id' | 'live'>[]): Partial<Record<StepId, string>> {
  const last = lastEntries(journal);
  const out: Partial<Record<StepId, string>> = {};
  let since: string | undefined;

  steps.forEach((s) => {
    if (s.live && since) {
      out[s.id] = since;
    }
    since = last.get(s.id)?.at || since;
  });

  return out;
}

/** A short digest of a step's diff, so that the journal tells which change was applied. */
export function diffDigest(diff: string | undefined): string | undefined {
  return diff ? sum(diff) : undefined;
}

/** The journal as a report an admin can attach to a change ticket. */
export function journalReport(journal: Journal, cluster: { name: string; id?: string }, render: (m: Message) => string): { markdown: string; json: string } {
  const json = JSON.stringify({ cluster, choices: journal.choices || null, dropped: journal.dropped, entries: journal.entries }, null, 2);
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `# Cloud provider migration: ${ cluster.name }`,
    '',
    ...(journal.choices ? [`Choices: ${ Object.entries(journal.choices).map(([k, v]) => `${ k }=${ choiceText(v) }`).join(', ') }`, ''] : []),
    ...(journal.dropped ? [`${ journal.dropped } older entries were dropped.`, ''] : []),
    '| When | Who | Step | Result | Diff | Snapshot | Note |',
    '|---|---|---|---|---|---|---|',
    ...journal.entries.map((e) => `| ${ cell(e.at) } | ${ cell(e.by) } | ${ cell(e.step) } | ${ e.undo ? `${ e.result } (${ e.undo })` : e.result } | ${ e.digest || '' } | ${ cell(e.snapshot || '') } | ${ cell(e.message ? render(e.message) : (e.nodes || []).join(', ')) } |`),
    '',
  ];

  return { markdown: lines.join('\n'), json };
}

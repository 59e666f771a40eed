/**
 * In-memory object store of the simulated Rancher: the one shared state between the HTTP/websocket
 * server (sim/server) and the world that reconciles over time (sim/world).
 *
 * Objects are kept as Kubernetes objects (apiVersion, kind, metadata, spec, status). The server turns
 * them into Steve or Norman JSON when it answers; controllers react to store events.
 *
 * Scope: 'local' is Rancher's own (local) cluster, where provisioning and management objects live.
 * Any other scope is a downstream cluster, named by its management cluster id (c-m-xxxxxxxx, c-xxxxx).
 *
 * Type: the Steve type name (`provisioning.cattle.io.cluster`, `management.cattle.io.cluster`, `node`,
 * `apps.daemonset`, `pod`, `coordination.k8s.io.lease`, `helm.cattle.io.helmchart`, `batch.job`,
 * `catalog.cattle.io.app`, …).
 *
 * Rules imitated:
 * - resourceVersion is one counter for the whole store, as etcd's revision is (k8s.io/apiserver storage).
 * - metadata.generation starts at 1 and is bumped when anything but metadata/status changes
 *   (k8s registry strategies, e.g. pkg/registry/apps/daemonset/strategy.go PrepareForUpdate).
 * - an update that carries a resourceVersion other than the stored one is a 409 Conflict
 *   (k8s.io/apiserver pkg/storage/etcd3/store.go GuaranteedUpdate).
 */
import { EventEmitter } from 'events';
import { randomUUID } from 'crypto';

export type Scope = string;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  resourceVersion?: string;
  uid?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [k: string]: any;
}

export interface KObj {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [k: string]: any;
}

export type StoreEventKind = 'create' | 'change' | 'remove';

export interface StoreEvent {
  kind: StoreEventKind;
  scope: Scope;
  type: string;
  obj: KObj;
  /** The object before a change or remove. */
  old?: KObj;
}

export class ConflictError extends Error {
  readonly status = 409;
  constructor(public readonly current: KObj, sent: string | undefined) {
    super(`Operation cannot be fulfilled on ${ current.kind || 'object' } "${ current.metadata.name }": the object has been modified; please apply your changes to the latest version and try again (sent resourceVersion ${ sent }, current ${ current.metadata.resourceVersion })`);
  }
}

export class NotFoundError extends Error {
  readonly status = 404;
  constructor(type: string, ns: string | undefined, name: string) {
    super(`${ type } "${ ns ? `${ ns }/` : '' }${ name }" not found`);
  }
}

export class AlreadyExistsError extends Error {
  readonly status = 409;
  constructor(type: string, ns: string | undefined, name: string) {
    super(`${ type } "${ ns ? `${ ns }/` : '' }${ name }" already exists`);
  }
}

function key(ns: string | undefined, name: string): string {
  return ns ? `${ ns }/${ name }` : name;
}

function clone<T>(o: T): T {
  return JSON.parse(JSON.stringify(o));
}

function specPart(o: KObj): string {
  const { metadata, status, ...rest } = o; // eslint-disable-line @typescript-eslint/no-unused-vars

  return JSON.stringify(rest);
}

export interface StoreOptions {
  /** Clock for creationTimestamp; tests pass a fixed one. */
  now?: () => Date;
}

/** How many removals the store remembers for watches from an older revision (the watch cache window). */
const REMOVAL_WINDOW = 1000;

/** A removed object, remembered so a watch from an older revision still learns of it. */
export interface Removal {
  scope: Scope;
  type: string;
  /** The object as it was, with the revision of its removal. */
  obj: KObj;
}

export class Store {
  private readonly data = new Map<string, Map<string, KObj>>();
  private readonly events = new EventEmitter();
  private rev = 1000;
  private readonly now: () => Date;
  private readonly removals: Removal[] = [];
  /** Revisions at or below this may have lost removals (k8s answers such watches "too old resource version"). */
  private compacted = 0;

  constructor(opts: StoreOptions = {}) {
    this.now = opts.now || (() => new Date());
    this.events.setMaxListeners(0);
  }

  /**
   * The removals of a type after `since`, oldest first, or `'too-old'` when the window no longer reaches back
   * that far (k8s.io/apiserver pkg/storage/cacher/watch_cache.go: a watch from a revision older than the cache
   * window fails with 410 "too old resource version").
   */
  removedSince(scope: Scope, type: string, since: number): Removal[] | 'too-old' {
    if (since < this.compacted) {
      return 'too-old';
    }

    return this.removals.filter((r) => r.scope === scope && r.type === type && Number(r.obj.metadata.resourceVersion) > since).map(clone);
  }

  /** Current store revision (what Steve returns as a collection's `revision`). */
  revision(): string {
    return `${ this.rev }`;
  }

  private bucket(scope: Scope, type: string): Map<string, KObj> {
    const k = `${ scope }\u0000${ type }`;
    let b = this.data.get(k);

    if (!b) {
      b = new Map();
      this.data.set(k, b);
    }

    return b;
  }

  /** Every (scope, type) pair that holds objects. */
  buckets(): { scope: Scope; type: string }[] {
    return [...this.data.keys()].map((k) => {
      const [scope, type] = k.split('\u0000');

      return { scope, type };
    });
  }

  list(scope: Scope, type: string, namespace?: string): KObj[] {
    const all = [...this.bucket(scope, type).values()];

    return clone(namespace ? all.filter((o) => o.metadata.namespace === namespace) : all);
  }

  /**
   * The stored objects themselves, not copies: for read paths that look at many objects and keep few (a Steve
   * list with selectors and pages over 5,000 nodes would otherwise copy every node on every request). Callers
   * must not mutate them, and copy (`structuredClone`) whatever they keep or hand on.
   */
  listShared(scope: Scope, type: string, namespace?: string): readonly Readonly<KObj>[] {
    const all = [...this.bucket(scope, type).values()];

    return namespace ? all.filter((o) => o.metadata.namespace === namespace) : all;
  }

  get(scope: Scope, type: string, namespace: string | undefined, name: string): KObj | undefined {
    const o = this.bucket(scope, type).get(key(namespace, name));

    return o ? clone(o) : undefined;
  }

  create(scope: Scope, type: string, obj: KObj): KObj {
    const b = this.bucket(scope, type);
    const k = key(obj.metadata.namespace, obj.metadata.name);

    if (b.has(k)) {
      throw new AlreadyExistsError(type, obj.metadata.namespace, obj.metadata.name);
    }
    const stored = clone(obj);

    stored.metadata.resourceVersion = `${ ++this.rev }`;
    stored.metadata.uid = stored.metadata.uid || randomUUID();
    stored.metadata.generation = stored.metadata.generation || 1;
    stored.metadata.creationTimestamp = stored.metadata.creationTimestamp || this.now().toISOString();
    b.set(k, stored);
    this.emit({ kind: 'create', scope, type, obj: clone(stored) });

    return clone(stored);
  }

  /**
   * Replace an object. With `checkResourceVersion` (the default) a resourceVersion in `obj` that differs
   * from the stored one is a conflict; an absent resourceVersion is an unconditional update, as in k8s.
   */
  update(scope: Scope, type: string, obj: KObj, opts: { checkResourceVersion?: boolean } = {}): KObj {
    const b = this.bucket(scope, type);
    const k = key(obj.metadata.namespace, obj.metadata.name);
    const old = b.get(k);

    if (!old) {
      throw new NotFoundError(type, obj.metadata.namespace, obj.metadata.name);
    }
    const sent = obj.metadata.resourceVersion;

    if (opts.checkResourceVersion !== false && sent !== undefined && sent !== '' && sent !== old.metadata.resourceVersion) {
      throw new ConflictError(clone(old), sent);
    }
    const stored = clone(obj);

    stored.metadata.uid = old.metadata.uid;
    stored.metadata.creationTimestamp = old.metadata.creationTimestamp;
    stored.metadata.generation = (old.metadata.generation || 1) + (specPart(old) === specPart(stored) ? 0 : 1);
    if (JSON.stringify({ ...stored, metadata: { ...stored.metadata, resourceVersion: undefined } }) === JSON.stringify({ ...old, metadata: { ...old.metadata, resourceVersion: undefined } })) {
      return clone(old); // no-op update: no new revision, no event (as the apiserver does)
    }
    stored.metadata.resourceVersion = `${ ++this.rev }`;
    b.set(k, stored);
    this.emit({ kind: 'change', scope, type, obj: clone(stored), old: clone(old) });

    return clone(stored);
  }

  /** Read-modify-write without a conflict check (for controllers). Returns undefined if absent. */
  mutate(scope: Scope, type: string, namespace: string | undefined, name: string, fn: (o: KObj) => void): KObj | undefined {
    const cur = this.get(scope, type, namespace, name);

    if (!cur) {
      return undefined;
    }
    fn(cur);

    return this.update(scope, type, cur, { checkResourceVersion: false });
  }

  delete(scope: Scope, type: string, namespace: string | undefined, name: string): KObj {
    const b = this.bucket(scope, type);
    const k = key(namespace, name);
    const old = b.get(k);

    if (!old) {
      throw new NotFoundError(type, namespace, name);
    }
    b.delete(k);
    const gone = clone(old);

    gone.metadata.resourceVersion = `${ ++this.rev }`;
    this.removals.push({ scope, type, obj: clone(gone) });
    if (this.removals.length > REMOVAL_WINDOW) {
      this.compacted = Number(this.removals.shift()!.obj.metadata.resourceVersion);
    }
    this.emit({ kind: 'remove', scope, type, obj: gone, old: clone(old) });

    return gone;
  }

  /** Drop every object (the control API's reset). Emits nothing. */
  clear(): void {
    this.data.clear();
    this.removals.length = 0;
    this.compacted = this.rev;
  }

  on(listener: (e: StoreEvent) => void): () => void {
    this.events.on('event', listener);

    return () => this.events.off('event', listener);
  }

  private emit(e: StoreEvent): void {
    this.events.emit('event', e);
  }
}

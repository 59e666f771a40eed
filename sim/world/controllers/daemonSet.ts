/**
 * The DaemonSet controller (kubernetes pkg/controller/daemon/daemon_controller.go NodeShouldRunDaemonPod):
 * - a daemon pod is created on every node that `nodeShouldRunDaemonPod` (shouldRun) accepts: the pod's nodeSelector
 *   matches the node labels and every NoSchedule/NoExecute taint is tolerated by the template's
 *   tolerations plus the ones the controller adds itself (util.AddOrUpdateDaemonPodTolerations: not-ready,
 *   unreachable, pressure, unschedulable, network-unavailable for host-network pods), so a cordon does
 *   not stop daemon pods;
 * - a pod already on a node stays while the node still matches and every NoExecute taint is tolerated
 *   (shouldContinueRunning): a new NoSchedule taint only stops new pods, the pod counts as misscheduled;
 *   pods on nodes that no longer qualify that way are deleted;
 * - RollingUpdate (update.go rollingUpdate) replaces old-generation pods while fewer than maxUnavailable
 *   are unavailable;
 * - status (desired/current/updated/ready/available/unavailable/observedGeneration) is recounted on every
 *   sync; with zero matching nodes desiredNumberScheduled is 0.
 * Fault `daemonSetNeverReady`: the CCM pods of that cluster keep crash-looping (CrashLoopBackOff, k8s/pods.ts).
 * Fault `ccmImagePullBackOff`: the CCM pods of that cluster that start while it is set cannot pull their image and
 * stay Pending in ImagePullBackOff; once it is cleared the kubelet's next pull succeeds and they start.
 */
import { KObj, StoreEvent } from '../../store';
import { isCcmPod } from '../ccmPods';
import { WorldContext } from '../context';
import {
  buildPod, nodeInternalIp, nodeIsReady, POD_IMAGE_PULL_FAILED, POD_STARTED, setPodImagePullBackOff, setPodRunning,
} from '../k8s/pods';
import { nodeSelectorMatches } from '../k8s/selector';
import { daemonPodTolerations, effectiveTaints, untoleratedTaints } from '../k8s/taints';
import { LOCAL, T } from '../types';
import { Controller } from './controller';

const TEMPLATE_GEN = 'pod-template-generation';

/** shouldRun: a daemon pod is created on the node when it has none. */
export function nodeShouldRunDaemonPod(ds: KObj, node: KObj): boolean {
  const spec = ds.spec?.template?.spec || {};

  if (!nodeSelectorMatches(spec.nodeSelector, node.metadata.labels || {})) {
    return false;
  }
  const tolerations = [...(spec.tolerations || []), ...daemonPodTolerations(!!spec.hostNetwork)];

  return untoleratedTaints(effectiveTaints(node), tolerations).length === 0;
}

/** shouldContinueRunning: a daemon pod already on the node stays unless a NoExecute taint is not tolerated. */
export function nodeShouldContinueRunningDaemonPod(ds: KObj, node: KObj): boolean {
  const spec = ds.spec?.template?.spec || {};

  if (!nodeSelectorMatches(spec.nodeSelector, node.metadata.labels || {})) {
    return false;
  }
  const tolerations = [...(spec.tolerations || []), ...daemonPodTolerations(!!spec.hostNetwork)];

  return untoleratedTaints(effectiveTaints(node).filter((t) => t.effect === 'NoExecute'), tolerations).length === 0;
}

function ownedBy(pod: KObj, ds: KObj): boolean {
  return (pod.metadata.ownerReferences || []).some((r: any) => r.kind === 'DaemonSet' && r.name === ds.metadata.name);
}

function maxUnavailable(ds: KObj, desired: number): number {
  const v = ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;

  if (typeof v === 'string' && v.endsWith('%')) {
    return Math.max(1, Math.floor(desired * parseInt(v, 10) / 100));
  }

  return Math.max(1, Number(v) || 1);
}

export class DaemonSetController implements Controller {
  readonly name = 'daemonsets';
  private readonly starting = new Set<string>();

  constructor(private readonly ctx: WorldContext) {}

  resyncAll(): void {
    for (const m of this.ctx.store.list(LOCAL, T.mgmtCluster)) {
      if (m.metadata.name !== LOCAL) {
        this.ctx.sched.enqueue(`ds/${ m.metadata.name }`, () => this.reconcile(m.metadata.name));
      }
    }
  }

  onEvent(e: StoreEvent): void {
    if (e.scope === LOCAL) {
      return;
    }
    const relevant = e.type === T.daemonSet || e.type === T.node || (e.type === T.pod && (e.obj.metadata.ownerReferences || []).some((r: any) => r.kind === 'DaemonSet'));

    if (e.type === T.daemonSet && e.kind === 'remove') {
      this.collect(e.scope, e.obj);
    }
    if (relevant) {
      this.ctx.sched.enqueue(`ds/${ e.scope }`, () => this.reconcile(e.scope));
    }
  }

  /**
   * The garbage collector's part: a deleted DaemonSet's pods go with it (background propagation, what `helm uninstall`
   * and `kubectl delete` use; kubernetes pkg/controller/garbagecollector).
   */
  private collect(scope: string, ds: KObj): void {
    const ns = ds.metadata.namespace!;

    for (const p of this.ctx.store.list(scope, T.pod, ns).filter((x) => ownedBy(x, ds))) {
      this.ctx.store.delete(scope, T.pod, ns, p.metadata.name);
    }
  }

  /** Sync every DaemonSet of a downstream cluster. `instant` starts pods at once (seeding). */
  reconcile(scope: string, instant = false): void {
    const { store } = this.ctx;
    const daemonSets = store.list(scope, T.daemonSet);

    if (!daemonSets.length) {
      return;
    }
    const nodes = store.list(scope, T.node);

    for (const ds of daemonSets) {
      this.sync(scope, ds, nodes, instant);
    }
  }

  private sync(scope: string, ds: KObj, nodes: KObj[], instant: boolean): void {
    const { store, ids } = this.ctx;
    const ns = ds.metadata.namespace!;
    const gen = `${ ds.metadata.generation || 1 }`;
    const now = this.ctx.now();
    const nodeByName = new Map(nodes.map((n) => [n.metadata.name, n]));
    const eligible = new Set(nodes.filter((n) => nodeShouldRunDaemonPod(ds, n)).map((n) => n.metadata.name));
    const keep = new Set(nodes.filter((n) => nodeShouldContinueRunningDaemonPod(ds, n)).map((n) => n.metadata.name));
    let pods = store.list(scope, T.pod, ns).filter((p) => ownedBy(p, ds));

    // Pods on nodes that are gone or where they may not continue running (NoExecute) go away; a new
    // NoSchedule taint only stops new pods.
    for (const p of pods.filter((x) => !keep.has(x.spec?.nodeName))) {
      store.delete(scope, T.pod, ns, p.metadata.name);
    }
    pods = pods.filter((p) => keep.has(p.spec?.nodeName));
    const misscheduled = pods.filter((p) => !eligible.has(p.spec?.nodeName));

    pods = pods.filter((p) => eligible.has(p.spec?.nodeName));
    const byNode = new Map(pods.map((p) => [p.spec.nodeName, p]));
    const isCcm = isCcmPod({ metadata: { name: '' }, spec: ds.spec?.template?.spec });
    const neverReady = this.ctx.faults.daemonSetNeverReady.has(scope) && isCcm;
    const pullFails = this.ctx.faults.ccmImagePullBackOff.has(scope) && isCcm;
    const desiredReady = (p: KObj) => !neverReady && nodeIsReady(nodeByName.get(p.spec?.nodeName));
    const notReadyWhy = neverReady ? 'crash' : 'node';
    const owner = {
      apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name, uid: ds.metadata.uid || ''
    };
    const createPod = (nodeName: string) => {
      const pod = buildPod(`${ ds.metadata.name }-${ ids.suffix() }`, ns, owner, ds.spec.template, nodeName, ids.uuid(), now, { [TEMPLATE_GEN]: gen, 'controller-revision-hash': `${ ds.metadata.name }-${ gen }` });

      if (instant && pullFails) {
        setPodImagePullBackOff(pod, nodeInternalIp(nodeByName.get(nodeName)), now);
      } else if (instant) {
        setPodRunning(pod, desiredReady(pod), nodeInternalIp(nodeByName.get(nodeName)), now, notReadyWhy);
      }
      const created = store.create(scope, T.pod, pod);

      byNode.set(nodeName, created);
      if (!instant) {
        this.startLater(scope, ns, created.metadata.name);
      }
    };

    for (const nodeName of eligible) {
      if (!byNode.has(nodeName)) {
        createPod(nodeName);
      }
    }
    // Readiness follows node health and the fault for pods whose containers already started; a pod whose image
    // could not be pulled starts once the fault is gone.
    for (const p of byNode.values()) {
      if (p.metadata.annotations?.[POD_IMAGE_PULL_FAILED] === 'true' && !pullFails) {
        this.startLater(scope, ns, p.metadata.name);
      }
      if (p.metadata.annotations?.[POD_STARTED] !== 'true') {
        continue;
      }
      const want = desiredReady(p);
      const isReady = (p.status?.conditions || []).some((c: any) => c.type === 'Ready' && c.status === 'True');

      if (want !== isReady) {
        store.mutate(scope, T.pod, ns, p.metadata.name, (x) => setPodRunning(x, want, nodeInternalIp(nodeByName.get(p.spec.nodeName)), now, notReadyWhy));
      }
    }
    // Rolling update: replace old-generation pods while the unavailable budget allows.
    const isAvailable = (p: KObj) => (p.status?.conditions || []).some((c: any) => c.type === 'Ready' && c.status === 'True');
    let unavailable = [...byNode.values()].filter((p) => !isAvailable(p)).length + (eligible.size - byNode.size);
    const budget = maxUnavailable(ds, eligible.size);

    for (const p of [...byNode.values()].filter((x) => x.metadata.labels?.[TEMPLATE_GEN] !== gen)) {
      const wasAvailable = isAvailable(p);

      if (wasAvailable && unavailable >= budget) {
        break;
      }
      store.delete(scope, T.pod, ns, p.metadata.name);
      createPod(p.spec.nodeName);
      if (wasAvailable && !instant) {
        unavailable++;
      }
    }
    // An old-generation pod left on a node that no longer takes new daemon pods is deleted, not replaced.
    for (const p of misscheduled.filter((x) => x.metadata.labels?.[TEMPLATE_GEN] !== gen)) {
      store.delete(scope, T.pod, ns, p.metadata.name);
    }
    const stillMisscheduled = misscheduled.filter((x) => x.metadata.labels?.[TEMPLATE_GEN] === gen).length;

    this.writeStatus(scope, ds, [...byNode.values()], eligible.size, gen, stillMisscheduled);
  }

  private writeStatus(scope: string, ds: KObj, podsIn: KObj[], desired: number, gen: string, misscheduled: number): void {
    const { store } = this.ctx;
    const pods = podsIn.map((p) => store.get(scope, T.pod, p.metadata.namespace, p.metadata.name)).filter((p): p is KObj => !!p);
    const ready = pods.filter((p) => (p.status?.conditions || []).some((c: any) => c.type === 'Ready' && c.status === 'True'));
    const updated = pods.filter((p) => p.metadata.labels?.[TEMPLATE_GEN] === gen);
    const status = {
      currentNumberScheduled: pods.length,
      desiredNumberScheduled: desired,
      numberMisscheduled:     misscheduled,
      numberReady:            ready.length,
      numberAvailable:        ready.length,
      numberUnavailable:      Math.max(0, desired - ready.length),
      updatedNumberScheduled: updated.length,
      observedGeneration:     ds.metadata.generation || 1,
    };

    store.mutate(scope, T.daemonSet, ds.metadata.namespace, ds.metadata.name, (d) => {
      const s: Record<string, any> = { ...(d.status || {}), ...status };

      if (s.numberAvailable === 0) {
        delete s.numberAvailable; // k8s omits zero-valued optional counters (omitempty)
      }
      if (s.numberUnavailable === 0) {
        delete s.numberUnavailable;
      }
      d.status = s;
    });
  }

  private startLater(scope: string, ns: string, name: string): void {
    const key = `${ scope }/${ ns }/${ name }`;

    if (this.starting.has(key)) {
      return;
    }
    this.starting.add(key);
    this.ctx.sched.after(this.ctx.durations.podStart, () => {
      this.starting.delete(key);
      const pod = this.ctx.store.get(scope, T.pod, ns, name);

      if (!pod) {
        return;
      }
      const node = this.ctx.store.get(scope, T.node, undefined, pod.spec?.nodeName);
      const neverReady = this.ctx.faults.daemonSetNeverReady.has(scope) && isCcmPod(pod);

      if (this.ctx.faults.ccmImagePullBackOff.has(scope) && isCcmPod(pod)) {
        this.ctx.store.mutate(scope, T.pod, ns, name, (p) => setPodImagePullBackOff(p, nodeInternalIp(node), this.ctx.now()));

        return;
      }
      this.ctx.store.mutate(scope, T.pod, ns, name, (p) => setPodRunning(p, !neverReady && nodeIsReady(node), nodeInternalIp(node), this.ctx.now(), neverReady ? 'crash' : 'node'));
    });
  }
}

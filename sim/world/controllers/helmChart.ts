/**
 * The RKE2 side of add-ons:
 * 1. additionalManifest application (k3s pkg/deploy/controller.go, Rancher writing the manifest to the
 *    servers): every document is created or updated in the downstream cluster (with the apiserver's defaults of
 *    the storage kinds, k8s/storage.ts); objects that a previous manifest created and the new one no longer has
 *    are deleted.
 * 2. helm-controller (k3s-io/helm-controller pkg/controllers/chart/chart.go): a HelmChart whose spec changed
 *    gets a fresh `helm-install-<name>` Job; its pod is scheduled like the kube-scheduler would (a bootstrap
 *    chart only on schedulable control-plane nodes) and stays Pending otherwise; once the Job completes the
 *    release is installed (the CCM DaemonSet rendered from the values). Deleting a HelmChart uninstalls.
 */
import { parse as parseYaml } from 'yaml';
import { KObj, StoreEvent } from '../../store';
import { WorldContext } from '../context';
import { overlayUserValues, applySet } from '../chart/helmValues';
import { CONFIG_HASH, chartConfigHash, helmInstallJob } from '../chart/helmJob';
import { parseManifest, steveType } from '../chart/manifest';
import { installRelease, uninstallRelease } from '../chart/release';
import { setCondition } from '../k8s/conditions';
import {
  buildPod, nodeInternalIp, setPodFailed, setPodPending, setPodRunning, setPodSucceeded,
} from '../k8s/pods';
import { schedulePod } from '../k8s/scheduling';
import { withApiDefaults } from '../k8s/storage';
import { LOCAL, T } from '../types';
import { Controller } from './controller';

export const MANIFEST_SOURCE = 'sim.cattle.io/source';
const CLUSTER_SCOPED = new Set(['Namespace', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'IngressClass', 'PersistentVolume', 'Node']);

export class HelmChartController implements Controller {
  readonly name = 'helmcharts';
  private readonly running = new Set<string>();

  constructor(private readonly ctx: WorldContext) {}

  onEvent(e: StoreEvent): void {
    if (e.scope === LOCAL) {
      return;
    }
    if (e.type === T.helmChart) {
      const key = `${ e.scope }/${ e.obj.metadata.namespace }/${ e.obj.metadata.name }`;

      if (e.kind === 'remove') {
        this.ctx.sched.enqueue(`helm-rm/${ key }`, () => this.uninstall(e.scope, e.obj));
      } else {
        this.ctx.sched.enqueue(`helm/${ key }`, () => this.reconcile(e.scope, e.obj.metadata.namespace!, e.obj.metadata.name));
      }
    } else if (e.type === T.node && e.kind !== 'create' && this.schedulingChanged(e)) {
      this.ctx.sched.enqueue(`helm-pending/${ e.scope }`, () => this.retryPending(e.scope));
    } else if (e.type === T.node && e.kind === 'create') {
      this.ctx.sched.enqueue(`helm-pending/${ e.scope }`, () => this.retryPending(e.scope));
    }
  }

  private schedulingChanged(e: StoreEvent): boolean {
    const pick = (n?: KObj) => JSON.stringify([n?.spec?.unschedulable, n?.spec?.taints, n?.metadata.labels, (n?.status?.conditions || []).find((c: any) => c.type === 'Ready')?.status]);

    return pick(e.obj) !== pick(e.old);
  }

  /** Apply an additionalManifest to a downstream cluster. Returns an error message for invalid YAML. */
  applyManifest(scope: string, text: string | undefined, instant = false): string | undefined {
    const { store } = this.ctx;
    const parsed = parseManifest(text);

    if (parsed.error) {
      return parsed.error;
    }
    const keep = new Set<string>();

    for (const obj of parsed.objects) {
      const type = steveType(obj);
      const ns = CLUSTER_SCOPED.has(obj.kind || '') ? undefined : (obj.metadata.namespace || 'default');

      obj.metadata = { ...obj.metadata, namespace: ns, annotations: { ...(obj.metadata.annotations || {}), [MANIFEST_SOURCE]: 'additional-manifest' } };
      if (!ns) {
        delete obj.metadata.namespace;
      }
      keep.add(`${ type }|${ ns || '' }|${ obj.metadata.name }`);
      const cur = store.get(scope, type, ns, obj.metadata.name);

      if (!cur) {
        store.create(scope, type, withApiDefaults(obj));
      } else {
        const { metadata, ...rest } = withApiDefaults(obj);

        store.mutate(scope, type, ns, obj.metadata.name, (o) => {
          for (const k of Object.keys(o)) {
            if (k !== 'metadata' && k !== 'status') {
              delete o[k];
            }
          }
          Object.assign(o, rest);
          o.metadata.labels = metadata.labels || o.metadata.labels;
          o.metadata.annotations = { ...(o.metadata.annotations || {}), ...metadata.annotations };
        });
      }
      if (instant && type === T.helmChart) {
        this.reconcile(scope, ns!, obj.metadata.name, true);
      }
    }
    // Prune what an earlier manifest created and this one no longer lists.
    for (const { scope: s, type } of store.buckets()) {
      if (s !== scope || type === T.node || type === T.pod || type === T.lease) {
        continue;
      }
      for (const o of store.list(scope, type)) {
        if (o.metadata.annotations?.[MANIFEST_SOURCE] === 'additional-manifest' && !keep.has(`${ type }|${ o.metadata.namespace || '' }|${ o.metadata.name }`)) {
          store.delete(scope, type, o.metadata.namespace, o.metadata.name);
        }
      }
    }

    return undefined;
  }

  /** Make sure the chart's install Job matches its spec; run it when it can be scheduled. */
  reconcile(scope: string, ns: string, name: string, instant = false): void {
    const { store } = this.ctx;
    const chart = store.get(scope, T.helmChart, ns, name);

    if (!chart) {
      return;
    }
    const hash = chartConfigHash(chart);
    const jobName = `helm-install-${ name }`;
    const job = store.get(scope, T.job, ns, jobName);

    if (job && job.metadata.annotations?.[CONFIG_HASH] === hash) {
      if (!job.status?.succeeded && !job.status?.failed) {
        this.trySchedule(scope, ns, jobName, instant);
      }

      return;
    }
    if (job) {
      store.delete(scope, T.job, ns, jobName);
      for (const p of this.jobPods(scope, ns, jobName)) {
        store.delete(scope, T.pod, ns, p.metadata.name);
      }
    }
    const newJob = helmInstallJob(chart);

    newJob.status = { active: 1, startTime: this.ctx.now() };
    const created = store.create(scope, T.job, newJob);
    const controllerUid = created.metadata.uid || '';

    // The Job controller labels its pods with the Job's name and uid, prefixed and legacy (batch strategy generateSelector).
    store.create(scope, T.pod, buildPod(`${ jobName }-${ this.ctx.ids.suffix() }`, ns, {
      apiVersion: 'batch/v1', kind: 'Job', name: jobName, uid: controllerUid
    }, newJob.spec.template, undefined, this.ctx.ids.uuid(), this.ctx.now(), {
      'batch.kubernetes.io/controller-uid': controllerUid, 'batch.kubernetes.io/job-name': jobName, 'controller-uid': controllerUid, 'job-name': jobName,
    }));
    store.mutate(scope, T.helmChart, ns, name, (c) => {
      c.status = c.status || {};
      c.status.jobName = jobName;
      setCondition(c.status, 'JobCreated', 'True', '', '', this.ctx.now());
      setCondition(c.status, 'Failed', 'False', '', '', this.ctx.now());
    });
    this.trySchedule(scope, ns, jobName, instant);
  }

  private jobPods(scope: string, ns: string, jobName: string): KObj[] {
    return this.ctx.store.list(scope, T.pod, ns).filter((p) => p.metadata.labels?.['job-name'] === jobName);
  }

  private retryPending(scope: string): void {
    for (const job of this.ctx.store.list(scope, T.job)) {
      if (job.status?.active && !this.running.has(`${ scope }/${ job.metadata.namespace }/${ job.metadata.name }`)) {
        this.trySchedule(scope, job.metadata.namespace!, job.metadata.name);
      }
    }
  }

  private trySchedule(scope: string, ns: string, jobName: string, instant = false): void {
    const { store } = this.ctx;
    const pod = this.jobPods(scope, ns, jobName).find((p) => p.status?.phase === 'Pending');
    const key = `${ scope }/${ ns }/${ jobName }`;

    if (!pod || this.running.has(key)) {
      return;
    }
    const result = schedulePod(pod.spec || {}, store.list(scope, T.node));
    const now = this.ctx.now();

    if (!result.node) {
      if (pod.status?.conditions?.[0]?.message !== result.message) {
        store.mutate(scope, T.pod, ns, pod.metadata.name, (p) => setPodPending(p, result.message, now));
      }

      return;
    }
    const nodeName = result.node.metadata.name;
    const ip = nodeInternalIp(result.node);

    store.mutate(scope, T.pod, ns, pod.metadata.name, (p) => {
      p.spec.nodeName = nodeName;
      setPodRunning(p, true, ip, now);
    });
    const finish = () => {
      this.running.delete(key);
      this.complete(scope, ns, jobName, pod.metadata.name);
    };

    this.running.add(key);
    if (instant) {
      finish();
    } else {
      this.ctx.sched.after(this.ctx.durations.helmJob, finish);
    }
  }

  private complete(scope: string, ns: string, jobName: string, podName: string): void {
    const { store } = this.ctx;
    const job = store.get(scope, T.job, ns, jobName);
    const chartName = job?.metadata.labels?.['helmcharts.helm.cattle.io/chart'];
    const chart = chartName ? store.get(scope, T.helmChart, ns, chartName) : undefined;

    if (!job || !chart || job.metadata.annotations?.[CONFIG_HASH] !== chartConfigHash(chart)) {
      return; // superseded by a newer spec
    }
    const now = this.ctx.now();
    let values: Record<string, any> = {};
    let error = '';

    try {
      // helm-controller mounts values-0-000-HelmChart-ValuesContent.yaml, then values-0-001-HelmChart-Values.yaml:
      // the later file wins, so spec.values override spec.valuesContent.
      values = overlayUserValues(parseYaml(chart.spec?.valuesContent || '') || {}, chart.spec?.values || {});
      values = applySet(values, chart.spec?.set);
    } catch (e: any) {
      error = `Error: failed to parse values: ${ e.message }`;
    }
    if (!error) {
      installRelease(this.ctx, scope, chart.spec?.chart || '', chartName!, chart.spec?.targetNamespace || ns, chart.spec?.version, values);
    }
    store.mutate(scope, T.pod, ns, podName, (p) => (error ? setPodFailed(p, now) : setPodSucceeded(p, now)));
    // The Job controller's own failure condition (job_controller.go syncJob); helm's error is in the pod's log and
    // on the HelmChart's Failed condition below. A zero `active` is omitted, as the API omits empty counters.
    store.mutate(scope, T.job, ns, jobName, (j) => {
      j.status = error ? {
        ...j.status,
        failed:     1,
        conditions: [{
          type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: now, lastTransitionTime: now
        }],
      } : {
        ...j.status, succeeded: 1, completionTime: now, conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: now }]
      };
      delete j.status.active;
    });
    store.mutate(scope, T.helmChart, ns, chartName!, (c) => {
      c.status = c.status || {};
      setCondition(c.status, 'Failed', error ? 'True' : 'False', error, error ? 'Error' : '', now);
    });
  }

  private uninstall(scope: string, chart: KObj): void {
    const ns = chart.metadata.namespace!;
    const jobName = `helm-install-${ chart.metadata.name }`;

    if (this.ctx.store.get(scope, T.job, ns, jobName)) {
      this.ctx.store.delete(scope, T.job, ns, jobName);
    }
    for (const p of this.jobPods(scope, ns, jobName)) {
      this.ctx.store.delete(scope, T.pod, ns, p.metadata.name);
    }
    uninstallRelease(this.ctx, scope, chart.metadata.name);
  }
}

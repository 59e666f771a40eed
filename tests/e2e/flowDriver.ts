/**
 * Carries out a migration plan against the simulated Rancher through its real HTTP API, as an admin with
 * kubectl (or the tab) would: every update step re-reads the cluster, re-plans from the fresh object and writes
 * that plan's step object through the api layer's conflict protocol; every live step is judged by the ENGINE's
 * checks on what the downstream cluster reports, polling until done (never fixed sleeps).
 */
import { readFileSync } from 'fs';
import path from 'path';
import { parse as parseYaml } from 'yaml';
import {
  jsonEqual, planMigration, renderMessage, checkDaemonSetRollout, checkProviderIds, checkUninitializedTaint, checkMigrationLease, checkCordon, checkChartRelease, controlPlaneNodes, nodesToChange, CCM_DAEMONSET,
} from '../../pkg/cloud-provider-migration/engine';
import type {
  CheckResult, Distro, Message, MigrationPlan, NodeLike, PlanOptions, PlanStep, StepId, ChartSpec,
} from '../../pkg/cloud-provider-migration/engine';
import {
  applyClusterStep, getManagementCluster, getNormanCluster, getProvisioningCluster, isClusterReady, listLeases,
  listNodes, putNormanCluster, putProvisioningCluster, readObservations, request, setUnschedulable, clusterPrefix,
  JSON_HEADERS,
} from '../../pkg/cloud-provider-migration/api';
import type { ClusterStepResult, StoreLike } from '../../pkg/cloud-provider-migration/api';
import { ROOT, type Sim } from './harness';

type Obj = Record<string, any>;

const L10N = parseYaml(readFileSync(path.join(ROOT, 'pkg/cloud-provider-migration/l10n/en-us.yaml'), 'utf8'));

/** A check verdict in English, with its details: what a failing flow reports. */
export function describeCheck(check: CheckResult): string {
  const render = (m: Message) => {
    const text = renderMessage(m, L10N);

    return text === m.key && m.params ? `${ m.key } ${ JSON.stringify(m.params) }` : text;
  };

  return [render(check.message), ...(check.details || []).map((d) => `  - ${ render(d) }`)].join('\n');
}

/**
 * The shell store's `management/request` / `rancher/request` actions over fetch, with the admin's session cookie.
 * A failure rejects like steve/actions.js does: the parsed error body with `_status` (non-enumerable).
 */
export function httpStore(baseUrl: string, cookie: string, log: string[] = []): StoreLike {
  return {
    async dispatch(type: string, payload: any) {
      if (type !== 'management/request' && type !== 'rancher/request') {
        throw new Error(`httpStore: unsupported action ${ type }`);
      }
      const method = (payload.method || 'get').toUpperCase();
      const r = await fetch(`${ baseUrl }${ payload.url }`, {
        method,
        headers: { ...JSON_HEADERS, ...(payload.headers || {}), cookie },
        body:    payload.data === undefined ? undefined : JSON.stringify(payload.data),
      });
      const text = await r.text();
      let body: any = text;

      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // keep the text
      }
      log.push(`${ method } ${ payload.url } ${ r.status }`);
      if (!r.ok) {
        const err = body && typeof body === 'object' ? body : { message: String(body || r.statusText) };

        Object.defineProperty(err, '_status', { value: r.status, enumerable: false });
        throw err;
      }

      return body;
    },
  };
}

export interface FlowTarget {
  /** Provisioning name (RKE2) or Norman id (RKE1). */
  name: string;
  /** Management cluster id (downstream scope). */
  clusterId: string;
  distro: Distro;
  options: PlanOptions;
}

export interface DriverOptions {
  timeoutMs?: number;
  pollMs?: number;
}

/** Called after every step: the flow's invariants (cluster healthy, no stuck Job…). */
export type StepHook = (step: PlanStep, driver: FlowDriver) => Promise<void>;

export interface StepRecord {
  id: StepId;
  action: string;
  /** update-cluster: the outcome of the conflict protocol. */
  write?: ClusterStepResult['outcome'];
  /** live steps: the final verdict. */
  check?: CheckResult;
}

function conditionOf(obj: Obj | undefined, type: string): { status?: string; message?: string } | undefined {
  return (obj?.status?.conditions || obj?.conditions || []).find((c: any) => c.type === type);
}

export class FlowDriver {
  readonly store: StoreLike;
  readonly requests: string[] = [];
  readonly records: StepRecord[] = [];
  private readonly timeoutMs: number;
  private readonly pollMs: number;

  constructor(readonly sim: Sim, cookie: string, readonly target: FlowTarget, opts: DriverOptions = {}) {
    this.store = httpStore(sim.url, cookie, this.requests);
    this.timeoutMs = opts.timeoutMs ?? 45000;
    this.pollMs = opts.pollMs ?? 100;
  }

  // ---- reads ----

  readCluster(): Promise<Obj> {
    return this.target.distro === 'rke2' ? getProvisioningCluster(this.store, `fleet-default/${ this.target.name }`) : getNormanCluster(this.store, this.target.name);
  }

  async plan(obj?: Obj): Promise<MigrationPlan> {
    return planMigration(obj || await this.readCluster(), this.target.options);
  }

  nodes(selector?: string): Promise<NodeLike[]> {
    return listNodes(this.store, this.target.clusterId, selector);
  }

  /** A downstream object through Steve, or null when it does not exist. */
  async downstream(type: string, id: string): Promise<Obj | null> {
    try {
      return await request(this.store, 'management', { url: `${ clusterPrefix(this.target.clusterId) }/v1/${ type }/${ id }` });
    } catch (e: any) {
      if (e?.code === 'NOT_FOUND') {
        return null;
      }
      throw e;
    }
  }

  async downstreamList(type: string, namespace?: string): Promise<Obj[]> {
    const page = await request(this.store, 'management', { url: `${ clusterPrefix(this.target.clusterId) }/v1/${ type }${ namespace ? `/${ namespace }` : '' }` });

    return page?.data || [];
  }

  // ---- polling ----

  /** Polls `probe` until it returns state done; fails with the last verdict on timeout or on `failed`. */
  async until(what: string, probe: () => Promise<CheckResult>, opts: { failFast?: boolean } = {}): Promise<CheckResult> {
    const deadline = Date.now() + this.timeoutMs;
    let last: CheckResult | undefined;

    for (;;) {
      last = await probe();
      if (last.state === 'done') {
        return last;
      }
      if (last.state === 'failed' && opts.failFast !== false) {
        throw new Error(`${ this.target.name }: ${ what } failed: ${ describeCheck(last) }`);
      }
      if (Date.now() > deadline) {
        throw new Error(`${ this.target.name }: ${ what } timed out after ${ this.timeoutMs } ms: ${ describeCheck(last) }`);
      }
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }

  // ---- the plan ----

  /** Runs every step of the plan made from the cluster as it is now, in order, calling `afterStep` after each. */
  async runPlan(afterStep?: StepHook, beforeStep?: StepHook): Promise<MigrationPlan> {
    const initial = await this.plan();

    for (const first of initial.steps) {
      const plan = await this.plan();
      // Once switched, a cluster with a target version is planned as the upgrade alone (the engine cannot tell
      // "migrated long ago" from "switched a minute ago"); an admin following the plan they started still waits,
      // verifies and uncordons, so the live steps of the started plan are carried out as they were.
      const step = plan.steps.find((s) => s.id === first.id) || (plan.status === 'migrated' && first.live ? first : undefined);

      if (!step) {
        throw new Error(`${ this.target.name }: step ${ first.id } vanished from the re-plan`);
      }
      await beforeStep?.(step, this);
      await this.runStep(step);
      await afterStep?.(step, this);
    }

    return initial;
  }

  async runStep(step: PlanStep): Promise<StepRecord> {
    const record: StepRecord = { id: step.id, action: step.action };

    switch (step.action) {
      case 'update-cluster':
        record.write = (await this.updateCluster(step.id)).outcome;
        break;
      case 'wait-cluster':
        record.check = await this.waitCluster();
        break;
      case 'cordon':
      case 'uncordon':
        record.check = await this.cordon(step.action === 'cordon');
        break;
      case 'install-chart':
        record.check = await this.installChart(step.chart!);
        break;
      case 'wait-rollout':
        record.check = await this.until('CCM rollout', async () => checkDaemonSetRollout(
          await this.downstream('apps.daemonsets', `${ CCM_DAEMONSET.namespace }/${ CCM_DAEMONSET.name }`) as any,
          { controlPlaneNodes: controlPlaneNodes(await this.nodes(), this.target.distro).length, distro: this.target.distro },
        ), { failFast: false });
        break;
      case 'verify':
        record.check = step.id === 'verify-migration-lease' ? await this.until('migration lease', async () => checkMigrationLease(await listLeases(this.store, this.target.clusterId), 'ccm')) : await this.until('provider ids', async () => {
          const nodes = await this.nodes();
          const ids = checkProviderIds(nodes);

          return ids.state === 'done' ? checkUninitializedTaint(nodes) : ids;
        });
        break;
      default:
        throw new Error(`no driver for action ${ step.action }`);
    }
    this.records.push(record);

    return record;
  }

  /** Re-plan from the fresh object and write that plan's step object (api layer conflict protocol). */
  async updateCluster(id: StepId): Promise<ClusterStepResult> {
    const derive = (fresh: Obj) => {
      const step = planMigration(fresh, this.target.options).steps.find((s) => s.id === id);

      if (!step?.object) {
        throw new Error(`${ this.target.name }: the re-plan has no object for ${ id }`);
      }

      return step.object;
    };
    const rke2 = this.target.distro === 'rke2';
    const result = await applyClusterStep(this.store, {
      read:      () => this.readCluster(),
      write:     (s, obj) => (rke2 ? putProvisioningCluster(s, obj) : putNormanCluster(s, obj)),
      derive,
      ownedPart: (obj) => (rke2 ? obj.spec : obj.rancherKubernetesEngineConfig),
    });

    if (result.outcome === 'conflict') {
      throw new Error(`${ this.target.name }: ${ id } ended in a conflict for the user to resolve`);
    }

    return result;
  }

  /**
   * Rancher has reconciled the last write: RKE2 — the provisioning cluster observed its generation and reports
   * Updated and Ready; RKE1 — the applied spec equals the spec. Both: the management cluster Ready, not Updating.
   * An Updated=False condition fails at once with Rancher's message.
   */
  async waitCluster(): Promise<CheckResult> {
    return this.until('wait for the cluster', async () => {
      const mgmt = await getManagementCluster(this.store, this.target.clusterId);
      let caughtUp: boolean;
      let updated: { status?: string; message?: string } | undefined;

      if (this.target.distro === 'rke2') {
        const prov = await getProvisioningCluster(this.store, `fleet-default/${ this.target.name }`);

        caughtUp = (prov.status?.observedGeneration || 0) >= (prov.metadata?.generation || 0) && conditionOf(prov, 'Ready')?.status === 'True';
        updated = conditionOf(prov, 'Updated');
      } else {
        // Rancher adds `nodes` and `systemImages` to the applied spec, so it never equals the spec
        // (docs/rancher-behaviour.md#rke1-applied-spec): every key the spec has must be applied as it is.
        const spec = mgmt.spec?.rancherKubernetesEngineConfig || {};
        const applied = mgmt.status?.appliedSpec?.rancherKubernetesEngineConfig || {};

        caughtUp = Object.keys(spec).every((k) => jsonEqual(spec[k], applied[k]));
        updated = conditionOf(mgmt, 'Updated');
      }
      // Rancher's own condition message is not an engine message: it is carried as an unknown key with params.
      const rancher: Message[] = updated?.message ? [{ key: 'rancher.Updated', params: { status: updated.status || '', message: updated.message } }] : [];

      if (updated?.status === 'False') {
        return { state: 'failed', message: { key: 'checks.clusterReconcile.updating' }, details: rancher };
      }
      if (caughtUp && updated?.status === 'True' && isClusterReady(mgmt)) {
        return { state: 'done', message: { key: 'checks.clusterReconcile.ready' } };
      }

      return { state: 'waiting', message: { key: 'checks.clusterReconcile.updating' }, details: rancher };
    });
  }

  /** `kubectl cordon|uncordon -l <control-plane selector>`: strategic-merge PATCH of each node that differs. */
  async cordon(cordon: boolean): Promise<CheckResult> {
    const want = cordon ? 'cordoned' : 'uncordoned';
    const distro = this.target.distro;

    for (const node of nodesToChange(await this.nodes(), distro, want)) {
      await setUnschedulable(this.store, this.target.clusterId, node.metadata.name, cordon);
    }

    return this.until(want, async () => checkCordon(await this.nodes(), distro, want));
  }

  /** RKE1: the chart through Rancher's app install (cluster repo created from the chart's URL when missing). */
  async installChart(chart: ChartSpec): Promise<CheckResult> {
    const prefix = clusterPrefix(this.target.clusterId);
    const repos = await this.downstreamList('catalog.cattle.io.clusterrepos');
    let repo = repos.find((r) => r.spec?.url === chart.repo)?.metadata?.name;

    if (!repo) {
      repo = chart.name;
      await request(this.store, 'management', {
        url:     `${ prefix }/v1/catalog.cattle.io.clusterrepos`,
        method:  'post',
        headers: JSON_HEADERS,
        data:    {
          type: 'catalog.cattle.io.clusterrepo', apiVersion: 'catalog.cattle.io/v1', kind: 'ClusterRepo', metadata: { name: repo }, spec: { url: chart.repo }
        },
      });
    }
    const existing = await this.downstream('catalog.cattle.io.apps', `${ chart.namespace }/${ chart.name }`);
    const action = existing ? 'upgrade' : 'install';

    await request(this.store, 'management', {
      url:     `${ prefix }/v1/catalog.cattle.io.clusterrepos/${ repo }?action=${ action }`,
      method:  'post',
      headers: JSON_HEADERS,
      data:    {
        namespace: chart.namespace,
        charts:    [{
          chartName: chart.name, version: chart.version, releaseName: chart.name, values: chart.values, annotations: {}, ...(action === 'upgrade' ? { resetValues: true } : {}),
        }],
      },
    });

    return this.until(`helm ${ action } of ${ chart.name }`, async () => {
      const app = await this.downstream('catalog.cattle.io.apps', `${ chart.namespace }/${ chart.name }`);
      const deployed = app?.spec?.info?.status === 'deployed';

      return checkChartRelease(deployed ? { version: app?.spec?.chart?.metadata?.version, values: app?.spec?.values || {} } : null, chart);
    });
  }

  /**
   * After the last step (the plan ends on the optional cleanup write, with no wait after it): the cluster
   * reconciled, and the CCM DaemonSet rolled out with a template that no longer asks for leader migration.
   */
  async settle(): Promise<void> {
    await this.waitCluster();
    await this.until('CCM rollout without leader migration', async () => {
      const ds = await this.downstream('apps.daemonsets', `${ CCM_DAEMONSET.namespace }/${ CCM_DAEMONSET.name }`);
      const rollout = checkDaemonSetRollout(ds as any, { controlPlaneNodes: controlPlaneNodes(await this.nodes(), this.target.distro).length, distro: this.target.distro });
      const args: string[] = (ds?.spec?.template?.spec?.containers || []).flatMap((c: any) => c.args || []);

      return rollout.state === 'done' && args.some((a) => a.includes('enable-leader-migration')) ? { state: 'waiting', message: { key: 'flow.ccmStillMigrating', params: { args: args.join(' ') } } } : rollout;
    }, { failFast: false });
  }

  /** Everything the tab would read, through the api layer. */
  observations() {
    return readObservations(this.store, { clusterId: this.target.clusterId, distro: this.target.distro });
  }
}

/**
 * Rancher's app install (rancher/rancher pkg/catalogv2/helmop/operation.go): the server records an Operation
 * and an App `pending-install|pending-upgrade`; Rancher runs `helm` from a pod of its own (no pinning to
 * downstream control-plane nodes, so cordons do not matter), and the App turns `deployed`.
 * The release is rendered with the chart defaults coalesced with `spec.chart.values` and the user's `spec.values`.
 * An app the server turned `uninstalling` (its `uninstall` action, sim/server/catalog-actions.ts appAction) loses its
 * release once the helm pod has run, then goes itself (Rancher's App is owned by the release secret that
 * `helm uninstall` deletes), and its Operation ends `Reconciling` False, `Stalled` False
 * (rancher/rancher pkg/controllers/dashboard/helm/operations.go).
 */
import { StoreEvent } from '../../store';
import { WorldContext } from '../context';
import { overlayUserValues } from '../chart/helmValues';
import { installRelease, uninstallRelease } from '../chart/release';
import { setCondition } from '../k8s/conditions';
import { LOCAL, T } from '../types';
import { Controller } from './controller';

export class CatalogAppController implements Controller {
  readonly name = 'catalog-apps';
  private readonly busy = new Set<string>();

  constructor(private readonly ctx: WorldContext) {}

  onEvent(e: StoreEvent): void {
    if (e.scope === LOCAL || e.type !== T.app || e.kind === 'remove') {
      return;
    }
    const status = e.obj.spec?.info?.status;

    if (status === 'pending-install' || status === 'pending-upgrade') {
      this.start(e.scope, e.obj.metadata.namespace!, e.obj.metadata.name, () => this.finish(e.scope, e.obj.metadata.namespace!, e.obj.metadata.name));
    } else if (status === 'uninstalling') {
      this.start(e.scope, e.obj.metadata.namespace!, e.obj.metadata.name, () => this.uninstall(e.scope, e.obj.metadata.namespace!, e.obj.metadata.name));
    }
  }

  private start(scope: string, ns: string, name: string, run: () => void): void {
    const key = `${ scope }/${ ns }/${ name }`;

    if (this.busy.has(key)) {
      return;
    }
    this.busy.add(key);
    this.ctx.sched.after(this.ctx.durations.helmJob, () => {
      this.busy.delete(key);
      run();
    });
  }

  private uninstall(scope: string, ns: string, name: string): void {
    const { store } = this.ctx;

    if (store.get(scope, T.app, ns, name)?.spec?.info?.status !== 'uninstalling') {
      return;
    }
    const now = this.ctx.now();

    uninstallRelease(this.ctx, scope, name);
    store.delete(scope, T.app, ns, name);
    for (const op of store.list(scope, T.operation)) {
      if (op.status?.action === 'uninstall' && op.status?.releaseName === name && op.status?.namespace === ns && op.status?.conditions?.some((c: any) => c.type === 'Reconciling' && c.status === 'True')) {
        store.mutate(scope, T.operation, op.metadata.namespace, op.metadata.name, (o) => {
          setCondition(o.status, 'Reconciling', 'False', '', '', now);
          setCondition(o.status, 'Stalled', 'False', '', '', now);
          o.status.observedGeneration = o.metadata.generation || 1;
        });
      }
    }
  }

  private finish(scope: string, ns: string, name: string): void {
    const { store } = this.ctx;
    const app = store.get(scope, T.app, ns, name);

    if (!app) {
      return;
    }
    const chart = app.spec?.chart?.metadata || {};
    const values = overlayUserValues(app.spec?.chart?.values || {}, app.spec?.values || {});
    const now = this.ctx.now();

    installRelease(this.ctx, scope, chart.name || '', name, ns, chart.version, values);
    store.mutate(scope, T.app, ns, name, (a) => {
      a.spec.info = { ...(a.spec.info || {}), status: 'deployed', lastDeployed: now, description: `${ a.spec.version > 1 ? 'Upgrade' : 'Install' } complete` };
      a.status = { ...(a.status || {}), summary: { state: 'deployed', transitioning: false }, observedGeneration: a.metadata.generation || 1 };
    });
    for (const op of store.list(scope, T.operation)) {
      if (op.status?.releaseName === name && op.status?.namespace === ns && !(op.status?.conditions || []).some((c: any) => c.type === 'Completed' && c.status === 'True')) {
        store.mutate(scope, T.operation, op.metadata.namespace, op.metadata.name, (o) => {
          o.status = o.status || {};
          setCondition(o.status, 'Created', 'True', '', '', now);
          setCondition(o.status, 'Completed', 'True', '', '', now);
          o.status.observedGeneration = o.metadata.generation || 1;
        });
      }
    }
  }
}

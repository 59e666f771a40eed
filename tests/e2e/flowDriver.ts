/**
 * Carries out a migration plan against the simulated Rancher through its real HTTP API with the product's own step
 * runner (api/stepRunner.ts, each action as engine/actions defines it), over an HTTP stand-in for the shell store,
 * plus what the flow tests look at besides the steps (downstream objects, the state after the last step).
 */
import { readFileSync } from 'fs';
import path from 'path';
import { parse as parseYaml } from 'yaml';
import { ACTIONS, checkDaemonSetRollout, controlPlaneNodes, renderMessage } from '../../pkg/cloud-provider-migration/engine';
import type {
  CheckResult, Message, NodeLike, PlanStep, StepId, WriteResult,
} from '../../pkg/cloud-provider-migration/engine';
import {
  readObservations, request, clusterPrefix, getDownstreamObject, StepRunner,
} from '../../pkg/cloud-provider-migration/api';
import type { RunTarget, StepRecord } from '../../pkg/cloud-provider-migration/api';
import { ROOT, type Sim } from './harness';
import { httpStore } from '../httpStore';

export { httpStore };

const L10N = parseYaml(readFileSync(path.join(ROOT, 'pkg/cloud-provider-migration/l10n/en-us.yaml'), 'utf8'));

/** A check verdict in English, with its details: what a failing flow reports. */
export function describeCheck(check: CheckResult): string {
  const render = (m: Message) => {
    const text = renderMessage(m, L10N);

    return text === m.key && m.params ? `${ m.key } ${ JSON.stringify(m.params) }` : text;
  };

  return [render(check.message), ...(check.details || []).map((d) => `  - ${ render(d) }`)].join('\n');
}

export type FlowTarget = RunTarget;

export type { StepRecord };

export interface DriverOptions {
  timeoutMs?: number;
  pollMs?: number;
}

/** Called after every step: the flow's invariants (cluster healthy, no stuck Job…). */
export type StepHook = (step: PlanStep, driver: FlowDriver) => Promise<void>;

export class FlowDriver extends StepRunner {
  readonly requests: string[];

  constructor(readonly sim: Sim, cookie: string, target: FlowTarget, opts: DriverOptions = {}) {
    const requests: string[] = [];

    super(httpStore(sim.url, cookie, requests), target, { ...opts, describe: describeCheck });
    this.requests = requests;
  }

  /** A downstream object through Steve by `<namespace>/<name>`, or null when it does not exist. */
  downstream(type: string, id: string): Promise<Record<string, any> | null> {
    const [namespace, name] = id.split('/');

    return getDownstreamObject(this.store, this.target.clusterId, type, namespace, name);
  }

  async downstreamList(type: string, namespace?: string): Promise<Record<string, any>[]> {
    const page = await request(this.store, 'management', { url: `${ clusterPrefix(this.target.clusterId) }/v1/${ type }${ namespace ? `/${ namespace }` : '' }` });

    return page?.data || [];
  }

  /**
   * The nodes whole, annotations included (where the simulator says what each node's components run), unlike the
   * product's node list, which leaves out every field it does not read.
   */
  async wholeNodes(): Promise<NodeLike[]> {
    return await this.downstreamList('nodes') as NodeLike[];
  }

  /** The product's runPlan, with the flow's hooks given this driver. */
  override runPlan(afterStep?: StepHook, beforeStep?: StepHook) {
    return super.runPlan(afterStep && ((step) => afterStep(step, this)), beforeStep && ((step) => beforeStep(step, this)));
  }

  /** One update step by id, as the runner writes it; a conflict fails the flow. */
  async updateCluster(step: StepId | Pick<PlanStep, 'id'>): Promise<WriteResult> {
    const result = await super.updateCluster(typeof step === 'string' ? { id: step } : step);

    if (result.outcome === 'conflict') {
      throw new Error(`${ this.target.name }: ${ typeof step === 'string' ? step : step.id } ended in a conflict for the user to resolve`);
    }

    return result;
  }

  /** The wait-cluster action on its own. */
  async waitCluster(): Promise<CheckResult> {
    return (await ACTIONS['wait-cluster'].carryOut({ id: 'wait-switch', action: 'wait-cluster' } as PlanStep, this)).check!;
  }

  /** The cordon or uncordon action on its own. */
  async cordon(cordon: boolean): Promise<CheckResult> {
    const action = cordon ? 'cordon' : 'uncordon';

    return (await ACTIONS[action].carryOut({ id: cordon ? 'cordon-control-plane' : 'uncordon-control-plane', action } as PlanStep, this)).check!;
  }

  /**
   * After the last step (the plan ends on the optional cleanup write, with no wait after it): the cluster
   * reconciled, and the CCM DaemonSet rolled out with a template that no longer asks for leader migration.
   */
  async settle(): Promise<void> {
    await this.waitCluster();
    await this.until('CCM rollout without leader migration', async () => {
      const ds = await this.daemonSet();
      const rollout = checkDaemonSetRollout(ds, { controlPlaneNodes: controlPlaneNodes(await this.nodes(), this.target.distro).length, distro: this.target.distro });
      const args: string[] = (ds?.spec?.template?.spec?.containers || []).flatMap((c: any) => c.args || []);

      return rollout.state === 'done' && args.some((a) => a.includes('enable-leader-migration')) ? { state: 'waiting', message: { key: 'flow.ccmStillMigrating', params: { args: args.join(' ') } } } : rollout;
    }, { failFast: false });
  }

  /** Everything the tab would read, through the api layer. */
  observations() {
    return readObservations(this.store, {
      clusterId: this.target.clusterId, distro: this.target.distro, provisioningId: this.target.distro === 'rke2' ? `fleet-default/${ this.target.name }` : undefined
    });
  }
}

/**
 * The step actions' judges and commands on the edges the plan-level tests do not reach: the shared judging rules,
 * a verify step of another kind, the wait for Rancher around later changes, and a chart upgrade judged from a
 * DaemonSet without containers.
 */
import type {
  ChartSpec, DaemonSetLike, Observations, PlanStep, StepAction, StepId,
} from '../types';
import type { CommandInput } from '../actions/types';
import {
  afterSwitch, recordsLoadBalancers, switchIsIn, whenRead,
} from '../actions/judging';
import { verify } from '../actions/verify';
import { waitCluster } from '../actions/waitCluster';
import { installChart } from '../actions/installChart';
import { verdict } from '../checks/result';
import { lease } from '../checks/__tests__/fixtures';

function step(id: StepId, action: StepAction, extra: Partial<PlanStep> = {}): PlanStep {
  return {
    id, action, done: false, live: true, optional: false, title: { key: 't' }, description: { key: 'd' }, warnings: [], ...extra,
  };
}

describe('the shared judging rules', () => {
  it('only the switch records the load balancers before it', () => {
    expect(recordsLoadBalancers({ id: 'switch-to-external' })).toBe(true);
    expect(recordsLoadBalancers({ id: 'deploy-ccm' })).toBe(false);
  });

  it('the switch is in when the plan has no switch step, or when that step is done', () => {
    expect(switchIsIn([])).toBe(true);
    expect(switchIsIn([{ id: 'upgrade-kubernetes', done: false }])).toBe(true);
    expect(switchIsIn([{ id: 'deploy-ccm', done: false }, { id: 'switch-to-external', done: true }])).toBe(true);
    expect(switchIsIn([{ id: 'deploy-ccm', done: true }, { id: 'switch-to-external', done: false }])).toBe(false);
  });

  it('a value not read yet waits as not observed; a read one goes to the check', () => {
    expect(whenRead(undefined, () => verdict('done', 'x'))).toEqual({ state: 'waiting', message: { key: 'checks.notObserved', params: {} } });
    expect(whenRead(0, (v) => verdict('done', `read${ v }`))).toEqual({ state: 'done', message: { key: 'checks.read0', params: {} } });
  });

  it('before the switch is done a check waits for it; after it, or with no switch in the plan, the check runs', () => {
    const check = () => verdict('done', 'ran');

    expect(afterSwitch([step('deploy-ccm', 'update-cluster', { done: true }), step('switch-to-external', 'update-cluster')], check))
      .toEqual({ state: 'waiting', message: { key: 'checks.switchPending', params: {} } });
    expect(afterSwitch([step('switch-to-external', 'update-cluster', { done: true })], check)?.message.key).toBe('checks.ran');
    expect(afterSwitch([step('deploy-ccm', 'update-cluster')], check)?.message.key).toBe('checks.ran');
  });
});

describe('the verify judge', () => {
  it('a verify step that is neither the provider-id nor the lease check keeps the planner\'s verdict', () => {
    const steps = [step('switch-to-external', 'update-cluster', { done: true }), step('wait-switch', 'verify')];
    const obs: Observations = { leases: [lease('cloud-provider-extraction-migration', 'x_1')], nodes: [] };

    expect(verify.judge({
      step: steps[1], index: 1, steps, obs, distro: 'rke2',
    })).toBeUndefined();
  });
});

describe('the wait for Rancher', () => {
  const judge = (steps: PlanStep[], index: number, clusterReady: boolean | undefined) => waitCluster.judge({
    step: steps[index], index, steps, obs: { clusterReady }, distro: 'rke2',
  });

  it('a later required install-chart step that is done counts as a later change, an optional one does not', () => {
    const plan = (optional: boolean) => [
      step('enable-leader-migration', 'update-cluster'),
      step('wait-leader-migration', 'wait-cluster'),
      step('upgrade-ccm', 'install-chart', { done: true, optional }),
    ];

    expect(judge(plan(false), 1, false)).toEqual({ state: 'done', message: { key: 'checks.movedPast', params: {} } });
    expect(judge(plan(true), 1, false)).toEqual({ state: 'waiting', message: { key: 'checks.clusterReconcile.updatePending', params: {} } });
  });

  it('waits for the nearest update step before it, not for any nearer step of another action', () => {
    const steps = [
      step('switch-to-external', 'update-cluster'),
      step('install-ccm', 'install-chart', { done: true }),
      step('wait-switch', 'wait-cluster'),
    ];

    expect(judge(steps, 2, true)).toEqual({ state: 'waiting', message: { key: 'checks.clusterReconcile.updatePending', params: {} } });
  });

  it('with no update step before it, goes by what Rancher reports', () => {
    const steps = [step('install-ccm', 'install-chart', { live: false }), step('wait-upgrade', 'wait-cluster')];

    expect(judge(steps, 1, true)).toEqual({ state: 'done', message: { key: 'checks.clusterReconcile.ready', params: {} } });
  });
});

describe('the wait-cluster commands', () => {
  const input = (obj: Record<string, any>) => ({
    ctx: { distro: 'rke2', detection: { name: 'prod', id: 'fleet-default/prod' }, obj },
  }) as unknown as CommandInput;

  it('RKE2: run in the provisioning cluster\'s own namespace', () => {
    expect(waitCluster.commands(input({ metadata: { name: 'prod', namespace: 'team-a' } }))[2])
      .toBe('kubectl -n team-a wait rkecontrolplanes.rke.cattle.io/prod --for=condition=Ready --timeout=60m');
  });

  it('RKE2: fleet-default when the object names no namespace, or has no metadata at all', () => {
    expect(waitCluster.commands(input({ metadata: { name: 'prod' } }))[3])
      .toBe('kubectl -n fleet-default wait clusters.provisioning.cattle.io/prod --for=condition=Ready --timeout=60m');
    expect(waitCluster.commands(input({}))[3])
      .toBe('kubectl -n fleet-default wait clusters.provisioning.cattle.io/prod --for=condition=Ready --timeout=60m');
  });
});

describe('the install-chart judge of a later upgrade', () => {
  it('a DaemonSet whose pod template has no containers is not taken as running the chart', () => {
    const chart: ChartSpec = {
      repo: 'r', name: 'aws-cloud-controller-manager', version: '0.0.8', namespace: 'kube-system', values: {},
    };
    const daemonSet = { metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system' }, spec: { template: { spec: {} } } } as DaemonSetLike;
    const s = step('upgrade-ccm', 'install-chart', { chart, live: false });

    expect(installChart.judge({
      step: s, index: 0, steps: [s], obs: { daemonSet }, distro: 'rke1',
    })).toBeUndefined();
  });
});

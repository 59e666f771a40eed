/**
 * @jest-environment jsdom
 *
 * jsdom although nothing here renders: see planSource.test.ts.
 */
import { effectScope } from 'vue';
import { FakeStore, downstreamRoutes, httpError } from '../../__tests__/fakeStore';
import { NODE_LIST_QUERY } from '../../__tests__/downstreamUrls';
import { RKE1_ID, RKE2_MGMT_ID, nodesFor, rke2InTree } from '../../components/__tests__/clusters';
import {
  observationTarget, PREFLIGHT_REUSE_MS, rolloutEvidenceNeeded, useLiveObservations,
} from '../useLiveObservations';
import { hasOpenLiveStep, MAX_BACKOFF_TURNS, useLivePolling } from '../useLivePolling';
import { planMigration, type MigrationPlan, type PlanStep } from '../../engine';

const RKE2 = { clusterId: RKE2_MGMT_ID, distro: 'rke2' as const };
const RKE1 = { clusterId: RKE1_ID, distro: 'rke1' as const };

/** A store answering both clusters; `down(true)` makes every node list fail as an unreachable cluster does. */
function liveStore() {
  let failing = false;
  const nodes = (clusterId: string, distro: 'rke2' | 'rke1') => ({
    [`management GET /k8s/clusters/${ clusterId }/v1/nodes?${ NODE_LIST_QUERY }`]: () => (failing ? httpError(503, 'cluster agent is not connected') : { ok: { type: 'collection', data: nodesFor(distro) } }),
  });
  const store = new FakeStore({
    ...downstreamRoutes(RKE2_MGMT_ID, []), ...nodes(RKE2_MGMT_ID, 'rke2'), ...downstreamRoutes(RKE1_ID, []), ...nodes(RKE1_ID, 'rke1'),
  });

  return {
    store,
    down: (isDown = true) => {
      failing = isDown;
    }
  };
}

describe('useLiveObservations', () => {
  it('reads the observations of the target, and drops them when there is nothing to observe', async () => {
    const live = useLiveObservations(liveStore().store);

    await live.read(RKE2);
    expect(live.observations.value?.nodes).toEqual(nodesFor('rke2'));
    expect(live.liveError.value).toBeUndefined();

    await live.read(undefined);
    expect(live.observations.value).toBeUndefined();
  });

  it('drops an answer that a restart overtook, and the last error with it', async () => {
    const { store, down } = liveStore();
    const live = useLiveObservations(store);

    down();
    await live.read(RKE2);
    expect(live.liveError.value).toMatchObject({ code: 'API_UNAVAILABLE' });

    down(false);
    const overtaken = live.read(RKE1);

    live.restart();
    await overtaken;
    expect(live.liveError.value).toBeUndefined();
    expect(live.observations.value).toBeUndefined();
  });

  it('reuses the pre-flight\'s reads for five minutes, reads them again after that and after a restart', async () => {
    const { store } = liveStore();
    let clock = 1_000_000;
    const live = useLiveObservations(store, () => clock);
    const target = { ...RKE2, preflight: true };
    const preflightReads = () => store.calls.filter((c) => /storageclasses|csidrivers|dkr\.ecr/.test(c.url)).length;

    await live.read(target);
    expect(preflightReads()).toBe(3);
    const first = live.observations.value!;

    expect(first.storageClasses).toEqual([]);
    expect(first.ecrNodes).toBeDefined();

    clock += PREFLIGHT_REUSE_MS - 1;
    await live.read(target);
    expect(preflightReads()).toBe(3);
    expect(live.observations.value).not.toBe(first);
    expect(live.observations.value!.storageClasses).toBe(first.storageClasses);
    expect(live.observations.value!.csiDrivers).toBe(first.csiDrivers);
    expect(live.observations.value!.ecrNodes).toBe(first.ecrNodes);

    clock += 1;
    await live.read(target);
    expect(preflightReads()).toBe(6);

    live.restart();
    await live.read(target);
    expect(preflightReads()).toBe(9);
    // Another cluster gets its own.
    await live.read({ ...RKE1, preflight: true });
    expect(preflightReads()).toBe(12);
  });

  it('reads the pre-flight again at the next read when a part of it could not be read', async () => {
    const store = new FakeStore({
      ...downstreamRoutes(RKE2_MGMT_ID, []),
      [`management GET /k8s/clusters/${ RKE2_MGMT_ID }/v1/nodes?${ NODE_LIST_QUERY }`]: { ok: { type: 'collection', data: nodesFor('rke2') } },
      [`management GET /k8s/clusters/${ RKE2_MGMT_ID }/apis/storage.k8s.io/v1/storageclasses`]: [httpError(403, 'forbidden'), { ok: { items: [] } }],
    });
    const live = useLiveObservations(store, () => 1);
    const target = { ...RKE2, preflight: true };
    const storageReads = () => store.calls.filter((c) => c.url.endsWith('/storageclasses')).length;

    await live.read(target);
    expect(live.observations.value!.preflightUnread).toEqual(['storageClasses']);
    await live.read(target);
    expect(storageReads()).toBe(2);
    expect(live.observations.value!.preflightUnread).toBeUndefined();
  });

  it('keeps what it last saw of the same cluster when a read fails, not what it saw of another one', async () => {
    const { store, down } = liveStore();
    const live = useLiveObservations(store);

    expect(await live.read(RKE2)).toBe(true);
    const seen = live.observations.value;

    down();
    expect(await live.read(RKE2)).toBe(false);
    expect(live.liveError.value).toMatchObject({ code: 'API_UNAVAILABLE' });
    expect(live.observations.value).toBe(seen);

    await live.read(RKE1);
    expect(live.observations.value).toBeUndefined();
  });
});

describe('useLivePolling', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('polls every period while wanted, one poll at a time, and stops with its scope', async () => {
    let wanted = false;
    let finish: () => void = () => undefined;
    const poll = jest.fn(() => new Promise<void>((resolve) => {
      finish = resolve;
    }));
    const scope = effectScope();

    scope.run(() => useLivePolling(poll, () => wanted, 1000));
    jest.advanceTimersByTime(1000);
    expect(poll).toHaveBeenCalledTimes(0);

    wanted = true;
    jest.advanceTimersByTime(1000);
    expect(poll).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1000);
    expect(poll).toHaveBeenCalledTimes(1);

    finish();
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(1000);
    expect(poll).toHaveBeenCalledTimes(2);

    finish();
    scope.stop();
    jest.advanceTimersByTime(5000);
    expect(poll).toHaveBeenCalledTimes(2);
  });
});

describe('useLivePolling after failed reads', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  /** Advances one period and lets the poll's promise settle. */
  async function turn() {
    jest.advanceTimersByTime(1000);
    for (let i = 0; i < 4; i++) {
      await Promise.resolve();
    }
  }

  it('sits out one, two, four, then at most MAX_BACKOFF_TURNS turns after failures, and polls every turn once a read succeeds', async () => {
    const answers = [false, false, false, false, false, true, true];
    const polledAt: number[] = [];
    let t = 0;
    const poll = jest.fn(async () => {
      polledAt.push(t);

      return answers.shift() ?? true;
    });
    const scope = effectScope();

    scope.run(() => useLivePolling(poll, () => true, 1000));
    for (t = 1; t <= 26; t++) {
      await turn();
    }
    scope.stop();
    // Failures at 1, 3, 6, 11, 17 (sitting out 1, 2, 4, 5, 5 turns), success at 23, then every turn.
    expect(polledAt).toEqual([1, 3, 6, 11, 17, 23, 24, 25, 26]);
    expect(MAX_BACKOFF_TURNS).toBe(5);
  });
});

describe('hasOpenLiveStep', () => {
  const step = (done: boolean, live: boolean, optional = false) => ({ done, live, optional }) as PlanStep;

  it.each([
    ['nothing done yet', [step(false, false), step(false, true)], false],
    ['a step done and a live step open', [step(true, false), step(false, true)], true],
    ['a step done and every live step done', [step(true, false), step(true, true)], false],
    ['an optional live step whose change is not made', [step(true, false), step(true, true), step(false, false, true), step(false, true, true)], false],
    ['an optional live step whose change is made', [step(true, false), step(true, true), step(true, false, true), step(false, true, true)], true],
  ])('%s', (_name, steps, expected) => {
    expect(hasOpenLiveStep(steps)).toBe(expected);
  });
});

describe('observationTarget: what the tab reads of the live cluster', () => {
  const steps = (...s: Partial<PlanStep>[]) => ({ steps: s } as unknown as MigrationPlan);

  it('asks for the pre-flight reads, and for the rollout evidence only once a rollout wait can be judged', () => {
    const plan = planMigration(rke2InTree());

    expect(observationTarget(plan, undefined)).toEqual({
      clusterId: RKE2_MGMT_ID, distro: 'rke2', provisioningId: expect.any(String), preflight: true, rolloutEvidence: false,
    });
  });

  it.each([
    ['no rollout wait', steps({ action: 'update-cluster', done: true }), false],
    ['a rollout wait after a change not applied', steps({ action: 'update-cluster', done: false }, { action: 'wait-rollout' }), false],
    ['a rollout wait after an applied change', steps({ action: 'update-cluster', done: true }, { action: 'wait-cluster' }, { action: 'wait-rollout' }), true],
    ['a rollout wait after an installed chart', steps({ action: 'install-chart', done: true }, { action: 'wait-rollout' }), true],
    ['a rollout wait with no change before it', steps({ action: 'wait-rollout' }), true],
  ])('rollout evidence with %s: %s', (_what, plan, expected) => {
    expect(rolloutEvidenceNeeded(plan)).toBe(expected);
  });
});

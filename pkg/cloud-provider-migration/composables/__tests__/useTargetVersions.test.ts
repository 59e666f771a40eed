import { nextTick, ref } from 'vue';
import { flushPromises } from '@vue/test-utils';
import { planMigration, type MigrationPlan } from '../../engine';
import { useTargetVersions } from '../useTargetVersions';
import { FakeStore, httpError } from '../../__tests__/fakeStore';
import { rke1Norman, rke2InTree } from '../../components/__tests__/clusters';

const RKE2_URL = '/v1-rke2-release/releases';
const RKE1_URL = '/v3/settings/k8s-versions-current';

function releases(...versions: string[]) {
  return { type: 'collection', data: versions.map((version) => ({ id: version, type: 'release', version, serverArgs: {}, agentArgs: {} })) };
}

describe('useTargetVersions', () => {
  it('offers the versions Rancher lists for the distro that the plan accepts, newest first', async () => {
    const store = new FakeStore().on('get', RKE2_URL, { ok: releases('v1.26.14+rke2r1', 'v1.27.16+rke2r1', 'v1.26.15+rke2r2', 'v1.28.15+rke2r1') });
    const { offer } = useTargetVersions(store, ref<MigrationPlan | undefined>(planMigration(rke2InTree())));

    expect(offer.value).toEqual({ state: 'loading' });
    await flushPromises();

    expect(offer.value).toEqual({ state: 'offered', current: 'v1.26.15+rke2r1', versions: ['v1.27.16+rke2r1', 'v1.26.15+rke2r2'] });
  });

  it('reads the RKE1 setting for an RKE1 cluster', async () => {
    const store = new FakeStore().on('get', RKE1_URL, { ok: { id: 'k8s-versions-current', value: 'v1.26.15-rancher1-1,v1.27.16-rancher1-1' } });
    const { offer } = useTargetVersions(store, ref<MigrationPlan | undefined>(planMigration(rke1Norman())));

    await flushPromises();

    expect(store.calls.map((c) => [c.action, c.url])).toEqual([['rancher/request', RKE1_URL]]);
    expect(offer.value).toEqual({ state: 'offered', current: 'v1.26.15-rancher1-1', versions: ['v1.27.16-rancher1-1'] });
  });

  it('is unavailable, with the request\'s error, when Rancher\'s list cannot be read', async () => {
    const store = new FakeStore().on('get', RKE2_URL, httpError(403, 'forbidden'));
    const { offer } = useTargetVersions(store, ref<MigrationPlan | undefined>(planMigration(rke2InTree())));

    await flushPromises();

    expect(offer.value.state).toBe('unavailable');
    expect(offer.value.state === 'unavailable' && offer.value.error.code).toBe('FORBIDDEN');
  });

  it('reads nothing until the plan says the distro, and stays loading', async () => {
    const store = new FakeStore();
    const plan = ref<MigrationPlan | undefined>();
    const { offer } = useTargetVersions(store, plan);

    await flushPromises();

    expect(store.calls).toEqual([]);
    expect(offer.value).toEqual({ state: 'loading' });
  });

  it('reads again for another distro and drops the answer of the read it overtook', async () => {
    let answerRke2: (v: unknown) => void = () => undefined;
    const store = new FakeStore().on('get', RKE1_URL, { ok: { value: 'v1.27.16-rancher1-1' } });
    const dispatch = store.dispatch;

    store.dispatch = (action: string, payload: any) => (payload.url === RKE2_URL ? new Promise((resolve) => {
      answerRke2 = resolve;
    }) : dispatch(action, payload));
    const plan = ref<MigrationPlan | undefined>(planMigration(rke2InTree()));
    const { offer } = useTargetVersions(store, plan);

    plan.value = planMigration(rke1Norman());
    await nextTick();
    await flushPromises();
    answerRke2(releases('v1.27.16+rke2r1'));
    await flushPromises();

    expect(offer.value).toEqual({ state: 'offered', current: 'v1.26.15-rancher1-1', versions: ['v1.27.16-rancher1-1'] });
  });

  it('reads Rancher\'s list again on reload', async () => {
    const store = new FakeStore().on('get', RKE2_URL, httpError(503, 'down'), { ok: releases('v1.27.16+rke2r1') });
    const { offer, reload } = useTargetVersions(store, ref<MigrationPlan | undefined>(planMigration(rke2InTree())));

    await flushPromises();
    expect(offer.value.state).toBe('unavailable');
    await reload();

    expect(offer.value).toEqual({ state: 'offered', current: 'v1.26.15+rke2r1', versions: ['v1.27.16+rke2r1'] });
  });
});

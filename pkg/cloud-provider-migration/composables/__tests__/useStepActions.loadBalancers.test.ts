// The switch run from the tab leaves the Services' load balancer addresses in the journal, for the verification.
import { ref } from 'vue';
import { loadBalancersBefore, planMigration, readJournal } from '../../engine';
import type { MigrationPlan } from '../../engine';
import { StepRunner, type StepRecord } from '../../api';
import { FakeStore } from '../../__tests__/fakeStore';
import { rke2InTree } from '../../components/__tests__/clusters';
import { useStepActions } from '../useStepActions';

const PROV = '/v1/provisioning.cattle.io.clusters/fleet-default/prod-east';
const RECORD = { at: '2026-01-02T03:04:05Z', total: 1, services: { 'default/web': ['a1-123456789.us-west-2.elb.amazonaws.com'] } };

afterEach(() => jest.restoreAllMocks());

async function run(stepId: string, record: StepRecord): Promise<FakeStore> {
  const resource = rke2InTree();
  const store = new FakeStore({ [`GET ${ PROV }`]: { ok: resource }, [`PUT ${ PROV }`]: (url) => ({ ok: { url } }) });
  const plan = ref<MigrationPlan | undefined>(planMigration(resource));
  const actions = useStepActions(store, {
    resource: () => resource, plan, options: ref({}), afterRun: async () => undefined, timing: { timeoutMs: 100, pollMs: 1 },
  });
  const step = plan.value!.steps.find((s) => s.id === stepId)!;

  // What the runner did is its own business (api tests); here, what the tab journals of it.
  jest.spyOn(StepRunner.prototype, 'runStep').mockResolvedValue(record);
  expect((await actions.run(step)).kind).toBe('done');

  return store;
}

function journalled(store: FakeStore) {
  const puts = store.calls.filter((c) => c.method === 'put');

  return readJournal(puts[puts.length - 1].data);
}

describe('useStepActions: the load balancers before the switch', () => {
  it('journals the record the switch took, beside the entries', async () => {
    const store = await run('switch-to-external', {
      id: 'switch-to-external', action: 'update-cluster', write: 'applied', loadBalancers: RECORD
    });
    const journal = journalled(store);

    expect(loadBalancersBefore(journal)).toEqual(RECORD);
    expect(journal.entries).toEqual([expect.objectContaining({ step: 'switch-to-external', result: 'applied' })]);
    expect(journal.entries[0]).not.toHaveProperty('loadBalancers');
  });

  it('journals none for a step that took none', async () => {
    const store = await run('enable-leader-migration', { id: 'enable-leader-migration', action: 'update-cluster', write: 'applied' });

    expect(loadBalancersBefore(journalled(store))).toBeUndefined();
  });
});

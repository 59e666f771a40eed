import { planMigration } from '../../engine';
import type { PlanStep, StepAction, StepId } from '../../engine';
import { StepRunner, StepWaitError, type RunTarget } from '../stepRunner';
import { FakeStore } from '../../__tests__/fakeStore';
import { NODE_LIST_QUERY, NO_MANAGED_FIELDS } from '../../__tests__/downstreamUrls';
import { provisioningCluster } from './clusters';
import { ccmDaemonSet, rke2ControlPlane, rke2Worker } from '../../engine/checks/__tests__/fixtures';

const ID = 'c-m-7x2k9q4z';
const PROV = '/v1/provisioning.cattle.io.clusters/fleet-default/prod';
const MGMT = `/v1/management.cattle.io.clusters/${ ID }`;
const NODES = `/k8s/clusters/${ ID }/v1/nodes?${ NODE_LIST_QUERY }`;
const DS = `/k8s/clusters/${ ID }/v1/apps.daemonsets/kube-system/aws-cloud-controller-manager?${ NO_MANAGED_FIELDS }`;
const REPOS = `/k8s/clusters/${ ID }/v1/catalog.cattle.io.clusterrepos`;
const APP = `/k8s/clusters/${ ID }/v1/catalog.cattle.io.apps/kube-system/aws-cloud-controller-manager?${ NO_MANAGED_FIELDS }`;
const node = (name: string) => `/k8s/clusters/${ ID }/api/v1/nodes/${ name }`;

const TARGET: RunTarget = {
  name: 'prod', clusterId: ID, distro: 'rke2', options: { strategy: 'leader-migration' }
};

function runner(store: FakeStore, target: RunTarget = TARGET) {
  return new StepRunner(store, target, { timeoutMs: 200, pollMs: 1 });
}

const step = (action: StepAction, id: StepId, extra: Partial<PlanStep> = {}) => ({ id, action, ...extra } as PlanStep);

const conditions = (pairs: Record<string, string>, message?: string) => Object.entries(pairs).map(([type, status]) => ({ type, status, ...(message && type === 'Updated' ? { message } : {}) }));

describe('StepRunner: cordon and uncordon', () => {
  it('cordons only the control-plane nodes that are schedulable, then waits until every one is cordoned', async () => {
    const store = new FakeStore()
      .on('get', NODES,
        { ok: { data: [rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2', { unschedulable: true }), rke2Worker('w-1')] } },
        { ok: { data: [rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2', { unschedulable: true }), rke2Worker('w-1')] } },
        { ok: { data: [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2', { unschedulable: true }), rke2Worker('w-1')] } })
      .on('patch', node('cp-1'), { ok: rke2ControlPlane('cp-1', { unschedulable: true }) });

    const record = await runner(store).runStep(step('cordon', 'cordon-control-plane'));

    expect(store.writes()).toEqual([expect.objectContaining({
      method: 'patch', url: node('cp-1'), data: { spec: { unschedulable: true } }, headers: expect.objectContaining({ 'content-type': 'application/strategic-merge-patch+json' }),
    })]);
    expect(record).toEqual(expect.objectContaining({ id: 'cordon-control-plane', action: 'cordon' }));
    expect(record.check?.state).toBe('done');
  });

  it('uncordons by removing the field (null), never touching workers', async () => {
    const store = new FakeStore()
      .on('get', NODES,
        { ok: { data: [rke2ControlPlane('cp-1', { unschedulable: true }), rke2Worker('w-1')] } },
        { ok: { data: [rke2ControlPlane('cp-1'), rke2Worker('w-1')] } })
      .on('patch', node('cp-1'), { ok: rke2ControlPlane('cp-1') });

    const record = await runner(store).runStep(step('uncordon', 'uncordon-control-plane'));

    expect(store.writes().map((c) => [c.url, c.data])).toEqual([[node('cp-1'), { spec: { unschedulable: null } }]]);
    expect(record.check?.state).toBe('done');
  });
});

describe('StepRunner: a node that cannot be changed', () => {
  const cps = (cordoned: string[]) => ({ ok: { data: ['cp-1', 'cp-2', 'cp-3'].map((n) => rke2ControlPlane(n, cordoned.includes(n) ? { unschedulable: true } : {})) } });

  it('cordons the others, ends failed naming the node and why, and records only the nodes it changed', async () => {
    const store = new FakeStore()
      .on('get', NODES, cps([]))
      .on('patch', node('cp-1'), { ok: {} })
      .on('patch', node('cp-2'), { status: 503, body: { type: 'error', status: 503, message: 'apiserver restarting' } })
      .on('patch', node('cp-3'), { ok: {} });

    const record = await runner(store).runStep(step('cordon', 'cordon-control-plane'));

    expect(store.writes().map((c) => c.url)).toEqual([node('cp-1'), node('cp-2'), node('cp-3')]);
    expect(record.nodes).toEqual(['cp-1', 'cp-3']);
    expect(record.check?.state).toBe('failed');
    expect(record.check?.message).toEqual({ key: 'checks.cordon.partial', params: { failed: 1, count: 3, changed: 2 } });
    expect(record.check?.details).toEqual([{ key: 'checks.cordon.nodeFailed', params: { node: 'cp-2', status: 'HTTP 503', reason: 'apiserver restarting' } }]);
  });

  it('a retry patches only the node left, and then waits until all are cordoned', async () => {
    const store = new FakeStore()
      .on('get', NODES, cps(['cp-1', 'cp-3']), cps(['cp-1', 'cp-2', 'cp-3']))
      .on('patch', node('cp-2'), { ok: {} });

    const record = await runner(store).runStep(step('cordon', 'cordon-control-plane'));

    expect(store.writes().map((c) => c.url)).toEqual([node('cp-2')]);
    expect(record.nodes).toEqual(['cp-2']);
    expect(record.check?.state).toBe('done');
  });
});

describe('StepRunner: the uncordon gives back what the migration cordoned', () => {
  const JOURNAL_OBJ = '/v1/provisioning.cattle.io.clusters/fleet-default/prod';
  const withJournal = (journal: Record<string, unknown>) => ({
    ...provisioningCluster('1'),
    metadata: { ...provisioningCluster('1').metadata, annotations: { 'cloud-provider-migration.io/journal': JSON.stringify(journal) } },
  });

  it('reads the journal fresh and uncordons only the nodes it records, never one cordoned before the migration', async () => {
    const store = new FakeStore()
      .on('get', JOURNAL_OBJ, { ok: withJournal({ entries: [], dropped: 0, cordoned: ['cp-2'] }) })
      .on('get', NODES,
        { ok: { data: [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2', { unschedulable: true })] } },
        { ok: { data: [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2')] } })
      .on('patch', node('cp-2'), { ok: {} });

    const record = await runner(store, { ...TARGET, journalId: 'fleet-default/prod' }).runStep(step('uncordon', 'uncordon-control-plane'));

    expect(store.writes().map((c) => [c.url, c.data])).toEqual([[node('cp-2'), { spec: { unschedulable: null } }]]);
    expect(record.nodes).toEqual(['cp-2']);
    expect(record.check?.message.key).toBe('checks.cordon.givenBack');
  });

  it('without a journal, the nodes this runner cordoned', async () => {
    const store = new FakeStore()
      .on('get', NODES,
        { ok: { data: [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2')] } },
        { ok: { data: [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2', { unschedulable: true })] } },
        { ok: { data: [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2', { unschedulable: true })] } },
        { ok: { data: [rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2')] } })
      .on('patch', node('cp-2'), { ok: {} });
    const r = runner(store);

    await r.runStep(step('cordon', 'cordon-control-plane'));
    await r.runStep(step('uncordon', 'uncordon-control-plane'));

    expect(store.writes().map((c) => [c.url, c.data])).toEqual([[node('cp-2'), { spec: { unschedulable: true } }], [node('cp-2'), { spec: { unschedulable: null } }]]);
  });
});

describe('StepRunner: wait-cluster (the one reconcile rule)', () => {
  const prov = (generation: number, observed: number, conds: Record<string, string>) => ({
    ...provisioningCluster('1'), metadata: { ...provisioningCluster('1').metadata, generation }, status: { observedGeneration: observed, conditions: conditions(conds) },
  });

  it('waits while Rancher has not seen the spec or is updating, and is done once both clusters are Ready', async () => {
    const store = new FakeStore()
      .on('get', PROV,
        { ok: prov(8, 7, { Ready: 'True', Updated: 'True' }) },
        { ok: prov(8, 8, { Ready: 'Unknown', Updated: 'Unknown' }) },
        { ok: prov(8, 8, { Ready: 'True', Updated: 'True' }) })
      .on('get', MGMT,
        { ok: { id: ID, status: { conditions: conditions({ Ready: 'True', Updated: 'True' }) } } },
        { ok: { id: ID, status: { conditions: conditions({ Ready: 'True', Updated: 'Unknown' }) } } },
        { ok: { id: ID, status: { conditions: conditions({ Ready: 'True', Updated: 'True' }) } } });

    const record = await runner(store).runStep(step('wait-cluster', 'wait-switch'));

    expect(record.check).toEqual({ state: 'done', message: { key: 'checks.clusterReconcile.ready', params: {} } });
    expect(store.calls.filter((c) => c.url === PROV)).toHaveLength(3);
  });

  it('fails at once with Rancher\'s message when Updated is False', async () => {
    const store = new FakeStore()
      .on('get', PROV, { ok: prov(8, 8, { Ready: 'False' }) })
      .on('get', MGMT, { ok: { id: ID, status: { conditions: conditions({ Ready: 'False', Updated: 'False' }, 'Cloud provider aws is invalid') } } });

    const error = await runner(store).runStep(step('wait-cluster', 'wait-switch')).catch((e) => e);

    expect(error).toBeInstanceOf(StepWaitError);
    expect(error.timedOut).toBe(false);
    expect(error.check.state).toBe('failed');
    expect(error.check.details).toEqual([{ key: 'rancher.Updated', params: { status: 'False', message: 'Cloud provider aws is invalid' } }]);
  });
});

describe('StepRunner: wait-rollout', () => {
  it('keeps waiting while the DaemonSet is absent and gives up after the timeout with the last verdict', async () => {
    const store = new FakeStore()
      .on('get', DS, { status: 404 })
      .on('get', NODES, { ok: { data: [rke2ControlPlane('cp-1')] } });

    const error = await runner(store).runStep(step('wait-rollout', 'wait-ccm-rollout')).catch((e) => e);

    expect(error).toBeInstanceOf(StepWaitError);
    expect(error.timedOut).toBe(true);
    expect(error.check.state).toBe('waiting');
    expect(error.message).toMatch(/^prod: CCM rollout timed out after 200 ms: checks\.ccmRollout\./);
  });

  it('is done once the DaemonSet runs on every control-plane node', async () => {
    const store = new FakeStore()
      .on('get', DS, { status: 404 }, { ok: ccmDaemonSet({ desired: 2 }) })
      .on('get', NODES, { ok: { data: [rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2'), rke2Worker('w-1')] } });

    const record = await runner(store).runStep(step('wait-rollout', 'wait-ccm-rollout'));

    expect(record.check?.state).toBe('done');
  });
});

describe('StepRunner: update-cluster', () => {
  it('writes the re-planned step object with the fresh resourceVersion', async () => {
    const store = new FakeStore()
      .on('get', PROV, { ok: provisioningCluster('1001') })
      .on('put', PROV, { ok: provisioningCluster('1002', ['enable-leader-migration']) });

    const record = await runner(store).runStep(step('update-cluster', 'enable-leader-migration'));
    const [put] = store.writes();

    expect(record.write).toBe('applied');
    expect(put.data.metadata.resourceVersion).toBe('1001');
    expect(put.data.spec).toEqual(planMigration(provisioningCluster('1001'), TARGET.options).steps.find((s) => s.id === 'enable-leader-migration')!.object!.spec);
  });

  it('ends in a conflict, with both versions and no second write, when someone else changed what the step owns', async () => {
    const theirs = provisioningCluster('1005', ['bind-address=0.0.0.0']);
    const store = new FakeStore()
      .on('get', PROV, { ok: provisioningCluster('1001') }, { ok: theirs })
      .on('put', PROV, { status: 409 });
    const r = runner(store);

    const record = await r.runStep(step('update-cluster', 'enable-leader-migration'));

    expect(record.write).toBe('conflict');
    expect(record.conflict?.theirs?.metadata.resourceVersion).toBe('1005');
    expect(store.writes()).toHaveLength(1);
    expect(r.records).toEqual([record]);
  });
});

describe('StepRunner: install-chart (RKE1)', () => {
  const rke1: RunTarget = {
    name: 'c-5xk2n', clusterId: ID, distro: 'rke1', options: {}
  };
  const chart = {
    repo: 'https://kubernetes.github.io/cloud-provider-aws', name: 'aws-cloud-controller-manager', version: '0.0.8', namespace: 'kube-system', values: { args: ['--v=2'] },
  };

  it('adds the chart repository when none points at its URL, installs, and waits for the deployed release', async () => {
    const deployed = { spec: { info: { status: 'deployed' }, chart: { metadata: { version: '0.0.8' } }, values: { args: ['--v=2'] } } };
    const store = new FakeStore()
      .on('get', REPOS, { ok: { data: [{ metadata: { name: 'rancher-charts' }, spec: { url: 'https://git.rancher.io/charts' } }] } })
      .on('post', REPOS, { ok: {} })
      .on('get', APP, { status: 404 }, { status: 404 }, { ok: deployed })
      .on('post', `${ REPOS }/aws-cloud-controller-manager?action=install`, { ok: {} });

    const record = await runner(store, rke1).runStep(step('install-chart', 'install-ccm', { chart }));

    expect(store.writes().map((c) => c.url)).toEqual([REPOS, `${ REPOS }/aws-cloud-controller-manager?action=install`]);
    expect(store.writes()[0].data.spec).toEqual({ url: chart.repo });
    expect(store.writes()[1].data.charts).toEqual([{
      chartName: chart.name, version: '0.0.8', releaseName: chart.name, values: chart.values, annotations: {}
    }]);
    expect(record.check?.state).toBe('done');
  });

  it('upgrades an installed release through the existing repository, resetting values to the chart\'s plus ours', async () => {
    const deployed = { spec: { info: { status: 'deployed' }, chart: { metadata: { version: '0.0.8' } }, values: { args: ['--v=2'] } } };
    const store = new FakeStore()
      .on('get', REPOS, { ok: { data: [{ metadata: { name: 'aws' }, spec: { url: chart.repo } }] } })
      .on('get', APP, { ok: deployed })
      .on('post', `${ REPOS }/aws?action=upgrade`, { ok: {} });

    await runner(store, rke1).runStep(step('install-chart', 'upgrade-ccm', { chart }));

    expect(store.writes().map((c) => c.url)).toEqual([`${ REPOS }/aws?action=upgrade`]);
    expect(store.writes()[0].data.charts[0].resetValues).toBe(true);
  });
});

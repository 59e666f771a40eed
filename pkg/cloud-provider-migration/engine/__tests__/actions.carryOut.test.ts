/**
 * Carrying out each step action through a recording fake of ActionIo (the api layer's step runner implements the
 * real one): what the action reads, writes and waits for, and the outcome it reports.
 */
import type {
  ChartSpec, CheckResult, DaemonSetLike, LeaseLike, LoadBalancerRecord, NodeLike, PlanStep, RolloutEvidence, ServiceLike, StepAction, StepId,
} from '../types';
import type { ActionIo, WriteResult } from '../actions/types';
import type { ClusterObjects } from '../checks/clusterReconcile';
import { cordon, uncordon } from '../actions/cordon';
import { installChart } from '../actions/installChart';
import { updateCluster } from '../actions/updateCluster';
import { providerIdsVerdict, verify } from '../actions/verify';
import { waitCluster } from '../actions/waitCluster';
import { waitRollout } from '../actions/waitRollout';
import { checkDaemonSetRollout } from '../checks/ccmRollout';
import {
  ccmDaemonSet, lease, rke1ControlPlane, rke1Worker, rke2ControlPlane, rke2Worker,
} from '../checks/__tests__/fixtures';
import { expectResultTranslated } from '../checks/__tests__/l10n';

function step(id: StepId, action: StepAction, extra: Partial<PlanStep> = {}): PlanStep {
  return {
    id, action, done: false, live: true, optional: false, title: { key: 't' }, description: { key: 'd' }, warnings: [], ...extra,
  };
}

interface Until {
  what: string;
  opts: { failFast?: boolean } | undefined;
  probes: number;
}

/**
 * A fake runner: any read or write a test does not provide rejects. `until` is recorded and polls its probe like
 * the real one (done ends it, failed too unless failFast is false), but gives up after `rounds` probes and returns
 * the last verdict instead of throwing.
 */
function fakeIo(over: Partial<ActionIo> = {}, rounds = 3) {
  const untils: Until[] = [];
  const io: ActionIo = {
    distro:              'rke2',
    updateCluster:       () => Promise.reject(new Error('not expected')),
    clusterObjects:      () => Promise.reject(new Error('not expected')),
    nodes:               () => Promise.reject(new Error('not expected')),
    setUnschedulable:    () => Promise.reject(new Error('not expected')),
    describeFailure:     () => ({ status: 'not expected', reason: 'not expected' }),
    cordonedByMigration: () => Promise.reject(new Error('not expected')),
    daemonSet:           () => Promise.reject(new Error('not expected')),
    rolloutEvidence:     () => Promise.reject(new Error('not expected')),
    now:                 () => 'not expected',
    leases:              () => Promise.reject(new Error('not expected')),
    services:            () => Promise.reject(new Error('not expected')),
    loadBalancersBefore: () => Promise.reject(new Error('not expected')),
    installChart:        () => Promise.reject(new Error('not expected')),
    chartRelease:        () => Promise.reject(new Error('not expected')),
    async until(what, probe, opts) {
      const record: Until = { what, opts, probes: 0 };

      untils.push(record);
      let last: CheckResult | undefined;

      while (record.probes < rounds) {
        record.probes += 1;
        last = await probe();
        if (last.state === 'done' || (last.state === 'failed' && opts?.failFast !== false)) {
          break;
        }
      }

      return last as CheckResult;
    },
    ...over,
  };

  return { io, untils };
}

/** Nodes whose `spec.unschedulable` a fake PATCH changes, as the API server would; a name in `refuse` fails. */
function nodeStore(initial: NodeLike[], refuse: string[] = []) {
  const nodes = initial;
  const patches: [string, boolean][] = [];

  return {
    patches,
    io: {
      nodes:            async () => nodes.map((n) => JSON.parse(JSON.stringify(n)) as NodeLike),
      setUnschedulable: async (name: string, value: boolean) => {
        patches.push([name, value]);
        if (refuse.includes(name)) {
          throw new Error(`refused ${ name }`);
        }
        const node = nodes.find((n) => n.metadata.name === name)!;

        node.spec = { ...node.spec, unschedulable: value };
      },
      describeFailure: (e: unknown) => ({ status: 'HTTP 403', reason: (e as Error).message }),
    },
  };
}

describe('cordon carried out', () => {
  it('cordons only the control-plane nodes that are still schedulable, then waits until all are cordoned', async () => {
    const store = nodeStore([rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2', { unschedulable: true }), rke2ControlPlane('cp-3'), rke2Worker('w-1')]);
    const { io, untils } = fakeIo(store.io);

    const outcome = await cordon.carryOut(step('cordon-control-plane', 'cordon'), io);

    expect(store.patches).toEqual([['cp-1', true], ['cp-3', true]]);
    expect(outcome).toEqual({
      nodes: ['cp-1', 'cp-3'],
      check: {
        state: 'done', message: { key: 'checks.cordon.allCordoned', params: { total: 3, selector: 'node-role.kubernetes.io/control-plane=true' } },
      },
    });
    expect(untils).toEqual([{ what: 'cordoned', opts: undefined, probes: 1 }]);
  });

  it('uses the RKE1 control-plane label to pick the nodes', async () => {
    const store = nodeStore([rke1ControlPlane('cp-1'), rke1Worker('w-1')]);
    const { io } = fakeIo({ ...store.io, distro: 'rke1' });

    const outcome = await cordon.carryOut(step('cordon-control-plane', 'cordon'), io);

    expect(store.patches).toEqual([['cp-1', true]]);
    expect(outcome.nodes).toEqual(['cp-1']);
    expect(outcome.check?.message.key).toBe('checks.cordon.allCordoned');
  });

  it('with every control-plane node cordoned already, patches nothing and reports done with no node changed', async () => {
    const store = nodeStore([rke2ControlPlane('cp-1', { unschedulable: true }), rke2Worker('w-1')]);
    const { io } = fakeIo(store.io);

    const outcome = await cordon.carryOut(step('cordon-control-plane', 'cordon'), io);

    expect(store.patches).toEqual([]);
    expect(outcome.nodes).toEqual([]);
    expect(outcome.check?.state).toBe('done');
  });

  it('a node that refuses the change does not stop the others: the step fails with counts and that node and why', async () => {
    const store = nodeStore([rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2'), rke2ControlPlane('cp-3')], ['cp-2']);
    const { io, untils } = fakeIo(store.io);

    const outcome = await cordon.carryOut(step('cordon-control-plane', 'cordon'), io);

    expect(store.patches).toEqual([['cp-1', true], ['cp-2', true], ['cp-3', true]]);
    expect(outcome).toEqual({
      nodes: ['cp-1', 'cp-3'],
      check: {
        state:   'failed',
        message: { key: 'checks.cordon.partial', params: { failed: 1, count: 3, changed: 2 } },
        details: [{ key: 'checks.cordon.nodeFailed', params: { node: 'cp-2', status: 'HTTP 403', reason: 'refused cp-2' } }],
      },
    });
    expectResultTranslated(outcome.check!);
    // A partial failure is reported at once, without waiting for the nodes.
    expect(untils).toEqual([]);
  });
});

describe('uncordon carried out', () => {
  it('gives back only the nodes the migration cordoned, never one cordoned before it', async () => {
    const store = nodeStore([
      rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2', { unschedulable: true }), rke2ControlPlane('cp-3', { unschedulable: true }), rke2Worker('w-1'),
    ]);
    const { io, untils } = fakeIo({ ...store.io, cordonedByMigration: async () => ['cp-1', 'cp-3'] });

    const outcome = await uncordon.carryOut(step('uncordon-control-plane', 'uncordon'), io);

    expect(store.patches).toEqual([['cp-1', false], ['cp-3', false]]);
    expect(outcome).toEqual({
      nodes: ['cp-1', 'cp-3'],
      check: {
        state:   'done',
        message: { key: 'checks.cordon.givenBack', params: { total: 2, selector: 'node-role.kubernetes.io/control-plane=true' } },
        details: [{ key: 'checks.cordon.keptCordoned', params: { node: 'cp-2' } }],
      },
    });
    expect(untils).toEqual([{ what: 'uncordoned', opts: undefined, probes: 1 }]);
  });

  it('without a record of the cordon, uncordons every cordoned control-plane node', async () => {
    const store = nodeStore([rke2ControlPlane('cp-1', { unschedulable: true }), rke2ControlPlane('cp-2')]);
    const { io } = fakeIo({ ...store.io, cordonedByMigration: async () => undefined });

    const outcome = await uncordon.carryOut(step('uncordon-control-plane', 'uncordon'), io);

    expect(store.patches).toEqual([['cp-1', false]]);
    expect(outcome.nodes).toEqual(['cp-1']);
    expect(outcome.check?.message.key).toBe('checks.cordon.allUncordoned');
  });
});

describe('install-chart carried out', () => {
  it('installs the step\'s chart, then waits for its Helm release to carry the planned version and values', async () => {
    const chart: ChartSpec = {
      repo: 'https://example.invalid/charts', name: 'aws-cloud-controller-manager', version: '0.0.8', namespace: 'kube-system', values: { args: ['--v=2'] },
    };
    const installed: ChartSpec[] = [];
    const asked: ChartSpec[] = [];
    let reads = 0;
    const { io, untils } = fakeIo({
      installChart: async (c) => {
        installed.push(c);
      },
      chartRelease: async (c) => {
        asked.push(c);
        reads += 1;

        // The release shows up on the second read.
        return reads < 2 ? null : { version: '0.0.8', values: { args: ['--v=2'], hostNetworking: true } };
      },
    });

    const outcome = await installChart.carryOut(step('install-ccm', 'install-chart', { chart }), io);

    expect(installed).toEqual([chart]);
    expect(asked).toEqual([chart, chart]);
    expect(untils).toEqual([{ what: 'helm release aws-cloud-controller-manager', opts: undefined, probes: 2 }]);
    expect(outcome).toEqual({
      check: { state: 'done', message: { key: 'checks.chartRelease.done', params: { name: 'kube-system/aws-cloud-controller-manager', version: '0.0.8' } } },
    });
  });
});

describe('update-cluster carried out', () => {
  it('returns the write the runner made for the step', async () => {
    const write: WriteResult = { outcome: 'applied', object: { metadata: { name: 'prod' } } };
    const written: StepId[] = [];
    const { io } = fakeIo({
      updateCluster: async (s) => {
        written.push(s.id);

        return write;
      },
    });

    const outcome = await updateCluster.carryOut(step('deploy-ccm', 'update-cluster'), io);

    expect(written).toEqual(['deploy-ccm']);
    expect(outcome).toEqual({ write });
  });
});

describe('verify carried out', () => {
  const KCM = 'ip-10-0-1-12.us-west-2.compute.internal_5c1d7c53-8f0e-4a4b-9e0f-3b5f2f8c9d10';
  const CCM = 'ip-10-0-1-13.us-west-2.compute.internal_0b7e2f4a-6d1c-4e8b-a2f3-9c8d7e6f5a41';

  it('verify-migration-lease waits until the CCM holds the migration lease', async () => {
    const held = (holder: string): LeaseLike[] => [lease('cloud-provider-extraction-migration', holder), lease('kube-controller-manager', KCM), lease('cloud-controller-manager', CCM)];
    let reads = 0;
    const { io, untils } = fakeIo({
      leases: async () => {
        reads += 1;

        return held(reads < 2 ? KCM : CCM);
      },
    });

    const outcome = await verify.carryOut(step('verify-migration-lease', 'verify'), io);

    expect(untils).toEqual([{ what: 'migration lease', opts: undefined, probes: 2 }]);
    expect(outcome).toEqual({
      check: {
        state:   'done',
        message: {
          key: 'checks.migrationLease.held', params: { lease: 'kube-system/cloud-provider-extraction-migration', holder: CCM, component: 'cloud-controller-manager' },
        },
      },
    });
  });

  it('verify-provider-ids judges the nodes and the Services against the record from before the switch', async () => {
    const nodes = [rke2ControlPlane('cp-1'), rke2Worker('w-1')];
    const services: ServiceLike[] = [{
      metadata: { name: 'web', namespace: 'default' }, spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ hostname: 'new.elb.amazonaws.com' }] } },
    }];
    const before: LoadBalancerRecord = { at: '2026-05-04T10:00:00Z', total: 1, services: { 'default/web': ['old.elb.amazonaws.com'] } };
    const { io, untils } = fakeIo({ nodes: async () => nodes, services: async () => services, loadBalancersBefore: async () => before });

    const outcome = await verify.carryOut(step('verify-provider-ids', 'verify'), io);

    expect(untils).toEqual([{ what: 'provider ids', opts: undefined, probes: 1 }]);
    expect(outcome).toEqual({ check: providerIdsVerdict(nodes, services, before) });
    // The changed address fails the step: the record was used.
    expect(outcome.check?.state).toBe('failed');
    expect(outcome.check?.message.key).toBe('checks.loadBalancers.changed');
  });

  it('verify-provider-ids with Services not read is done on the nodes alone and says the load balancers were not judged', async () => {
    const nodes = [rke2ControlPlane('cp-1')];
    const { io } = fakeIo({ nodes: async () => nodes, services: async () => undefined, loadBalancersBefore: async () => undefined });

    const outcome = await verify.carryOut(step('verify-provider-ids', 'verify'), io);

    expect(outcome.check).toEqual({
      state:   'done',
      message: { key: 'checks.providerId.done', params: { total: 1 } },
      details: [
        { key: 'checks.uninitializedTaint.done', params: { taint: 'node.cloudprovider.kubernetes.io/uninitialized', total: 1 } },
        { key: 'checks.loadBalancers.notRead', params: {} },
      ],
    });
    expectResultTranslated(outcome.check!);
  });
});

describe('wait-cluster carried out', () => {
  it('waits until Rancher reports the cluster objects reconciled', async () => {
    const ready = { type: 'Ready', status: 'True' };
    const objects = (updated: string): ClusterObjects => ({
      management:   { status: { conditions: [ready, { type: 'Updated', status: updated }] } },
      provisioning: { metadata: { generation: 4 }, status: { observedGeneration: 4, conditions: [ready] } },
    });
    let reads = 0;
    const { io, untils } = fakeIo({
      clusterObjects: async () => {
        reads += 1;

        return objects(reads < 2 ? 'Unknown' : 'True');
      },
    });

    const outcome = await waitCluster.carryOut(step('wait-switch', 'wait-cluster'), io);

    expect(untils).toEqual([{ what: 'wait for the cluster', opts: undefined, probes: 2 }]);
    expect(outcome).toEqual({ check: { state: 'done', message: { key: 'checks.clusterReconcile.ready', params: {} } } });
  });
});

describe('wait-rollout carried out', () => {
  it('waits without failing fast, judging the DaemonSet on the control-plane nodes with the evidence and the time waited', async () => {
    const nodes = [rke2ControlPlane('cp-1'), rke2ControlPlane('cp-2'), rke2ControlPlane('cp-3'), rke2Worker('w-1')];
    const daemonSet = ccmDaemonSet({ desired: 1 });
    const evidence: RolloutEvidence = { pods: [] };
    const clock = ['2026-05-04T10:00:00Z', '2026-05-04T10:02:05Z'];
    const evidenceAskedFor: [DaemonSetLike | null, NodeLike[]][] = [];
    const { io, untils } = fakeIo({
      nodes:           async () => nodes,
      daemonSet:       async () => daemonSet,
      rolloutEvidence: async (ds, ns) => {
        evidenceAskedFor.push([ds, ns]);

        return evidence;
      },
      now: () => clock.shift()!,
    }, 1);

    const outcome = await waitRollout.carryOut(step('wait-ccm-rollout', 'wait-rollout'), io);

    expect(untils).toEqual([{ what: 'CCM rollout', opts: { failFast: false }, probes: 1 }]);
    expect(evidenceAskedFor).toEqual([[daemonSet, nodes]]);
    expect(outcome).toEqual({
      check: checkDaemonSetRollout(daemonSet, {
        controlPlaneNodes: 3, distro: 'rke2', nodes, pods: [], since: '2026-05-04T10:00:00Z', now: '2026-05-04T10:02:05Z',
      }),
    });
    expect(outcome.check?.message).toEqual({ key: 'checks.ccmRollout.fewerThanControlPlane', params: { name: 'kube-system/aws-cloud-controller-manager', desired: 1, controlPlaneNodes: 3 } });
    expect(outcome.check?.details?.at(-1)).toEqual({ key: 'checks.ccmRollout.elapsed', params: { minutes: 2, seconds: 5 } });
  });
});

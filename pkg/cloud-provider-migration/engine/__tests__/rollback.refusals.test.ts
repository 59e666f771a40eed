// Every reason planning/rollback.ts refuses a rollback, each on a cluster where that reason alone decides: the
// switch begun by only one of its signs, the RKE1 chart installed by only one of its signs, a cluster that is neither
// RKE2 nor RKE1, a step judged done with nothing of it to take out, and the error a write is refused with.
import type { MigrationPlan, PlanOptions, StepId } from '../types';
import { planMigration } from '../planning/planMigration';
import { planRollback, rollbackObject } from '../planning/rollback';
import { applyObservations } from '../checks/observe';
import { isMigrationError } from '../errors';
import { fixture, thrown } from './fixtures';

type Obj = Record<string, any>;

const LM: PlanOptions = { strategy: 'leader-migration' };
const RKE1: PlanOptions = { strategy: 'leader-migration', rke1NodeProvisioning: 'node-driver' };
const CCM_DAEMONSET = { metadata: { name: 'aws-cloud-controller-manager' } };

/** The object after each step in turn, each written from a fresh plan of the object before it (as the runner does). */
function applied(obj: Obj, options: PlanOptions, ...ids: StepId[]): Obj {
  return ids.reduce((o, id) => planMigration(o, options).steps.find((s) => s.id === id)!.object!, obj);
}

/** The refusal planRollback returns for `refusal`, without a description. */
function refusal(step: StepId, why: string) {
  return {
    step, offered: false, refusal: why, reason: { key: `rollback.refused.${ why }` }
  };
}

/** The RKE1 chart rollback offered: uninstall the app, as helm does against the downstream cluster. */
const UNINSTALL = {
  step:        'install-ccm',
  offered:     true,
  description: { key: 'rollback.description.install-ccm.rke1' },
  uninstall:   { namespace: 'kube-system', name: 'aws-cloud-controller-manager' },
  commands:    ['helm uninstall aws-cloud-controller-manager -n kube-system'],
  runsIn:      'downstream',
};

/** The RKE2 fixture with the flag and the CCM HelmChart applied. */
function rke2Deployed(): Obj {
  return applied(fixture('rke2-steve-in-tree.json'), LM, 'enable-leader-migration', 'deploy-ccm');
}

/** The RKE1 fixture with the flag applied. */
function rke1Flagged(): Obj {
  return applied(fixture('rke1-norman-in-tree.json'), RKE1, 'enable-leader-migration');
}

describe('a rollback is refused once the switch has begun, whichever sign says so', () => {
  it('refuses when the plan it is given has the switch step done, though the object names no external provider', () => {
    const deployed = rke2Deployed();
    const plan: MigrationPlan = planMigration(deployed, LM);

    expect(planRollback(deployed, LM, 'deploy-ccm', { plan }).offered).toBe(true);
    plan.steps = plan.steps.map((s) => (s.id === 'switch-to-external' ? { ...s, done: true } : s));

    expect(planRollback(deployed, LM, 'deploy-ccm', { plan })).toEqual(refusal('deploy-ccm', 'switched'));
  });

  it('refuses when the plan it is given says the cluster is migrated, though no step of it is done', () => {
    const deployed = rke2Deployed();
    const plan: MigrationPlan = { ...planMigration(deployed, LM), status: 'migrated' };

    expect(plan.steps.find((s) => s.id === 'switch-to-external')!.done).toBe(false);
    expect(planRollback(deployed, LM, 'deploy-ccm', { plan })).toEqual(refusal('deploy-ccm', 'switched'));
  });

  it('RKE1: refuses the flag once the provider is named external-aws while the awsCloudProvider block is still set', () => {
    const half = rke1Flagged();

    half.rancherKubernetesEngineConfig.cloudProvider.name = 'external-aws';
    const plan = planMigration(half, RKE1);

    // RKE still runs the in-tree provider here; only the name says the switch began.
    expect(plan.detection.providerLocations.map((l) => l.value)).toEqual(['external-aws', 'aws']);
    expect(plan.steps.find((s) => s.id === 'switch-to-external')!.done).toBe(false);
    expect(plan.status).toBe('migrating');
    expect(planRollback(half, RKE1, 'enable-leader-migration', { observations: { daemonSet: null, chartRelease: null } }))
      .toEqual(refusal('enable-leader-migration', 'switched'));
  });

  it('RKE1: refuses the flag once the provider is named external while the awsCloudProvider block is still set', () => {
    const half = rke1Flagged();

    half.rancherKubernetesEngineConfig.cloudProvider.name = 'external';
    const plan = planMigration(half, RKE1);

    expect(plan.detection.providerLocations.map((l) => l.value)).toEqual(['external', 'aws']);
    expect(plan.steps.find((s) => s.id === 'switch-to-external')!.done).toBe(false);
    expect(planRollback(half, RKE1, 'enable-leader-migration', { observations: { daemonSet: null, chartRelease: null } }))
      .toEqual(refusal('enable-leader-migration', 'switched'));
  });

  it('RKE2: refuses when an arg list says cloud-provider=external, even where a later cloud-provider=aws wins the flag', () => {
    const deployed = rke2Deployed();

    deployed.spec.rkeConfig.machineSelectorConfig[0].config['kubelet-arg'].push('cloud-provider=external', 'cloud-provider=aws');
    const plan = planMigration(deployed, LM);

    // The provider locations read the last value only: no location says external.
    expect(plan.detection.providerLocations.map((l) => l.value)).toEqual(['aws', 'aws']);
    expect(plan.steps.find((s) => s.id === 'switch-to-external')!.done).toBe(false);
    expect(planRollback(deployed, LM, 'deploy-ccm')).toEqual(refusal('deploy-ccm', 'switched'));
  });

  it('RKE1: does not read RKE2 args, so a management cluster carrying a stray rkeConfig still gets the flag rolled back', () => {
    const mgmt = fixture('rke1-management-in-tree.json');
    const flagged = applied(mgmt, RKE1, 'enable-leader-migration');

    flagged.spec.rkeConfig = { machineGlobalConfig: { 'kubelet-arg': ['cloud-provider=external'] } };
    const rollback = planRollback(flagged, RKE1, 'enable-leader-migration', { observations: { daemonSet: null, chartRelease: null } });

    expect(rollback.offered).toBe(true);
    expect(rollback.refusal).toBeUndefined();
    expect(rollback.object).toEqual({ ...mgmt, spec: { ...mgmt.spec, rkeConfig: flagged.spec.rkeConfig } });
  });
});

describe('RKE1: the chart counts as installed when any one sign says so', () => {
  it('refuses the flag while the install-ccm step of the plan it is given was judged done, though a later read finds nothing', () => {
    const flagged = rke1Flagged();
    const plan = applyObservations(planMigration(flagged, RKE1), { daemonSet: CCM_DAEMONSET });

    expect(plan.steps.find((s) => s.id === 'install-ccm')!.done).toBe(true);
    expect(planRollback(flagged, RKE1, 'enable-leader-migration', { plan, observations: { daemonSet: null, chartRelease: null } })).toEqual({
      ...refusal('enable-leader-migration', 'uninstallCcmFirst'), description: { key: 'rollback.description.enable-leader-migration.rke1' },
    });
  });

  it('offers to uninstall the chart\'s app when the plan it is given judged the chart installed and nothing else was read', () => {
    const flagged = rke1Flagged();
    const plan = applyObservations(planMigration(flagged, RKE1), { daemonSet: CCM_DAEMONSET });

    expect(planRollback(flagged, RKE1, 'install-ccm', { plan })).toEqual(UNINSTALL);
  });

  it('offers to uninstall the chart\'s app when only the CCM DaemonSet is read (whether it is the app is the runner\'s fresh read)', () => {
    expect(planRollback(rke1Flagged(), RKE1, 'install-ccm', { observations: { daemonSet: CCM_DAEMONSET, chartRelease: null } })).toEqual(UNINSTALL);
  });

  it('offers it on the read app alone, in whatever state, though nothing else says the chart is installed', () => {
    expect(planRollback(rke1Flagged(), RKE1, 'install-ccm', { chartApp: true })).toEqual(UNINSTALL);
    expect(planRollback(rke1Flagged(), RKE1, 'install-ccm', { chartApp: true, observations: { daemonSet: null, chartRelease: null } })).toEqual(UNINSTALL);
  });

  it('refuses when the app is read absent: a CCM that runs is not the tab\'s to remove, and with none there is nothing to undo', () => {
    const flagged = rke1Flagged();
    const plan = applyObservations(planMigration(flagged, RKE1), { daemonSet: CCM_DAEMONSET });

    expect(planRollback(flagged, RKE1, 'install-ccm', { plan, chartApp: false, observations: { daemonSet: CCM_DAEMONSET, chartRelease: null } })).toEqual({
      ...refusal('install-ccm', 'notAnApp'), description: { key: 'rollback.description.install-ccm.rke1' },
    });
    expect(planRollback(flagged, RKE1, 'install-ccm', { plan, chartApp: false, observations: { daemonSet: null, chartRelease: null } })).toEqual(refusal('install-ccm', 'notDone'));
    expect(planRollback(flagged, RKE1, 'install-ccm', { plan, chartApp: false })).toEqual(refusal('install-ccm', 'notDone'));
  });

  it('has no object to write for the uninstall: rollbackObject refuses it rather than write nothing', () => {
    const e = thrown(() => rollbackObject(rke1Flagged(), RKE1, 'install-ccm', { chartApp: true }));

    expect(isMigrationError(e) && e.code).toBe('ROLLBACK_REFUSED');
  });

  it('refuses the flag while only the CCM DaemonSet is read, as the chart it belongs to must go first', () => {
    expect(planRollback(rke1Flagged(), RKE1, 'enable-leader-migration', { observations: { daemonSet: CCM_DAEMONSET, chartRelease: null } })).toEqual({
      ...refusal('enable-leader-migration', 'uninstallCcmFirst'), description: { key: 'rollback.description.enable-leader-migration.rke1' },
    });
  });

  it('says install-ccm is not done when nothing of the live cluster was read and the plan judged nothing', () => {
    expect(planRollback(rke1Flagged(), RKE1, 'install-ccm')).toEqual(refusal('install-ccm', 'notDone'));
  });
});

describe('a rollback refused for what the cluster is', () => {
  it('offers nothing on a cluster that is neither RKE2 nor RKE1', () => {
    const k3s = fixture('k3s-kubectl.yaml');

    expect(planMigration(k3s, LM).detection.kind).toBe('k3s');
    expect(planRollback(k3s, LM, 'deploy-ccm')).toEqual(refusal('deploy-ccm', 'notReversible'));
    expect(planRollback(k3s, LM, 'enable-leader-migration', { observations: { daemonSet: null } })).toEqual(refusal('enable-leader-migration', 'notReversible'));
  });

  it('RKE2: says the flag is not done when the step counts as done with no control-plane machine to carry it', () => {
    const input = fixture('rke2-steve-in-tree.json');

    input.spec.rkeConfig.machinePools.forEach((p: Obj) => {
      p.controlPlaneRole = false;
    });
    const step = planMigration(input, LM).steps.find((s) => s.id === 'enable-leader-migration')!;

    expect(step.done).toBe(true);
    expect(JSON.stringify(input)).not.toContain('enable-leader-migration');
    expect(planRollback(input, LM, 'enable-leader-migration', { observations: { daemonSet: null } })).toEqual(refusal('enable-leader-migration', 'notDone'));
  });
});

describe('rollbackObject: a refused write', () => {
  it('throws ROLLBACK_REFUSED naming the step and the refusal, with the reason as its key and no params', () => {
    const deployed = rke2Deployed();
    const switched = applied(deployed, LM, 'switch-to-external');
    const e = thrown(() => rollbackObject(switched, LM, 'deploy-ccm'));

    expect(isMigrationError(e)).toBe(true);
    expect([e.code, e.message, e.messageKey, e.params]).toEqual(['ROLLBACK_REFUSED', 'deploy-ccm: no rollback now (switched)', 'rollback.refused.switched', {}]);
  });

  it('throws ROLLBACK_REFUSED with the version as the param when Kubernetes 1.27 has no in-tree provider', () => {
    const at127 = rke2Deployed();

    at127.spec.kubernetesVersion = 'v1.27.16+rke2r1';
    const e = thrown(() => rollbackObject(at127, LM, 'enable-leader-migration', { observations: { daemonSet: null } }));

    expect([e.code, e.message, e.messageKey, e.params]).toEqual([
      'ROLLBACK_REFUSED', 'enable-leader-migration: no rollback now (inTreeRemoved)', 'rollback.refused.inTreeRemoved', { version: 'v1.27.16+rke2r1' },
    ]);
  });

  it('gives back the rollback object when it is offered', () => {
    const flagged = applied(fixture('rke2-steve-in-tree.json'), LM, 'enable-leader-migration');

    expect(rollbackObject(flagged, LM, 'enable-leader-migration', { observations: { daemonSet: null } })).toEqual(fixture('rke2-steve-in-tree.json'));
  });
});

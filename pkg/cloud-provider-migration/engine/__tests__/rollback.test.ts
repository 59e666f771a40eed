// The rollback of an applied update step (planning/rollback.ts): the object as it is with exactly that step's change
// reversed, its diff and commands as the steps make theirs, and every reason it is not offered.
import { parsePatch } from 'diff';
import type { PlanOptions, StepId } from '../types';
import { planMigration } from '../planning/planMigration';
import { planRollback, rollbackObject } from '../planning/rollback';
import { objectYaml } from '../planning/objectDiff';
import { removeCcmHelmChart, upsertCcmHelmChart } from '../rke2/additionalManifest';
import { withoutKcmLeaderMigration } from '../rke2/rke2Edits';
import { ccmReleaseFor } from '../ccm/ccmReleases';
import { isMigrationError } from '../errors';
import { renderMessage } from '../messages';
import { fixture, l10n, thrown } from './fixtures';

type Obj = Record<string, any>;

const LM: PlanOptions = { strategy: 'leader-migration' };
const RKE1: PlanOptions = { strategy: 'leader-migration', rke1NodeProvisioning: 'node-driver' };
const GONE = { daemonSet: null };

/** The object after each step in turn, each written from a fresh plan of the object before it (as the runner does). */
function applied(obj: Obj, options: PlanOptions, ...ids: StepId[]): Obj {
  return ids.reduce((o, id) => planMigration(o, options).steps.find((s) => s.id === id)!.object!, obj);
}

/** The shell argument of `-p '…'` in a kubectl command, unquoted. */
function patchOf(command: string): unknown {
  const quoted = command.slice(command.indexOf(" -p '") + 5, -1);

  return JSON.parse(quoted.replace(/'\\''/g, "'"));
}

describe('the rollback of deploy-ccm (RKE2)', () => {
  const input = fixture('rke2-steve-in-tree.json');
  const flagged = applied(input, LM, 'enable-leader-migration');
  const deployed = applied(flagged, LM, 'deploy-ccm');

  it('is the cluster as it is with the CCM HelmChart out of the manifest and every other byte as it was', () => {
    const frozen = JSON.stringify(deployed);
    const rollback = planRollback(deployed, LM, 'deploy-ccm');

    expect(rollback.offered).toBe(true);
    expect(rollback.object).toEqual(flagged);
    expect(rollback.object!.spec.rkeConfig.additionalManifest).toBe(input.spec.rkeConfig.additionalManifest);
    // Only the manifest differs from the object it was derived from; the input itself is left alone.
    expect({ ...rollback.object!.spec.rkeConfig, additionalManifest: 'x' }).toEqual({ ...deployed.spec.rkeConfig, additionalManifest: 'x' });
    expect(JSON.stringify(deployed)).toBe(frozen);
    expect(planMigration(rollback.object!, LM).steps.find((s) => s.id === 'deploy-ccm')!.done).toBe(false);
  });

  it('shows the removal as a diff of the object a user edits, labelled as the rollback, and nothing else', () => {
    const rollback = planRollback(deployed, LM, 'deploy-ccm');
    const [patch] = parsePatch(rollback.diff!);
    const lines = patch.hunks.flatMap((h) => h.lines);

    expect(patch.newHeader).toBe('after the rollback');
    expect(rollback.diffSides).toEqual({ before: objectYaml(deployed, 'steve'), after: objectYaml(flagged, 'steve') });
    expect(lines.filter((l) => l.startsWith('+'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('-')).join('\n')).toContain('kind: HelmChart');
    expect(lines.filter((l) => l.startsWith('-')).join('\n')).not.toContain('ResourceQuota');
  });

  it('prints a kubectl merge patch that writes back the manifest as it was, against the Rancher local cluster', () => {
    const rollback = planRollback(deployed, LM, 'deploy-ccm');

    expect(rollback.runsIn).toBe('rancher');
    expect(rollback.commands).toHaveLength(1);
    expect(rollback.commands![0]).toMatch(/^kubectl patch clusters\.provisioning\.cattle\.io prod-east -n fleet-default --type merge -p /);
    expect(patchOf(rollback.commands![0])).toEqual({ spec: { rkeConfig: { additionalManifest: input.spec.rkeConfig.additionalManifest } } });
  });

  it('leaves a manifest that held only the HelmChart empty, as the dashboard writes a cluster without one', () => {
    const bare = fixture('rke2-steve-in-tree.json');

    bare.spec.rkeConfig.additionalManifest = '';
    const before = applied(bare, LM, 'enable-leader-migration');
    const rollback = planRollback(applied(before, LM, 'deploy-ccm'), LM, 'deploy-ccm');

    expect(rollback.object).toEqual(before);
    expect(patchOf(rollback.commands![0])).toEqual({ spec: { rkeConfig: { additionalManifest: '' } } });
  });

  it('is offered without reading the live cluster: only the flag waits for the CCM to be gone', () => {
    expect(planRollback(deployed, LM, 'deploy-ccm', { observations: { daemonSet: { metadata: { name: 'aws-cloud-controller-manager' } } } }).offered).toBe(true);
  });
});

describe('the rollback of enable-leader-migration', () => {
  it('RKE2: after the CCM is rolled back and gone, gives back the object as it was before the migration', () => {
    const input = fixture('rke2-steve-in-tree.json');
    const flagged = applied(input, LM, 'enable-leader-migration');
    const rollback = planRollback(flagged, LM, 'enable-leader-migration', { observations: GONE });
    const [patch] = parsePatch(rollback.diff!);
    const changed = patch.hunks.flatMap((h) => h.lines).filter((l) => /^[-+]/.test(l));

    expect(rollback.offered).toBe(true);
    expect(rollback.object).toEqual(input);
    expect(changed).toEqual(['-        - enable-leader-migration']);
    expect(rollback.description).toEqual({ key: 'rollback.description.enable-leader-migration.rke2' });
  });

  it('RKE2: takes the flag out of the lists the step edits only, keeping an emptied entry list as []', () => {
    const CP = { matchLabels: { 'rke.cattle.io/control-plane-role': 'true' } };
    const obj = {
      apiVersion: 'provisioning.cattle.io/v1',
      kind:       'Cluster',
      metadata:   { name: 'edge', namespace: 'fleet-default' },
      spec:       {
        kubernetesVersion: 'v1.26.15+rke2r1',
        rkeConfig:         {
          machineGlobalConfig:   { 'kube-controller-manager-arg': ['enable-leader-migration', 'v=2'] },
          machineSelectorConfig: [
            { config: { 'cloud-provider-name': 'aws' } },
            { config: { 'kube-controller-manager-arg': ['enable-leader-migration'] }, machineLabelSelector: CP },
          ],
        },
      },
    };
    const out = withoutKcmLeaderMigration(obj).spec.rkeConfig;

    // The control-plane entry's list is the one in effect there; global's is overridden on every control-plane machine.
    expect(out.machineSelectorConfig[1].config['kube-controller-manager-arg']).toEqual([]);
    expect(out.machineGlobalConfig).toEqual({ 'kube-controller-manager-arg': ['enable-leader-migration', 'v=2'] });
  });

  it('RKE1: takes the flag out of kube-controller extraArgs, the other args and fields as they were', () => {
    const input = fixture('rke1-norman-in-tree.json');
    const flagged = applied(input, RKE1, 'enable-leader-migration');
    const rollback = planRollback(flagged, RKE1, 'enable-leader-migration', { observations: { daemonSet: null, chartRelease: null } });

    expect(flagged.rancherKubernetesEngineConfig.services.kubeController.extraArgs['enable-leader-migration']).toBe('true');
    expect(rollback.offered).toBe(true);
    expect(rollback.object).toEqual(input);
    expect(rollback.commands![0]).toMatch(/^kubectl patch clusters\.management\.cattle\.io /);
    expect(patchOf(rollback.commands![0])).toEqual({ spec: { rancherKubernetesEngineConfig: { services: { kubeController: { extraArgs: { 'enable-leader-migration': null } } } } } });
  });

  it('RKE1 as a management.cattle.io cluster: the object keeps its shape, only spec.rancherKubernetesEngineConfig changes', () => {
    const mgmt = fixture('rke1-management-in-tree.json');
    const flagged = applied(mgmt, RKE1, 'enable-leader-migration');
    const rollback = planRollback(flagged, RKE1, 'enable-leader-migration', { observations: { daemonSet: null, chartRelease: null } });

    expect(rollback.offered).toBe(true);
    expect(rollback.object).toEqual(mgmt);
    expect(rollback.diff).toContain('\n-          enable-leader-migration: "true"\n');
  });
});

describe('when a rollback is not offered, and why', () => {
  const input = fixture('rke2-steve-in-tree.json');
  const flagged = applied(input, LM, 'enable-leader-migration');
  const deployed = applied(flagged, LM, 'deploy-ccm');
  const switched = applied(deployed, LM, 'switch-to-external');
  const partly = JSON.parse(JSON.stringify(deployed));

  partly.spec.rkeConfig.machineSelectorConfig[0].config['kubelet-arg'].push('cloud-provider=external');
  const at127 = JSON.parse(JSON.stringify(deployed));

  at127.spec.kubernetesVersion = 'v1.27.16+rke2r1';
  const rke1 = fixture('rke1-norman-in-tree.json');
  const rke1Flagged = applied(rke1, RKE1, 'enable-leader-migration');
  const installed = { daemonSet: { metadata: { name: 'aws-cloud-controller-manager' } }, chartRelease: { version: '0.0.8', values: {} } };

  it.each([
    ['the switch is applied', switched, LM, 'deploy-ccm', undefined, 'switched', undefined],
    ['the switch is applied (the flag)', switched, LM, 'enable-leader-migration', GONE, 'switched', undefined],
    ['one component already runs out of tree', partly, LM, 'deploy-ccm', undefined, 'switched', undefined],
    ['Kubernetes 1.27 with the in-tree provider', at127, LM, 'deploy-ccm', undefined, 'inTreeRemoved', { version: 'v1.27.16+rke2r1' }],
    ['the step is not applied', input, LM, 'deploy-ccm', undefined, 'notDone', undefined],
    ['the flag while the CCM HelmChart is deployed', deployed, LM, 'enable-leader-migration', GONE, 'deployCcmFirst', undefined],
    ['the flag while a CCM DaemonSet still runs', flagged, LM, 'enable-leader-migration', { daemonSet: installed.daemonSet }, 'ccmRunning', undefined],
    ['the flag before the DaemonSet is read', flagged, LM, 'enable-leader-migration', undefined, 'notObserved', undefined],
    ['the switch itself', deployed, LM, 'switch-to-external', undefined, 'notReversible', undefined],
    ['a live step', deployed, LM, 'cordon-control-plane', undefined, 'notReversible', undefined],
    ['a step the downtime path does not have', deployed, { strategy: 'downtime' }, 'deploy-ccm', undefined, 'notReversible', undefined],
    ['RKE1: the chart when it is not installed', rke1Flagged, RKE1, 'install-ccm', { daemonSet: null, chartRelease: null }, 'notDone', undefined],
    ['RKE1: the flag while the chart is installed', rke1Flagged, RKE1, 'enable-leader-migration', { daemonSet: null, chartRelease: installed.chartRelease }, 'uninstallCcmFirst', undefined],
  ] as [string, Obj, PlanOptions, StepId, any, string, Record<string, string> | undefined][])('%s: %s', (_name, obj, options, step, observations, refusal, params) => {
    const rollback = planRollback(obj, options, step, { observations });

    expect(rollback).toEqual(expect.objectContaining({ step, offered: false, refusal }));
    expect(rollback.reason).toEqual(params ? { key: `rollback.refused.${ refusal }`, params } : { key: `rollback.refused.${ refusal }` });
    expect(rollback.object).toBeUndefined();
    expect(rollback.diff).toBeUndefined();
  });

  it.each([['en-us' as const], ['zh-hans' as const]])('has, in %s, a text for every reason and every rollback, placeholders filled', (lang) => {
    const dict = l10n(lang);
    const messages = [
      planRollback(switched, LM, 'deploy-ccm'), planRollback(at127, LM, 'deploy-ccm'), planRollback(input, LM, 'deploy-ccm'),
      planRollback(deployed, LM, 'enable-leader-migration', { observations: GONE }), planRollback(flagged, LM, 'enable-leader-migration', { observations: { daemonSet: installed.daemonSet } }),
      planRollback(flagged, LM, 'enable-leader-migration'), planRollback(deployed, LM, 'switch-to-external'),
      planRollback(rke1Flagged, RKE1, 'install-ccm', { observations: installed }),
      planRollback(rke1Flagged, RKE1, 'install-ccm', { observations: installed, chartApp: false }),
      planRollback(rke1Flagged, RKE1, 'enable-leader-migration', { observations: { daemonSet: null, chartRelease: installed.chartRelease } }),
      planRollback(deployed, LM, 'deploy-ccm'), planRollback(flagged, LM, 'enable-leader-migration', { observations: GONE }),
      planRollback(rke1Flagged, RKE1, 'enable-leader-migration', { observations: { daemonSet: null, chartRelease: null } }),
    ].flatMap((r) => [r.reason, r.description]).filter((m) => !!m);
    const keys = new Set(messages.map((m) => m!.key));

    expect(keys.size).toBe(13);
    messages.forEach((m) => {
      const text = renderMessage(m!, dict);

      expect(text).not.toBe(m!.key);
      expect(text).not.toMatch(/\{\w+\}/);
    });
  });

  it('says what the rollback will do when only something else must happen first', () => {
    expect(planRollback(deployed, LM, 'enable-leader-migration', { observations: GONE }).description).toEqual({ key: 'rollback.description.enable-leader-migration.rke2' });
    expect(planRollback(rke1Flagged, RKE1, 'install-ccm', { observations: installed }).description).toEqual({ key: 'rollback.description.install-ccm.rke1' });
  });

  it('uses the plan it is given instead of planning again', () => {
    const plan = planMigration(deployed, LM);

    plan.steps = plan.steps.map((s) => (s.id === 'deploy-ccm' ? { ...s, done: false } : s));

    expect(planRollback(deployed, LM, 'deploy-ccm', { plan }).refusal).toBe('notDone');
  });

  it('refuses a write with ROLLBACK_REFUSED and the reason as its text', () => {
    const e = thrown(() => rollbackObject(switched, LM, 'deploy-ccm'));

    expect(isMigrationError(e)).toBe(true);
    expect([e.code, e.messageKey]).toEqual(['ROLLBACK_REFUSED', 'rollback.refused.switched']);
    expect(rollbackObject(deployed, LM, 'deploy-ccm')).toEqual(flagged);
  });
});

describe('removeCcmHelmChart: the CCM HelmChart out of a manifest, every other byte kept', () => {
  const target = {
    distro: 'rke2' as const, release: ccmReleaseFor('v1.26.15+rke2r1'), leaderMigration: true, repo: 'https://kubernetes.github.io/cloud-provider-aws',
  };

  it.each([
    ['a manifest ending with a newline', '# ours\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n'],
    ['a manifest without a final newline', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}'],
    ['a manifest of two documents', 'apiVersion: v1\nkind: A\n---\n# b\napiVersion: v1\nkind: B\n'],
    ['no manifest', ''],
  ])('gives back %s after the HelmChart was added to it', (_name, text) => {
    const added = upsertCcmHelmChart(text, target);

    expect(added).not.toBe(text);
    expect(removeCcmHelmChart(added)).toBe(text);
  });

  it('takes out a HelmChart that comes first or in the middle, with its own marker, leaving the others as written', () => {
    const chart = upsertCcmHelmChart('', target);

    expect(removeCcmHelmChart(`${ chart }---\n# b\nkind: B\n`)).toBe('---\n# b\nkind: B\n');
    expect(removeCcmHelmChart(`kind: A\n---\n${ chart }---\nkind: C   # c\n`)).toBe('kind: A\n---\nkind: C   # c\n');
  });

  it('leaves a manifest without the HelmChart as it is', () => {
    const text = 'kind: A # keep\n---\nkind: B\n';

    expect(removeCcmHelmChart(text)).toBe(text);
    expect(removeCcmHelmChart(undefined)).toBe('');
  });
});

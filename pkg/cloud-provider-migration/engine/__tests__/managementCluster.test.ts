import { applyPatch, parsePatch } from 'diff';
import { stringify } from 'yaml';
import type { MigrationPlan, PlanOptions, PlanStep } from '../types';
import { planMigration } from '../planning/planMigration';
import { detectCluster } from '../cluster/detection';
import { migrationStatus } from '../cluster/migrationStatus';
import { editableView } from '../cluster/clusterShape';
import { OBJECT_YAML_OPTIONS } from '../planning/objectDiff';
import { errorCode, fixture } from './fixtures';

const NORMAN = 'rke1-norman-in-tree.json';
const MANAGEMENT = 'rke1-management-in-tree.json';
const RKEC = 'rancherKubernetesEngineConfig';

/** The Norman object's rancherKubernetesEngineConfig without Norman's `type: /v3/schemas/…` markers (the CRD has none). */
function withoutSchemaTypes(value: any): any {
  if (Array.isArray(value)) {
    return value.map(withoutSchemaTypes);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value)
      .filter(([k, v]) => !(k === 'type' && typeof v === 'string' && v.startsWith('/v3/schemas/')))
      .map(([k, v]) => [k, withoutSchemaTypes(v)]));
  }

  return value;
}

const updates = (plan: MigrationPlan): PlanStep[] => plan.steps.filter((s) => s.object);

/** What a plan decides, without the parts whose shape differs (objects, diffs, paths). */
function decisions(plan: MigrationPlan) {
  return {
    cluster:      plan.cluster,
    status:       plan.status,
    reason:       plan.reason?.key,
    strategy:     plan.strategy,
    finalVersion: plan.finalVersion,
    preflight:    plan.preflight.map((c) => `${ c.id }:${ c.severity }`),
    steps:        plan.steps.map((s) => ({
      id: s.id, action: s.action, done: s.done, live: s.live, optional: s.optional, warnings: s.warnings.map((w) => w.key), chart: s.chart, commands: s.commands,
    })),
  };
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const keyOf = (line: string) => line.trim().replace(/^- /, '').split(':')[0];

/** The dotted YAML path of line `index` of `text`: its key and the keys of the lines it is nested under. */
function yamlPath(text: string, index: number): string {
  const lines = text.split('\n');
  const path = [keyOf(lines[index])];
  let indent = indentOf(lines[index]);

  for (let i = index - 1; i >= 0 && indent > 0; i--) {
    if (lines[i].trim() && indentOf(lines[i]) < indent) {
      path.unshift(keyOf(lines[i]));
      indent = indentOf(lines[i]);
    }
  }

  return path.join('.');
}

/** The YAML paths of every removed (in `before`) and added (in `after`) line of a unified diff. */
function changedPaths(diff: string, before: string, after: string): string[] {
  const paths: string[] = [];

  parsePatch(diff)[0].hunks.forEach((hunk) => {
    let oldLine = hunk.oldStart - 1;
    let newLine = hunk.newStart - 1;

    hunk.lines.forEach((l) => {
      if (l.startsWith('-')) {
        paths.push(`-${ yamlPath(before, oldLine++) }`);
      } else if (l.startsWith('+')) {
        paths.push(`+${ yamlPath(after, newLine++) }`);
      } else if (l.startsWith(' ')) {
        oldLine++;
        newLine++;
      }
    });
  });

  return paths;
}

const PLAN_CASES: [string, PlanOptions][] = [
  ['leader migration with the hostname chosen', { useInstanceMetadataHostname: false }],
  ['leader migration without a hostname choice (the user is asked)', {}],
  ['leader migration on a node-driver cluster given by the caller', { rke1NodeProvisioning: 'node-driver' }],
  ['leader migration with a Kubernetes upgrade and no cleanup', { useInstanceMetadataHostname: true, targetVersion: 'v1.27.16-rancher1-1', cleanup: false }],
  ['downtime with a chart repository and registry override', { strategy: 'downtime', useInstanceMetadataHostname: true, chartRepo: 'https://charts.example.com/aws', systemDefaultRegistry: 'mirror.example.com' }],
];

describe('an RKE1 management.cattle.io/v3 Cluster (kubectl shape)', () => {
  it('is detected as the Norman object is, with the provider path in its own shape', () => {
    const management = detectCluster(fixture(MANAGEMENT));
    const norman = detectCluster(fixture(NORMAN));

    expect(management).toEqual({
      ...norman,
      format:            'management',
      providerLocations: [
        { path: 'spec.rancherKubernetesEngineConfig.cloudProvider.name', value: 'aws' },
        { path: 'spec.rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider', value: 'aws' },
      ],
    });
    expect(management).toMatchObject({ kind: 'rke1', name: 'legacy-west', id: 'c-7tq4m', managementClusterId: 'c-7tq4m', kubernetesVersion: 'v1.26.15-rancher1-1', nodeProvisioning: 'unknown' });
  });

  it('is named after metadata.name when it has no display name', () => {
    const input = fixture(MANAGEMENT);

    delete input.spec.displayName;
    expect(detectCluster(input)).toMatchObject({ name: 'c-7tq4m', id: 'c-7tq4m', format: 'management' });
  });

  it('is also recognised as Steve serves it (type management.cattle.io.cluster, links)', () => {
    const input = fixture(MANAGEMENT);

    Object.assign(input, { id: 'c-7tq4m', type: 'management.cattle.io.cluster', links: { self: 'https://rancher.example.com/v1/management.cattle.io.clusters/c-7tq4m' } });
    delete input.apiVersion;
    delete input.kind;
    expect(detectCluster(input)).toMatchObject({ kind: 'rke1', format: 'management', id: 'c-7tq4m' });
  });

  it.each([
    ['a namespaced object', (o: any) => {
      o.metadata.namespace = 'fleet-default';
    }],
    ['one without metadata.name', (o: any) => {
      delete o.metadata.name;
    }],
    ['one without spec', (o: any) => {
      delete o.spec;
    }],
    ['a management object of another kind', (o: any) => {
      o.kind = 'Project';
    }],
  ])('is not taken for %s', (_name, edit) => {
    const input = fixture(MANAGEMENT);

    edit(input);
    expect(errorCode(() => detectCluster(input))).toBe('NOT_A_CLUSTER');
  });

  it('is rejected with NOT_A_CLUSTER inside a kind: List wrapper (export one cluster)', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [fixture(MANAGEMENT)] };

    expect(errorCode(() => planMigration(list))).toBe('NOT_A_CLUSTER');
  });

  it.each(PLAN_CASES)('is planned as its Norman twin: %s', (_name, options) => {
    const management = planMigration(fixture(MANAGEMENT), options);
    const norman = planMigration(fixture(NORMAN), options);

    expect(decisions(management)).toEqual(decisions(norman));
    expect(updates(management).length).toBeGreaterThan(0);
    expect(management.detection.format).toBe('management');
  });

  it('asks for the hostname choice unless the caller says how the nodes were provisioned', () => {
    const ids = (options: PlanOptions) => planMigration(fixture(MANAGEMENT), options).preflight.map((c) => `${ c.id }:${ c.severity }`);

    expect(ids({})).toContain('choose-hostname:blocker');
    expect(ids({ rke1NodeProvisioning: 'node-driver' })).not.toContain('choose-hostname:blocker');
  });

  it('names the in-tree cloud config by its path in this shape', () => {
    const plan = planMigration(fixture(MANAGEMENT), { useInstanceMetadataHostname: false });
    const field = 'spec.rancherKubernetesEngineConfig.cloudProvider.awsCloudProvider';

    const settings = 'global.kubernetes-cluster-tag=legacy-west, global.vpc=vpc-0a1b2c3d';

    expect(plan.preflight.find((c) => c.id === 'cloud-config')?.message.params).toEqual({ field, settings });
    expect(plan.steps.find((s) => s.id === 'switch-to-external')?.warnings).toContainEqual({ key: 'steps.warnings.awsCloudProvider', params: { field, settings } });
  });

  describe.each(PLAN_CASES)('step objects and diffs: %s', (_name, options) => {
    const input = fixture(MANAGEMENT);
    const plan = planMigration(input, options);
    const normanPlan = planMigration(fixture(NORMAN), options);
    const pairs = updates(plan).map((s, i): [string, PlanStep, PlanStep, Record<string, any>] => [s.id, s, updates(normanPlan)[i], i ? updates(plan)[i - 1].object! : input]);

    it.each(pairs)('%s keeps everything but spec.rancherKubernetesEngineConfig byte-for-byte', (_id, step, normanStep) => {
      const { spec: { [RKEC]: rkec, ...specRest }, ...rest } = step.object!;
      const { spec: { [RKEC]: _inputRkec, ...inputSpecRest }, ...inputRest } = input;

      expect(JSON.stringify(rest)).toBe(JSON.stringify(inputRest));
      expect(JSON.stringify(specRest)).toBe(JSON.stringify(inputSpecRest));
      expect(rkec).toEqual(withoutSchemaTypes(normanStep.object![RKEC]));
      expect(step.id).toBe(normanStep.id);
    });

    it.each(pairs)('%s diffs its object against the one before it, at spec.rancherKubernetesEngineConfig paths', (_id, step, normanStep, before) => {
      const yamlOf = (o: Record<string, any>, format: 'management' | 'norman') => stringify(editableView(o, format), OBJECT_YAML_OPTIONS);
      const normanBefore = updates(normanPlan)[updates(normanPlan).indexOf(normanStep) - 1]?.object || fixture(NORMAN);

      expect(step.done).toBe(false);
      expect(applyPatch(yamlOf(before, 'management'), step.diff!)).toBe(yamlOf(step.object!, 'management'));
      const paths = changedPaths(step.diff!, yamlOf(before, 'management'), yamlOf(step.object!, 'management'));
      const normanPaths = changedPaths(normanStep.diff!, yamlOf(normanBefore, 'norman'), yamlOf(normanStep.object!, 'norman'));

      expect(paths.length).toBeGreaterThan(0);
      expect(paths.every((p) => p.slice(1).startsWith(`spec.${ RKEC }.`))).toBe(true);
      // Norman adds a `type` (its schema link) to nested objects; a removed block shows it, kubectl objects have none.
      expect(paths).toEqual(normanPaths.filter((p) => !p.endsWith('.type')).map((p) => `${ p[0] }spec.${ p.slice(1) }`));
    });
  });

  it('reports migrated when re-planned from the switched object, every update step done', () => {
    const first = planMigration(fixture(MANAGEMENT), { useInstanceMetadataHostname: false });
    const switched = first.steps.find((s) => s.id === 'switch-to-external')!.object!;
    const again = planMigration(switched);

    expect(again).toMatchObject({ status: 'migrated', detection: { format: 'management', effectiveProvider: 'external-aws' } });
    expect(updates(again).map((s) => [s.id, s.done, s.diff, s.commands])).toEqual([
      ['enable-leader-migration', true, '', []],
      ['switch-to-external', true, '', []],
    ]);
    expect(again.preflight.map((c) => c.id)).toContain('migrated');
  });

  it('gets the same verdict from migrationStatus called on the object and its detection', () => {
    const input = fixture(MANAGEMENT);

    input.spec[RKEC].services.kubeController.extraArgs['enable-leader-migration'] = 'true';
    expect(migrationStatus(input, detectCluster(input))).toEqual({ status: 'migrating' });
  });
});

describe('a management.cattle.io/v3 Cluster without rancherKubernetesEngineConfig', () => {
  /** The management object and its Norman equivalent (status flattened in), both without RKE1 configuration. */
  function twins(name: string, spec: Record<string, any>, status: Record<string, any>): [Record<string, any>, Record<string, any>] {
    const management = fixture(MANAGEMENT);
    const norman = fixture(NORMAN);

    management.metadata.name = name;
    delete management.spec[RKEC];
    delete management.status.appliedSpec[RKEC];
    Object.assign(management.spec, spec);
    Object.assign(management.status, status);
    norman.id = name;
    delete norman[RKEC];
    Object.assign(norman, spec, status);

    return [management, norman];
  }

  it.each([
    ['an RKE2 cluster provisioned by Rancher (c-m-…)', 'c-m-9xkq2fzt', {}, { driver: 'imported', provider: 'rke2' }, 'imported', 'reasons.normanWithoutRkeConfig'],
    ['an imported cluster', 'c-h4x8q', { importedConfig: { kubeConfig: '' } }, { driver: 'imported', provider: '' }, 'imported', 'reasons.imported'],
    ['an EKS cluster', 'c-e2k9s', { eksConfig: { region: 'us-west-2', imported: false } }, { driver: 'EKS', provider: 'eks' }, 'hosted', 'reasons.hosted'],
    ['an EKS cluster known only by its status', 'c-e7m2x', {}, { driver: 'imported', provider: 'eks' }, 'hosted', 'reasons.hosted'],
  ])('is not applicable as its Norman equivalent: %s', (_name, id, spec, status, kind, reason) => {
    const [management, norman] = twins(id, spec, status);
    const plan = planMigration(management);

    expect(plan).toMatchObject({ status: 'not-applicable', reason: { key: reason }, steps: [], detection: { kind, format: 'management', id } });
    expect(decisions(plan)).toEqual(decisions(planMigration(norman)));
  });
});

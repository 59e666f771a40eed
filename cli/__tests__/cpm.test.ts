import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { parseClusterText, planMigration } from '../../pkg/cloud-provider-migration/engine';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'pkg/cloud-provider-migration/engine/__tests__/fixtures');

function cpm(...args: string[]) {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'cli/cpm.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cpm plan', () => {
  it('prints the JSON contract for an RKE2 cluster', () => {
    const r = cpm('plan', join(FIXTURES, 'rke2-steve-in-tree.json'), '--output', 'json', '--target-version', 'v1.27.16+rke2r1');

    expect([r.code, r.stderr]).toEqual([0, '']);
    const plan = JSON.parse(r.stdout);

    expect(plan.cluster).toEqual({ distro: 'rke2', name: 'prod-east', kubernetesVersion: 'v1.26.15+rke2r1' });
    expect(plan).toMatchObject({ status: 'in-tree', strategy: 'leader-migration' });
    expect(plan.steps[0]).toMatchObject({ id: 'enable-leader-migration', action: 'update-cluster', done: false });
    plan.steps.forEach((s: any) => {
      expect(typeof s.title).toBe('string');
      expect(s.title).not.toMatch(/^steps\./);
      expect(Array.isArray(s.warnings) && s.warnings.every((w: unknown) => typeof w === 'string')).toBe(true);
    });
    const update = plan.steps.find((s: any) => s.id === 'switch-to-external');

    // The version changes in its own step after the uncordon, not with the switch.
    expect(update.object.spec.kubernetesVersion).toBe('v1.26.15+rke2r1');
    expect(plan.steps.find((s: any) => s.id === 'upgrade-kubernetes').object.spec.kubernetesVersion).toBe('v1.27.16+rke2r1');
    expect(update.diff).toContain('cloud-provider=external');
    expect(update.commands[0]).toMatch(/^kubectl patch clusters\.provisioning\.cattle\.io prod-east -n fleet-default --type merge -p '/);
  });

  it('prints a readable text plan for an RKE1 cluster with the chart and its commands', () => {
    const r = cpm('plan', join(FIXTURES, 'rke1-norman-in-tree.json'), '--use-instance-metadata-hostname', 'false');

    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Cluster legacy-west (rke1');
    expect(r.stdout).toContain('$ helm upgrade --install aws-cloud-controller-manager');
    expect(r.stdout).toContain('[ ] Install the AWS cloud controller manager chart');
    // The values heredoc can be pasted as printed: its body and closing EOF are not indented.
    const lines = r.stdout.split('\n');
    const start = lines.findIndex((l) => l.endsWith("$ cat > values.yaml <<'EOF'"));

    expect(start).toBeGreaterThan(-1);
    expect(lines[start + 1]).toBe('hostNetworking: true');
    expect(lines.slice(start + 1).indexOf('EOF')).toBeGreaterThan(0);
  });

  it('exits 0 with a rendered reason for a cluster the migration does not apply to', () => {
    const r = cpm('plan', join(FIXTURES, 'k3s-kubectl.yaml'), '-o', 'json');

    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'not-applicable', reason: 'K3s clusters are not covered: this migration is for RKE2 and RKE1 clusters on the in-tree AWS provider.', steps: [] });
  });

  it.each([
    ['an invalid additional manifest', ['plan', join(FIXTURES, 'rke2-bad-manifest.yaml')], 1, /additionalManifest is not valid YAML \(line \d+, column \d+/],
    ['a target two minors ahead', ['plan', join(FIXTURES, 'rke2-kubectl-custom.yaml'), '--target-version', 'v1.28.1+rke2r1'], 1, /more than one minor ahead/],
    ['a missing file', ['plan', join(FIXTURES, 'missing.json')], 1, /cannot read .*missing\.json/],
    ['an unknown option', ['plan', join(FIXTURES, 'k3s-kubectl.yaml'), '--colour'], 2, /--colour/],
    ['a file that is not a cluster', ['plan', join(ROOT, 'tsconfig.json')], 1, /not a provisioning\.cattle\.io\/v1 Cluster/],
  ])('fails on %s with one line on stderr', (_name, args, code, message) => {
    const r = cpm(...args);

    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.startsWith('cpm: ')).toBe(true);
    expect(r.stderr).toMatch(message);
  });

  describe('on an RKE1 management cluster as kubectl get clusters.management.cattle.io -o yaml prints it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpm-mgmt-'));
    const cluster = JSON.parse(readFileSync(join(FIXTURES, 'rke1-management-in-tree.json'), 'utf8'));
    const file = join(dir, 'c-7tq4m.yaml');
    const list = join(dir, 'clusters.yaml');

    writeFileSync(file, stringify(cluster));
    writeFileSync(list, stringify({ apiVersion: 'v1', kind: 'List', items: [cluster], metadata: { resourceVersion: '' } }));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('prints the plan of its Norman twin with step objects in the kubectl shape', () => {
      const r = cpm('plan', file, '-o', 'json', '--use-instance-metadata-hostname', 'false');
      const twin = cpm('plan', join(FIXTURES, 'rke1-norman-in-tree.json'), '-o', 'json', '--use-instance-metadata-hostname', 'false');

      expect([r.code, r.stderr, twin.code]).toEqual([0, '', 0]);
      const plan = JSON.parse(r.stdout);
      const normanPlan = JSON.parse(twin.stdout);
      const brief = (p: any) => p.steps.map((s: any) => [s.id, s.done, s.commands]);

      expect(plan).toMatchObject({ cluster: { distro: 'rke1', name: 'legacy-west', kubernetesVersion: 'v1.26.15-rancher1-1' }, status: 'in-tree' });
      expect(brief(plan)).toEqual(brief(normanPlan));
      const update = plan.steps.find((s: any) => s.id === 'switch-to-external');

      expect(update.object).toMatchObject({ apiVersion: 'management.cattle.io/v3', kind: 'Cluster', metadata: cluster.metadata, status: cluster.status });
      expect(update.object.spec.rancherKubernetesEngineConfig.cloudProvider.name).toBe('external-aws');
      expect(update.diff).toMatch(/^\+ {6}name: external-aws$/m);
      expect(update.commands[0]).toMatch(/^kubectl patch clusters\.management\.cattle\.io c-7tq4m --type merge -p '\{"spec":\{"rancherKubernetesEngineConfig":/);
    });

    it('rejects a kind: List wrapper with one line on stderr', () => {
      const r = cpm('plan', list);

      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^cpm: The input is v1 List, not a provisioning\.cattle\.io\/v1 Cluster, a management\.cattle\.io\/v3 Cluster/);
    });
  });

  it('names the management cluster shape in --help', () => {
    const r = cpm('--help');

    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kubectl get clusters.management.cattle.io c-xxxxx -o yaml');
  });

  describe('what the cluster object cannot show', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpm-live-'));
    const dsFile = join(dir, 'ds.yaml');
    const nodesFile = join(dir, 'nodes.yaml');

    writeFileSync(dsFile, stringify({
      apiVersion: 'apps/v1',
      kind:       'DaemonSet',
      metadata:   {
        name: 'aws-cloud-controller-manager', namespace: 'kube-system', labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'ccm', 'meta.helm.sh/release-namespace': 'kube-system' },
      },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.14' }] } } },
    }));
    writeFileSync(nodesFile, stringify({
      apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'only', labels: { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/worker': 'true' } } }],
    }));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const preflight = (...args: string[]) => JSON.parse(cpm('plan', join(FIXTURES, 'rke2-steve-in-tree.json'), '--output', 'json', ...args).stdout).preflight.map((c: any) => `${ c.id }:${ c.severity }`);

    it('--ccm-daemonset FILE: a CCM found outside the manifest blocks the deploy; none clears the question', () => {
      expect(preflight('--ccm-daemonset', dsFile)).toContain('existing-ccm:blocker');
      expect(preflight('--ccm-daemonset', 'none').filter((c: string) => c.startsWith('existing-ccm'))).toEqual([]);
      expect(preflight()).toContain('existing-ccm:info');
    });

    it('--nodes FILE: a single node makes downtime the recommended strategy', () => {
      const r = cpm('plan', join(FIXTURES, 'rke2-steve-in-tree.json'), '--output', 'json', '--nodes', nodesFile);

      expect(JSON.parse(r.stdout).recommendedStrategy).toBe('downtime');
      expect(preflight('--nodes', nodesFile)).toContain('single-control-plane:warning');
    });

    it('a missing file is one line on stderr and exit code 1', () => {
      const r = cpm('plan', join(FIXTURES, 'rke2-steve-in-tree.json'), '--ccm-daemonset', join(dir, 'missing.yaml'));

      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toMatch(/^cpm: cannot read .*missing\.yaml \(ENOENT\)/);
    });

    it('text output says where each step\'s commands run', () => {
      const out = cpm('plan', join(FIXTURES, 'rke2-steve-in-tree.json')).stdout;

      expect(out).toContain('Commands (run against the Rancher local cluster):');
      expect(out).toContain('Commands (run against this cluster (the downstream cluster)):');
    });
  });

  describe('errors: the l10n text of the error, as l10n/en-us.yaml words it, and its code', () => {
    const en = parse(readFileSync(join(ROOT, 'pkg/cloud-provider-migration/l10n/en-us.yaml'), 'utf8')).cloudProviderMigration;
    const dir = mkdtempSync(join(tmpdir(), 'cpm-errors-'));
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);

      return join(dir, name);
    };
    /** The en-us template of `key` with its placeholders filled here, not by the code under test. */
    const enText = (key: string, params: Record<string, string | number>) => {
      const template = key.split('.').reduce((node: any, k) => node?.[k], en);

      expect(typeof template).toBe('string');

      return (template as string).replace(/\{(\w+)\}/g, (_whole, name: string) => String(params[name]));
    };
    /** The params the engine throws with for a cluster file (line and column of a parse error). */
    const paramsOf = (text: string) => {
      try {
        planMigration(parseClusterText(text));
      } catch (e: any) {
        return e.params;
      }
      throw new Error('expected an error');
    };

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const broken = '{"metadata": {"name": "a"},,}';
    const badManifest = readFileSync(join(FIXTURES, 'rke2-bad-manifest.yaml'), 'utf8');

    it.each([
      ['an invalid additional manifest', 'INVALID_MANIFEST', () => [join(FIXTURES, 'rke2-bad-manifest.yaml')], () => enText('errors.INVALID_MANIFEST', paramsOf(badManifest))],
      ['a cluster file that is not JSON or YAML', 'MALFORMED_INPUT', () => [file('broken.json', broken)], () => enText('errors.MALFORMED_INPUT', paramsOf(broken))],
      ['a cluster file holding a list', 'NOT_AN_OBJECT', () => [file('list.yaml', '- a\n- b\n')], () => enText('errors.NOT_AN_OBJECT', {})],
      ['a target two minors ahead', 'INVALID_TARGET_VERSION', () => [join(FIXTURES, 'rke2-kubectl-custom.yaml'), '--target-version', 'v1.28.1+rke2r1'], () => enText('errors.targetVersionTooFar', { target: 'v1.28.1+rke2r1', current: 'v1.26.15+rke2r1' })],
      // An ICU select: the option is named in words, not by its name in the planner's options.
      ['an unknown strategy', 'INVALID_OPTION', () => [join(FIXTURES, 'rke2-kubectl-custom.yaml'), '--strategy', 'yolo'], () => 'Invalid value yolo for the strategy; expected leader-migration | downtime.'],
      ['an unknown RKE2 switch form', 'INVALID_OPTION', () => [join(FIXTURES, 'rke2-kubectl-custom.yaml'), '--rke2-external-mode', 'both'], () => 'Invalid value both for how RKE2 switches to the external provider; expected aws-with-overrides | external.'],
      ['a --nodes file that is no Kubernetes object', 'NOT_A_KUBE_OBJECT', () => [join(FIXTURES, 'rke2-steve-in-tree.json'), '--nodes', file('nodes.yaml', 'just text\n')], () => enText('errors.NOT_A_KUBE_OBJECT', { file: join(dir, 'nodes.yaml'), kind: 'List' })],
    ])('%s prints the text of %s and exits 1', (_name, code, args, text) => {
      const r = cpm('plan', ...args());

      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toBe(`cpm: ${ text() } [${ code }]\n`);
    });
  });
});

describe('cpm renders the ICU messages of the l10n file as the tab does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpm-icu-'));
  const ICU_SYNTAX = /\{\w+, *(select|plural|selectordinal),/;

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('chooses the select branch of the RKE2 switch for each form, in JSON and in text', () => {
    const switchText = (...args: string[]) => JSON.parse(cpm('plan', join(FIXTURES, 'rke2-steve-in-tree.json'), '-o', 'json', ...args).stdout)
      .steps.find((s: any) => s.id === 'switch-to-external').description;
    const kept = switchText();
    const external = switchText('--rke2-external-mode', 'external');

    expect(kept).toContain('cloud-provider-name stays aws and the in-tree cloud controllers are turned off');
    expect(kept).not.toContain('gets cloud-provider-name external');
    expect(external).toContain('Every machine gets cloud-provider-name external.');
    expect(external).not.toContain('stays aws');
    [kept, external].forEach((text) => expect(text).not.toMatch(ICU_SYNTAX));
    expect(cpm('plan', join(FIXTURES, 'rke2-steve-in-tree.json'), '--strategy', 'downtime').stdout).not.toMatch(ICU_SYNTAX);
  });

  it('prints where the plan departs from the Rancher documentation once, before the steps', () => {
    const out = cpm('plan', join(FIXTURES, 'rke2-steve-in-tree.json')).stdout;
    const heading = out.indexOf('\nWhere this plan differs from the Rancher documentation\n');

    expect(heading).toBeGreaterThan(-1);
    expect(heading).toBeLessThan(out.indexOf('\nSteps\n'));
    expect(out.split('the Rancher documentation').length - 1).toBe(4);
  });

  it('says what a cluster export without metadata lacks instead of calling it not the type it names', () => {
    const file = join(dir, 'no-metadata.yaml');

    writeFileSync(file, stringify({ apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', spec: { kubernetesVersion: 'v1.26.15+rke2r1', rkeConfig: {} } }));
    const r = cpm('plan', file);

    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toBe('cpm: The input is a provisioning.cattle.io/v1 Cluster but has no metadata, so it cannot be read as a cluster. Export the cluster again, whole and unedited, and try again. [NOT_A_CLUSTER]\n');
  });
});

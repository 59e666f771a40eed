import { parse, parseAllDocuments } from 'yaml';
import { readCcmHelmChart, upsertCcmHelmChart, CcmHelmChartTarget } from '../rke2/additionalManifest';
import { ccmReleaseFor } from '../ccm/ccmReleases';
import { thrown } from './fixtures';

const target = (leaderMigration: boolean, version = 'v1.27.16+rke2r1'): CcmHelmChartTarget => ({
  distro: 'rke2', release: ccmReleaseFor(version), leaderMigration, repo: 'https://kubernetes.github.io/cloud-provider-aws',
});

const OTHERS = `# platform team objects
apiVersion: v1
kind: ConfigMap      # odd spacing kept
metadata:
  name: settings
data:
  flow: {a: 1, b: [2, 3]}
---
# second doc comment
apiVersion: v1
kind: Namespace
metadata: {name: batch}
`;

const USER_CHART = `apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: aws-cloud-controller-manager
  namespace: kube-system
spec:
  chart: aws-cloud-controller-manager
  repo: https://kubernetes.github.io/cloud-provider-aws
  targetNamespace: kube-system
  bootstrap: true
  valuesContent: |-
    hostNetworking: true
    # mounted cloud config (user)
    extraVolumes:
      - name: cloud-config
        hostPath: {path: /etc/kubernetes/cloud.conf}
    args:
      - --configure-cloud-routes=false
      - --v=5
      - --cloud-provider=aws
      - --cloud-config=/etc/kubernetes/cloud.conf
`;

describe('the CCM HelmChart in additionalManifest', () => {
  it('appends a document after --- and keeps every other byte', () => {
    const out = upsertCcmHelmChart(OTHERS, target(true));

    expect(out.startsWith(`${ OTHERS }---\n`)).toBe(true);
    const docs = parseAllDocuments(out) as any[];

    expect(docs).toHaveLength(3);
    expect(docs[2].toJS()).toMatchObject({ apiVersion: 'helm.cattle.io/v1', kind: 'HelmChart', metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system' }, spec: { version: '0.0.8', bootstrap: true, targetNamespace: 'kube-system' } });
  });

  it('updates an existing HelmChart in place and keeps the documents around it byte for byte', () => {
    const source = `${ OTHERS }---\n${ USER_CHART }---\nkind: Trailing   # last\n`;
    const out = upsertCcmHelmChart(source, target(true));

    expect(out.startsWith(`${ OTHERS }---\n`)).toBe(true);
    expect(out.endsWith('---\nkind: Trailing   # last\n')).toBe(true);
    const chart = readCcmHelmChart(out)!;

    expect(chart.spec.version).toBe('0.0.8');
    expect(chart.values.extraVolumes).toEqual([{ name: 'cloud-config', hostPath: { path: '/etc/kubernetes/cloud.conf' } }]);
    expect(chart.values.args).toEqual(['--configure-cloud-routes=false', '--v=5', '--cloud-provider=aws', '--cloud-config=/etc/kubernetes/cloud.conf', '--enable-leader-migration=true']);
    expect(chart.spec.valuesContent).toContain('# mounted cloud config (user)');
  });

  it('is idempotent: a second upsert returns the same string', () => {
    const once = upsertCcmHelmChart(OTHERS, target(true));

    expect(upsertCcmHelmChart(once, target(true))).toBe(once);
  });

  it('does not treat a HelmChart of the same name in another namespace as the CCM', () => {
    const other = USER_CHART.replace('namespace: kube-system', 'namespace: default');
    const out = upsertCcmHelmChart(other, target(false));

    expect(out.startsWith(other)).toBe(true);
    expect(parseAllDocuments(out)).toHaveLength(2);
  });

  it('removes only the leader-migration arg at cleanup', () => {
    const withFlag = upsertCcmHelmChart('', target(true));
    const without = upsertCcmHelmChart(withFlag, target(false));

    expect(readCcmHelmChart(without)!.values.args).toEqual(['--configure-cloud-routes=false', '--v=2', '--cloud-provider=aws']);
    expect(parse(without).spec.valuesContent).not.toContain('enable-leader-migration');
  });

  it.each([
    ['an unclosed flow sequence', 'a: [1, 2\nb: 3\n', 2],
    ['a bad indent in the second document', 'a: 1\n---\nb:\n  c: 1\n d: 2\n', 5],
  ])('rejects %s with INVALID_MANIFEST and its line', (_name, text, line) => {
    const e = thrown(() => upsertCcmHelmChart(text, target(true)));

    expect(e.code).toBe('INVALID_MANIFEST');
    expect(e.params.line).toBe(line);
  });

  it('rejects an invalid valuesContent of the CCM HelmChart with INVALID_MANIFEST', () => {
    const broken = USER_CHART.replace('hostNetworking: true', 'hostNetworking: [true');

    expect(thrown(() => upsertCcmHelmChart(broken, target(true))).code).toBe('INVALID_MANIFEST');
  });
});

describe('the cleanup edits only the CCM args', () => {
  const handWritten = [
    'apiVersion: helm.cattle.io/v1',
    'kind: HelmChart',
    'metadata:',
    '  name: aws-cloud-controller-manager',
    '  namespace: kube-system',
    'spec:',
    '  chart: aws-cloud-controller-manager',
    '  repo: https://kubernetes.github.io/cloud-provider-aws',
    '  targetNamespace: kube-system',
    '  bootstrap: true',
    '  valuesContent: |-',
    '    hostNetworking: true',
    '    nodeSelector:',
    '      node-role.kubernetes.io/control-plane: "true"',
    '    args:',
    '      - --configure-cloud-routes=false',
    '      - --v=5',
    '      - --cloud-provider=aws',
    '      - --enable-leader-migration=true',
    '',
  ].join('\n');
  const target = {
    distro: 'rke2' as const, release: ccmReleaseFor('v1.27.16+rke2r1'), leaderMigration: false, repo: 'https://kubernetes.github.io/cloud-provider-aws', only: 'args' as const
  };

  it('drops the leader-migration flag and pins nothing: no chart version, image or tolerations appear', () => {
    const out = upsertCcmHelmChart(handWritten, target);
    const { spec, values } = readCcmHelmChart(out)!;

    expect(values.args).toEqual(['--configure-cloud-routes=false', '--v=5', '--cloud-provider=aws']);
    expect(spec.version).toBeUndefined();
    expect(values.image).toBeUndefined();
    expect(values.tolerations).toBeUndefined();
  });

  it('changes nothing once the flag is gone', () => {
    const once = upsertCcmHelmChart(handWritten, target);

    expect(upsertCcmHelmChart(once, target)).toBe(once);
  });
});

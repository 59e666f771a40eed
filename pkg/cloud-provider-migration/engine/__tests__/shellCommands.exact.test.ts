/**
 * The commands a CLI user pastes: exactly these texts for the fixed steps, and every command of every plan parses as
 * shell (`bash -n`), so a quote that closes early can never run the rest of a payload.
 */
import { spawnSync } from 'child_process';
import type { MigrationPlan, PlanStep } from '../types';
import { planMigration } from '../planning/planMigration';
import { helmInstallCommands } from '../actions/installChart';
import { rke1PatchCommand, rke2PatchCommand } from '../actions/updateCluster';
import { waitClusterCommand } from '../actions/waitCluster';
import { fixture } from './fixtures';

// Planned inside each test (not when the file loads), so that mutation testing sees which test covers which line.
const rke2 = () => planMigration(fixture('rke2-steve-in-tree.json'), { targetVersion: 'v1.27.16+rke2r1' });
const rke1 = () => planMigration(fixture('rke1-norman-in-tree.json'), { useInstanceMetadataHostname: true, targetVersion: 'v1.27.16-rancher1-1' });
const commandsOf = (plan: MigrationPlan, id: string) => (plan.steps.find((s) => s.id === id) as PlanStep).commands;

describe('the fixed commands, as printed', () => {
  it('RKE2 waits: the provisioning cluster, then the RKEControlPlane, take the new generation; then both are Ready', () => {
    const get = (type: string, path: string) => `kubectl -n fleet-default get ${ type } prod-east -o jsonpath='{.${ path }}'`;
    const until = (type: string) => `until [ "$(${ get(type, 'status.observedGeneration') })" = "$(${ get(type, 'metadata.generation') })" ]; do sleep 10; done`;

    expect(commandsOf(rke2(), 'wait-leader-migration')).toEqual([
      until('clusters.provisioning.cattle.io'),
      until('rkecontrolplanes.rke.cattle.io'),
      'kubectl -n fleet-default wait rkecontrolplanes.rke.cattle.io/prod-east --for=condition=Ready --timeout=60m',
      'kubectl -n fleet-default wait clusters.provisioning.cattle.io/prod-east --for=condition=Ready --timeout=60m',
    ]);
    expect(waitClusterCommand('rke2', 'a b', 'ns')[2]).toBe("kubectl -n ns wait rkecontrolplanes.rke.cattle.io/'a b' --for=condition=Ready --timeout=60m");
  });

  it('RKE1 waits: Updated turns Unknown (at most 5 minutes), then True, then Ready', () => {
    expect(commandsOf(rke1(), 'wait-switch')).toEqual([
      'kubectl wait clusters.management.cattle.io/c-7tq4m --for=condition=Updated=Unknown --timeout=5m || true',
      'kubectl wait clusters.management.cattle.io/c-7tq4m --for=condition=Updated=True --timeout=60m',
      'kubectl wait clusters.management.cattle.io/c-7tq4m --for=condition=Ready --timeout=60m',
    ]);
  });

  it('cordon, uncordon, rollout, provider IDs and the lease', () => {
    expect(commandsOf(rke1(), 'cordon-control-plane')).toEqual([
      `kubectl get nodes -l "node-role.kubernetes.io/controlplane=true" -o custom-columns=NAME:.metadata.name,CORDONED:.spec.unschedulable --no-headers | awk '$2 != "true" {print $1}' > cordoned-by-migration.txt`,
      'xargs -r kubectl cordon < cordoned-by-migration.txt',
    ]);
    expect(commandsOf(rke2(), 'uncordon-control-plane')).toEqual(['xargs -r kubectl uncordon < cordoned-by-migration.txt']);
    expect(commandsOf(rke2(), 'wait-ccm-upgrade-rollout')).toEqual([
      'until kubectl -n kube-system get daemonset aws-cloud-controller-manager >/dev/null 2>&1; do sleep 5; done',
      'kubectl -n kube-system rollout status daemonset aws-cloud-controller-manager',
      "kubectl -n kube-system get daemonset aws-cloud-controller-manager -o jsonpath='{.status.desiredNumberScheduled}'",
    ]);
    expect(commandsOf(rke2(), 'verify-provider-ids')).toEqual([
      'kubectl get nodes -o custom-columns=NAME:.metadata.name,PROVIDERID:.spec.providerID,TAINTS:.spec.taints[*].key',
      'kubectl get services -A -o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,TYPE:.spec.type,CLASS:.spec.loadBalancerClass,HOSTNAME:.status.loadBalancer.ingress[*].hostname,IP:.status.loadBalancer.ingress[*].ip',
    ]);
    expect(commandsOf(rke1(), 'verify-migration-lease')).toEqual([
      'kubectl -n kube-system get lease cloud-provider-extraction-migration kube-controller-manager cloud-controller-manager -o custom-columns=LEASE:.metadata.name,HOLDER:.spec.holderIdentity,RENEWED:.spec.renewTime',
    ]);
  });

  it('helm: the repository, an update, the values file as a heredoc, then upgrade --install with the pinned version', () => {
    const chart = { repo: 'https://charts.example.com/aws', name: 'aws-cloud-controller-manager', version: '0.0.8', namespace: 'kube-system', values: { args: ['--v=2'], nodeSelector: { a: null } } };

    expect(helmInstallCommands(chart)).toEqual([
      'helm repo add aws-cloud-controller-manager https://charts.example.com/aws',
      'helm repo update aws-cloud-controller-manager',
      "cat > values.yaml <<'EOF'\nargs:\n  - --v=2\nnodeSelector:\n  a: null\nEOF",
      'helm upgrade --install aws-cloud-controller-manager aws-cloud-controller-manager/aws-cloud-controller-manager --version 0.0.8 -n kube-system --reuse-values -f values.yaml',
    ]);
  });

  it('a patch that changes nothing prints no command', () => {
    const obj = fixture('rke2-steve-in-tree.json');
    const norman = fixture('rke1-norman-in-tree.json');

    expect([rke2PatchCommand(obj, obj), rke1PatchCommand(norman, norman)]).toEqual([[], []]);
    expect(rke2PatchCommand({ metadata: { name: 'x' }, spec: {} }, { metadata: { name: 'x' }, spec: { a: 1 } })).toEqual([`kubectl patch clusters.provisioning.cattle.io x -n fleet-default --type merge -p '{"spec":{"a":1}}'`]);
  });
});

describe('every command of every plan parses as shell', () => {
  it.each<[string, () => MigrationPlan]>([
    ['RKE2 leader migration with an upgrade', rke2],
    ['RKE1 leader migration with an upgrade', rke1],
    ['RKE2 downtime', () => planMigration(fixture('rke2-steve-in-tree.json'), { strategy: 'downtime' })],
    ['RKE1 downtime', () => planMigration(fixture('rke1-norman-in-tree.json'), { strategy: 'downtime', useInstanceMetadataHostname: false })],
    ['RKE2 migrated, upgraded', () => planMigration(fixture('rke2-kubectl-migrated-doc-form.yaml'), { targetVersion: 'v1.28.15+rke2r1' })],
  ])('%s', (_name, plan) => {
    const commands = plan().steps.flatMap((s) => (s.commands || []).map((c) => [s.id, c]));

    expect(commands.length).toBeGreaterThan(5);
    for (const [id, command] of commands) {
      const r = spawnSync('bash', ['-n', '-c', command], { encoding: 'utf8' });

      expect([id, r.status, r.stderr]).toEqual([id, 0, '']);
    }
  });
});

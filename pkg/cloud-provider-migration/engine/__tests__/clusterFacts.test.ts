import type { Detection, NodeLike } from '../types';
import { clusterTopology, rke2DrainsControlPlane, rke2IgnoresAwsProvider } from '../cluster/clusterFacts';
import { existingCcmOf, existingCcmParams, isPlannedRelease } from '../ccm/existingCcm';
import { planMigration } from '../planning/planMigration';
import { fixture } from './fixtures';

const detection = (kind: Detection['kind']) => ({ kind } as Detection);
const node = (name: string, labels: Record<string, string>): NodeLike => ({ metadata: { name, labels } });
const RKE2_CP = { 'node-role.kubernetes.io/control-plane': 'true' };
const RKE1_CP = { 'node-role.kubernetes.io/controlplane': 'true' };
const WORKER = { 'node-role.kubernetes.io/worker': 'true' };

describe('clusterTopology', () => {
  it('counts the observed nodes by the distro\'s control-plane label and the worker label', () => {
    const nodes = [node('a', { ...RKE2_CP, ...WORKER }), node('b', RKE2_CP), node('c', WORKER), node('d', WORKER), node('e', {}), node('f', { ...RKE1_CP, ...WORKER })];

    expect(clusterTopology({}, detection('rke2'), nodes)).toEqual({ controlPlane: 2, controlPlaneWorkers: 1, workersOnly: 3, total: 6, source: 'nodes' });
    expect(clusterTopology({}, detection('rke1'), nodes)).toEqual({ controlPlane: 1, controlPlaneWorkers: 1, workersOnly: 3, total: 6, source: 'nodes' });
  });

  it('sums RKE2 machine pools (quantity 1 when unset, never below 0) when no node was read', () => {
    const obj = {
      spec: {
        rkeConfig: {
          machinePools: [
            { controlPlaneRole: true, etcdRole: true, quantity: 3 }, { controlPlaneRole: true, workerRole: true }, { workerRole: true, quantity: '4' }, { etcdRole: true, quantity: -2 },
          ],
        },
      },
    };

    expect(clusterTopology(obj, detection('rke2'), [])).toEqual({ controlPlane: 4, controlPlaneWorkers: 1, workersOnly: 4, total: 8, source: 'pools' });
  });

  it('knows nothing for a custom RKE2 cluster without nodes, or for an RKE1 or other cluster without nodes', () => {
    expect(clusterTopology({ spec: { rkeConfig: { machinePools: [] } } }, detection('rke2'))).toBeUndefined();
    expect(clusterTopology({ spec: { rkeConfig: { machinePools: [{ controlPlaneRole: true }] } } }, detection('rke1'))).toBeUndefined();
    expect(clusterTopology({}, detection('k3s'), [node('a', RKE2_CP)])).toBeUndefined();
  });
});

describe('rke2DrainsControlPlane', () => {
  const withDrain = (enabled: unknown) => ({ spec: { rkeConfig: { upgradeStrategy: { controlPlaneDrainOptions: { enabled } } } } });
  const topology = (total: number) => ({ controlPlane: 1, controlPlaneWorkers: 0, workersOnly: total - 1, total, source: 'pools' as const });

  it('only with controlPlaneDrainOptions.enabled true, and never on a single-machine cluster', () => {
    expect(rke2DrainsControlPlane(withDrain(true), topology(3))).toBe(true);
    expect(rke2DrainsControlPlane(withDrain(true), undefined)).toBe(true);
    expect(rke2DrainsControlPlane(withDrain(true), topology(1))).toBe(false);
    expect(rke2DrainsControlPlane(withDrain('true'), topology(3))).toBe(false);
    expect(rke2DrainsControlPlane(withDrain(false), topology(3))).toBe(false);
    expect(rke2DrainsControlPlane({}, topology(3))).toBe(false);
  });
});

describe('rke2IgnoresAwsProvider', () => {
  it.each([['not a version', false], ['v1.28.15+rke2r1', false], ['v1.32.0+rke2r1', true], ['v1.33.0+rke2r1', true], ['v1.29.12+rke2r1', true], ['v2.0.0+rke2r1', true]])('%s: %p', (version, ignored) => {
    expect(rke2IgnoresAwsProvider(version)).toBe(ignored);
  });
});

describe('existingCcmOf', () => {
  const ds = (metadata: Record<string, any>, container?: Record<string, any>) => ({ metadata: { name: 'aws-cloud-controller-manager', ...metadata }, spec: { template: { spec: { containers: container ? [container] : [] } } } });

  it('reads nothing from nothing', () => {
    expect([existingCcmOf(null), existingCcmOf(undefined)]).toEqual([null, null]);
  });

  it('a Helm release by its annotations, its namespace defaulting to the DaemonSet\'s, then kube-system', () => {
    expect(existingCcmOf(ds({ namespace: 'cloud', annotations: { 'meta.helm.sh/release-name': 'ccm' } }, { image: 'r/ccm:v1', args: ['--v=2', 3] }) as any))
      .toEqual({ managedBy: 'helm', release: 'ccm', releaseNamespace: 'cloud', image: 'r/ccm:v1', args: ['--v=2', '3'] });
    expect(existingCcmOf(ds({ annotations: { 'meta.helm.sh/release-name': 'ccm' } }) as any)).toEqual({ managedBy: 'helm', release: 'ccm', releaseNamespace: 'kube-system' });
  });

  it('Helm by its label alone, or something else (kubectl, an operator)', () => {
    expect(existingCcmOf(ds({ labels: { 'app.kubernetes.io/managed-by': 'Helm' } }) as any)).toEqual({ managedBy: 'helm' });
    expect(existingCcmOf(ds({ labels: { 'app.kubernetes.io/managed-by': 'kustomize' } }, { image: 7, args: 'x' }) as any)).toEqual({ managedBy: 'other' });
  });

  it('the release the plan installs is kube-system/aws-cloud-controller-manager from Helm, nothing else', () => {
    const planned = { managedBy: 'helm' as const, release: 'aws-cloud-controller-manager', releaseNamespace: 'kube-system' };

    expect(isPlannedRelease(planned)).toBe(true);
    expect(isPlannedRelease({ ...planned, releaseNamespace: 'cloud' })).toBe(false);
    expect(isPlannedRelease({ ...planned, managedBy: 'other' })).toBe(false);
    expect(existingCcmParams({ managedBy: 'other' })).toEqual({ owner: '-', image: '-' });
  });

  it('RKE2: the release of the manifest\'s own HelmChart is no blocker', () => {
    const ours = { managedBy: 'helm' as const, release: 'aws-cloud-controller-manager', releaseNamespace: 'kube-system', image: 'r/ccm:v1.27.10' };
    const plan = planMigration(fixture('rke2-kubectl-migrated-doc-form.yaml'), { existingCcm: ours });

    expect(plan.preflight.filter((c) => c.id === 'existing-ccm')).toEqual([]);
  });
});

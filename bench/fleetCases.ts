/**
 * The fleet verdict (engine fleetVerdict: the cluster list's column and the fleet page) over 1,000 generated
 * clusters shaped as the dashboard's store holds them: Steve provisioning objects with managed fields and status, and
 * for clusters without rkeConfig their management cluster. The mix: in-tree RKE2 on 1.26 and on 1.27/1.28, RKE2
 * migrations under way with a journal, migrated RKE2 (CCM HelmChart in the manifest), RKE2 on a release that ignores
 * `aws`, RKE1 in-tree and migrating, K3s, EKS and imported clusters. A run judges every cluster once, so the median
 * in ms over 1,000 clusters is the cost per cluster in µs.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import {
  fleetVerdict, parseClusterText, planMigration, withJournalEntry, type FleetVerdict, type JournalEntry, type MigrationPlan, type StepId,
} from '../pkg/cloud-provider-migration/engine';
import { CaseResult, expectThat, measure } from './measure';
import { FIXTURES } from './engineCases';

export const FLEET_SIZE = 1000;

type Obj = Record<string, any>;

export interface FleetCluster {
  provisioning: Obj;
  management?: Obj;
}

function fixture(name: string): Obj {
  return parseClusterText(readFileSync(join(FIXTURES, name), 'utf8'));
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** What Steve adds to a provisioning object besides the spec: field managers and a status with conditions. */
function asServed(obj: Obj, name: string, i: number): Obj {
  const out = copy(obj);

  out.id = `fleet-default/${ name }`;
  out.metadata.name = name;
  out.metadata.namespace = 'fleet-default';
  out.metadata.resourceVersion = String(100000 + i);
  out.metadata.managedFields = ['rancher', 'rancher-ui', 'fleet-agent'].map((manager, m) => ({
    apiVersion: 'provisioning.cattle.io/v1', fieldsType: 'FieldsV1', manager, operation: m ? 'Update' : 'Apply', time: '2026-01-05T10:00:00Z',
    fieldsV1:   { 'f:metadata': { 'f:annotations': { '.': {}, 'f:field.cattle.io/creatorId': {} } }, 'f:spec': { '.': {}, 'f:kubernetesVersion': {}, 'f:rkeConfig': { '.': {}, 'f:machineGlobalConfig': {}, 'f:machinePools': {}, 'f:upgradeStrategy': {} } } },
  }));
  out.status = {
    ...(out.status || {}),
    clusterName:        out.status?.clusterName || `c-m-${ i.toString(16).padStart(8, '0') }`,
    observedGeneration: 3,
    ready:              true,
    conditions:         ['Ready', 'Provisioned', 'Updated', 'Connected', 'Created', 'RKECluster', 'BackingNamespaceCreated', 'DefaultProjectCreated', 'SystemProjectCreated']
      .map((type) => ({ type, status: 'True', lastUpdateTime: '2026-01-05T10:00:00Z', reason: '', message: '' })),
  };

  return out;
}

/** A management cluster as Steve serves it for a cluster whose configuration lives there (RKE1, hosted, imported). */
function management(id: string, spec: Obj, status: Obj): Obj {
  return {
    id,
    type:       'management.cattle.io.cluster',
    apiVersion: 'management.cattle.io/v3',
    kind:       'Cluster',
    metadata:   { name: id, labels: {}, annotations: { 'field.cattle.io/creatorId': 'user-abcde', 'lifecycle.cattle.io/create.cluster-agent-controller-cleanup': 'true' } },
    spec:       { displayName: id, ...spec },
    status:     {
      ...status,
      allocatable: { cpu: '8', memory: '32Gi', pods: '330' },
      capacity:    { cpu: '8', memory: '32Gi', pods: '330' },
      conditions:  ['Ready', 'Provisioned', 'Updated', 'Connected', 'AgentDeployed', 'Waiting'].map((type) => ({ type, status: 'True', lastUpdateTime: '2026-01-05T10:00:00Z' })),
      caCert:      'LS0t'.repeat(400),
    },
  };
}

function appliedUpTo(plan: MigrationPlan, last: StepId): Obj {
  const at = plan.steps.findIndex((s) => s.id === last);

  return plan.steps.slice(0, at + 1).reverse().find((s) => s.object)!.object!;
}

function journalled(obj: Obj, steps: StepId[], choices = { strategy: 'leader-migration' as const }): Obj {
  return steps.reduce((o, step, n) => withJournalEntry(o, {
    step, action: step.startsWith('cordon') ? 'cordon' : 'update-cluster', by: 'admin', at: `2026-03-02T10:0${ n }:00Z`, result: 'applied',
  } as JournalEntry, choices), obj);
}

/** 1,000 clusters of the mix, each a separate object (no two share a model instance). */
export function fleetOfClusters(size = FLEET_SIZE): FleetCluster[] {
  const rke2 = fixture('rke2-steve-in-tree.json');
  const at = (version: string) => ({ ...copy(rke2), spec: { ...copy(rke2.spec), kubernetesVersion: version } });
  const plan = planMigration(rke2, { strategy: 'leader-migration' });
  const migrated = plan.steps.filter((s) => s.object).pop()!.object!;
  const migrating = [
    journalled(appliedUpTo(plan, 'enable-leader-migration'), ['enable-leader-migration']),
    journalled(appliedUpTo(plan, 'deploy-ccm'), ['enable-leader-migration', 'deploy-ccm', 'cordon-control-plane']),
  ];
  const rke1Prov = fixture('rke1-provisioning-object.json');
  const rke1Mgmt = fixture('rke1-management-in-tree.json');
  const rke1Plan = planMigration(rke1Mgmt, { strategy: 'leader-migration' });
  const k3s = fixture('k3s-kubectl.yaml');
  const out: FleetCluster[] = [];

  for (let i = 0; i < size; i++) {
    const name = `fleet-${ String(i).padStart(4, '0') }`;
    const id = `c-${ i.toString(36).padStart(5, '0') }`;
    const kind = i % 20;
    let cluster: FleetCluster;

    if (kind < 8) {
      cluster = { provisioning: asServed(rke2, name, i) };
    } else if (kind < 10) {
      cluster = { provisioning: asServed(at(kind === 8 ? 'v1.27.16+rke2r1' : 'v1.28.15+rke2r1'), name, i) };
    } else if (kind < 12) {
      cluster = { provisioning: asServed(migrating[kind - 10], name, i) };
    } else if (kind < 14) {
      cluster = { provisioning: asServed(migrated, name, i) };
    } else if (kind < 16) {
      const mgmt = kind === 14 ? rke1Mgmt : appliedUpTo(rke1Plan, 'enable-leader-migration');
      const provisioning = asServed(kind === 14 ? rke1Prov : journalled(rke1Prov, ['enable-leader-migration']), id, i);

      provisioning.status.clusterName = id;
      cluster = { provisioning, management: management(id, { rancherKubernetesEngineConfig: copy(mgmt.spec.rancherKubernetesEngineConfig) }, { driver: 'rancherKubernetesEngine', provider: 'rke', version: { gitVersion: 'v1.26.15' } }) };
    } else if (kind === 16) {
      cluster = { provisioning: asServed(at('v1.30.7+rke2r1'), name, i) };
    } else if (kind === 17) {
      cluster = { provisioning: asServed(k3s, name, i) };
    } else {
      const provisioning = asServed(rke1Prov, name, i);
      const hosted = kind === 18;

      provisioning.status.clusterName = id;
      cluster = {
        provisioning,
        management: management(id, hosted ? { eksConfig: { region: 'us-east-2', kubernetesVersion: '1.29' } } : { importedConfig: {} },
          hosted ? { driver: 'EKS', provider: 'eks', version: { gitVersion: 'v1.29.4-eks-036c24b' } } : { driver: 'imported', provider: 'kubeadm', version: { gitVersion: 'v1.28.9' } }),
      };
    }
    out.push(cluster);
  }

  return out;
}

function judgeAll(clusters: FleetCluster[]): FleetVerdict[] {
  return clusters.map((c) => fleetVerdict(c.provisioning, c.management));
}

/** Every state of the mix is there, in the share the generator gives it. */
function verifyMix(verdicts: FleetVerdict[]): void {
  const count = (f: (v: FleetVerdict) => boolean) => verdicts.filter(f).length;
  const share = verdicts.length / 20;

  expectThat(count((v) => v.state === 'in-tree' && v.kind === 'rke2') === 11 * share, 'in-tree RKE2 count');
  expectThat(count((v) => v.state === 'migrating' && !!v.progress) === 3 * share, 'migrating with a step count');
  expectThat(count((v) => v.state === 'migrated') === 2 * share, 'migrated count');
  expectThat(count((v) => v.kind === 'rke1') === 2 * share, 'RKE1 count');
  expectThat(count((v) => v.state === 'not-applicable') === 3 * share, 'not-applicable count');
  expectThat(count((v) => v.blocksUpgrade) === 14 * share, 'upgrade blockers');
}

export async function fleetCases(): Promise<CaseResult[]> {
  const clusters = fleetOfClusters();
  const byKind = (kinds: number[]) => clusters.filter((_, i) => kinds.includes(i % 20));
  const common = { runs: 30, warmup: 3, budgetMs: 6000 };

  return [
    await measure({
      ...common, name: 'fleetVerdict, mixed fleet (ms per run = µs per cluster)', n: `${ FLEET_SIZE } clusters`, run: () => judgeAll(clusters), verify: verifyMix,
    }),
    await measure({
      ...common, name: 'fleetVerdict, in-tree RKE2 only', n: `${ byKind([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).length } clusters`, run: () => judgeAll(byKind([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])),
    }),
    await measure({
      ...common, name: 'fleetVerdict, RKE2 migrating with a journal', n: `${ byKind([10, 11]).length } clusters`, run: () => judgeAll(byKind([10, 11])),
      verify: (v) => expectThat(v.every((x) => !!x.progress), 'a migrating cluster without its step'),
    }),
    await measure({
      ...common, name: 'fleetVerdict, RKE2 migrated (CCM HelmChart parsed)', n: `${ byKind([12, 13]).length } clusters`, run: () => judgeAll(byKind([12, 13])),
      verify: (v) => expectThat(v.every((x) => x.state === 'migrated'), 'not migrated'),
    }),
    await measure({
      ...common, name: 'fleetVerdict, RKE1 with its management cluster', n: `${ byKind([14, 15]).length } clusters`, run: () => judgeAll(byKind([14, 15])),
      verify: (v) => expectThat(v.every((x) => x.kind === 'rke1'), 'not RKE1'),
    }),
  ];
}

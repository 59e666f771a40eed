/**
 * @jest-environment jsdom
 *
 * The tab at the two ends of a migration: a cluster the migration does not apply to gets one line saying why, and a
 * finished migration gets its summary instead of the steps. Also the one place the tab says where the plan departs
 * from the Rancher documentation, and that it points to no command-line tool.
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../../node_modules/@rancher/shell/types/global-vue.d.ts" />
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { NO_MANAGED_FIELDS } from '../../__tests__/downstreamUrls';
import MigrationTab from '../MigrationTab.vue';
import AsyncButtonStub from './asyncButtonStub';
import { JOURNAL_ANNOTATION, planMigration } from '../../engine';
import { ccmDaemonSet, lease } from '../../engine/checks/__tests__/fixtures';
import {
  RKE2_MGMT_ID, k3sCluster, nodesFor, rke2InTree
} from './clusters';
import {
  downstreamRoutes, fakeStore, type FakeStore, type Routes
} from '../../__tests__/fakeStore';
import { shellGlobal } from './mountOptions';

jest.mock('@shell/components/YamlEditor.vue', () => require('./yamlEditorStub'));
// Not the subject here; the shell's table does not compile under jest.
jest.mock('@shell/components/SortableTable', () => ({ default: { name: 'SortableTable', render: () => null } }));

let mounted: VueWrapper<any> | undefined;
let store: FakeStore;

async function mountTab(resource: Record<string, any>, routes: Routes, models: Record<string, Record<string, any>> = {}): Promise<VueWrapper<any>> {
  store = fakeStore(routes);
  Object.entries(models).forEach(([key, model]) => store.models.set(key, model));
  mounted = mount(MigrationTab, {
    props:  { resource },
    global: shellGlobal(store, { stubs: { AsyncButton: AsyncButtonStub } }),
  });
  for (let i = 0; i < 6; i++) {
    await flushPromises();
  }

  return mounted;
}

const testid = (w: VueWrapper<any>, id: string) => w.find(`[data-testid="${ id }"]`);
const stepIds = (w: VueWrapper<any>) => w.findAll('[data-testid^="cpm-step-"][data-action]').map((el) => el.attributes('data-testid')!.replace(/^cpm-step-/, ''));

afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
});

/** The provisioning object Rancher keeps for a cluster it did not provision with RKE2 (named after its management cluster). */
function legacyProvisioning(id: string): Record<string, any> {
  return {
    id:         `fleet-default/${ id }`,
    type:       'provisioning.cattle.io.cluster',
    apiVersion: 'provisioning.cattle.io/v1',
    kind:       'Cluster',
    metadata:   {
      name: id, namespace: 'fleet-default', resourceVersion: '310', generation: 1
    },
    spec:   { localClusterAuthEndpoint: {} },
    status: { clusterName: id, ready: true, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** Its management cluster as the shell's store holds it (`management.cattle.io.cluster`). */
function management(id: string, spec: Record<string, any>, status: Record<string, any>): Record<string, any> {
  return {
    id, type: 'management.cattle.io.cluster', metadata: { name: id, resourceVersion: '88' }, spec: { displayName: 'payments', ...spec }, status: { conditions: [{ type: 'Ready', status: 'True' }], ...status },
  };
}

describe('a cluster the migration does not apply to gets one line saying why', () => {
  it.each([
    ['an imported EKS cluster (eksConfig, EKS driver)', { eksConfig: { imported: true, region: 'us-east-2', displayName: 'payments' } }, { driver: 'EKS', provider: 'eks' }, 'hosted', 'reasons.hosted'],
    ['an EKS cluster registered as a generic import', { importedConfig: { kubeConfig: '' } }, { driver: 'imported', provider: 'eks' }, 'hosted', 'reasons.hosted'],
    ['an AKS cluster', { aksConfig: { imported: false, resourceLocation: 'westeurope' } }, { driver: 'AKS', provider: 'aks' }, 'hosted', 'reasons.hosted'],
    ['a GKE cluster known by its driver alone', {}, { driver: 'GKE' }, 'hosted', 'reasons.hosted'],
    ['an imported K3s cluster', { importedConfig: { kubeConfig: '' } }, { driver: 'k3s', provider: 'k3s' }, 'k3s', 'reasons.k3s'],
    ['an imported RKE2 cluster', { importedConfig: { kubeConfig: '' } }, { driver: 'rke2', provider: 'rke2' }, 'imported', 'reasons.imported'],
    ['an imported cluster of another distribution', { importedConfig: { kubeConfig: '' } }, { driver: 'imported', provider: '' }, 'imported', 'reasons.imported'],
  ])('%s: the reason its management cluster gives, not the RKE1 one', async (_name, spec, status, distro, reason) => {
    const w = await mountTab(legacyProvisioning('c-x4k9p'), {}, { 'management.cattle.io.cluster c-x4k9p': management('c-x4k9p', spec, status) });
    const line = testid(w, 'cpm-not-applicable');

    expect(line.attributes()).toMatchObject({ 'data-status': 'not-applicable', 'data-distro': distro, 'data-reason': reason });
    expect(line.text()).toBe(`cloudProviderMigration.${ reason }`);
    expect(testid(w, 'cpm-tab').element.children).toHaveLength(1);
    expect(testid(w, 'cpm-header').exists()).toBe(false);
    expect(stepIds(w)).toEqual([]);
    // The store's management cluster said enough: the RKE1-only Norman read was not needed.
    expect(store.calls.map((c) => c.url)).toEqual([]);
  });

  it.each([
    ['a custom RKE2 cluster on another provider', 'vsphere', 'reasons.otherProvider', { provider: 'vsphere' }],
    ['an RKE2 cluster already out of tree, without the AWS cloud controller manager', 'external', 'reasons.genericExternal', undefined],
    ['an RKE2 cluster without a cloud provider', undefined, 'reasons.noCloudProvider', undefined],
  ])('%s', async (_name, provider, reason, params) => {
    const cluster = rke2InTree();

    cluster.spec.rkeConfig.machineSelectorConfig[0].config['cloud-provider-name'] = provider;
    const plan = planMigration(cluster);
    const w = await mountTab(cluster, {});
    const line = testid(w, 'cpm-not-applicable');

    expect(plan.reason).toEqual(params ? { key: reason, params } : { key: reason });
    expect(line.attributes('data-reason')).toBe(reason);
    expect(line.text()).toBe(`cloudProviderMigration.${ reason }${ params ? ` provider=${ params.provider }` : '' }`);
    expect(testid(w, 'cpm-tab').element.children).toHaveLength(1);
  });

  it('a K3s cluster: the line and nothing else, no reload button or support notes', async () => {
    const w = await mountTab(k3sCluster(), {});

    expect(testid(w, 'cpm-not-applicable').attributes('data-reason')).toBe('reasons.k3s');
    expect(testid(w, 'cpm-reload').exists()).toBe(false);
    expect(testid(w, 'cpm-support-matrix').exists()).toBe(false);
    expect(testid(w, 'cpm-detected').exists()).toBe(false);
  });
});

describe('a cluster the migration applies to', () => {
  const routes = (): Routes => ({ 'management GET /v1/provisioning.cattle.io.clusters/fleet-default/prod-east': { ok: rke2InTree() }, ...downstreamRoutes(RKE2_MGMT_ID, nodesFor('rke2')) });

  it('says once, in one section before the steps, where the plan departs from the Rancher documentation', async () => {
    const w = await mountTab(rke2InTree(), routes());
    const sections = w.findAll('[data-testid="cpm-differences"]');

    expect(sections).toHaveLength(1);
    expect(sections[0].findAll('li').map((li) => li.attributes('data-key'))).toEqual(planMigration(rke2InTree()).differences!.map((m) => m.key));
    expect(sections[0].findAll('li').map((li) => li.attributes('data-key'))).toEqual([
      'differences.ccmBeforeCordon.rke2', 'differences.nodeNames', 'differences.disableCloudController',
    ]);
    const html = w.html();

    expect(html.indexOf('data-testid="cpm-differences"')).toBeLessThan(html.indexOf('data-testid="cpm-step-'));
    // With a link to Rancher's page, opened apart from the dashboard.
    const link = sections[0].find('[data-testid="cpm-differences-docs"]');

    expect(link.attributes('href')).toMatch(/^https:\/\/ranchermanager\.docs\.rancher\.com\/.*set-up-cloud-providers\/amazon$/);
    expect(link.attributes('target')).toBe('_blank');
    expect(link.attributes('rel')).toContain('noopener');
  });

  it('points to no command-line tool: no planner command in a footer, the steps keep their own commands', async () => {
    const w = await mountTab(rke2InTree(), routes());

    expect(w.text()).not.toContain('npm run');
    expect(w.text()).not.toContain('ui.support.cli');
    expect(w.findAll('[data-testid$="-commands"]').length).toBeGreaterThan(0);
  });
});

describe('a finished migration shows its summary instead of the steps', () => {
  const KCM = 'ip-10-0-1-10.us-east-2.compute.internal_0c6d9f4e-kcm';
  const CCM = 'ip-10-0-1-11.us-east-2.compute.internal_7a1b2c3d-ccm';
  const at = (minute: number) => `2026-12-05T10:${ String(minute).padStart(2, '0') }:00.000Z`;

  /** The cluster after the switch, with the journal the tab wrote while it carried the migration out. */
  function migrated(): Record<string, any> {
    const obj = planMigration(rke2InTree()).steps.find((s) => s.id === 'switch-to-external')!.object!;
    const entries = [
      { step: 'enable-leader-migration', action: 'update-cluster', by: 'alice', at: at(0), result: 'applied' },
      { step: 'deploy-ccm', action: 'update-cluster', by: 'alice', at: at(10), result: 'applied' },
      { step: 'switch-to-external', action: 'update-cluster', by: 'alice', at: at(20), result: 'applied' },
      { step: 'uncordon-control-plane', action: 'uncordon', by: 'bob', at: at(40), result: 'done' },
    ];

    obj.metadata.annotations = { ...obj.metadata.annotations, [JOURNAL_ANNOTATION]: JSON.stringify({ entries, dropped: 0, choices: { strategy: 'leader-migration' } }) };
    obj.status = { ...obj.status, observedGeneration: obj.metadata.generation, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'True' }] };

    return obj;
  }

  /** The CCM DaemonSet helm-controller installed from the HelmChart of the additional manifest, rolled out. */
  function installedCcm(): Record<string, any> {
    const ds: Record<string, any> = ccmDaemonSet({ desired: 3 });

    ds.metadata = {
      ...ds.metadata,
      labels:      { 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: { 'meta.helm.sh/release-name': 'aws-cloud-controller-manager', 'meta.helm.sh/release-namespace': 'kube-system' },
    };

    return ds;
  }

  function finishedRoutes(obj: Record<string, any>, nodes = nodesFor('rke2')): Routes {
    const prefix = `management GET /k8s/clusters/${ RKE2_MGMT_ID }`;

    return {
      ...downstreamRoutes(RKE2_MGMT_ID, nodes),
      'management GET /v1/provisioning.cattle.io.clusters/fleet-default/prod-east':                { ok: obj },
      [`${ prefix }/v1/apps.daemonsets/kube-system/aws-cloud-controller-manager?${ NO_MANAGED_FIELDS }`]: { ok: installedCcm() },
      [`${ prefix }/v1/coordination.k8s.io.leases/kube-system?${ NO_MANAGED_FIELDS }`]:                  {
        ok: {
          type: 'collection', data: [lease('cloud-provider-extraction-migration', CCM), lease('kube-controller-manager', KCM), lease('cloud-controller-manager', CCM)]
        }
      },
    };
  }

  it('says what the live cluster shows, when and by whom it finished, and no step list, header, pre-flight or choices', async () => {
    const obj = migrated();
    const w = await mountTab(obj, finishedRoutes(obj));
    const summary = testid(w, 'cpm-completion');

    expect(summary.exists()).toBe(true);
    expect(testid(w, 'cpm-completion-provider-ids').attributes()).toMatchObject({ 'data-valid': '5', 'data-total': '5' });
    expect(testid(w, 'cpm-completion-taints').attributes('data-count')).toBe('0');
    expect(testid(w, 'cpm-completion-lease').attributes('data-state')).toBe('held');
    expect(testid(w, 'cpm-completion-lease').text()).toContain(`holder=${ CCM }`);
    expect(testid(w, 'cpm-completion-finished').attributes('data-by')).toBe('bob');
    expect(testid(w, 'cpm-completion-finished').text()).toContain('by=bob');
    expect(testid(w, 'cpm-header').exists()).toBe(false);
    expect(testid(w, 'cpm-strategy').exists()).toBe(false);
    expect(testid(w, 'cpm-differences').exists()).toBe(false);
    expect(w.findAll('[data-testid^="cpm-preflight-"][data-severity]')).toHaveLength(0);
    // Only the optional cleanup is left: its steps, and the button that runs the first of them.
    expect(summary.attributes('data-left')).toBe('2');
    expect(stepIds(w)).toEqual(['cleanup-ccm-leader-migration', 'wait-cleanup-rollout']);
    expect(testid(w, 'cpm-run').attributes('data-step')).toBe('cleanup-ccm-leader-migration');
  });

  it('confirms the optional cleanup with its diff before it runs, and cancels without writing', async () => {
    const obj = migrated();
    const w = await mountTab(obj, finishedRoutes(obj));

    expect(testid(w, 'cpm-confirm').exists()).toBe(false);
    await testid(w, 'cpm-run').trigger('click');
    expect(testid(w, 'cpm-confirm').exists()).toBe(true);
    expect(testid(w, 'cpm-confirm-diff').exists()).toBe(true);
    await testid(w, 'cpm-cancel').trigger('click');
    expect(testid(w, 'cpm-confirm').exists()).toBe(false);
    expect(store.writes()).toEqual([]);
  });

  it('tells a user who cannot update the cluster why the cleanup cannot be run', async () => {
    const obj = { ...migrated(), canUpdate: false };
    const w = await mountTab(obj, finishedRoutes(obj));

    expect(testid(w, 'cpm-run').attributes('disabled')).toBeDefined();
    expect(testid(w, 'cpm-run-disabled').attributes('data-reason')).toBe('readOnly');
  });

  it('keeps the steps while the live cluster still has a node without an AWS provider ID', async () => {
    const obj = migrated();
    const nodes = nodesFor('rke2');

    nodes[4].spec.providerID = '';
    const w = await mountTab(obj, finishedRoutes(obj, nodes));

    expect(testid(w, 'cpm-completion').exists()).toBe(false);
    expect(testid(w, 'cpm-header').exists()).toBe(true);
    expect(stepIds(w)).toEqual(planMigration(obj).steps.map((s) => s.id));
  });
});

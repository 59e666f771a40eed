/** Who else keeps the cluster object as their source says: GitOps tools and Terraform, read from the object. */
import type { PreflightCheck } from '../types';
import { clusterOwners, ownersFromManagers } from '../cluster/ownership';
import { planMigration } from '../planning/planMigration';
import { fixture } from './fixtures';

const steve = (annotations: Record<string, string> = {}, labels: Record<string, string> = {}, managedFields?: { manager: string }[]) => ({
  metadata: {
    name: 'prod', namespace: 'fleet-default', annotations, labels, ...(managedFields ? { managedFields } : {})
  },
});
const owned = (checks: PreflightCheck[]) => checks.filter((c) => c.id.startsWith('managed-by-')).map((c) => [c.id, c.severity, c.message.key, c.message.params]);

describe('clusterOwners', () => {
  it.each<[string, Record<string, any>, [string, string, string][]]>([
    ['nothing but Rancher', steve({ 'field.cattle.io/creatorId': 'user-abc' }, { 'provider.cattle.io': 'rke2' }, [{ manager: 'rancher' }]), []],
    ['Fleet: the objectset id annotation its Helm post-render adds, and not the Helm release it deploys through', steve({
      'objectset.rio.cattle.io/id': 'default-clusters-prod', 'meta.helm.sh/release-name': 'clusters-prod', 'meta.helm.sh/release-namespace': 'fleet-default',
    }, { 'objectset.rio.cattle.io/hash': '0a1b2c' }), [['fleet', 'Fleet', 'objectset.rio.cattle.io/id=default-clusters-prod']]],
    ['Fleet from the hash label alone', steve({}, { 'objectset.rio.cattle.io/hash': '0a1b2c' }), [['fleet', 'Fleet', 'objectset.rio.cattle.io/hash=0a1b2c']]],
    ['a controller\'s apply that names its owner object', steve({
      'objectset.rio.cattle.io/id': 'cluster-create', 'objectset.rio.cattle.io/owner-gvk': 'example.io/v1, Kind=ClusterTemplate', 'objectset.rio.cattle.io/owner-name': 'gold', 'objectset.rio.cattle.io/owner-namespace': 'templates',
    }), [['controller', 'example.io/v1, Kind=ClusterTemplate templates/gold', 'objectset.rio.cattle.io/owner-gvk=example.io/v1, Kind=ClusterTemplate']]],
    ['Argo CD by its tracking annotation', steve({ 'argocd.argoproj.io/tracking-id': 'clusters:provisioning.cattle.io/Cluster:fleet-default/prod' }), [
      ['argocd', 'Argo CD', 'argocd.argoproj.io/tracking-id=clusters:provisioning.cattle.io/Cluster:fleet-default/prod'],
    ]],
    ['Argo CD by a label of its own', steve({}, { 'argocd.argoproj.io/instance': 'clusters' }), [['argocd', 'Argo CD', 'argocd.argoproj.io/instance=clusters']]],
    ['Flux kustomize-controller', steve({}, { 'kustomize.toolkit.fluxcd.io/name': 'clusters', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' }), [
      ['flux', 'Flux', 'kustomize.toolkit.fluxcd.io/name=clusters'],
    ]],
    ['Flux helm-controller, not the Helm release it installs', steve({ 'meta.helm.sh/release-name': 'clusters' }, { 'helm.toolkit.fluxcd.io/name': 'clusters' }), [
      ['flux', 'Flux', 'helm.toolkit.fluxcd.io/name=clusters'],
    ]],
    ['a Helm release', steve({ 'meta.helm.sh/release-name': 'rancher-clusters', 'meta.helm.sh/release-namespace': 'fleet-default' }, { 'app.kubernetes.io/managed-by': 'Helm' }), [
      ['helm', 'Helm', 'meta.helm.sh/release-name=rancher-clusters'],
    ]],
    ['Terraform as a field manager', steve({}, {}, [{ manager: 'rancher' }, { manager: 'Terraform' }]), [['terraform', 'Terraform', 'managedFields manager Terraform']]],
    ['a Norman object: labels and annotations at the top', { id: 'c-abcde', annotations: { 'argocd.argoproj.io/tracking-id': 'x' }, labels: { 'kustomize.toolkit.fluxcd.io/name': 'y' } }, [
      ['argocd', 'Argo CD', 'argocd.argoproj.io/tracking-id=x'], ['flux', 'Flux', 'kustomize.toolkit.fluxcd.io/name=y'],
    ]],
  ])('%s', (_name, obj, expected) => {
    expect(clusterOwners(obj).map((o) => [o.id, o.owner, o.mark])).toEqual(expected);
  });

  it('reads nothing from what is not an object, or has no marks', () => {
    expect([clusterOwners(undefined), clusterOwners({ metadata: { name: 'x', labels: null, annotations: 'no' } })]).toEqual([[], []]);
  });

  it('finds Terraform in any case, once, among other managers', () => {
    expect(ownersFromManagers(['rancher', 'hashicorp-terraform-provider', 'terraform', 42])).toEqual([{ id: 'terraform', owner: 'Terraform', mark: 'managedFields manager hashicorp-terraform-provider' }]);
    expect(ownersFromManagers(['rancher', 'kubectl-edit', undefined])).toEqual([]);
  });

  it('names a controller\'s owner object by what the apply gives of it, with no stray space or slash', () => {
    const gvk = 'example.io/v1, Kind=ClusterTemplate';
    const apply = (extra: Record<string, string>) => clusterOwners({
      metadata: { name: 'prod', annotations: { 'objectset.rio.cattle.io/id': 'cluster-create', 'objectset.rio.cattle.io/owner-gvk': gvk, ...extra } },
    }).map((o) => [o.id, o.owner, o.mark]);

    expect(apply({})).toEqual([['controller', gvk, `objectset.rio.cattle.io/owner-gvk=${ gvk }`]]);
    expect(apply({ 'objectset.rio.cattle.io/owner-name': 'gold' })).toEqual([['controller', `${ gvk } gold`, `objectset.rio.cattle.io/owner-gvk=${ gvk }`]]);
  });

  it('gives Fleet\'s objectset id as its mark wherever it stands among the marks, else the first objectset mark', () => {
    const fleet = (annotations: Record<string, string>, labels: Record<string, string>) => clusterOwners({ metadata: { name: 'prod', annotations, labels } }).map((o) => [o.id, o.owner, o.mark]);

    expect(fleet({
      'meta.helm.sh/release-name': 'clusters-prod', 'objectset.rio.cattle.io/applied': 'H4sIAAAA', 'objectset.rio.cattle.io/id': 'default-clusters-prod',
    }, {})).toEqual([['fleet', 'Fleet', 'objectset.rio.cattle.io/id=default-clusters-prod']]);
    expect(fleet({ 'field.cattle.io/creatorId': 'user-abc' }, { 'objectset.rio.cattle.io/hash': '0a1b2c', 'objectset.rio.cattle.io/id': 'default-clusters-prod' })).toEqual([
      ['fleet', 'Fleet', 'objectset.rio.cattle.io/id=default-clusters-prod'],
    ]);
    expect(fleet({ 'field.cattle.io/creatorId': 'user-abc', 'objectset.rio.cattle.io/applied': 'H4sIAAAA' }, { 'objectset.rio.cattle.io/hash': '0a1b2c' })).toEqual([
      ['fleet', 'Fleet', 'objectset.rio.cattle.io/applied=H4sIAAAA'],
    ]);
  });

  it('takes no field manager that is not a string for Terraform, nor trips over an entry that is no object', () => {
    expect(ownersFromManagers([['terraform'], { toString: () => 'terraform' }, null, 42])).toEqual([]);
    expect(clusterOwners({
      metadata: { name: 'prod', managedFields: [null, { manager: ['Terraform'] }, {}, { manager: 'terraform-provider-rancher2' }] },
    })).toEqual([{ id: 'terraform', owner: 'Terraform', mark: 'managedFields manager terraform-provider-rancher2' }]);
    expect(clusterOwners({ metadata: { name: 'prod', managedFields: [null, { manager: ['terraform'] }] } })).toEqual([]);
  });

  it('reads nothing from an export that parses to null, nor from a function, or labels and annotations that are one', () => {
    const argo = { 'argocd.argoproj.io/instance': 'clusters' };

    expect(clusterOwners(JSON.parse('null'))).toEqual([]);
    expect(clusterOwners(Object.assign(() => undefined, { metadata: { name: 'prod', labels: { ...argo } }, labels: { ...argo } }))).toEqual([]);
    expect(clusterOwners({
      metadata: { name: 'prod', labels: Object.assign(() => undefined, argo), annotations: Object.assign(() => undefined, argo) },
      labels:   Object.assign(() => undefined, argo),
    })).toEqual([]);
  });
});

describe('the owner warnings of a plan', () => {
  it('warns for each owner of an RKE2 provisioning cluster, asking for the same change in their source', () => {
    const obj = fixture('rke2-steve-in-tree.json');

    obj.metadata.annotations = { ...obj.metadata.annotations, 'argocd.argoproj.io/tracking-id': 'clusters:x' };
    obj.metadata.managedFields = [{ manager: 'rancher' }, { manager: 'terraform-provider-kubernetes' }];

    expect(owned(planMigration(obj).preflight)).toEqual([
      ['managed-by-argocd', 'warning', 'preflight.managedBy', { owner: 'Argo CD', mark: 'argocd.argoproj.io/tracking-id=clusters:x' }],
      ['managed-by-terraform', 'warning', 'preflight.managedBy', { owner: 'Terraform', mark: 'managedFields manager terraform-provider-kubernetes' }],
    ]);
  });

  it('reads an RKE1 management cluster\'s field managers from the input (its Norman view has none)', () => {
    const obj = fixture('rke1-management-in-tree.json');

    obj.metadata.managedFields = [{ manager: 'Terraform' }];
    obj.metadata.labels = { ...obj.metadata.labels, 'objectset.rio.cattle.io/hash': 'ff00' };

    expect(owned(planMigration(obj, { useInstanceMetadataHostname: true }).preflight).map(([id]) => id)).toEqual(['managed-by-fleet', 'managed-by-terraform']);
  });

  it('reads an RKE1 Norman cluster\'s top-level annotations', () => {
    const obj = fixture('rke1-norman-in-tree.json');

    obj.annotations = { ...obj.annotations, 'meta.helm.sh/release-name': 'rke1-clusters' };

    expect(owned(planMigration(obj, { useInstanceMetadataHostname: true }).preflight).map(([id]) => id)).toEqual(['managed-by-helm']);
  });

  it('gives no owner warning for a cluster only Rancher writes', () => {
    expect(owned(planMigration(fixture('rke2-steve-in-tree.json')).preflight)).toEqual([]);
  });
});

describe('the AWS prerequisites item', () => {
  it('must be acknowledged before the migration of a cluster on the in-tree provider', () => {
    const iam = planMigration(fixture('rke2-steve-in-tree.json')).preflight.find((c) => c.id === 'iam-and-tags');

    expect(iam).toEqual({ id: 'iam-and-tags', severity: 'info', message: { key: 'preflight.iamAndTags', params: undefined }, acknowledge: true });
  });

  it('is only information once the cluster is migrated', () => {
    const iam = planMigration(fixture('rke2-kubectl-migrated-doc-form.yaml')).preflight.find((c) => c.id === 'iam-and-tags');

    expect(iam?.acknowledge).toBeUndefined();
  });
});

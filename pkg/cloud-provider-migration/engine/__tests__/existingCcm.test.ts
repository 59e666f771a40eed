/** A CCM found in the downstream cluster: what is read from its DaemonSet, what it means for the plan, how it is named. */
import type { DaemonSetLike, ExistingCcm } from '../types';
import type { PlanContext } from '../planning/planContext';
import { existingCcmOf, existingCcmParams, existingCcmVerdict } from '../ccm/existingCcm';
import { clusterModel } from '../cluster/clusterModel';
import { fixture } from './fixtures';

const IMAGE = 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.26.14';

/** The chart's DaemonSet as a Helm install leaves it, with `spec` as given. */
function helmDaemonSet(spec: Record<string, any> | undefined, annotations: Record<string, string> = {}): DaemonSetLike {
  return {
    metadata: {
      name:        'aws-cloud-controller-manager',
      namespace:   'kube-system',
      labels:      { 'app.kubernetes.io/managed-by': 'Helm', 'k8s-app': 'aws-cloud-controller-manager' },
      annotations: { 'meta.helm.sh/release-name': 'aws-cloud-controller-manager', 'meta.helm.sh/release-namespace': 'kube-system', ...annotations },
    } as DaemonSetLike['metadata'],
    spec,
  };
}

const FROM_HELM: ExistingCcm = { managedBy: 'helm', release: 'aws-cloud-controller-manager', releaseNamespace: 'kube-system' };

describe('existingCcmOf', () => {
  it('reads what the DaemonSet has, down to a spec without template, pod spec or containers', () => {
    expect([
      existingCcmOf(helmDaemonSet(undefined)),
      existingCcmOf(helmDaemonSet({ selector: { matchLabels: { 'k8s-app': 'aws-cloud-controller-manager' } } })),
      existingCcmOf(helmDaemonSet({ template: {} })),
      existingCcmOf(helmDaemonSet({ template: { spec: { hostNetwork: true } } })),
      existingCcmOf(helmDaemonSet({ template: { spec: { containers: [{ name: 'aws-cloud-controller-manager', image: IMAGE, args: ['--v=2', '--cloud-provider=aws'] }] } } })),
    ]).toEqual([FROM_HELM, FROM_HELM, FROM_HELM, FROM_HELM, { ...FROM_HELM, image: IMAGE, args: ['--v=2', '--cloud-provider=aws'] }]);
  });

  it('a DaemonSet applied with kubectl, without labels or annotations, is someone else\'s', () => {
    const applied: DaemonSetLike = {
      metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system', generation: 1 },
      spec:     { template: { spec: { containers: [{ name: 'aws-cloud-controller-manager', image: IMAGE }] } } },
    };

    expect(existingCcmOf(applied)).toEqual({ managedBy: 'other', image: IMAGE });
  });

  it('the release namespace Helm recorded wins over the namespace the DaemonSet runs in', () => {
    expect(existingCcmOf(helmDaemonSet(undefined, { 'meta.helm.sh/release-namespace': 'cattle-system' }))).toEqual({ ...FROM_HELM, releaseNamespace: 'cattle-system' });
  });
});

/** The part of a plan's context the verdict reads, from the cluster object as read for planning. */
function contextOf(file: string, existingCcm: ExistingCcm | null | undefined): PlanContext {
  const obj = fixture(file);
  const model = clusterModel(obj);

  return { obj, model, detection: model.detection, distro: model.detection.kind, existingCcm } as PlanContext;
}

describe('existingCcmVerdict', () => {
  const planned: ExistingCcm = { ...FROM_HELM, image: IMAGE };
  const other: ExistingCcm = { managedBy: 'other', image: IMAGE };

  it.each<[string, string, ExistingCcm | null | undefined, string]>([
    ['nobody looked', 'rke2-steve-in-tree.json', undefined, 'unknown'],
    ['none found', 'rke2-steve-in-tree.json', null, 'none'],
    ['RKE2: the planned release without the HelmChart in the manifest', 'rke2-steve-in-tree.json', planned, 'foreign'],
    ['RKE2: the planned release of the manifest\'s HelmChart', 'rke2-kubectl-migrated-doc-form.yaml', planned, 'ours'],
    ['RKE2: a CCM applied by hand beside the HelmChart', 'rke2-kubectl-migrated-doc-form.yaml', other, 'foreign'],
    ['RKE1: the planned release, which the install upgrades', 'rke1-norman-in-tree.json', planned, 'upgrade'],
    ['RKE1: another release', 'rke1-norman-in-tree.json', { ...planned, release: 'cloud-provider' }, 'foreign'],
    ['RKE1: none found', 'rke1-norman-in-tree.json', null, 'none'],
  ])('%s', (_name, file, existingCcm, verdict) => {
    expect(existingCcmVerdict(contextOf(file, existingCcm))).toBe(verdict);
  });
});

describe('existingCcmParams', () => {
  it('names a release by namespace/name and its image, "-" for what is not known', () => {
    expect([
      existingCcmParams({ ...FROM_HELM, releaseNamespace: 'cattle-system', image: IMAGE }),
      existingCcmParams({ managedBy: 'helm' }),
    ]).toEqual([{ owner: 'cattle-system/aws-cloud-controller-manager', image: IMAGE }, { owner: '-', image: '-' }]);
  });
});

/**
 * Storage objects of a downstream cluster, shaped as the apiserver stores them:
 * - StorageClass (storage.k8s.io/v1): `provisioner`, `parameters`; the apiserver defaults `reclaimPolicy: Delete`
 *   and `volumeBindingMode: Immediate` (kubernetes pkg/apis/storage/v1/defaults.go SetDefaults_StorageClass); the
 *   default class carries `storageclass.kubernetes.io/is-default-class: "true"`.
 * - CSIDriver (storage.k8s.io/v1), named after the driver; the apiserver defaults `attachRequired: true`,
 *   `podInfoOnMount: false`, `storageCapacity: false`, `fsGroupPolicy: ReadWriteOnceWithFSType`,
 *   `requiresRepublish: false` and `volumeLifecycleModes: [Persistent]` (SetDefaults_CSIDriver, same file, as of
 *   1.26; `seLinuxMount` only where its feature gate is on, left out here). The AWS EBS CSI driver's chart installs
 *   `ebs.csi.aws.com` with `fsGroupPolicy: File` (kubernetes-sigs/aws-ebs-csi-driver
 *   charts/aws-ebs-csi-driver/templates/csidriver.yaml).
 */
import { KObj } from '../../store';

export const IN_TREE_EBS = 'kubernetes.io/aws-ebs';
export const EBS_CSI_DRIVER = 'ebs.csi.aws.com';
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export interface StorageClassSeed {
  name: string;
  provisioner: string;
  parameters?: Record<string, string>;
  /** The cluster's default class. */
  isDefault?: boolean;
  allowVolumeExpansion?: boolean;
}

/** What the apiserver fills in on create, for the storage kinds (other kinds are stored as given). */
export function withApiDefaults(obj: KObj): KObj {
  if (obj.apiVersion !== 'storage.k8s.io/v1') {
    return obj;
  }
  if (obj.kind === 'StorageClass') {
    return { reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate', ...obj };
  }
  if (obj.kind === 'CSIDriver') {
    return {
      ...obj,
      spec: {
        attachRequired: true, podInfoOnMount: false, storageCapacity: false, fsGroupPolicy: 'ReadWriteOnceWithFSType', requiresRepublish: false, volumeLifecycleModes: ['Persistent'], ...(obj.spec || {}),
      },
    };
  }

  return obj;
}

export function storageClass(s: StorageClassSeed, now: string): KObj {
  return withApiDefaults({
    apiVersion:  'storage.k8s.io/v1',
    kind:        'StorageClass',
    metadata:    { name: s.name, creationTimestamp: now, ...(s.isDefault ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } : {}) },
    provisioner: s.provisioner,
    ...(s.parameters ? { parameters: s.parameters } : {}),
    ...(s.allowVolumeExpansion !== undefined ? { allowVolumeExpansion: s.allowVolumeExpansion } : {}),
  });
}

/** A CSIDriver as the driver's chart installs it (the EBS driver's labels and spec for `ebs.csi.aws.com`). */
export function csiDriver(name: string, now: string): KObj {
  const ebs = name === EBS_CSI_DRIVER;

  return withApiDefaults({
    apiVersion: 'storage.k8s.io/v1',
    kind:       'CSIDriver',
    metadata:   {
      name,
      creationTimestamp: now,
      ...(ebs ? { labels: { 'app.kubernetes.io/name': 'aws-ebs-csi-driver', 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'aws-ebs-csi-driver', 'meta.helm.sh/release-namespace': 'kube-system' } } : {}),
    },
    spec: ebs ? { attachRequired: true, podInfoOnMount: false, fsGroupPolicy: 'File' } : {},
  });
}

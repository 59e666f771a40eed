/**
 * The demo world the simulator tests and the browser tests rely on.
 * 2.11 has every cluster; 2.13 (RKE1 removed from Rancher) has no RKE1 cluster.
 */
import { ClusterSeed } from './cluster';

const CP_ETCD = { controlPlane: true, etcd: true, worker: false };
const WORKER = { controlPlane: false, etcd: false, worker: true };
const ALL = { controlPlane: true, etcd: true, worker: true };

const CP_SELECTOR = { matchExpressions: [{ key: 'rke.cattle.io/control-plane-role', operator: 'In', values: ['true'] }] };
const ETCD_SELECTOR = { matchExpressions: [{ key: 'rke.cattle.io/etcd-role', operator: 'In', values: ['true'] }] };
const WORKER_SELECTOR = { matchExpressions: [{ key: 'rke.cattle.io/worker-role', operator: 'In', values: ['true'] }] };

export const PROD_DESCRIPTION = '<b>Prod</b> <script>alert(1)</script> cluster';

export const LEGACY_MANIFEST = `# Team tooling namespace, managed through Rancher's additional manifest
apiVersion: v1
kind: Namespace
metadata:
  name: team-tools # keep: referenced by the tooling chart
---
# Default storage class on the in-tree EBS provisioner
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: gp2-legacy
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: kubernetes.io/aws-ebs
parameters:
  type: gp2 # general purpose SSD
`;

export const OOT_MANIFEST = `apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: aws-cloud-controller-manager
  namespace: kube-system
spec:
  chart: aws-cloud-controller-manager
  repo: https://kubernetes.github.io/cloud-provider-aws
  version: 0.0.8
  targetNamespace: kube-system
  bootstrap: true
  valuesContent: |-
    hostNetworking: true
    image:
      tag: v1.27.10
    nodeSelector:
      node-role.kubernetes.io/control-plane: "true"
    tolerations:
      - key: node.cloudprovider.kubernetes.io/uninitialized
        value: "true"
        effect: NoSchedule
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: node-role.kubernetes.io/etcd
        operator: Exists
        effect: NoExecute
    args:
      - --configure-cloud-routes=false
      - --v=2
      - --cloud-provider=aws
`;

/** prod-rke2's own services, built by its CI and pushed to the team's private ECR registry. */
const PROD_ECR = '123456789012.dkr.ecr.us-east-2.amazonaws.com';
export const PROD_WORKLOAD_IMAGES = [`${ PROD_ECR }/payments/api:2.14.1`, `${ PROD_ECR }/payments/worker:2.14.1`, `${ PROD_ECR }/platform/otel-collector:0.98.0`];

/**
 * The class the dashboard's "Amazon EBS Disk" storage class form writes with its defaults (the in-tree provisioner,
 * gp2, encrypted, no expansion), then set as the cluster's default class.
 */
const GP2_IN_TREE = {
  name: 'gp2', provisioner: 'kubernetes.io/aws-ebs', parameters: { type: 'gp2', encrypted: 'true', iopsPerGB: '0' }, isDefault: true, allowVolumeExpansion: false
};

const CLOUD_CONFIG = `[Global]
Zone=us-east-2a
VPC=vpc-0a1b2c3d4e5f60718
SubnetID=subnet-0123456789abcdef0
KubernetesClusterTag=legacy-rke2
KubernetesClusterID=legacy-rke2
`;

export function demoClusters(rancherVersion: '2.11' | '2.13'): ClusterSeed[] {
  const clusters: ClusterSeed[] = [
    {
      name:              'prod-rke2',
      id:                'c-m-prod0001',
      distro:            'rke2',
      kubernetesVersion: 'v1.26.15+rke2r1',
      aws:               true,
      description:       PROD_DESCRIPTION,
      labels:            { env: 'prod', team: 'platform' },
      subnet:            1,
      // The in-tree gp2 class and no EBS CSI driver; workloads pulled from the team's ECR registry.
      storage:           { classes: [GP2_IN_TREE] },
      workloadImages:    PROD_WORKLOAD_IMAGES,
      pools:             [
        { name: 'cp', roles: CP_ETCD, quantity: 3, instanceType: 't3.large' },
        { name: 'worker', roles: WORKER, quantity: 3, instanceType: 't3.xlarge' },
      ],
      rkeConfig: {
        machineGlobalConfig:   { cni: 'calico', 'disable-kube-proxy': false, 'etcd-expose-metrics': false },
        machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws', 'protect-kernel-defaults': false } }],
      },
    },
    {
      name:              'edge-rke2',
      id:                'c-m-edge0001',
      distro:            'rke2',
      kubernetesVersion: 'v1.26.15+rke2r1',
      aws:               true,
      subnet:            2,
      pools:             [{ name: 'all', roles: ALL, quantity: 1, instanceType: 't3.xlarge' }],
      rkeConfig:         {
        machineGlobalConfig:   { cni: 'canal', 'cloud-provider-name': 'aws', 'disable-kube-proxy': false, 'etcd-expose-metrics': false },
        machineSelectorConfig: [{ config: { 'protect-kernel-defaults': false } }],
      },
    },
    {
      name:              'legacy-rke2',
      id:                'c-m-lgcy0001',
      distro:            'rke2',
      kubernetesVersion: 'v1.26.15+rke2r1',
      aws:               true,
      subnet:            3,
      pools:             [
        { name: 'cp', roles: CP_ETCD, quantity: 1, instanceType: 't3.large' },
        { name: 'worker', roles: WORKER, quantity: 2, instanceType: 't3.xlarge' },
      ],
      rkeConfig: {
        machineGlobalConfig: {
          cni:                   'calico',
          'cloud-provider-name': 'aws',
          'cloud-provider-config': CLOUD_CONFIG,
          'kubelet-arg':         ['feature-gates=CSIMigrationAWS=false'],
          'kube-apiserver-arg':  ['feature-gates=CSIMigrationAWS=false'],
        },
        machineSelectorConfig: [
          { config: { 'protect-kernel-defaults': false } },
          { config: { 'kube-controller-manager-arg': ['node-monitor-grace-period=50s', 'feature-gates=CSIMigrationAWS=false'] }, machineLabelSelector: CP_SELECTOR },
        ],
        additionalManifest: LEGACY_MANIFEST,
      },
    },
    {
      name:              'oot-rke2',
      id:                'c-m-oot00001',
      distro:            'rke2',
      kubernetesVersion: 'v1.27.16+rke2r1',
      aws:               true,
      ccm:               true,
      subnet:            4,
      // Migrated with the EBS CSI driver: the old gp2 class is served through CSI migration, gp3 is the driver's own.
      storage:           {
        classes: [
          { ...GP2_IN_TREE, isDefault: false },
          {
            name: 'gp3', provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' }, isDefault: true, allowVolumeExpansion: true
          },
        ],
        csiDrivers: ['ebs.csi.aws.com'],
      },
      workloadImages:    ['public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.30.0', 'public.ecr.aws/eks-distro/kubernetes-csi/node-driver-registrar:v2.10.0-eks-1-29-5'],
      pools:             [
        { name: 'cp', roles: CP_ETCD, quantity: 3, instanceType: 't3.large' },
        { name: 'worker', roles: WORKER, quantity: 2, instanceType: 't3.xlarge' },
      ],
      rkeConfig: {
        machineGlobalConfig:   { cni: 'calico', 'disable-kube-proxy': false, 'etcd-expose-metrics': false },
        machineSelectorConfig: [
          { config: { 'cloud-provider-name': 'aws', 'protect-kernel-defaults': false } },
          { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: ETCD_SELECTOR },
          {
            config: {
              'disable-cloud-controller':    true,
              'kube-apiserver-arg':          ['cloud-provider=external'],
              'kube-controller-manager-arg': ['cloud-provider=external'],
              'kubelet-arg':                 ['cloud-provider=external'],
            },
            machineLabelSelector: CP_SELECTOR,
          },
          { config: { 'kubelet-arg': ['cloud-provider=external'], 'disable-cloud-controller': true }, machineLabelSelector: WORKER_SELECTOR },
        ],
        additionalManifest: OOT_MANIFEST,
      },
    },
    {
      name:              'plain-rke2',
      id:                'c-m-none0001',
      distro:            'rke2',
      kubernetesVersion: 'v1.27.16+rke2r1',
      aws:               false,
      subnet:            5,
      pools:             [
        { name: 'cp', roles: CP_ETCD, quantity: 1, instanceType: 't3.large' },
        { name: 'worker', roles: WORKER, quantity: 1, instanceType: 't3.large' },
      ],
      rkeConfig: {
        machineGlobalConfig:   { cni: 'calico', 'disable-kube-proxy': false, 'etcd-expose-metrics': false },
        machineSelectorConfig: [{ config: { 'protect-kernel-defaults': false } }],
      },
    },
    {
      name:              'k3s-demo',
      id:                'c-m-k3s00001',
      distro:            'k3s',
      kubernetesVersion: 'v1.27.16+k3s1',
      aws:               false,
      subnet:            6,
      pools:             [
        { name: 'server', roles: CP_ETCD, quantity: 1, instanceType: 't3.medium' },
        { name: 'agent', roles: WORKER, quantity: 1, instanceType: 't3.medium' },
      ],
      rkeConfig: {
        machineGlobalConfig:   { 'disable-apiserver': false, 'disable-cloud-controller': false, 'disable-controller-manager': false, 'disable-etcd': false, 'disable-kube-proxy': false, 'disable-network-policy': false, 'disable-scheduler': false, 'etcd-expose-metrics': false, 'secrets-encryption': false },
        machineSelectorConfig: [{ config: { 'protect-kernel-defaults': false } }],
      },
    },
    {
      name:              'imported-demo',
      id:                'c-abcde',
      distro:            'eks',
      kubernetesVersion: 'v1.29.4-eks-036c24b',
      aws:               true,
      subnet:            7,
      pools:             [{ name: 'ng', roles: WORKER, quantity: 2, instanceType: 'm5.large' }],
    },
  ];

  if (rancherVersion === '2.11') {
    clusters.push({
      name:              'c-rke1a',
      id:                'c-rke1a',
      displayName:       'rke1-legacy',
      distro:            'rke1',
      kubernetesVersion: 'v1.26.15-rancher1-1',
      aws:               true,
      subnet:            8,
      storage:           { classes: [GP2_IN_TREE] },
      pools:             [
        { name: 'cp', roles: CP_ETCD, quantity: 3, instanceType: 't3.large' },
        { name: 'worker', roles: WORKER, quantity: 2, instanceType: 't3.xlarge' },
      ],
      rke1Config: rke1Config('v1.26.15-rancher1-1'),
    });
  }

  return clusters;
}

export function rke1Config(kubernetesVersion: string): Record<string, any> {
  return {
    kubernetesVersion,
    addonJobTimeout:     45,
    ignoreDockerVersion: true,
    enableCriDockerd:    true,
    sshAgentAuth:        false,
    rotateEncryptionKey: false,
    authentication:      { strategy: 'x509' },
    authorization:       {},
    bastionHost:         { ignoreProxyEnvVars: false, sshAgentAuth: false },
    dns:                 { provider: 'coredns', linearAutoscalerParams: {} },
    ingress:             { provider: 'nginx', defaultBackend: false, defaultIngressClass: true },
    monitoring:          { provider: 'metrics-server', replicas: 1 },
    network:             { plugin: 'canal', mtu: 0, options: { flannel_backend_type: 'vxlan' } },
    privateRegistries:   [],
    cloudProvider:       {
      name:             'aws',
      awsCloudProvider: {
        global: {
          'disable-security-group-ingress': false,
          'disable-strict-zone-check':      false,
          'elb-security-group':             '',
          'kubernetes-cluster-id':          'rke1-legacy',
          'kubernetes-cluster-tag':         'rke1-legacy',
          'role-arn':                       '',
          'routetable-id':                  '',
          'subnet-id':                      'subnet-0fedcba9876543210',
          vpc:                              'vpc-0a1b2c3d4e5f60718',
          zone:                             'us-east-2a',
        },
        serviceOverride: {},
      },
    },
    services: {
      etcd: {
        backupConfig: {
          enabled: true, intervalHours: 12, retention: 6, safeTimestamp: false, timeout: 300
        },
        creation:  '12h',
        retention: '72h',
        snapshot:  false,
        uid:       0,
        gid:       0,
      },
      kubeApi: {
        alwaysPullImages:        false,
        podSecurityPolicy:       false,
        secretsEncryptionConfig: { enabled: false },
        serviceClusterIpRange:   '10.43.0.0/16',
        serviceNodePortRange:    '30000-32767',
      },
      kubeController: { clusterCidr: '10.42.0.0/16', serviceClusterIpRange: '10.43.0.0/16' },
      kubelet:        {
        clusterDnsServer: '10.43.0.10', clusterDomain: 'cluster.local', failSwapOn: false, generateServingCertificate: false
      },
      kubeproxy: {},
      scheduler: {},
    },
    upgradeStrategy: {
      drain: false, maxUnavailableControlplane: '1', maxUnavailableWorker: '10%', nodeDrainInput: {
        deleteLocalData: false, force: false, gracePeriod: -1, ignoreDaemonSets: true, timeout: 120
      }
    },
  };
}

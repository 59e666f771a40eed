/** Steve type names, label and annotation keys the world uses (one place, so controllers agree). */
export const T = {
  provCluster:  'provisioning.cattle.io.cluster',
  mgmtCluster:  'management.cattle.io.cluster',
  mgmtNode:     'management.cattle.io.node',
  mgmtNodePool: 'management.cattle.io.nodepool',
  namespace:    'namespace',
  node:         'node',
  pod:          'pod',
  daemonSet:    'apps.daemonset',
  job:          'batch.job',
  lease:        'coordination.k8s.io.lease',
  storageClass: 'storage.k8s.io.storageclass',
  csiDriver:    'storage.k8s.io.csidriver',
  helmChart:    'helm.cattle.io.helmchart',
  clusterRepo:  'catalog.cattle.io.clusterrepo',
  app:          'catalog.cattle.io.app',
  operation:    'catalog.cattle.io.operation',
  service:      'service',
  configMap:    'configmap',
  etcdSnapshot: 'rke.cattle.io.etcdsnapshot',
  etcdBackup:   'management.cattle.io.etcdbackup',
} as const;

export const LOCAL = 'local';
export const FLEET_DEFAULT = 'fleet-default';
export const KUBE_SYSTEM = 'kube-system';

/** Downstream node labels (rancher/rancher planner, rancher/rke cluster/hosts.go, k8s well-known labels). */
export const L = {
  rke2ControlPlane:  'node-role.kubernetes.io/control-plane',
  rke2Master:        'node-role.kubernetes.io/master',
  etcd:              'node-role.kubernetes.io/etcd',
  worker:            'node-role.kubernetes.io/worker',
  rke1ControlPlane:  'node-role.kubernetes.io/controlplane',
  hostname:          'kubernetes.io/hostname',
  zone:              'topology.kubernetes.io/zone',
  region:            'topology.kubernetes.io/region',
  instanceType:      'node.kubernetes.io/instance-type',
  machineCpRole:     'rke.cattle.io/control-plane-role',
  machineEtcdRole:   'rke.cattle.io/etcd-role',
  machineWorkerRole: 'rke.cattle.io/worker-role',
  machinePool:       'rke.cattle.io/rke-machine-pool-name',
} as const;

export const TAINT_UNINITIALIZED = 'node.cloudprovider.kubernetes.io/uninitialized';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Annotations the simulator writes so tests and the lead can see what each node runs. */
export const A = {
  /** JSON of the planner-merged config for this node (RKE2) or the RKE1 services config. */
  effectiveConfig:   'sim.cattle.io/effective-config',
  /** JSON: the CAPI machine labels the planner matches machineSelectorConfig against. */
  machineLabels:     'sim.cattle.io/machine-labels',
  /** The machine's own hostname (what the node would be called without EC2 metadata naming). */
  machineHostname:   'sim.cattle.io/machine-hostname',
  /** The EC2 private DNS name of the instance behind the node. */
  ec2Name:           'sim.cattle.io/ec2-private-dns-name',
  ec2InstanceId:     'sim.cattle.io/ec2-instance-id',
  ec2Zone:           'sim.cattle.io/ec2-availability-zone',
  ec2InstanceType:   'sim.cattle.io/ec2-instance-type',
  kubeletArgs:       'sim.cattle.io/kubelet-args',
  apiserverArgs:     'sim.cattle.io/kube-apiserver-args',
  kcmArgs:           'sim.cattle.io/kcm-args',
  kubeletCloud:      'sim.cattle.io/kubelet-cloud-provider',
  apiserverCloud:    'sim.cattle.io/kube-apiserver-cloud-provider',
  kcmCloud:          'sim.cattle.io/kcm-cloud-provider',
  /** 'true' when the KCM on this node runs with enable-leader-migration. */
  kcmLeaderMigration: 'sim.cattle.io/kcm-leader-migration',
  /** uuid of the current KCM process (new on every restart): lease holders are `<host>_<uuid>`. */
  kcmInstance:       'sim.cattle.io/kcm-instance',
  /** JSON array of component errors ("kubelet: unknown cloud provider \"aws\""), empty when healthy. */
  componentErrors:   'sim.cattle.io/component-errors',
  /** Hash of the plan last applied to this node. */
  appliedPlan:       'sim.cattle.io/applied-plan',
  /** Hash of what restarts the components (plan without Dynamic files such as the additionalManifest). */
  restartStamp:      'sim.cattle.io/restart-stamp',
  /** How many times this node's components were restarted by a plan since the world began (the first start is not one). */
  restarts:          'sim.cattle.io/restarts',
  /** Why the CCM could not initialise the node. */
  ccmError:          'sim.cattle.io/cloud-node-error',
  rke2NodeArgs:      'rke2.io/node-args',
  rke2Hostname:      'rke2.io/hostname',
  rke2InternalIp:    'rke2.io/internal-ip',
  description:       'field.cattle.io/description',
} as const;

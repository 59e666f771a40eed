/**
 * Public types of the migration engine. This file is the contract between the engine, the api layer,
 * the Vue components and the command-line planner. Add fields freely; rename or remove only with every
 * caller updated in the same commit.
 *
 * The engine is pure TypeScript: no Vue, no store, no network, no clock.
 */

export type Distro = 'rke2' | 'rke1';

/** What the engine recognised. Everything that is not rke2/rke1 is not applicable. */
export type ClusterKind = Distro | 'k3s' | 'imported' | 'hosted' | 'harvester' | 'unknown';

export type Strategy = 'leader-migration' | 'downtime';

export type MigrationStatus = 'in-tree' | 'migrating' | 'migrated' | 'not-applicable';

/**
 * How the input object was shaped; the plan's `object`s are returned in the same shape. `management`: an RKE1
 * management.cattle.io/v3 Cluster as `kubectl get clusters.management.cattle.io c-xxxxx -o yaml` prints it
 * (`spec.rancherKubernetesEngineConfig`, planned as its Norman v3 equivalent).
 */
export type InputFormat = 'steve' | 'kubectl' | 'norman' | 'management';

/** RKE2 only: the form the switch step writes. */
export type Rke2ExternalMode = 'aws-with-overrides' | 'external';

/**
 * A user-facing message: `key` is relative to the `cloudProviderMigration.` l10n root
 * (e.g. `steps.enable-leader-migration.title`) and `params` fill its `{placeholders}`. The engine holds
 * no English: the tab renders keys with the shell's `t()`, the command-line planner renders them from
 * `l10n/en-us.yaml` (engine/messages.ts `renderMessage`).
 */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}

export type MachineRole = 'control-plane' | 'etcd' | 'worker';

/** One place in the object where a cloud provider is configured. */
export interface ProviderLocation {
  /** Dotted path, e.g. `spec.rkeConfig.machineSelectorConfig[0].config.cloud-provider-name`. */
  path: string;
  value: string;
}

/** Effective cloud-provider settings for one combination of machine roles (RKE2). */
export interface RoleSetConfig {
  roles: MachineRole[];
  /** `cloud-provider-name` after the planner merge rule. */
  cloudProviderName?: string;
  /** `cloud-provider=` value found in each component's arg list, if any. */
  kubelet?: string;
  kubeApiserver?: string;
  kubeControllerManager?: string;
  leaderMigration: boolean;
  /** True when a selector entry with non-role labels may or may not apply to these machines. */
  ambiguous: boolean;
}

export interface Detection {
  kind: ClusterKind;
  format: InputFormat;
  name: string;
  /** Steve id (`fleet-default/<name>`) or Norman id / management cluster name (`c-xxxxx`). */
  id: string;
  /** Management cluster id (`c-m-…` or `c-…`) when known. */
  managementClusterId?: string;
  kubernetesVersion: string;
  /** Every place a provider is set, in merge order. */
  providerLocations: ProviderLocation[];
  /** Provider after merging (RKE2: for control-plane machines; RKE1: cloudProvider.name). '' = none. */
  effectiveProvider: string;
  outOfTree: boolean;
  roleSets: RoleSetConfig[];
  /** Indexes of machineSelectorConfig entries whose selectors use labels other than the role labels. */
  ambiguousSelectors: number[];
  ccmManifestPresent: boolean;
  kcmLeaderMigration: boolean;
  ccmLeaderMigration: boolean;
  systemDefaultRegistry?: string;
  /** RKE1: node-driver (node pools), custom, or unknown. */
  nodeProvisioning?: 'node-driver' | 'custom' | 'unknown';
  /**
   * A Norman or management cluster without RKE1 configuration whose status says Rancher provisioned it with RKE2
   * (driver `imported`, provider `rke2`), or says nothing of where it came from: its configuration, if any, is in its
   * provisioning cluster. Unset for every other cluster.
   */
  configInProvisioning?: boolean;
}

export type Severity = 'ok' | 'info' | 'warning' | 'blocker';

export interface PreflightCheck {
  id: string;
  severity: Severity;
  message: Message;
  /**
   * The admin must acknowledge it (tick it) before the first step can be run: something the tab cannot check for
   * itself, such as the AWS prerequisites. Once acknowledged it is recorded with the migration's choices.
   */
  acknowledge?: boolean;
}

export interface ChartSpec {
  repo: string;
  name: string;
  version: string;
  namespace: string;
  values: Record<string, unknown>;
}

export type StepAction =
  | 'update-cluster' // PUT of the cluster object (Steve for RKE2, Norman for RKE1)
  | 'wait-cluster' // wait until Rancher has reconciled the cluster (Active/Ready again)
  | 'install-chart' // RKE1: Helm install/upgrade of the CCM chart in the downstream cluster
  | 'cordon' // cordon the control-plane nodes
  | 'wait-rollout' // wait for the aws-cloud-controller-manager DaemonSet
  | 'verify' // ProviderIDs, uninitialized taints, migration lease
  | 'uncordon'; // uncordon the control-plane nodes

export type StepId =
  | 'enable-leader-migration'
  | 'wait-leader-migration'
  | 'deploy-ccm'
  | 'install-ccm'
  | 'wait-ccm-rollout'
  | 'cordon-control-plane'
  | 'switch-to-external'
  | 'wait-switch'
  | 'verify-provider-ids'
  | 'verify-migration-lease'
  | 'uncordon-control-plane'
  | 'upgrade-kubernetes'
  | 'wait-upgrade'
  | 'upgrade-ccm'
  | 'wait-ccm-upgrade-rollout'
  | 'cleanup-ccm-leader-migration'
  | 'wait-cleanup-rollout';

/**
 * Before and after of a step's change as YAML: update-cluster, the object a user edits (status, links and
 * managedFields left out) before and after the step; install-chart, the chart values ('' before a first install).
 */
export interface DiffSides {
  before: string;
  after: string;
}

export interface PlanStep {
  id: StepId;
  action: StepAction;
  /** From the object alone for update steps; live steps are done only when observations say so. */
  done: boolean;
  /** True for steps that depend on the live cluster (cordon, waits, verification). */
  live: boolean;
  optional: boolean;
  title: Message;
  description: Message;
  warnings: Message[];
  /** update-cluster: the whole cluster object as it must be after this step (cumulative), input format. */
  object?: Record<string, any>;
  /** install-chart: what to install. */
  chart?: ChartSpec;
  /** Unified diff (YAML) of the object (update-cluster) or of the chart values (install-chart). */
  diff?: string;
  /** The two texts `diff` compares, in the input's format, when it is not empty (for a side-by-side view). */
  diffSides?: DiffSides;
  /** What a CLI user would run for this step. */
  commands?: string[];
  /**
   * Where the commands run: `rancher`, the Rancher local cluster (the cluster objects live there), or `downstream`,
   * this cluster (its nodes and workloads). A cordon pasted into the wrong context cordons Rancher's own servers.
   */
  runsIn?: 'rancher' | 'downstream';
  /** cordon/uncordon/verify: the node label selector of the control-plane nodes. */
  selector?: string;
  /** Live steps: the verdict of the engine checks on the last observations (engine/observe.ts). */
  check?: CheckResult;
}

/**
 * An aws-cloud-controller-manager DaemonSet found in the downstream cluster, and who deployed it (read from its
 * Helm ownership labels and annotations; docs/rancher-behaviour.md#ccm-existing-install).
 */
export interface ExistingCcm {
  /** `helm`: a Helm release (a Rancher app, helm-controller or the helm CLI); `other`: anything else (kubectl, an operator). */
  managedBy: 'helm' | 'other';
  /** Helm release name and namespace (`meta.helm.sh/release-name`, `meta.helm.sh/release-namespace`). */
  release?: string;
  releaseNamespace?: string;
  /** The CCM container image. */
  image?: string;
  /** The CCM container args. */
  args?: string[];
}

export interface PlanOptions {
  strategy?: Strategy;
  /** Final Kubernetes version; at most one minor ahead of the current one. */
  targetVersion?: string;
  rke2ExternalMode?: Rke2ExternalMode;
  /** RKE1: value of useInstanceMetadataHostname at the switch. Required choice for custom clusters. */
  useInstanceMetadataHostname?: boolean;
  /**
   * RKE1: how the nodes were provisioned, when the caller knows it from outside the cluster object (the tab reads
   * `/v3/nodePools?clusterId=`: node pools mean node-driver, none means custom). Overrides what the object shows.
   */
  rke1NodeProvisioning?: 'node-driver' | 'custom';
  /** Overrides the CCM chart repository (air-gapped installs). */
  chartRepo?: string;
  /** Overrides the registry of the CCM image (defaults to the cluster's system-default-registry). */
  systemDefaultRegistry?: string;
  /** Include the optional cleanup step (drop --enable-leader-migration from the CCM). Default true. */
  cleanup?: boolean;
  /**
   * The CCM the downstream cluster already runs: null when it was looked for and there is none, undefined when
   * nobody looked (the object alone cannot see a CCM installed outside its additional manifest).
   */
  existingCcm?: ExistingCcm | null;
  /** The downstream nodes, when read: the plan then knows the control-plane and worker layout of any cluster. */
  nodes?: NodeLike[];
}

export interface ClusterSummary {
  distro: ClusterKind;
  name: string;
  kubernetesVersion: string;
}

export interface MigrationPlan {
  cluster: ClusterSummary;
  status: MigrationStatus;
  reason?: Message;
  strategy: Strategy;
  /** The strategy that fits this cluster (downtime for one control-plane node, or where no in-tree provider runs). */
  recommendedStrategy?: Strategy;
  /** Kubernetes version the cluster has after the plan (target or current). */
  finalVersion: string;
  detection: Detection;
  preflight: PreflightCheck[];
  steps: PlanStep[];
  /** Where the plan deliberately departs from the Rancher migration guide (planning/docDifferences.ts). */
  differences?: Message[];
}

// ---- Observed state of the downstream cluster (read by the api layer, judged by engine/checks) ----

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | string;
}

export interface NodeLike {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { providerID?: string; unschedulable?: boolean; taints?: Taint[] };
  status?: { conditions?: { type: string; status: string }[]; images?: ContainerImageLike[] };
}

/** An image on a node as the kubelet reports it (`status.images`): its names (`repo@sha256:…`, `repo:tag`). */
export interface ContainerImageLike {
  names?: string[];
  sizeBytes?: number;
}

/**
 * The nodes whose images name an Amazon ECR registry, as Steve counted them over every node (a filter on the image
 * names, docs/rancher-behaviour.md#ecr-images-read), and those of them read with their images: all of them, or
 * the first page when there are more.
 */
export interface EcrNodesRead {
  /** How many nodes list an image name containing `.dkr.ecr`. */
  matching: number;
  /** Nodes read with their images (names and `status.images` only). */
  read: NodeLike[];
}

/** A storage.k8s.io/v1 StorageClass. */
export interface StorageClassLike {
  metadata: { name: string; annotations?: Record<string, string> };
  provisioner: string;
  parameters?: Record<string, string>;
}

/** A storage.k8s.io/v1 CSIDriver (named after the driver, e.g. `ebs.csi.aws.com`). */
export interface CsiDriverLike {
  metadata: { name: string };
}

/** The optional reads of the live pre-flight. */
export type PreflightRead = 'storageClasses' | 'csiDrivers';

export interface DaemonSetLike {
  metadata: { name: string; namespace?: string; generation?: number };
  spec?: {
    /** The labels its pods carry (the chart's `k8s-app: <name>`); the pods are listed by it. */
    selector?: { matchLabels?: Record<string, string> };
    updateStrategy?: { type?: string };
    template?: { spec?: { nodeSelector?: Record<string, string>; tolerations?: any[]; containers?: any[]; hostNetwork?: boolean } };
  };
  status?: {
    observedGeneration?: number;
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    numberReady?: number;
    numberUnavailable?: number;
    numberMisscheduled?: number;
  };
}

export interface LeaseLike {
  metadata: { name: string; namespace?: string };
  spec?: { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number };
}

/** A pod or Job condition as Kubernetes reports it. */
export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** One of a container's states (docs/rancher-behaviour.md#pod-stall-shapes): exactly one is set. */
export interface ContainerStateLike {
  /** Not running yet or backing off: `ImagePullBackOff`, `ErrImagePull`, `CrashLoopBackOff`, `ContainerCreating`… */
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  /** `message` is the container's termination message (its termination-log file), often empty. */
  terminated?: { exitCode?: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string };
}

export interface ContainerStatusLike {
  name: string;
  image?: string;
  imageID?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerStateLike;
  /** The previous run, when the container has restarted. */
  lastState?: ContainerStateLike;
}

/** A pod as the Steve proxy returns it: the CCM's pods, or the pod of helm-controller's install Job. */
export interface PodLike {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
    ownerReferences?: { kind: string; name: string }[];
  };
  spec?: { nodeName?: string; containers?: { name: string; image?: string }[] };
  status?: {
    /** Pending, Running, Succeeded, Failed, Unknown. */
    phase?: string;
    /** PodScheduled=False with reason Unschedulable carries the scheduler's "0/N nodes are available: …". */
    conditions?: PodCondition[];
    containerStatuses?: ContainerStatusLike[];
    startTime?: string;
  };
}

/** A batch/v1 Job (helm-controller's `helm-install-<chart>`). */
export interface JobLike {
  metadata: { name: string; namespace?: string; creationTimestamp?: string };
  status?: {
    active?: number;
    succeeded?: number;
    failed?: number;
    startTime?: string;
    completionTime?: string;
    /** `Complete` or `Failed` (with `FailureTarget`/`SuccessCriteriaMet` before them on newer clusters). */
    conditions?: PodCondition[];
  };
}

/**
 * What is read besides the DaemonSet to say why its rollout stalls (api/rolloutEvidence.ts): its pods while it is not
 * rolled out; RKE2, while it does not exist, helm-controller's install Job (null = read and absent) and that Job's pods.
 * A field not read is absent.
 */
export interface RolloutEvidence {
  pods?: PodLike[];
  installJob?: JobLike | null;
  installJobPods?: PodLike[];
}

export type CheckState = 'done' | 'waiting' | 'failed';

export interface CheckResult {
  state: CheckState;
  message: Message;
  details?: Message[];
  /**
   * Node checks: every node with a problem (never capped, for the tab's table) and how many nodes were checked. The
   * text `details` of those nodes are capped (checks/nodeProblems.ts), so a text view stays short at any size.
   */
  nodes?: NodeProblems;
}

/** One problem of one node: its name, how bad (waiting for the CCM, or failed for good), what and the raw value. */
export interface NodeProblem {
  node: string;
  state: Exclude<CheckState, 'done'>;
  /** A short l10n message naming the problem. */
  problem: Message;
  /** The value that shows it, as read (a provider ID, a taint key); data, not text to translate. */
  detail?: string;
}

export interface NodeProblems {
  /** The nodes checked. */
  total: number;
  /** Failed first, then by node name; a node with two problems has two. */
  problems: NodeProblem[];
}

/** A Service of the downstream cluster, as far as its load balancer goes. */
export interface ServiceLike {
  metadata: { name: string; namespace?: string; uid?: string };
  spec?: { type?: string; loadBalancerClass?: string };
  status?: { loadBalancer?: { ingress?: { hostname?: string; ip?: string }[] } };
}

/**
 * The load balancer addresses (ingress hostnames and IPs) of the Services of type LoadBalancer, recorded in the
 * journal when the switch is run, so that the verification compares them after it. Bounded: `services` holds at most
 * LOAD_BALANCER_RECORD_MAX of them (by `namespace/name`), `total` says how many there were.
 */
export interface LoadBalancerRecord {
  /** When it was read (ISO 8601 time). */
  at: string;
  total: number;
  /** `namespace/name` → its addresses, sorted (empty: it had none). */
  services: Record<string, string[]>;
  /**
   * Set when an admin accepted new addresses after the switch (checks/loadBalancers.ts loadBalancerAcceptance): who;
   * `at` is then when.
   */
  acceptedBy?: string;
}

/** What the tab has read from the live cluster. Every field is optional: absent = not read. */
export interface Observations {
  /** Rancher reports the cluster reconciled (provisioning Ready / mgmt Ready and not Updating). */
  clusterReady?: boolean;
  nodes?: NodeLike[];
  /** null = read and absent. */
  daemonSet?: DaemonSetLike | null;
  leases?: LeaseLike[];
  /** Every Service of the downstream cluster (the verification judges those of type LoadBalancer); absent: not read. */
  services?: ServiceLike[];
  /** From the journal: the load balancer addresses recorded before the switch (absent: none recorded). */
  loadBalancersBefore?: LoadBalancerRecord;
  /** RKE1: the CCM Helm release is installed with these values (null = read and absent). */
  chartRelease?: { version: string; values: Record<string, unknown> } | null;
  /** The CCM DaemonSet's pods, read while it is not rolled out (why a node has no ready pod). */
  ccmPods?: PodLike[];
  /** RKE2, while the DaemonSet does not exist: helm-controller's install Job of the CCM chart (null = read and absent). */
  ccmInstallJob?: JobLike | null;
  /** The pods of that Job. */
  ccmInstallJobPods?: PodLike[];
  /** When these observations were read (ISO time; the engine has no clock). */
  observedAt?: string;
  /** When the caller started waiting for each live step (ISO time), for the time a wait has taken. */
  stepStartedAt?: Partial<Record<StepId, string>>;
  /**
   * From the migration journal: the control-plane nodes the migration cordoned and has not given back. The uncordon
   * is judged on those alone; undefined (no journal record) judges every control-plane node.
   */
  cordonedByMigration?: string[];
  /** The downstream StorageClasses (read for the live pre-flight). */
  storageClasses?: StorageClassLike[];
  /** The downstream CSIDrivers (read for the live pre-flight). */
  csiDrivers?: CsiDriverLike[];
  /** Pre-flight reads Kubernetes refused (403) or does not serve (404): judged as not checked, not as absent. */
  preflightUnread?: PreflightRead[];
  /**
   * The nodes that list an image from Amazon ECR, when the tab read them apart from `nodes` (whose images it leaves
   * out); without it the ECR item is judged from the images of `nodes`.
   */
  ecrNodes?: EcrNodesRead;
  /**
   * The field managers (`metadata.managedFields[].manager`) of the cluster object the migration edits, as read
   * (RKE2: the provisioning cluster; RKE1: the management cluster). A Terraform manager owns the object.
   */
  clusterManagers?: string[];
}

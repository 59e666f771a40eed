/**
 * What one node runs after a plan is applied: the component args the world derives from the cluster spec
 * (RKE2 planner or RKE1), and whether the components came up. Shared by both distros' controllers and
 * read by the lease, CCM and DaemonSet controllers through the node's annotations (see types.ts `A`).
 */
export interface NodePlan {
  kubernetesVersion: string;
  /** Components in Kubernetes flag form without dashes (`cloud-provider=external`). */
  kubeletArgs: string[];
  /** Control-plane nodes only. */
  apiserverArgs?: string[];
  kcmArgs?: string[];
  /** rke2.io/node-args style JSON (RKE2/K3s only). */
  nodeArgs?: string[];
  /** The effective config the plan came from (planner merge result, or RKE1 services). */
  config: Record<string, any>;
  /** The node is named after EC2 metadata (RKE2 `cloud-provider-name: aws` hack / RKE1 in-tree or useInstanceMetadataHostname). */
  nameFromEc2: boolean;
  /** RKE2/K3s embedded cloud controller runs (sets `rke2://` / `k3s://` provider ids). */
  embeddedCloudController: boolean;
  /** Component start-up errors (empty when healthy). */
  errors: string[];
  /** RKE2/K3s control-plane plans: the additionalManifest file the node's deploy controller applies. */
  addons?: string;
  /** What Rancher's planner compares (RKE2/K3s: version, filtered config, manifest); default: the whole plan. */
  plannerKey?: unknown;
  /** What restarts the components when it changes (rancher planner restartStamp: no Dynamic files); default: plannerKey. */
  restartKey?: unknown;
}

/** A stable hash of what a node would run: equal hashes mean the planner has nothing to do on that node. */
export function planHash(plan: NodePlan): string {
  return hash(plan.plannerKey ?? [plan.kubernetesVersion, plan.kubeletArgs, plan.apiserverArgs || null, plan.kcmArgs || null, plan.config]);
}

/** Hash of what restarts the node's components when it changes. */
export function restartHash(plan: NodePlan): string {
  return plan.restartKey !== undefined ? hash(plan.restartKey) : planHash(plan);
}

function hash(value: unknown): string {
  const s = JSON.stringify(value);
  let h = 2166136261;

  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }

  return (h >>> 0).toString(16);
}

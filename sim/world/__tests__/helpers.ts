import { KObj, Store } from '../../store';
import { World, WorldOptions } from '..';

export const PROD = 'c-m-prod0001';

export function makeWorld(opts: Partial<WorldOptions> = {}): World {
  const world = new World(new Store(), { rancherVersion: '2.11', speed: 200, ...opts });

  world.start();

  return world;
}

export function prov(world: World, name: string): KObj {
  return world.store.get('local', 'provisioning.cattle.io.cluster', 'fleet-default', name)!;
}

export function updateProv(world: World, name: string, fn: (p: KObj) => void): void {
  const p = prov(world, name);

  fn(p);
  world.store.update('local', 'provisioning.cattle.io.cluster', p);
}

export function nodes(world: World, scope: string): KObj[] {
  return world.store.list(scope, 'node').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

export function cpNodes(world: World, scope: string): KObj[] {
  return nodes(world, scope).filter((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] === 'true' || n.metadata.labels?.['node-role.kubernetes.io/controlplane'] === 'true');
}

export function setCordon(world: World, scope: string, names: string[], on: boolean): void {
  for (const name of names) {
    world.store.mutate(scope, 'node', undefined, name, (n) => {
      if (on) {
        n.spec.unschedulable = true;
      } else {
        delete n.spec.unschedulable;
      }
    });
  }
}

export function condition(obj: KObj | undefined, type: string): any {
  return (obj?.status?.conditions || []).find((c: any) => c.type === type);
}

export function lease(world: World, scope: string, name: string): string | undefined {
  return world.store.get(scope, 'coordination.k8s.io.lease', 'kube-system', name)?.spec?.holderIdentity;
}

const CP = { matchExpressions: [{ key: 'rke.cattle.io/control-plane-role', operator: 'In', values: ['true'] }] };
const ETCD = { matchExpressions: [{ key: 'rke.cattle.io/etcd-role', operator: 'In', values: ['true'] }] };
const WORKER = { matchExpressions: [{ key: 'rke.cattle.io/worker-role', operator: 'In', values: ['true'] }] };

/** The Rancher QA out-of-tree machineSelectorConfig set (Rancher's own QA migration test), optionally with KCM leader migration. */
export function outOfTreeSelectors(kcmLeaderMigration = false): any[] {
  return [
    { config: { 'cloud-provider-name': 'aws', 'protect-kernel-defaults': false } },
    { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: ETCD },
    {
      config: {
        'disable-cloud-controller':    true,
        'kube-apiserver-arg':          ['cloud-provider=external'],
        'kube-controller-manager-arg': ['cloud-provider=external', ...(kcmLeaderMigration ? ['enable-leader-migration'] : [])],
        'kubelet-arg':                 ['cloud-provider=external'],
      },
      machineLabelSelector: CP,
    },
    { config: { 'kubelet-arg': ['cloud-provider=external'], 'disable-cloud-controller': true }, machineLabelSelector: WORKER },
  ];
}

export function ccmHelmChart(opts: { bootstrap?: boolean; leaderMigration?: boolean; tolerations?: string } = {}): string {
  const tolerations = opts.tolerations ?? `    tolerations:
      - key: node.cloudprovider.kubernetes.io/uninitialized
        value: "true"
        effect: NoSchedule
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: node-role.kubernetes.io/etcd
        operator: Exists
        effect: NoExecute
`;

  return `apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: aws-cloud-controller-manager
  namespace: kube-system
spec:
  chart: aws-cloud-controller-manager
  repo: https://kubernetes.github.io/cloud-provider-aws
  targetNamespace: kube-system
  bootstrap: ${ opts.bootstrap !== false }
  valuesContent: |-
    hostNetworking: true
    nodeSelector:
      node-role.kubernetes.io/control-plane: "true"
${ tolerations }    args:
      - --configure-cloud-routes=false
      - --cloud-provider=aws
${ opts.leaderMigration ? '      - --enable-leader-migration=true\n' : '' }`;
}

/**
 * RKE2 runs kube-apiserver, kube-controller-manager and etcd as static pods on server nodes; the kubelet
 * publishes them as mirror pods `<component>-<node>` in kube-system, owned by the Node
 * (rancher/rke2 pkg/staticpod; kubelet pkg/kubelet/pod mirror_client.go). Their args are the node's plan.
 */
import { KObj } from '../store';
import { WorldContext } from './context';
import { buildPod, nodeInternalIp, setPodRunning } from './k8s/pods';
import { nodeRuntime } from './nodeAgent';
import { A, KUBE_SYSTEM, L, T } from './types';

function parse(s: string | undefined): string[] {
  try {
    return s ? JSON.parse(s) : [];
  } catch {
    return [];
  }
}

export function syncStaticPods(ctx: WorldContext, scope: string, node: KObj): void {
  const ann = node.metadata.annotations || {};

  if (!ann[A.rke2NodeArgs] || !ann[A.kcmArgs]) {
    return; // only RKE2 server nodes run these as static pods (K3s embeds them; RKE1 runs containers)
  }
  const rt = nodeRuntime(node);
  const version = (node.status?.nodeInfo?.kubeletVersion || '').replace('+', '-');
  const components: [string, string[]][] = [
    ['kube-apiserver', parse(ann[A.apiserverArgs])],
    ['kube-controller-manager', parse(ann[A.kcmArgs])],
  ];

  if (node.metadata.labels?.[L.etcd] === 'true') {
    components.push(['etcd', []]);
  }
  for (const [component, args] of components) {
    const name = `${ component }-${ node.metadata.name }`;
    const healthy = !rt.errors.some((e) => e.startsWith(component)) && !rt.errors.some((e) => e.startsWith('kubelet'));
    const owner = {
      apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid || ''
    };
    const pod = buildPod(name, KUBE_SYSTEM, owner, {
      metadata: { labels: { component, tier: 'control-plane' } },
      spec:     {
        hostNetwork: true,
        priorityClassName: 'system-cluster-critical',
        containers:  [{
          name: component, image: `index.docker.io/rancher/hardened-${ component === 'etcd' ? 'etcd:v3.5.13-k3s1' : `kubernetes:${ version }` }-build20240716`, command: [component], args: args.map((a) => `--${ a }`)
        }],
      },
    }, node.metadata.name, ctx.ids.uuid(), ctx.now());

    setPodRunning(pod, healthy, nodeInternalIp(node), ctx.now());
    const cur = ctx.store.get(scope, T.pod, KUBE_SYSTEM, name);

    if (!cur) {
      ctx.store.create(scope, T.pod, pod);
    } else if (JSON.stringify(cur.spec) !== JSON.stringify(pod.spec) || JSON.stringify(cur.status?.containerStatuses?.map((c: any) => c.ready)) !== JSON.stringify(pod.status.containerStatuses.map((c: any) => c.ready))) {
      ctx.store.mutate(scope, T.pod, KUBE_SYSTEM, name, (p) => {
        p.spec = pod.spec;
        p.status = pod.status;
        p.metadata.annotations = { ...(p.metadata.annotations || {}), ...pod.metadata.annotations };
      });
    }
  }
}

import { Store } from '../../store';
import { World } from '..';
const OOT = `apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: aws-cloud-controller-manager
  namespace: kube-system
spec:
  chart: aws-cloud-controller-manager
  repo: https://kubernetes.github.io/cloud-provider-aws
  targetNamespace: kube-system
  bootstrap: true
  valuesContent: |-
    hostNetworking: true
    nodeSelector:
      node-role.kubernetes.io/control-plane: "true"
    tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: node-role.kubernetes.io/etcd
        operator: Exists
        effect: NoExecute
    args:
      - --configure-cloud-routes=false
      - --v=5
      - --cloud-provider=aws
      - --enable-leader-migration=true
`;
const ID = 'c-m-prod0001';
async function main() {
  const s = new Store();
  const w = new World(s, { rancherVersion: '2.11', speed: 200 });
  w.start();
  const leases = () => s.list(ID, 'coordination.k8s.io.lease', 'kube-system').map(l => `${l.metadata.name}=${l.spec.holderIdentity} ${JSON.stringify(l.metadata.annotations||{})}`);
  const log: string[] = [];
  s.on(e => { if (e.scope === ID && e.type === 'node' && e.kind === 'change') log.push(`${Date.now()%100000} ${e.obj.metadata.name} unsched=${e.obj.spec.unschedulable} kcm=${e.obj.metadata.annotations['sim.cattle.io/kcm-cloud-provider']}`); });
  const upd = (fn: (p: any) => void) => { const p = s.get('local', 'provisioning.cattle.io.cluster', 'fleet-default', 'prod-rke2')!; fn(p); s.update('local', 'provisioning.cattle.io.cluster', p); };
  upd(p => p.spec.rkeConfig.machineSelectorConfig.push({ config: { 'kube-controller-manager-arg': ['enable-leader-migration'] }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/control-plane-role': 'true' } } }));
  await w.settle();
  console.log(log.join('\n')); log.length = 0;
  console.log(leases());
  for (const n of s.list(ID, 'node')) if (n.metadata.labels!['node-role.kubernetes.io/control-plane']) s.mutate(ID, 'node', undefined, n.metadata.name, x => { x.spec.unschedulable = true; });
  upd(p => { p.spec.rkeConfig.machineSelectorConfig = [
    { config: { 'cloud-provider-name': 'aws', 'protect-kernel-defaults': false } },
    { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/etcd-role', operator: 'In', values: ['true'] }] } },
    { config: { 'disable-cloud-controller': true, 'kube-apiserver-arg': ['cloud-provider=external'], 'kube-controller-manager-arg': ['cloud-provider=external'], 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/control-plane-role', operator: 'In', values: ['true'] }] } },
    { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: { matchExpressions: [{ key: 'rke.cattle.io/worker-role', operator: 'In', values: ['true'] }] } },
  ]; p.spec.rkeConfig.additionalManifest = OOT; });
  await w.settle();
  console.log(log.join('\n')); log.length = 0;
  console.log(leases());
  console.log(JSON.stringify(s.list(ID, 'pod', 'kube-system').filter(p => p.metadata.name.startsWith('helm')).map(p => [p.metadata.name, p.status])));
  console.log(JSON.stringify(s.get('local','provisioning.cattle.io.cluster','fleet-default','prod-rke2')!.status.conditions.filter((c:any)=>c.type==='Updated')));
  for (const n of s.list(ID, 'node')) if (n.spec.unschedulable) s.mutate(ID, 'node', undefined, n.metadata.name, x => { delete x.spec.unschedulable; });
  await w.settle();
  console.log(leases());
  console.log(JSON.stringify(s.get(ID, 'apps.daemonset', 'kube-system', 'aws-cloud-controller-manager')?.status));
  console.log(w.errors);
  w.stop();
}
main();

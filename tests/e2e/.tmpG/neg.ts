import { apiLogin, startSim } from '../harness';
import { FlowDriver } from '../flowDriver';
(async () => {
  const sim = await startSim({ rancher: '2.13', speed: 200 });
  try {
    const cookie = await apiLogin(sim);
    const d = new FlowDriver(sim, cookie, { name: 'prod-rke2', clusterId: 'c-m-prod0001', distro: 'rke2', options: { targetVersion: 'v1.27.16+rke2r1' } }, { timeoutMs: 4000 });
    const p = await d.plan();
    const byId = (id: string) => p.steps.find((s) => s.id === id)!;
    // Rancher doc order: cordon before deploying the CCM.
    for (const id of ['enable-leader-migration', 'wait-leader-migration', 'cordon-control-plane', 'deploy-ccm', 'wait-ccm-rollout']) {
      try { console.log(id, JSON.stringify(await d.runStep(byId(id))).slice(0, 200)); } catch (e: any) { console.log('FAILED', id, e.message.slice(0, 600)); break; }
    }
    // Negative 2: 1.27 with in-tree aws
    const d2 = new FlowDriver(sim, cookie, { name: 'legacy-rke2', clusterId: 'c-m-lgcy0001', distro: 'rke2', options: {} }, { timeoutMs: 4000 });
    const o = await d2.readCluster();
    o.spec.kubernetesVersion = 'v1.27.16+rke2r1';
    const { putProvisioningCluster } = await import('../../../pkg/cloud-provider-migration/api');
    await putProvisioningCluster(d2.store, o);
    try { await d2.waitCluster(); console.log('no failure?!'); } catch (e: any) { console.log('FAILED as expected', e.message.slice(0, 600)); }
  } finally { await sim.stop(); }
})();

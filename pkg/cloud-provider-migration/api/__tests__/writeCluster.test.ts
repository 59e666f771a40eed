import { MigrationError } from '../../engine';
import { putNormanCluster, getNormanCluster } from '../norman';
import { getProvisioningCluster, putProvisioningCluster } from '../steve';
import { MAX_WRITES, applyClusterStep, type ClusterStepIo } from '../writeCluster';
import { FakeStore } from '../../__tests__/fakeStore';
import { normanCluster, provisioningCluster } from './clusters';

const URL = '/v1/provisioning.cattle.io.clusters/fleet-default/prod';
const CP = { matchLabels: { 'rke.cattle.io/control-plane-role': 'true' } };

/** Stands in for the engine's enable-leader-migration step: append the flag to the control-plane KCM args. */
function enableLeaderMigration(fresh: Record<string, any>): Record<string, any> {
  const out = JSON.parse(JSON.stringify(fresh));
  const entries: any[] = out.spec.rkeConfig.machineSelectorConfig;
  let entry = entries.find((e) => JSON.stringify(e.machineLabelSelector) === JSON.stringify(CP));

  if (!entry) {
    entry = { config: {}, machineLabelSelector: CP };
    entries.push(entry);
  }
  const args: string[] = entry.config['kube-controller-manager-arg'] || [];

  entry.config['kube-controller-manager-arg'] = args.includes('enable-leader-migration') ? args : [...args, 'enable-leader-migration'];

  return out;
}

const steveIo = (derive: ClusterStepIo['derive'] = enableLeaderMigration): ClusterStepIo => ({
  read:      (s) => getProvisioningCluster(s, 'fleet-default/prod'),
  write:     putProvisioningCluster,
  derive,
  ownedPart: (obj) => obj.spec?.rkeConfig?.machineSelectorConfig,
});

/** The same cluster after someone else changed a field the step does not own. */
function withOtherChange(rv: string, kcmArgs: string[] = []): Record<string, any> {
  const obj = provisioningCluster(rv, kcmArgs);

  obj.spec.rkeConfig.machineGlobalConfig['disable-kube-proxy'] = true;

  return obj;
}

const kcmArgsOf = (body: any) => body.spec.rkeConfig.machineSelectorConfig.find((e: any) => e.machineLabelSelector)?.config['kube-controller-manager-arg'];

describe('applyClusterStep', () => {
  it('reads fresh, derives from it, and writes once with the fresh resourceVersion', async () => {
    const store = new FakeStore()
      .on('get', URL, { ok: provisioningCluster('1001') })
      .on('put', URL, { ok: provisioningCluster('1002', ['enable-leader-migration']) });

    const result = await applyClusterStep(store, steveIo());

    expect(result.outcome).toBe('applied');
    expect(result.object.metadata.resourceVersion).toBe('1002');
    expect(store.calls.map((c) => c.method)).toEqual(['get', 'put']);
    expect(store.writes()[0].data.metadata.resourceVersion).toBe('1001');
    expect(kcmArgsOf(store.writes()[0].data)).toEqual(['enable-leader-migration']);
  });

  it('does not write when the step is already applied', async () => {
    const store = new FakeStore().on('get', URL, { ok: provisioningCluster('1001', ['enable-leader-migration']) });

    const result = await applyClusterStep(store, steveIo());

    expect(result).toEqual({ outcome: 'unchanged', object: provisioningCluster('1001', ['enable-leader-migration']) });
    expect(store.writes()).toEqual([]);
  });

  it('does not write when the step function throws (e.g. INVALID_MANIFEST)', async () => {
    const store = new FakeStore().on('get', URL, { ok: provisioningCluster('1001') });
    const derive = () => {
      throw new MigrationError('INVALID_MANIFEST', 'additionalManifest is not valid YAML');
    };

    await expect(applyClusterStep(store, steveIo(derive))).rejects.toMatchObject({ code: 'INVALID_MANIFEST' });
    expect(store.writes()).toEqual([]);
  });

  it('after a 409 on fields it does not own, re-reads, re-derives and retries once with the new resourceVersion', async () => {
    const store = new FakeStore()
      .on('get', URL, { ok: provisioningCluster('1001') }, { ok: withOtherChange('1005') })
      .on('put', URL, { status: 409 }, { ok: withOtherChange('1006', ['enable-leader-migration']) });

    const result = await applyClusterStep(store, steveIo());

    expect(result.outcome).toBe('applied');
    expect(store.calls.map((c) => c.method)).toEqual(['get', 'put', 'get', 'put']);
    const [first, second] = store.writes();

    expect(first.data.metadata.resourceVersion).toBe('1001');
    expect(second.data.metadata.resourceVersion).toBe('1005');
    // Re-derived from the new read: the other writer's change is kept, not overwritten by the old body.
    expect(second.data.spec.rkeConfig.machineGlobalConfig['disable-kube-proxy']).toBe(true);
    expect(kcmArgsOf(second.data)).toEqual(['enable-leader-migration']);
  });

  it('after a 409 on fields it owns, hands both versions to the user and writes nothing more', async () => {
    const theirs = provisioningCluster('1005', ['node-monitor-grace-period=50s']);
    const store = new FakeStore()
      .on('get', URL, { ok: provisioningCluster('1001') }, { ok: theirs })
      .on('put', URL, { status: 409 });

    const result = await applyClusterStep(store, steveIo());

    expect(result.outcome).toBe('conflict');
    if (result.outcome !== 'conflict') {
      return;
    }
    expect(result.theirs).toEqual(theirs);
    expect(kcmArgsOf(result.ours)).toEqual(['enable-leader-migration']);
    expect(result.base.metadata.resourceVersion).toBe('1001');
    expect(store.writes()).toHaveLength(1);
  });

  it('when someone else applied the same change meanwhile, the owned part changed: the user reviews it, nothing is rewritten', async () => {
    const store = new FakeStore()
      .on('get', URL, { ok: provisioningCluster('1001') }, { ok: withOtherChange('1005', ['enable-leader-migration']) })
      .on('put', URL, { status: 409 });
    const result = await applyClusterStep(store, steveIo());

    expect(result.outcome).toBe('conflict');
    expect(store.writes()).toHaveLength(1);
  });

  it('keeps re-reading and re-deriving while only fields it does not own move (a cluster being reconciled), then applies', async () => {
    const store = new FakeStore()
      .on('get', URL, { ok: provisioningCluster('1001') }, { ok: withOtherChange('1005') }, { ok: withOtherChange('1007') })
      .on('put', URL, { status: 409 }, { status: 409 }, { ok: withOtherChange('1008', ['enable-leader-migration']) });

    const result = await applyClusterStep(store, steveIo());

    expect(result.outcome).toBe('applied');
    expect(store.calls.map((c) => c.method)).toEqual(['get', 'put', 'get', 'put', 'get', 'put']);
    expect(store.writes().map((w) => w.data.metadata.resourceVersion)).toEqual(['1001', '1005', '1007']);
    expect(store.writes()[2].data.spec.rkeConfig.machineGlobalConfig['disable-kube-proxy']).toBe(true);
  });

  it(`gives up with a conflict after ${ MAX_WRITES } 409s, having written exactly ${ MAX_WRITES } times`, async () => {
    const store = new FakeStore()
      .on('get', URL, { ok: provisioningCluster('1001') }, { ok: withOtherChange('1005') }, { ok: withOtherChange('1009') }, { ok: withOtherChange('1011') }, { ok: withOtherChange('1013') })
      .on('put', URL, { status: 409 });

    const result = await applyClusterStep(store, steveIo());

    expect(result.outcome).toBe('conflict');
    expect(result.object.metadata.resourceVersion).toBe('1013');
    expect(store.calls.map((c) => c.method)).toEqual(['get', 'put', 'get', 'put', 'get', 'put', 'get', 'put', 'get']);
  });

  it.each([
    ['a 403 on the write', 403, 'FORBIDDEN'],
    ['a 503 on the write', 503, 'API_UNAVAILABLE'],
  ])('%s is thrown as is, without a re-read or a retry', async (_name, status, code) => {
    const store = new FakeStore()
      .on('get', URL, { ok: provisioningCluster('1001') })
      .on('put', URL, { status });

    await expect(applyClusterStep(store, steveIo())).rejects.toMatchObject({ code });
    expect(store.calls.map((c) => c.method)).toEqual(['get', 'put']);
  });

  it('a failed first read writes nothing', async () => {
    const store = new FakeStore().on('get', URL, { network: 'Network Error' });

    await expect(applyClusterStep(store, steveIo())).rejects.toMatchObject({ code: 'API_UNAVAILABLE' });
    expect(store.writes()).toEqual([]);
  });

  describe('with Norman (RKE1), where a lost write shows only in the read-back', () => {
    const NORMAN = '/v3/clusters/c-5xk2n';
    const normanIo: ClusterStepIo = {
      read:   (s) => getNormanCluster(s, 'c-5xk2n'),
      write:  (s, obj) => putNormanCluster(s, obj),
      derive: (fresh) => {
        const out = JSON.parse(JSON.stringify(fresh));

        out.rancherKubernetesEngineConfig.services.kubeController.extraArgs = { ...out.rancherKubernetesEngineConfig.services.kubeController.extraArgs, 'enable-leader-migration': 'true' };

        return out;
      },
      ownedPart: (obj) => obj.rancherKubernetesEngineConfig?.services?.kubeController?.extraArgs,
    };

    it('applies and returns the read-back object', async () => {
      const store = new FakeStore()
        .on('get', NORMAN, { ok: normanCluster({}) }, { ok: normanCluster({ 'enable-leader-migration': 'true' }) })
        .on('put', NORMAN, { ok: normanCluster({ 'enable-leader-migration': 'true' }) });

      const result = await applyClusterStep(store, normanIo);

      expect(result.outcome).toBe('applied');
      expect(store.calls.map((c) => `${ c.action } ${ c.method }`)).toEqual(['rancher/request get', 'rancher/request put', 'rancher/request get']);
    });

    it('surfaces a conflict when another writer replaced the owned map right after our PUT', async () => {
      const theirs = normanCluster({ 'node-monitor-grace-period': '50s' });
      const store = new FakeStore()
        .on('get', NORMAN, { ok: normanCluster({}) }, { ok: theirs })
        .on('put', NORMAN, { ok: normanCluster({ 'enable-leader-migration': 'true' }) });

      const result = await applyClusterStep(store, normanIo);

      expect(result.outcome).toBe('conflict');
      expect(store.writes()).toHaveLength(1);
    });
  });
});

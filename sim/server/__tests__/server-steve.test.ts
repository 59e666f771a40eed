import type { Simulator } from '../index';
import { Client, login, startTestSim } from './helpers';

const PROD = '/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2';
const NODES = '/k8s/clusters/c-m-prod0001/v1/nodes';

describe('Steve resources', () => {
  let sim: Simulator;
  let admin: Client;

  beforeAll(async () => {
    sim = await startTestSim();
    admin = await login(sim);
  });
  afterAll(() => sim.close());

  it('gives a namespaced object the id ns/name and a cluster-scoped one its name', async () => {
    const prov = await admin.call(PROD);
    const mgmt = await admin.call('/v1/management.cattle.io.clusters/c-m-prod0001');

    expect(prov.body.id).toBe('fleet-default/prod-rke2');
    expect(mgmt.body.id).toBe('c-m-prod0001');
  });

  it('builds links from x-api-host and x-forwarded-proto when a proxy sends them', async () => {
    const res = await admin.call(PROD, { headers: { 'x-api-host': 'rancher.example:8005', 'x-forwarded-proto': 'https' } });

    expect(res.body.links).toEqual({
      self:   'https://rancher.example:8005/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2',
      update: 'https://rancher.example:8005/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2',
      remove: 'https://rancher.example:8005/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2',
      view:   'https://rancher.example:8005/apis/provisioning.cattle.io/v1/namespaces/fleet-default/clusters/prod-rke2',
    });
  });

  it('relates the management cluster to its provisioning cluster', async () => {
    const rke2 = await admin.call('/v1/management.cattle.io.clusters/c-m-prod0001');
    const rke1 = await admin.call('/v1/management.cattle.io.clusters/c-rke1a');

    expect(rke2.body.metadata.relationships).toContainEqual(expect.objectContaining({ fromType: 'provisioning.cattle.io.cluster', fromId: 'fleet-default/prod-rke2' }));
    expect(rke1.body.metadata.relationships).toContainEqual(expect.objectContaining({ toType: 'provisioning.cattle.io.cluster', toId: 'fleet-default/c-rke1a' }));
  });

  it('computes metadata.state from the conditions the world writes', async () => {
    sim.store.mutate('local', 'provisioning.cattle.io.cluster', 'fleet-default', 'prod-rke2', (o) => {
      o.status.conditions = [{ type: 'Ready', status: 'True' }, { type: 'Updated', status: 'Unknown', message: 'configuring control plane node(s)' }];
    });
    const res = await admin.call(PROD);

    expect(res.body.metadata.state).toEqual({
      name: 'updating', error: false, transitioning: true, message: 'configuring control plane node(s)'
    });
  });

  it('drops the fields named by exclude and ignores unknown query parameters', async () => {
    sim.store.mutate('local', 'provisioning.cattle.io.cluster', 'fleet-default', 'prod-rke2', (o) => {
      o.metadata.managedFields = [{ manager: 'rancher' }];
      o.metadata.labels = { env: 'prod' };
    });
    const res = await admin.call(`${ PROD }?exclude=metadata.managedFields&exclude=metadata.labels&whatever=1`);

    expect(res.status).toBe(200);
    expect(res.body.metadata.managedFields).toBeUndefined();
    expect(res.body.metadata.labels).toBeUndefined();
  });

  describe('PUT', () => {
    it('saves with the current resourceVersion, bumps it, and keeps the stored status', async () => {
      const cur = (await admin.call(PROD)).body;
      const res = await admin.call(PROD, { method: 'PUT', json: { ...cur, spec: { ...cur.spec, kubernetesVersion: 'v1.27.16+rke2r1' }, status: { hacked: true } } });

      expect(res.status).toBe(200);
      expect(res.body.spec.kubernetesVersion).toBe('v1.27.16+rke2r1');
      expect(Number(res.body.metadata.resourceVersion)).toBeGreaterThan(Number(cur.metadata.resourceVersion));
      expect(res.body.metadata.generation).toBe(cur.metadata.generation + 1);
      expect(res.body.status.hacked).toBeUndefined();
    });

    it('answers a stale resourceVersion with a Steve 409 Conflict', async () => {
      const stale = (await admin.call(PROD)).body;

      sim.store.mutate('local', 'provisioning.cattle.io.cluster', 'fleet-default', 'prod-rke2', (o) => {
        o.metadata.annotations = { ...o.metadata.annotations, other: 'admin' };
      });
      const res = await admin.call(PROD, { method: 'PUT', json: { ...stale, spec: { ...stale.spec, kubernetesVersion: 'v9' } } });

      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ type: 'error', status: 409, code: 'Conflict' });
      expect(sim.store.get('local', 'provisioning.cattle.io.cluster', 'fleet-default', 'prod-rke2')?.spec.kubernetesVersion).not.toBe('v9');
    });

    it('rejects a body without metadata.resourceVersion as Steve does (500 ServerError, nothing saved)', async () => {
      const cur = (await admin.call(PROD)).body;
      const { resourceVersion, ...meta } = cur.metadata; // eslint-disable-line @typescript-eslint/no-unused-vars
      const res = await admin.call(PROD, { method: 'PUT', json: { ...cur, metadata: meta, spec: { ...cur.spec, kubernetesVersion: 'v9' } } });

      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        type: 'error', status: 500, code: 'ServerError', message: 'metadata.resourceVersion is required for update'
      });
      expect(sim.store.get('local', 'provisioning.cattle.io.cluster', 'fleet-default', 'prod-rke2')?.spec.kubernetesVersion).not.toBe('v9');
    });

    it('answers an unknown object with 404', async () => {
      const res = await admin.call('/v1/provisioning.cattle.io.clusters/fleet-default/nope', { method: 'PUT', json: { metadata: { name: 'nope', resourceVersion: '1' } } });

      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NotFound');
    });
  });

  describe('lists', () => {
    it.each([
      ['node-role.kubernetes.io/control-plane=true', 2],
      ['node-role.kubernetes.io/control-plane!=true', 1],
      ['node-role.kubernetes.io/worker', 1],
      ['!node-role.kubernetes.io/worker', 2],
      ['topology.kubernetes.io/zone in (us-east-2a,us-east-2b)', 3],
      ['topology.kubernetes.io/zone notin (us-east-2a)', 0],
    ])('filters nodes by the label selector %s', async (selector, count) => {
      const res = await admin.call(`${ NODES }?labelSelector=${ encodeURIComponent(selector) }`);

      // Steve's collection leaves count out when it is zero (omitempty).
      expect(res.body.data).toHaveLength(count);
      expect(res.body.count ?? 0).toBe(count);
    });

    it('pages with limit and continue until every object was seen once', async () => {
      const seen: string[] = [];
      let next: string | undefined = `${ NODES }?limit=2`;
      let pages = 0;

      while (next) {
        const res = await admin.call(next);

        seen.push(...res.body.data.map((n: any) => n.id));
        pages++;
        // Every chunk of a cut list is partial; only those with more to come carry continue and next.
        expect(res.body.pagination.partial).toBe(true);
        if (res.body.pagination.next) {
          expect(res.body.continue).toEqual(expect.any(String));
          const u = new URL(res.body.pagination.next);

          next = u.pathname + u.search;
        } else {
          expect(res.body.continue).toBeUndefined();
          next = undefined;
        }
      }
      expect(pages).toBe(2);
      expect(seen.sort()).toEqual(sim.store.list('c-m-prod0001', 'node').map((n) => n.metadata.name).sort());
    });

    it('lists a namespaced type within one namespace by path', async () => {
      const res = await admin.call('/k8s/clusters/c-m-prod0001/v1/coordination.k8s.io.leases/kube-system');

      expect(res.body.data.map((l: any) => l.id)).toEqual(['kube-system/kube-controller-manager']);
    });

    it('answers a type that is not served with 404', async () => {
      expect((await admin.call('/v1/no.such.things')).status).toBe(404);
    });
  });

  describe('downstream proxy gate', () => {
    it.each([
      ['an unknown cluster', '/k8s/clusters/c-m-nope/v1/nodes', 404],
      ['a cluster that is not Ready', '/k8s/clusters/c-m-down0001/v1/nodes', 503],
    ])('answers %s with %s', async (_what, path, status) => {
      expect((await admin.call(path)).status).toBe(status);
    });
  });

  describe('schemaDefinitions', () => {
    it('defines every type referenced from the requested one', async () => {
      const res = await admin.call('/v1/schemaDefinitions/provisioning.cattle.io.cluster');
      const defs = res.body.definitions;
      const primitive = /^(string|int|float|boolean|date|json|map\[[^\]]*\]|array\[(string|int|float|boolean|json)\])$/;
      const missing: string[] = [];

      expect(res.body.definitionType).toBe('provisioning.cattle.io.cluster');
      for (const def of Object.values<any>(defs)) {
        for (const f of Object.values<any>(def.resourceFields)) {
          const t = f.type.replace(/^array\[(.*)\]$/, '$1');

          if (!primitive.test(f.type) && !primitive.test(t) && !defs[t]) {
            missing.push(t);
          }
        }
      }
      expect(missing).toEqual([]);
      expect(defs['provisioning.cattle.io.cluster.status'].resourceFields.conditions.type).toBe('array[provisioning.cattle.io.cluster.status.conditions]');
    });

    it('is linked from the schema self link the dashboard rewrites', async () => {
      const schema = (await admin.call('/k8s/clusters/c-m-prod0001/v1/schemas/node')).body;
      const url = new URL(schema.links.self.replace('/schemas/', '/schemaDefinitions/'));
      const res = await admin.call(url.pathname);

      expect(res.status).toBe(200);
      expect(res.body.definitions.node.resourceFields.spec.type).toBe('node.spec');
    });
  });

  it('creates and deletes through the collection', async () => {
    const created = await admin.call('/v1/namespaces', { method: 'POST', json: { type: 'namespace', metadata: { name: 'made-by-test' } } });

    expect(created.status).toBe(201);
    expect(created.body.id).toBe('made-by-test');
    expect((await admin.call('/v1/namespaces/made-by-test', { method: 'DELETE' })).status).toBe(200);
    expect((await admin.call('/v1/namespaces/made-by-test')).status).toBe(404);
  });
});

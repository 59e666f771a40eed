/**
 * Steve's list parameters and its compression as the simulator plays them (docs/rancher-behaviour.md#steve-list-parameters,
 * #compression): managedFields served unless excluded, include/exclude/excludeValues, filter, sort, pagesize and
 * the default limit, count and pages, gzip on Steve replies and on large apiserver replies only.
 */
import { request } from 'http';
import { gunzipSync } from 'zlib';
import type { Simulator } from '../index';
import { Client, login, startTestSim } from './helpers';

const DS = 'c-m-prod0001';
const NODES = `/k8s/clusters/${ DS }/v1/nodes`;
const CP1 = 'ip-10-0-1-1.us-east-2.compute.internal';
const WORKER = 'ip-10-0-1-3.us-east-2.compute.internal';

/** A GET that sends Accept-Encoding and keeps the bytes as they came over the wire. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, any>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];

      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode || 0, headers: res.headers, bytes: Buffer.concat(chunks as unknown as Uint8Array[]) }));
    }).on('error', reject).end();
  });
}

describe('Steve list parameters', () => {
  let sim: Simulator;
  let admin: Client;
  const names = (res: any) => res.body.data.map((n: any) => n.id);

  beforeAll(async () => {
    sim = await startTestSim();
    admin = await login(sim);
    sim.store.mutate(DS, 'node', undefined, CP1, (n) => {
      n.metadata.managedFields = [{ manager: 'kubelet', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': {} } }];
      n.status = { ...(n.status || {}), images: [{ names: ['123456789012.dkr.ecr.us-east-2.amazonaws.com/shop/api@sha256:ab', '123456789012.dkr.ecr.us-east-2.amazonaws.com/shop/api:1.2'], sizeBytes: 5000 }] };
    });
    sim.store.mutate(DS, 'node', undefined, WORKER, (n) => {
      n.status = { ...(n.status || {}), images: [{ names: ['docker.io/library/nginx@sha256:cd', 'docker.io/library/nginx:1.25'], sizeBytes: 7000 }] };
    });
  });
  afterAll(() => sim.close());

  it('serves managedFields as Kubernetes has them, and drops them when excluded', async () => {
    const plain = await admin.call(`${ NODES }/${ CP1 }`);
    const excluded = await admin.call(`${ NODES }?exclude=metadata.managedFields`);

    expect(plain.body.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'kubelet' })]);
    expect(excluded.body.data.every((n: any) => !('managedFields' in n.metadata))).toBe(true);
  });

  it('keeps only the included paths of the object, with id, type and links beside them', async () => {
    const res = await admin.call(`${ NODES }/${ CP1 }?include=metadata.name&include=status.images&include=spec.nothing`);

    expect(Object.keys(res.body).sort()).toEqual(['id', 'links', 'metadata', 'status', 'type']);
    expect(res.body.metadata).toEqual({ name: CP1 });
    expect(Object.keys(res.body.status)).toEqual(['images']);
  });

  it('blanks the values of a map named by excludeValues', async () => {
    const res = await admin.call(`${ NODES }/${ CP1 }?excludeValues=metadata.labels`);

    expect(Object.values(res.body.metadata.labels).every((v) => v === '')).toBe(true);
    expect(Object.keys(res.body.metadata.labels)).toContain('node-role.kubernetes.io/control-plane');
  });

  it.each([
    ['a substring of a field', 'filter=metadata.name=10-0-1-3', [WORKER]],
    ['or within one filter', 'filter=metadata.name=10-0-1-3,metadata.name=10-0-1-1', [CP1, WORKER]],
    ['and across filters', 'filter=metadata.name=10-0-1&filter=metadata.name!=10-0-1-2', [CP1, WORKER]],
    ['a negation', 'filter=metadata.name!=10-0-1-1', ['ip-10-0-1-2.us-east-2.compute.internal', WORKER]],
    ['a string inside a list of objects', 'filter=status.images.names=.dkr.ecr', [CP1]],
    ['a malformed term (it matches nothing)', 'filter=metadata.name', []],
  ])('filters by %s', async (_what, query, expected) => {
    expect(names(await admin.call(`${ NODES }?${ query }`)).sort()).toEqual(expected);
  });

  it('sorts by a field, descending with a minus', async () => {
    expect(names(await admin.call(`${ NODES }?sort=-metadata.name`))).toEqual([WORKER, 'ip-10-0-1-2.us-east-2.compute.internal', CP1]);
  });

  it('pages the filtered list with pagesize: count is every match, pages how many pages they make', async () => {
    const first = await admin.call(`${ NODES }?pagesize=2`);
    const second = await admin.call(`${ NODES }?pagesize=2&page=2`);
    const ecr = await admin.call(`${ NODES }?filter=status.images.names=.dkr.ecr&pagesize=1&exclude=status.images`);

    expect([first.body.count, first.body.pages, first.body.data.length]).toEqual([3, 2, 2]);
    expect(names(second)).toEqual([WORKER]);
    expect([ecr.body.count, ecr.body.pages, names(ecr)]).toEqual([1, 1, [CP1]]);
    expect(first.body.pagination).toBeUndefined();
  });

  it('leaves count out of an empty list and pages out when not paged', async () => {
    const res = await admin.call(`${ NODES }?filter=metadata.name=nothing-like-this`);

    expect(res.body.data).toEqual([]);
    expect(res.body).not.toHaveProperty('count');
    expect(res.body).not.toHaveProperty('pages');
  });

  it('cuts at limit with a continue token and a pagination block naming the first and next chunk', async () => {
    const res = await admin.call(`${ NODES }?limit=2`);

    expect(res.body.count).toBe(2);
    expect(res.body.pagination).toEqual({ first: expect.stringContaining('/v1/nodes?limit=2'), partial: true, next: expect.stringContaining('continue=') });
    expect(res.body.continue).toEqual(expect.any(String));
  });

  describe('compression', () => {
    const headers = (cookie: string) => ({ cookie, 'accept-encoding': 'gzip, deflate, br' });

    it('gzips every Steve reply the client accepts gzip for, however small, local and downstream', async () => {
      for (const path of ['/v1/management.cattle.io.clusters/c-m-prod0001', `${ NODES }/${ CP1 }`, `${ NODES }/no-such-node`]) {
        const res = await rawGet(`${ sim.url }${ path }`, headers(admin.cookie as string));

        expect(res.headers['content-encoding']).toBe('gzip');
        expect(JSON.parse(gunzipSync(res.bytes as unknown as Uint8Array).toString()).type).toEqual(expect.any(String));
      }
    });

    it('sends plain JSON to a client that does not accept gzip', async () => {
      const res = await rawGet(`${ sim.url }${ NODES }`, { cookie: admin.cookie as string });

      expect(res.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(res.bytes.toString()).type).toBe('collection');
    });

    it('gzips an apiserver reply only over 128 KiB, then with Vary', async () => {
      const small = await rawGet(`${ sim.url }/k8s/clusters/${ DS }/api/v1/nodes`, headers(admin.cookie as string));

      expect(small.headers['content-encoding']).toBeUndefined();
      sim.store.mutate(DS, 'node', undefined, WORKER, (n) => {
        n.metadata.annotations = { ...(n.metadata.annotations || {}), big: 'x'.repeat(140 * 1024) };
      });
      const big = await rawGet(`${ sim.url }/k8s/clusters/${ DS }/api/v1/nodes`, headers(admin.cookie as string));

      expect(big.headers['content-encoding']).toBe('gzip');
      expect(big.headers.vary).toBe('Accept-Encoding');
      expect(JSON.parse(gunzipSync(big.bytes as unknown as Uint8Array).toString()).kind).toBe('NodeList');
    });

    it('does not compress Norman', async () => {
      const res = await rawGet(`${ sim.url }/v3/clusters`, headers(admin.cookie as string));

      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
    });
  });
});

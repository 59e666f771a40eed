import { WebSocket } from 'ws';
import type { Simulator } from '../index';
import { login, startTestSim } from './helpers';

/** A websocket client that queues frames so a test can await the next one matching a predicate. */
class Frames {
  readonly ws: WebSocket;
  private readonly seen: any[] = [];
  private waiters: { pred: (f: any) => boolean; resolve: (f: any) => void }[] = [];

  constructor(url: string, cookie?: string) {
    this.ws = new WebSocket(url, { headers: cookie ? { cookie } : {} });
    this.ws.on('message', (raw) => {
      const f = JSON.parse(raw.toString());
      const w = this.waiters.find((x) => x.pred(f));

      if (w) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(f);
      } else {
        this.seen.push(f);
      }
    });
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  next(pred: (f: any) => boolean): Promise<any> {
    const i = this.seen.findIndex(pred);

    if (i >= 0) {
      return Promise.resolve(this.seen.splice(i, 1)[0]);
    }

    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  all(): any[] {
    return this.seen;
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) {
        return resolve();
      }
      this.ws.once('close', () => resolve());
      this.ws.terminate();
    });
  }
}

describe('websocket subscriptions', () => {
  let sim: Simulator;
  let cookie: string;
  const open: Frames[] = [];
  const connect = async (path: string) => {
    const f = new Frames(`${ sim.url.replace('http', 'ws') }${ path }`, cookie);

    open.push(f);
    await f.opened();

    return f;
  };

  beforeAll(async () => {
    sim = await startTestSim({ stevePingMs: 100, normanPingMs: 100 });
    cookie = (await login(sim)).cookie as string;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((f) => f.close()));
  });
  afterAll(() => sim.close());

  it('starts a watch, streams a change as GET-shaped data, and stops on request', async () => {
    const f = await connect('/v1/subscribe?sockId=1');

    f.send({ resourceType: 'provisioning.cattle.io.cluster', resourceVersion: sim.store.revision() });
    expect(await f.next((x) => x.name === 'resource.start')).toMatchObject({ resourceType: 'provisioning.cattle.io.cluster' });
    sim.store.mutate('local', 'provisioning.cattle.io.cluster', 'fleet-default', 'prod-rke2', (o) => {
      o.metadata.labels = { pushed: 'yes' };
    });
    const change = await f.next((x) => x.name === 'resource.change');

    expect(change.data).toMatchObject({ id: 'fleet-default/prod-rke2', type: 'provisioning.cattle.io.cluster', metadata: { labels: { pushed: 'yes' }, state: { name: 'active' } } });
    expect(change.data.links.self).toBe(`${ sim.url }/v1/provisioning.cattle.io.clusters/fleet-default/prod-rke2`);
    f.send({ resourceType: 'provisioning.cattle.io.cluster', stop: true });
    expect(await f.next((x) => x.name === 'resource.stop')).toMatchObject({ resourceType: 'provisioning.cattle.io.cluster' });
    sim.store.mutate('local', 'provisioning.cattle.io.cluster', 'fleet-default', 'prod-rke2', (o) => {
      o.metadata.labels = { pushed: 'again' };
    });
    await f.next((x) => x.name === 'ping');
    expect(f.all().filter((x) => x.name === 'resource.change')).toEqual([]);
  });

  it('replays what changed after the watch resourceVersion, and nothing older', async () => {
    const listedAt = sim.store.revision();

    // A write lands between the UI's list and its watch frame.
    sim.store.mutate('local', 'provisioning.cattle.io.cluster', 'fleet-default', 'prod-rke2', (o) => {
      o.metadata.labels = { between: 'list-and-watch' };
    });
    const f = await connect('/v1/subscribe?sockId=3');

    f.send({ resourceType: 'provisioning.cattle.io.cluster', resourceVersion: listedAt });
    await f.next((x) => x.name === 'resource.start');
    const change = await f.next((x) => x.name === 'resource.change');

    expect(change.data).toMatchObject({ id: 'fleet-default/prod-rke2', metadata: { labels: { between: 'list-and-watch' } } });
    await f.next((x) => x.name === 'ping');
    expect(f.all().filter((x) => x.name === 'resource.change')).toEqual([]);
  });

  it('sends create and remove events, and pings with the server version', async () => {
    const f = await connect('/v1/subscribe');

    f.send({ resourceType: 'namespace' });
    await f.next((x) => x.name === 'resource.start');
    sim.store.create('local', 'namespace', { metadata: { name: 'ws-test' } });
    expect((await f.next((x) => x.name === 'resource.create')).data.id).toBe('ws-test');
    sim.store.delete('local', 'namespace', undefined, 'ws-test');
    expect((await f.next((x) => x.name === 'resource.remove')).data.id).toBe('ws-test');
    expect((await f.next((x) => x.name === 'ping')).data).toEqual({ version: 'v2.13.2' });
  });

  it('answers an unknown type with resource.error "failed to find schema"', async () => {
    const f = await connect('/v1/subscribe');

    f.send({ resourceType: 'no.such.type' });
    const err = await f.next((x) => x.name === 'resource.error');

    expect(err.data.error).toMatch(/failed to find schema/);
  });

  it('honours the namespace, id and selector of a downstream watch', async () => {
    const f = await connect('/k8s/clusters/c-m-prod0001/v1/subscribe');
    const cp = 'ip-10-0-1-1.us-east-2.compute.internal';
    const worker = 'ip-10-0-1-3.us-east-2.compute.internal';

    f.send({ resourceType: 'node', selector: 'node-role.kubernetes.io/control-plane=true' });
    await f.next((x) => x.name === 'resource.start');
    sim.store.mutate('c-m-prod0001', 'node', undefined, worker, (o) => {
      o.spec.unschedulable = true;
    });
    sim.store.mutate('c-m-prod0001', 'node', undefined, cp, (o) => {
      o.spec.unschedulable = true;
    });
    const change = await f.next((x) => x.name === 'resource.change');

    expect(change.data.id).toBe(cp);
    expect(change.data.links.self).toBe(`${ sim.url }/k8s/clusters/c-m-prod0001/v1/nodes/${ cp }`);
    expect(f.all().filter((x) => x.name === 'resource.change')).toEqual([]);
  });

  it('streams Norman cluster changes on /v3/subscribe without any watch frame', async () => {
    const f = await connect('/v3/subscribe?sockId=2');

    sim.store.mutate('local', 'management.cattle.io.cluster', undefined, 'c-rke1a', (o) => {
      o.spec.description = 'changed';
    });
    const change = await f.next((x) => x.name === 'resource.change');

    expect(change).toMatchObject({ resourceType: 'cluster', data: { id: 'c-rke1a', type: 'cluster', description: 'changed' } });
    expect((await f.next((x) => x.name === 'ping')).data).toEqual({});
  });

  it('refuses an upgrade without a session', async () => {
    const f = new Frames(`${ sim.url.replace('http', 'ws') }/v1/subscribe`);

    await expect(f.opened()).rejects.toThrow(/401/);
  });
});

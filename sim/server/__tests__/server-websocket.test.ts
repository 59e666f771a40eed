import { WebSocket } from 'ws';
import type { Simulator } from '../index';
import { client, login, startTestSim } from './helpers';

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

  it('replays a removal made after the watch resourceVersion as resource.remove, in revision order', async () => {
    const type = 'provisioning.cattle.io.cluster';
    const spare = sim.store.get('local', type, 'fleet-default', 'prod-rke2')!;

    spare.metadata = { name: 'short-lived', namespace: 'fleet-default' };
    sim.store.create('local', type, spare);
    const listedAt = sim.store.revision();

    sim.store.delete('local', type, 'fleet-default', 'short-lived');
    sim.store.mutate('local', type, 'fleet-default', 'prod-rke2', (o) => {
      o.metadata.labels = { after: 'the-removal' };
    });
    const f = await connect('/v1/subscribe?sockId=4');

    f.send({ resourceType: type, resourceVersion: listedAt });
    await f.next((x) => x.name === 'resource.start');
    const first = await f.next((x) => x.name === 'resource.remove' || x.name === 'resource.change');
    const second = await f.next((x) => x.name === 'resource.remove' || x.name === 'resource.change');

    expect([first.name, first.data.id]).toEqual(['resource.remove', 'fleet-default/short-lived']);
    expect([second.name, second.data.id]).toEqual(['resource.change', 'fleet-default/prod-rke2']);
    expect(Number(first.revision)).toBeLessThan(Number(second.revision));
  });

  it('replays a removal and a re-creation under the same name as remove, then change', async () => {
    const type = 'provisioning.cattle.io.cluster';
    const template = sim.store.get('local', type, 'fleet-default', 'prod-rke2')!;

    template.metadata = { name: 'phoenix', namespace: 'fleet-default', labels: { generation: 'first' } };
    sim.store.create('local', type, template);
    const listedAt = sim.store.revision();

    sim.store.delete('local', type, 'fleet-default', 'phoenix');
    template.metadata = { name: 'phoenix', namespace: 'fleet-default', labels: { generation: 'second' } };
    sim.store.create('local', type, template);
    const f = await connect('/v1/subscribe?sockId=6');

    f.send({ resourceType: type, resourceVersion: listedAt });
    await f.next((x) => x.name === 'resource.start');
    const first = await f.next((x) => x.data?.id === 'fleet-default/phoenix');
    const second = await f.next((x) => x.data?.id === 'fleet-default/phoenix');

    expect([first.name, first.data.metadata.labels]).toEqual(['resource.remove', { generation: 'first' }]);
    expect([second.name, second.data.metadata.labels]).toEqual(['resource.change', { generation: 'second' }]);
  });

  it('answers a watch from before the removal window with "too old resource version", then stops it', async () => {
    const type = 'provisioning.cattle.io.cluster';
    const template = sim.store.get('local', type, 'fleet-default', 'prod-rke2')!;
    const listedAt = sim.store.revision();

    for (let i = 0; i < 1001; i++) {
      template.metadata = { name: `churn-${ i }`, namespace: 'fleet-default' };
      sim.store.create('local', type, template);
      sim.store.delete('local', type, 'fleet-default', `churn-${ i }`);
    }
    const f = await connect('/v1/subscribe?sockId=5');

    f.send({ resourceType: type, resourceVersion: listedAt });
    const error = await f.next((x) => x.name === 'resource.error');

    expect(error.data.error).toMatch(/^too old resource version: /);
    await f.next((x) => x.name === 'resource.stop');
    // A watch from the current revision works again, as the shell's resync does.
    f.send({ resourceType: type, resourceVersion: sim.store.revision() });
    await f.next((x) => x.name === 'resource.start');
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

  it('notifies a downstream watch in resource.changes mode without the object, and logs the upgrade', async () => {
    const f = await connect('/k8s/clusters/c-m-prod0001/v1/subscribe?sockId=7');

    f.send({ resourceType: 'node', mode: 'resource.changes' });
    await f.next((x) => x.name === 'resource.start');
    sim.store.mutate('c-m-prod0001', 'node', undefined, 'ip-10-0-1-3.us-east-2.compute.internal', (o) => {
      o.spec.unschedulable = !o.spec.unschedulable;
    });
    const notice = await f.next((x) => x.name === 'resource.changes');

    expect(notice).toMatchObject({ resourceType: 'node', mode: 'resource.changes' });
    expect(notice.data?.metadata).toBeUndefined();
    const log = (await client(sim).call('/__sim/requests?since=0')).body.requests as any[];

    expect(log.filter((r) => r.url === '/k8s/clusters/c-m-prod0001/v1/subscribe?sockId=7')).toEqual([
      expect.objectContaining({ method: 'GET', status: 101, user: 'admin' }),
    ]);
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

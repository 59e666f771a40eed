import { ConflictError, Store } from '../store';

const node = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: {} });

describe('Store', () => {
  it('bumps one revision counter for every write and answers 409 on a stale resourceVersion', () => {
    const store = new Store({ now: () => new Date('2026-01-01T00:00:00Z') });
    const a = store.create('c-1', 'node', node('a'));
    const b = store.update('c-1', 'node', { ...a, spec: { unschedulable: true } });

    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(b.metadata.generation).toBe(2);
    expect(() => store.update('c-1', 'node', { ...a, spec: { unschedulable: false } })).toThrow(ConflictError);
  });

  it('list hands out copies: mutating them changes nothing stored', () => {
    const store = new Store();

    store.create('c-1', 'node', node('a', { role: 'x' }));
    store.list('c-1', 'node')[0].metadata.labels!.role = 'changed';

    expect(store.get('c-1', 'node', undefined, 'a')!.metadata.labels).toEqual({ role: 'x' });
  });

  it('listShared hands out the stored objects themselves, current after every write, filtered by namespace', () => {
    const store = new Store();

    store.create('local', 'pod', { metadata: { name: 'p', namespace: 'kube-system' } });
    store.create('local', 'pod', { metadata: { name: 'q', namespace: 'default' } });
    const first = store.listShared('local', 'pod', 'kube-system');

    expect(first.map((o) => o.metadata.name)).toEqual(['p']);
    expect(store.listShared('local', 'pod', 'kube-system')[0]).toBe(first[0]);
    store.mutate('local', 'pod', 'kube-system', 'p', (o) => {
      o.metadata.labels = { app: 'x' };
    });
    expect(store.listShared('local', 'pod', 'kube-system')[0].metadata.labels).toEqual({ app: 'x' });
    expect(store.listShared('local', 'pod')).toHaveLength(2);
  });
});

// Which shape a cluster object has (Steve, kubectl, management, Norman), the view a user edits, and the one JSON
// equality the engine uses.
import {
  cloneJson, editableView, holdsRke1Config, inputFormat, isManagementCluster, isNormanCluster, isPlainObject, isProvisioningCluster, jsonEqual
} from '../cluster/clusterShape';

const kubectl = { apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', metadata: { name: 'a', namespace: 'fleet-default' }, spec: {} };
const steve = { type: 'provisioning.cattle.io.cluster', metadata: { name: 'a' }, spec: {} };
const management = { apiVersion: 'management.cattle.io/v3', kind: 'Cluster', metadata: { name: 'c-m-abc' }, spec: {} };
const norman = { type: 'cluster', id: 'c-abcde', name: 'prod' };

describe('inputFormat', () => {
  it.each([
    ['kubectl', kubectl, 'kubectl'],
    ['kubectl with links (Steve without its type)', { ...kubectl, links: {} }, 'steve'],
    ['Steve', steve, 'steve'],
    ['management', management, 'management'],
    ['management via Steve type', { type: 'management.cattle.io.cluster', metadata: { name: 'local' }, spec: {} }, 'management'],
    ['Norman', norman, 'norman'],
  ])('recognises %s', (_name, obj, format) => {
    expect(inputFormat(obj)).toBe(format);
  });

  it.each([
    ['another kind of the provisioning API', { ...kubectl, kind: 'Machine' }],
    ['another API with kind Cluster', { ...kubectl, apiVersion: 'cluster.x-k8s.io/v1beta1' }],
    ['a provisioning cluster without metadata', { ...kubectl, metadata: undefined }],
    ['a provisioning cluster whose name is not a string', { ...kubectl, metadata: { name: 3 } }],
    ['a provisioning cluster without spec', { ...kubectl, spec: undefined }],
    ['a provisioning cluster whose spec is a list', { ...kubectl, spec: [] }],
    ['a management cluster with an empty name', { ...management, metadata: { name: '' } }],
    ['a management cluster with a namespace', { ...management, metadata: { name: 'c-m-abc', namespace: 'fleet-default' } }],
    ['a management cluster without spec', { ...management, spec: undefined }],
    ['management API of another kind', { ...management, kind: 'Node' }],
    ['Norman cluster without an id', { type: 'cluster' }],
    ['Norman cluster whose id is a number', { type: 'cluster', id: 7 }],
    ['Norman type with a namespace', { ...norman, metadata: { namespace: 'x' } }],
    ['Norman type with a spec', { ...norman, spec: {} }],
    ['a Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: {} }],
  ])('rejects %s', (_name, obj) => {
    expect(inputFormat(obj as Record<string, any>)).toBeNull();
  });

  it('the shape predicates agree with inputFormat', () => {
    expect([isProvisioningCluster(steve), isManagementCluster(steve), isNormanCluster(steve)]).toEqual([true, false, false]);
    expect([isProvisioningCluster(management), isManagementCluster(management), isNormanCluster(management)]).toEqual([false, true, false]);
    expect([isProvisioningCluster(norman), isManagementCluster(norman), isNormanCluster(norman)]).toEqual([false, false, true]);
  });

  it('RKE1 configuration is held by the Norman and management shapes only', () => {
    expect(['norman', 'management', 'steve', 'kubectl'].map((f) => holdsRke1Config(f as any))).toEqual([true, true, false, false]);
  });
});

describe('isPlainObject', () => {
  it.each([[{}, true], [[], false], [null, false], ['x', false], [0, false], [undefined, false]])('%p → %p', (value, result) => {
    expect(isPlainObject(value)).toBe(result);
  });
});

describe('editableView', () => {
  const read = {
    ...kubectl,
    status:   { ready: true },
    links:    { self: 'x' },
    actions:  { a: 'y' },
    metadata: { name: 'a', managedFields: [{}], relationships: [], state: { name: 'active' }, labels: { l: '1' } },
  };

  it('drops the read-only parts of a Steve/kubectl object and keeps the rest (actions stay)', () => {
    expect(editableView(read, 'kubectl')).toEqual({ ...kubectl, actions: { a: 'y' }, metadata: { name: 'a', labels: { l: '1' } } });
  });

  it('drops only links and actions of a Norman object', () => {
    expect(editableView(read, 'norman')).toEqual({ ...kubectl, status: { ready: true }, metadata: read.metadata });
  });

  it('works on a copy and copes with a metadata that is not an object', () => {
    editableView(read, 'steve');
    expect(read.status).toEqual({ ready: true });
    expect(read.metadata.managedFields).toEqual([{}]);
    expect(editableView({ metadata: 'odd', status: {} }, 'kubectl')).toEqual({ metadata: 'odd' });
  });
});

describe('cloneJson', () => {
  it('copies deeply and keeps undefined as undefined', () => {
    const value = { a: [{ b: 1 }] };
    const copy = cloneJson(value);

    expect(copy).toEqual(value);
    expect(copy.a[0]).not.toBe(value.a[0]);
    expect(cloneJson(undefined)).toBeUndefined();
  });
});

describe('jsonEqual', () => {
  it.each([
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, true],
    [{ a: 1 }, { a: 2 }, false],
    [{ a: 1 }, { b: 1 }, false],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1, b: 2 }, { a: 1 }, false],
    [[1, 2], [1, 2], true],
    [[1, 2], [2, 1], false],
    [[1], [1, 2], false],
    [[1, 2], [1], false],
    [[{ a: [1] }], [{ a: [1] }], true],
    [[{ a: [1] }], [{ a: [2] }], false],
    [[], {}, false],
    [{}, [], false],
    [{ 0: 1 }, [1], false],
    [1, '1', false],
    [null, {}, false],
    [null, null, true],
    ['x', 'x', true],
  ])('%j vs %j: %p', (a, b, result) => {
    expect(jsonEqual(a, b)).toBe(result);
  });
});

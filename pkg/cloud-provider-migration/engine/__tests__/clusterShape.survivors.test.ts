// Edges of cluster shape recognition the other tests leave open: objects of another kind or API that only look like
// a management cluster, a management cluster whose name is not a string, what an incomplete cluster is said to
// lack (by its Steve type alone, without a name, with a namespace where one is normal), and an editable view of an
// object that has no metadata at all.
import { clusterShapeProblem, editableView, inputFormat, isManagementCluster } from '../cluster/clusterShape';
import { detectCluster } from '../cluster/detection';
import { thrown } from './fixtures';

describe('isManagementCluster: only a management.cattle.io/v3 Cluster', () => {
  it('does not take a Pod with a name and a spec for a management cluster', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: {} };

    expect(isManagementCluster(pod)).toBe(false);
    expect(inputFormat(pod)).toBeNull();
  });

  it('does not take a cluster-scoped Cluster of another API (Cluster API\'s, say) for a management cluster', () => {
    const capi = { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Cluster', metadata: { name: 'prod' }, spec: { paused: false } };

    expect(isManagementCluster(capi)).toBe(false);
    expect(inputFormat(capi)).toBeNull();
  });

  it('does not take a management cluster whose name is a number', () => {
    const obj = { apiVersion: 'management.cattle.io/v3', kind: 'Cluster', metadata: { name: 7 }, spec: {} };

    expect(isManagementCluster(obj)).toBe(false);
    expect(inputFormat(obj)).toBeNull();
  });
});

describe('clusterShapeProblem: which objects name a cluster type', () => {
  it('says a cluster whose name is a number, not a string, lacks its name', () => {
    expect(clusterShapeProblem({ apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', metadata: { name: 7, namespace: 'fleet-default' } }))
      .toEqual({ what: 'provisioning.cattle.io/v1 Cluster', problem: 'name' });
  });

  it('does not call a provisioning.cattle.io/v1 Machine without metadata an incomplete cluster', () => {
    const obj = { apiVersion: 'provisioning.cattle.io/v1', kind: 'Machine', spec: {} };

    expect(clusterShapeProblem(obj)).toBeUndefined();
    const e = thrown(() => detectCluster(obj));

    expect(e).toMatchObject({ code: 'NOT_A_CLUSTER', messageKey: 'errors.NOT_A_CLUSTER', params: { what: 'provisioning.cattle.io/v1 Machine' } });
  });

  it('does not call a management.cattle.io/v3 Node without spec an incomplete cluster', () => {
    const obj = { apiVersion: 'management.cattle.io/v3', kind: 'Node', metadata: { name: 'm-abc', namespace: 'c-abcde' } };

    expect(clusterShapeProblem(obj)).toBeUndefined();
    expect(thrown(() => detectCluster(obj))).toMatchObject({ code: 'NOT_A_CLUSTER', messageKey: 'errors.NOT_A_CLUSTER' });
  });

  it('does not call a Cluster of another API without spec an incomplete management cluster', () => {
    const obj = { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Cluster', metadata: { name: 'capi' } };

    expect(clusterShapeProblem(obj)).toBeUndefined();
    expect(thrown(() => detectCluster(obj))).toMatchObject({
      code: 'NOT_A_CLUSTER', messageKey: 'errors.NOT_A_CLUSTER', params: { what: 'cluster.x-k8s.io/v1beta1 Cluster' }
    });
  });

  it('says a Steve management cluster, named by its type alone, lacks its spec', () => {
    const obj = { type: 'management.cattle.io.cluster', metadata: { name: 'local' } };

    expect(clusterShapeProblem(obj)).toEqual({ what: 'management.cattle.io/v3 Cluster', problem: 'spec' });
    expect(thrown(() => detectCluster(obj))).toMatchObject({
      code: 'NOT_A_CLUSTER', messageKey: 'errors.incompleteCluster', params: { what: 'management.cattle.io/v3 Cluster', problem: 'spec' }
    });
  });
});

describe('clusterShapeProblem: what an incomplete cluster lacks', () => {
  it('says a provisioning cluster with a spec but no name lacks its name', () => {
    const obj = { apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', metadata: { namespace: 'fleet-default' }, spec: {} };

    expect(clusterShapeProblem(obj)).toEqual({ what: 'provisioning.cattle.io/v1 Cluster', problem: 'name' });
  });

  it('says a management cluster with a spec but an empty name lacks its name', () => {
    const obj = { apiVersion: 'management.cattle.io/v3', kind: 'Cluster', metadata: { name: '' }, spec: {} };

    expect(clusterShapeProblem(obj)).toEqual({ what: 'management.cattle.io/v3 Cluster', problem: 'name' });
  });

  it('takes the namespace of a provisioning cluster as normal and says it lacks its spec', () => {
    const obj = { apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', metadata: { name: 'edge', namespace: 'fleet-default' } };

    expect(clusterShapeProblem(obj)).toEqual({ what: 'provisioning.cattle.io/v1 Cluster', problem: 'spec' });
    expect(thrown(() => detectCluster(obj))).toMatchObject({ params: { problem: 'spec' } });
  });
});

describe('editableView: an object without metadata', () => {
  it.each(['kubectl', 'steve', 'management'] as const)('drops status and links of a %s object that has no metadata', (format) => {
    expect(editableView({ spec: { a: 1 }, status: {}, links: {} }, format)).toEqual({ spec: { a: 1 } });
  });

  it('keeps a null metadata as it is', () => {
    expect(editableView({ metadata: null, status: {} }, 'kubectl')).toEqual({ metadata: null });
  });
});

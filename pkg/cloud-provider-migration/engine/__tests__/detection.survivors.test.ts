import { detectCluster } from '../cluster/detection';
import { thrown } from './fixtures';

// Edges of detection the other detection tests leave open: a Norman cluster whose id is empty, which status of a
// cluster without RKE1 configuration says Rancher provisioned it (its configuration then lives in the provisioning
// cluster), and the developer text of the error for a cluster that is cut short.

describe('detectCluster: the id of a Norman cluster', () => {
  it('keeps an empty Norman id as it is, with no namespace/name made up for it', () => {
    const d = detectCluster({ type: 'cluster', id: '', name: 'legacy' });

    expect(d.format).toBe('norman');
    expect(d.name).toBe('legacy');
    expect(d.id).toBe('');
    expect(d.managementClusterId).toBe('');
  });
});

describe('detectCluster: Rancher-provisioned or imported, by driver and provider alone', () => {
  it('takes driver imported without a provider or imported settings for a cluster Rancher provisioned', () => {
    const d = detectCluster({ type: 'cluster', id: 'c-m-abcdefgh', driver: 'imported' });

    expect(d.kind).toBe('imported');
    expect(d.configInProvisioning).toBe(true);
  });

  it('takes the same status in the management shape for a cluster Rancher provisioned', () => {
    const d = detectCluster({
      apiVersion: 'management.cattle.io/v3',
      kind:       'Cluster',
      metadata:   { name: 'c-m-abcdefgh' },
      spec:       { displayName: 'edge' },
      status:     { driver: 'imported' },
    });

    expect(d.format).toBe('management');
    expect(d.kind).toBe('imported');
    expect(d.configInProvisioning).toBe(true);
  });

  it('takes a driver other than imported, without a provider, for an imported cluster', () => {
    const d = detectCluster({ type: 'cluster', id: 'c-abcde', driver: 'rke2' });

    expect(d.kind).toBe('imported');
    expect(d.configInProvisioning).toBeUndefined();
  });

  it('takes provider rke2 without driver imported for an imported cluster', () => {
    const d = detectCluster({ type: 'cluster', id: 'c-abcde', provider: 'rke2' });

    expect(d.kind).toBe('imported');
    expect(d.configInProvisioning).toBeUndefined();
  });

  it('takes provider rke2 with driver imported for a cluster Rancher provisioned even with imported settings', () => {
    const d = detectCluster({ type: 'cluster', id: 'c-m-abcdefgh', driver: 'imported', provider: 'rke2', importedConfig: {} });

    expect(d.kind).toBe('imported');
    expect(d.configInProvisioning).toBe(true);
  });
});

describe('detectCluster: the developer text of NOT_A_CLUSTER for a cluster cut short', () => {
  it('names the cluster type and what it lacks', () => {
    const e = thrown(() => detectCluster({ apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', metadata: { name: 'edge' } }));

    expect(e).toMatchObject({ code: 'NOT_A_CLUSTER', messageKey: 'errors.incompleteCluster' });
    expect(e.message).toBe('The input names a provisioning.cattle.io/v1 Cluster but is not a whole one (spec); export the cluster again, whole and unedited.');
  });
});

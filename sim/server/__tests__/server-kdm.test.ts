import type { Simulator } from '../index';
import { offeredRke2Releases, rke1VersionsCurrent } from '../kdm-releases';
import { client, login, startTestSim } from './helpers';

const RELEASES = '/v1-rke2-release/releases';

describe('the Kubernetes versions Rancher offers', () => {
  describe.each(['2.11', '2.13'] as const)('Rancher %s', (rancher) => {
    let sim: Simulator;

    beforeAll(async () => {
      sim = await startTestSim({ rancher });
    });
    afterAll(() => sim.close());

    it('serves the KDM RKE2 releases as a channel-server collection, without a session', async () => {
      const res = await client(sim).call(RELEASES, { headers: { 'x-api-host': 'rancher.example', 'x-forwarded-proto': 'https' } });

      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.body).toMatchObject({
        type: 'collection', links: { self: `https://rancher.example${ RELEASES }` }, actions: {}, resourceType: 'releases'
      });
      const first = res.body.data[0];

      expect(Object.keys(first).sort()).toEqual(['agentArgs', 'charts', 'featureVersions', 'id', 'links', 'maxChannelServerVersion', 'minChannelServerVersion', 'serverArgs', 'type', 'version']);
      expect(first).toMatchObject({ id: first.version, type: 'release', links: { self: `https://rancher.example${ RELEASES }/${ first.version }` } });
      expect(first.serverArgs['disable-cloud-controller']).toEqual({ type: 'boolean' });
      expect(first.agentArgs['kubelet-arg']).toEqual({ type: 'array', nullable: true });
    });

    it('lists only the releases whose channel-server range holds the server version, oldest first', async () => {
      const res = await client(sim).call(RELEASES);
      const versions: string[] = res.body.data.map((r: any) => r.version);

      expect(versions).toContain('v1.26.15+rke2r1');
      expect(versions).toContain('v1.27.16+rke2r2');
      expect(versions).toContain('v1.31.4+rke2r1');
      expect(versions).not.toContain('v1.25.16+rke2r2');
      expect(versions).not.toContain('v1.33.1+rke2r1');
      expect(versions.indexOf('v1.26.14+rke2r1')).toBeLessThan(versions.indexOf('v1.31.4+rke2r1'));
    });

    it('answers other channel-server paths with a 404 JSON error', async () => {
      const res = await client(sim).call(`${ RELEASES }/v1.27.16+rke2r1`);

      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ type: 'error', status: 404, code: 'NotFound' });
    });

    it('can be made to fail with the control API fault, so the tab can be tested without the list', async () => {
      await client(sim).call('/__sim/faults', { method: 'POST', json: { status5xx: { pathPrefix: RELEASES, status: 503, count: 1 } } });

      expect((await client(sim).call(RELEASES)).status).toBe(503);
      expect((await client(sim).call(RELEASES)).status).toBe(200);
    });

    it('serves the RKE1 k8s-versions-current setting through Norman, filled only while Rancher has RKE1', async () => {
      const admin = await login(sim);
      const res = await admin.call('/v3/settings/k8s-versions-current');

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: 'k8s-versions-current', type: 'setting' });
      if (rancher === '2.11') {
        expect(res.body.value.split(',')).toEqual(['v1.26.15-rancher1-1', 'v1.27.16-rancher1-1', 'v1.28.15-rancher1-1', 'v1.29.10-rancher1-1', 'v1.30.7-rancher1-1']);
      } else {
        expect(res.body.value).toBe('');
      }
    });
  });

  it('checks the channel range with a pre-release server version ordered before its release', () => {
    const versionsFor = (server: string) => offeredRke2Releases(server).map((r) => r.version);

    expect(versionsFor('v2.8.0-alpha1')).toContain('v1.26.15+rke2r1');
    expect(versionsFor('v2.8.0')).toContain('v1.26.15+rke2r1');
    expect(versionsFor('v2.7.9')).toEqual(['v1.25.16+rke2r2']);
    expect(versionsFor('v2.14.0-alpha1')).toEqual(['v1.33.1+rke2r1']);
    expect(versionsFor('v2.13.99')).not.toContain('v1.33.1+rke2r1');
    expect(rke1VersionsCurrent('v2.12.0')).toBe('');
    expect(rke1VersionsCurrent('v2.11.99')).not.toBe('');
  });
});

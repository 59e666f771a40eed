import { compareKubernetesVersions } from '../cluster/kubernetesVersion';
import { offeredKubernetesVersions, targetVersionChoices } from '../planning/targetVersions';
import { planMigration } from '../planning/planMigration';
import { fixture } from './fixtures';

/** A KDM release as Rancher's `/v1-rke2-release/releases` lists it. */
function release(version: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id:                      version,
    type:                    'release',
    links:                   { self: `https://rancher.example/v1-rke2-release/releases/${ version }` },
    version,
    minChannelServerVersion: 'v2.10.0-alpha1',
    maxChannelServerVersion: 'v2.11.99',
    serverArgs:              { 'disable-cloud-controller': { type: 'boolean' } },
    agentArgs:               { 'kubelet-arg': { type: 'array', nullable: true } },
    charts:                  {},
    featureVersions:         {},
    ...extra,
  };
}

describe('compareKubernetesVersions', () => {
  it.each([
    ['v1.27.16+rke2r1', 'v1.27.15+rke2r1', 1],
    ['v1.27.0+rke2r1', 'v1.26.15+rke2r1', 1],
    ['v2.0.0+rke2r1', 'v1.99.0+rke2r1', 1],
    ['v1.27.16+rke2r2', 'v1.27.16+rke2r1', 1],
    ['v1.27.16+rke2r10', 'v1.27.16+rke2r2', 1],
    ['v1.27.16-rancher1-10', 'v1.27.16-rancher1-2', 1],
    ['v1.27.16-rancher2-1', 'v1.27.16-rancher1-9', 1],
    ['v1.27.16-rancher1', 'v1.27.16-rancher1-0', 0],
    ['v1.27.16+rke2r1', 'v1.27.16+rke2r1', 0],
    ['v1.27.16+rke2r1', ' v1.27.16+rke2r1 ', 0],
    ['v1.27.16+rke2r1', 'not a version', 1],
    ['not a version', 'neither', 0],
  ])('%s against %s: %i', (a, b, sign) => {
    expect(Math.sign(compareKubernetesVersions(a, b))).toBe(sign);
    expect(Math.sign(compareKubernetesVersions(b, a))).toBe(sign === 0 ? 0 : -sign);
  });
});

describe('offeredKubernetesVersions', () => {
  it('RKE2: the version of every KDM release that carries serverArgs, in the order Rancher lists them', () => {
    const answer = {
      type: 'collection',
      data: [
        release('v1.28.15+rke2r1'),
        release('v1.27.16+rke2r1', { version: ' v1.27.16+rke2r1 ' }),
        release('v1.26.15+rke2r1', { serverArgs: undefined }),
        release('v1.29.9+rke2r1', { version: undefined }),
        release('v1.29.8+rke2r1', { version: undefined, id: '' }),
        null,
        'v1.30.1+rke2r1',
      ],
    };

    expect(offeredKubernetesVersions('rke2', answer)).toEqual(['v1.28.15+rke2r1', 'v1.27.16+rke2r1', 'v1.29.9+rke2r1']);
  });

  it.each([
    ['whose serverArgs is not an object', { serverArgs: 'disable-cloud-controller' }],
    ['whose version is a number', { version: 1.25 }],
    ['whose version is blank', { version: '   ' }],
  ])('RKE2: leaves out a release %s', (_what, extra) => {
    const answer = { type: 'collection', data: [release('v1.25.16+rke2r1', extra), release('v1.26.15+rke2r1')] };

    expect(offeredKubernetesVersions('rke2', answer)).toEqual(['v1.26.15+rke2r1']);
  });

  it('RKE2: an empty collection offers nothing', () => {
    expect(offeredKubernetesVersions('rke2', { type: 'collection', data: [] })).toEqual([]);
  });

  it.each([
    ['an HTML page the store wrapped', { data: '<!DOCTYPE html><html></html>' }],
    ['a setting', { value: 'v1.27.16+rke2r1' }],
    ['nothing', undefined],
    ['null', null],
  ])('RKE2: %s is not the release list', (_what, answer) => {
    expect(offeredKubernetesVersions('rke2', answer)).toBeUndefined();
  });

  it('RKE1: the comma-separated versions of the k8s-versions-current setting', () => {
    const setting = {
      id: 'k8s-versions-current', type: 'setting', value: 'v1.26.15-rancher1-1, v1.27.16-rancher1-1,,v1.28.15-rancher1-1', default: '', source: 'db'
    };

    expect(offeredKubernetesVersions('rke1', setting)).toEqual(['v1.26.15-rancher1-1', 'v1.27.16-rancher1-1', 'v1.28.15-rancher1-1']);
  });

  it('RKE1: an empty setting offers nothing', () => {
    expect(offeredKubernetesVersions('rke1', { id: 'k8s-versions-current', value: '' })).toEqual([]);
  });

  it.each([
    ['a release list', { data: [release('v1.27.16+rke2r1')] }],
    ['a setting without a text value', { id: 'k8s-versions-current', value: null }],
    ['nothing', undefined],
  ])('RKE1: %s is not the setting', (_what, answer) => {
    expect(offeredKubernetesVersions('rke1', answer)).toBeUndefined();
  });
});

describe('targetVersionChoices', () => {
  const OFFERED_RKE2 = [
    'v1.26.14+rke2r1', 'v1.26.15+rke2r1', 'v1.26.15+rke2r2', 'v1.27.15+rke2r1', 'v1.27.16+rke2r1', 'v1.27.16+rke2r2',
    'v1.28.15+rke2r1', 'v1.29.9+rke2r1', 'v1.27.16+k3s1', 'v1.27.16-rancher1-1', 'not-a-version', '',
  ];

  it('RKE2: newer releases of the current minor and the next one, newest first', () => {
    expect(targetVersionChoices('rke2', 'v1.26.15+rke2r1', OFFERED_RKE2)).toEqual([
      'v1.27.16+rke2r2', 'v1.27.16+rke2r1', 'v1.27.15+rke2r1', 'v1.26.15+rke2r2',
    ]);
  });

  it('RKE2: lists an offered version once, whatever Rancher repeats or pads', () => {
    expect(targetVersionChoices('rke2', 'v1.26.15+rke2r1', ['v1.27.16+rke2r1', ' v1.27.16+rke2r1', 'v1.27.16+rke2r1 '])).toEqual(['v1.27.16+rke2r1']);
  });

  it('RKE2: a cluster on a newer release of the same patch is not offered the older release', () => {
    expect(targetVersionChoices('rke2', 'v1.27.16+rke2r2', OFFERED_RKE2)).toEqual(['v1.28.15+rke2r1']);
  });

  it('RKE1: newer versions of the current minor and the next one, newest first', () => {
    const offered = ['v1.26.15-rancher1-1', 'v1.27.16-rancher1-1', 'v1.26.15-rancher1-2', 'v1.28.15-rancher1-1', 'v1.27.16+rke2r1'];

    expect(targetVersionChoices('rke1', 'v1.26.15-rancher1-1', offered)).toEqual(['v1.27.16-rancher1-1', 'v1.26.15-rancher1-2']);
  });

  it('offers nothing when no offered version is newer', () => {
    expect(targetVersionChoices('rke2', 'v1.29.9+rke2r1', OFFERED_RKE2)).toEqual([]);
    expect(targetVersionChoices('rke2', 'v1.26.15+rke2r1', [])).toEqual([]);
  });

  it('offers nothing when the current version does not parse', () => {
    expect(targetVersionChoices('rke2', 'latest', OFFERED_RKE2)).toEqual([]);
  });

  it('leaves out a next minor that has no CCM release', () => {
    expect(targetVersionChoices('rke2', 'v1.36.1+rke2r1', ['v1.36.2+rke2r1', 'v1.37.0+rke2r1'])).toEqual(['v1.36.2+rke2r1']);
  });

  it('offers only versions the planner accepts as the target', () => {
    const cluster = fixture('rke2-steve-in-tree.json');
    const current = planMigration(cluster).detection.kubernetesVersion;
    const [major, minor] = current.replace(/^v/, '').split('.').map(Number);
    const candidates = [0, 1, 2].flatMap((step) => [1, 30].map((patch) => `v${ major }.${ minor + step }.${ patch }+rke2r1`));
    const choices = targetVersionChoices('rke2', current, candidates);

    expect(choices.length).toBeGreaterThan(0);
    for (const target of choices) {
      expect(planMigration(cluster, { targetVersion: target }).finalVersion).toBe(target);
    }
    for (const left of candidates.filter((c) => !choices.includes(c))) {
      expect(() => planMigration(cluster, { targetVersion: left })).toThrow();
    }
  });
});

import fc from 'fast-check';
import { checkProviderIds, parseProviderId } from '../providerId';
import { rke2ControlPlane, rke2Worker } from './fixtures';
import { expectResultTranslated } from './l10n';

describe('parseProviderId', () => {
  it.each([
    ['an id with zone and instance is AWS', 'aws:///us-west-2a/i-0a1b2c3d4e5f60718', { kind: 'aws', zone: 'us-west-2a', instanceId: 'i-0a1b2c3d4e5f60718' }],
    ['an id without zone (aws:////i-…) is AWS with an empty zone', 'aws:////i-0123abcd', { kind: 'aws', zone: '', instanceId: 'i-0123abcd' }],
    ['a GovCloud zone is accepted', 'aws:///us-gov-west-1a/i-0123456789abcdef0', { kind: 'aws', zone: 'us-gov-west-1a', instanceId: 'i-0123456789abcdef0' }],
    ['an empty id means not initialised', '', { kind: 'empty' }],
    ['a missing id means not initialised', undefined, { kind: 'empty' }],
    ['an RKE2 embedded id is another provider', 'rke2://prod-cp-7f9c4-x2lqz', { kind: 'other', scheme: 'rke2' }],
    ['a k3s id is another provider', 'k3s://node-1', { kind: 'other', scheme: 'k3s' }],
    ['an aws id with a Fargate target is not an EC2 instance', 'aws:///us-west-2a/fargate-10.0.1.12', { kind: 'other', scheme: 'aws' }],
    ['an aws id with two slashes only is malformed', 'aws://us-west-2a/i-0123abcd', { kind: 'other', scheme: 'aws' }],
    ['an instance id with upper-case hex is malformed', 'aws:///us-west-2a/i-0ABC', { kind: 'other', scheme: 'aws' }],
    ['a bare instance id is not a node providerID', 'i-0123abcd', { kind: 'other', scheme: '' }],
  ])('%s', (_name, input, expected) => {
    expect(parseProviderId(input)).toEqual(expected);
  });

  it('every well-formed AWS id parses back to its zone and instance', () => {
    fc.assert(fc.property(
      fc.stringMatching(/^[a-z]{2}(-gov)?-[a-z]+-[1-9][a-z]$/),
      fc.stringMatching(/^[0-9a-f]{8,17}$/),
      (zone, hex) => {
        expect(parseProviderId(`aws:///${ zone }/i-${ hex }`)).toEqual({ kind: 'aws', zone, instanceId: `i-${ hex }` });
      }
    ));
  });
});

describe('checkProviderIds', () => {
  it.each([
    ['every node with an AWS id is done', [rke2ControlPlane('cp-1'), rke2Worker('w-1')], 'done', 'checks.providerId.done', []],
    ['no nodes at all is waiting', [], 'waiting', 'checks.providerId.noNodes', []],
    ['a node without an id waits for the CCM', [rke2ControlPlane('cp-1'), rke2Worker('w-new', { providerID: undefined })], 'waiting', 'checks.providerId.empty', ['w-new']],
    ['an rke2:// id fails: providerID is immutable', [rke2ControlPlane('cp-1', { providerID: 'rke2://cp-1' }), rke2Worker('w-1')], 'failed', 'checks.providerId.wrong', ['cp-1']],
    ['a wrong id fails even when other nodes are still empty', [rke2Worker('w-1', { providerID: '' }), rke2Worker('w-2', { providerID: 'rke2://w-2' })], 'failed', 'checks.providerId.wrong', ['w-2']],
  ])('%s', (_name, nodes, state, key, offenders) => {
    const result = checkProviderIds(nodes);

    expect(result.state).toBe(state);
    expect(result.message.key).toBe(key);
    expect((result.details || []).map((d) => d.params?.node)).toEqual(offenders);
    expectResultTranslated(result);
  });

  it('counts offenders against all nodes and shows the wrong value', () => {
    const result = checkProviderIds([rke2ControlPlane('cp-1', { providerID: 'rke2://cp-1' }), rke2Worker('w-1'), rke2Worker('w-2')]);

    expect(result.message.params).toEqual({ count: 1, total: 3 });
    expect(result.details).toEqual([{ key: 'checks.providerId.wrongNode', params: { node: 'cp-1', providerId: 'rke2://cp-1' } }]);
  });
});

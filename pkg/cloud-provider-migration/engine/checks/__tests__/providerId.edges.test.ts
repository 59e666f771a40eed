// parseProviderId on untidy input and checkProviderIds' params.
import type { NodeLike } from '../../types';
import { checkProviderIds, parseProviderId } from '../providerId';

const node = (name: string, providerID?: string | null): NodeLike => ({ metadata: { name }, spec: providerID === undefined ? undefined : { providerID: providerID as string } });

describe('parseProviderId', () => {
  it('ignores surrounding whitespace', () => {
    expect(parseProviderId('  aws:///us-west-2a/i-0abc \n')).toEqual({ kind: 'aws', zone: 'us-west-2a', instanceId: 'i-0abc' });
    expect(parseProviderId('  ')).toEqual({ kind: 'empty' });
    expect(parseProviderId(null)).toEqual({ kind: 'empty' });
  });

  it('reads the scheme of another provider whatever its case and characters', () => {
    expect(parseProviderId('RKE2://node-1')).toEqual({ kind: 'other', scheme: 'RKE2' });
    expect(parseProviderId('openstack+v2.x://node')).toEqual({ kind: 'other', scheme: 'openstack+v2.x' });
    expect(parseProviderId('gce:/missing-slash')).toEqual({ kind: 'other', scheme: '' });
    expect(parseProviderId('x aws://node')).toEqual({ kind: 'other', scheme: '' });
  });

  it('rejects an AWS id with anything around the instance id, or an upper-case zone', () => {
    ['aws:///us-west-2a/i-0abc/x', 'aws:///us-west-2a/i-0abcz', 'xaws:///us-west-2a/i-0abc', 'aws:///US-WEST-2A/i-0abc', 'aws:///us-west-2a/i-'].forEach((id) => {
      expect(parseProviderId(id).kind).toBe('other');
    });
  });
});

describe('checkProviderIds params', () => {
  it('names each empty node and counts them against all nodes; a node without spec is empty', () => {
    expect(checkProviderIds([node('a', 'aws:///z/i-0a'), node('b'), node('c', '')])).toEqual({
      state:   'waiting',
      message: { key: 'checks.providerId.empty', params: { count: 2, total: 3 } },
      details: [{ key: 'checks.providerId.emptyNode', params: { node: 'b' } }, { key: 'checks.providerId.emptyNode', params: { node: 'c' } }],
    });
  });

  it('done names the total only', () => {
    expect(checkProviderIds([node('a', 'aws:///z/i-0a'), node('b', 'aws:////i-0b')])).toEqual({ state: 'done', message: { key: 'checks.providerId.done', params: { total: 2 } } });
  });

  it('no nodes has empty params', () => {
    expect(checkProviderIds([]).message).toEqual({ key: 'checks.providerId.noNodes', params: {} });
  });
});

import { mergeProtected, normanMerge } from '../norman-merge';

describe('Norman update merge', () => {
  const current = {
    services:      { kubeController: { extraArgs: { a: '1', b: '2' }, clusterCidr: '10.42.0.0/16' } },
    cloudProvider: { name: 'aws', awsCloudProvider: { global: { zone: 'z', vpc: 'v' } } },
    list:          [1, 2, 3],
  };

  it.each([
    ['replaces a map of primitives whole', { services: { kubeController: { extraArgs: { c: '3' } } } }, (r: any) => r.services.kubeController.extraArgs, { c: '3' }],
    ['keeps sibling fields not sent', { services: { kubeController: { extraArgs: {} } } }, (r: any) => r.services.kubeController.clusterCidr, '10.42.0.0/16'],
    ['merges nested structs field by field', { cloudProvider: { awsCloudProvider: { global: { zone: 'y' } } } }, (r: any) => r.cloudProvider.awsCloudProvider.global, { zone: 'y', vpc: 'v' }],
    ['replaces arrays', { list: [9] }, (r: any) => r.list, [9]],
    ['sets null when null is sent', { cloudProvider: { awsCloudProvider: null } }, (r: any) => r.cloudProvider.awsCloudProvider, null],
  ])('%s', (_name, body, pick, expected) => {
    expect(pick(normanMerge(current, body))).toEqual(expected);
  });

  it.each([
    ['keeps cattle.io/ keys the body lacks', { 'cattle.io/creator': 'norman', team: 'a' }, { env: 'p' }, { 'cattle.io/creator': 'norman', env: 'p' }],
    ['ignores cattle.io/ keys the body sends', { 'cattle.io/creator': 'norman' }, { 'cattle.io/creator': 'me' }, { 'cattle.io/creator': 'norman' }],
    ['keeps field.cattle.io/ keys', { 'field.cattle.io/description': 'd' }, {}, { 'field.cattle.io/description': 'd' }],
  ])('labels: %s', (_name, dest, src, expected) => {
    expect(mergeProtected(dest, src)).toEqual(expected);
  });
});

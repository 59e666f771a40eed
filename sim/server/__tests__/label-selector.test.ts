import fc from 'fast-check';
import { parseFieldSelector, parseLabelSelector } from '../label-selector';

const labels = { 'node-role.kubernetes.io/control-plane': 'true', 'topology.kubernetes.io/zone': 'us-east-2a', tier: '' };

describe('label selectors', () => {
  it.each([
    ['', true],
    ['node-role.kubernetes.io/control-plane=true', true],
    ['node-role.kubernetes.io/control-plane==true', true],
    ['node-role.kubernetes.io/control-plane!=true', false],
    ['node-role.kubernetes.io/worker!=true', true],
    ['node-role.kubernetes.io/control-plane', true],
    ['!node-role.kubernetes.io/worker', true],
    ['!node-role.kubernetes.io/control-plane', false],
    ['topology.kubernetes.io/zone in (us-east-2a, us-east-2b)', true],
    ['topology.kubernetes.io/zone notin (us-east-2a)', false],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['tier=', true],
    ['node-role.kubernetes.io/control-plane=true,topology.kubernetes.io/zone in (us-east-2b)', false],
  ])('"%s" matches the control-plane labels: %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('rejects a term it cannot parse with a BadRequest', () => {
    expect(() => parseLabelSelector('a in b')).toThrow(expect.objectContaining({ status: 400, code: 'BadRequest' }));
  });

  it('matches key=value exactly when the label has that value, and key!=value otherwise', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9./-]{0,20}$/);
    const value = fc.stringMatching(/^[a-z0-9]{0,8}$/);

    fc.assert(fc.property(fc.dictionary(key, value), key, value, (ls, k, v) => {
      const eq = parseLabelSelector(`${ k }=${ v }`)(ls);
      const ne = parseLabelSelector(`${ k }!=${ v }`)(ls);

      return eq === (Object.prototype.hasOwnProperty.call(ls, k) && ls[k] === v) && ne === !eq;
    }));
  });
});

describe('field selectors', () => {
  const obj = { metadata: { name: 'n1', namespace: 'kube-system' } };

  it.each([
    ['metadata.name=n1', true],
    ['metadata.name!=n1', false],
    ['metadata.namespace=kube-system,metadata.name=n1', true],
    ['metadata.namespace=default', false],
  ])('"%s" matches n1 in kube-system: %s', (selector, expected) => {
    expect(parseFieldSelector(selector)(obj)).toBe(expected);
  });

  it('rejects a field it does not index with a BadRequest Status', () => {
    expect(() => parseFieldSelector('spec.unschedulable=true')).toThrow(expect.objectContaining({ status: 400, style: 'k8s' }));
  });
});

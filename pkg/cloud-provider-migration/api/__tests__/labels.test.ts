import { selectorPairs, withLabels } from '../labels';

const obj = (name: string, labels?: Record<string, string>) => ({ metadata: { name, labels } });

describe('equality label selectors applied to what a list returned', () => {
  it('reads the pairs of a selector, a value that holds `=` included', () => {
    expect(selectorPairs('node-role.kubernetes.io/control-plane=true')).toEqual([['node-role.kubernetes.io/control-plane', 'true']]);
    expect(selectorPairs('a=1, b = 2')).toEqual([['a', '1'], ['b', '2']]);
    expect(selectorPairs('job-name=helm-install-x=y')).toEqual([['job-name', 'helm-install-x=y']]);
  });

  it.each(['a', '=1', 'a!=1', 'a==1', 'a=1,b'])('refuses %p, which is not an equality selector', (selector) => {
    expect(() => selectorPairs(selector)).toThrow(`not an equality label selector: ${ selector }`);
  });

  it('keeps the objects that carry every pair, in their order', () => {
    const items = [obj('both', { a: '1', b: '2' }), obj('a-only', { a: '1' }), obj('none'), obj('wrong-b', { a: '1', b: '3' }), obj('both-2', { b: '2', a: '1' })];

    expect(withLabels(items, 'a=1,b=2').map((o) => o.metadata.name)).toEqual(['both', 'both-2']);
    expect(withLabels(items, 'a=1').map((o) => o.metadata.name)).toEqual(['both', 'a-only', 'wrong-b', 'both-2']);
    expect(withLabels(items, 'a=2')).toEqual([]);
  });
});

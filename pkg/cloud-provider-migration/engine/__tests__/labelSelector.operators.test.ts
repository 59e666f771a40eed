// Kubernetes label-selector semantics (labels.SelectorFromSet + matchExpressions), as Rancher evaluates a
// machineSelectorConfig's machineLabelSelector.
import { selectorKeys, selectorMatches, selectorMatchesOn } from '../rke2/labelSelector';

const labels = { role: 'cp', zone: 'a' };

describe('selectorMatches', () => {
  it('an empty selector matches every machine, with or without labels', () => {
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [] }, {})).toBe(true);
  });

  it.each([
    [{ matchLabels: { role: 'cp' } }, true],
    [{ matchLabels: { role: 'worker' } }, false],
    [{ matchLabels: { role: 'cp', zone: 'b' } }, false],
    [{ matchLabels: { missing: '' } }, false],
  ])('matchLabels %j: %p', (selector, result) => {
    expect(selectorMatches(selector, labels)).toBe(result);
  });

  it.each([
    ['In, value listed', { key: 'role', operator: 'In', values: ['etcd', 'cp'] }, true],
    ['In, value not listed', { key: 'role', operator: 'In', values: ['etcd'] }, false],
    ['In, key absent', { key: 'missing', operator: 'In', values: ['cp'] }, false],
    ['In without values', { key: 'role', operator: 'In' }, false],
    ['NotIn, value listed', { key: 'role', operator: 'NotIn', values: ['cp'] }, false],
    ['NotIn, value not listed', { key: 'role', operator: 'NotIn', values: ['etcd'] }, true],
    ['NotIn, key absent', { key: 'missing', operator: 'NotIn', values: ['cp'] }, true],
    ['Exists, key present', { key: 'role', operator: 'Exists' }, true],
    ['Exists, key absent', { key: 'missing', operator: 'Exists' }, false],
    ['DoesNotExist, key present', { key: 'role', operator: 'DoesNotExist' }, false],
    ['DoesNotExist, key absent', { key: 'missing', operator: 'DoesNotExist' }, true],
    ['an unknown operator', { key: 'role', operator: 'Gt', values: ['cp'] }, false],
  ])('matchExpressions %s: %p', (_name, req, result) => {
    expect(selectorMatches({ matchExpressions: [req] }, labels)).toBe(result);
  });

  it('requires matchLabels AND every expression', () => {
    const selector = { matchLabels: { role: 'cp' }, matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] };

    expect(selectorMatches(selector, labels)).toBe(false);
    expect(selectorMatches(selector, { role: 'cp', zone: 'b' })).toBe(true);
  });

  it('compares a non-string label value in matchLabels as its string', () => {
    expect(selectorMatches({ matchLabels: { count: 3 as unknown as string } }, { count: '3' })).toBe(true);
  });

  it('does not take an inherited property for a label', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'toString', operator: 'Exists' }] }, {})).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'constructor', operator: 'DoesNotExist' }] }, {})).toBe(true);
  });
});

describe('selectorKeys', () => {
  it('lists each key once, from matchLabels then matchExpressions', () => {
    expect(selectorKeys({ matchLabels: { role: 'cp' }, matchExpressions: [{ key: 'zone', operator: 'Exists' }, { key: 'role', operator: 'In', values: ['cp'] }] }))
      .toEqual(['role', 'zone']);
    expect(selectorKeys({})).toEqual([]);
  });
});

describe('selectorMatchesOn', () => {
  const selector = { matchLabels: { role: 'cp' }, matchExpressions: [{ key: 'pool', operator: 'In', values: ['x'] }] };

  it('judges only the given keys and assumes the others hold', () => {
    expect(selectorMatchesOn(selector, { role: 'cp' }, ['role'])).toBe(true);
    expect(selectorMatchesOn(selector, { role: 'worker' }, ['role'])).toBe(false);
    expect(selectorMatchesOn(selector, { role: 'cp', pool: 'y' }, ['role', 'pool'])).toBe(false);
    expect(selectorMatchesOn(selector, { role: 'worker' }, [])).toBe(true);
  });
});

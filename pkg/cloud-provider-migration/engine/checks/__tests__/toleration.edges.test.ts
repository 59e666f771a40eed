// Kubernetes toleration matching at the edges (Toleration.ToleratesTaint), and verdict/detail/objectName.
import type { Taint } from '../../types';
import { formatTaint, toleratedBy, tolerates } from '../toleration';
import { detail, objectName, verdict } from '../result';

const taint: Taint = { key: 'dedicated', value: 'ccm', effect: 'NoSchedule' };

describe('tolerates', () => {
  it.each([
    ['an empty effect matches any effect', { key: 'dedicated', value: 'ccm' }, true],
    ['Equal compares the value', { key: 'dedicated', operator: 'Equal', value: 'ccm', effect: 'NoSchedule' }, true],
    ['Equal with another value does not match', { key: 'dedicated', operator: 'Equal', value: 'other' }, false],
    ['a missing value is the empty string, not any value', { key: 'dedicated' }, false],
    ['Exists with the right key but another effect does not match', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    ['Exists with another key does not match', { key: 'other', operator: 'Exists' }, false],
    ['an empty key with Exists and another effect does not match', { operator: 'Exists', effect: 'NoExecute' }, false],
    ['an empty key with Equal matches nothing', { operator: 'Equal', value: 'ccm' }, false],
  ])('%s', (_name, toleration, result) => {
    expect(tolerates(toleration, taint)).toBe(result);
  });

  it('a missing taint value equals an empty toleration value', () => {
    expect(tolerates({ key: 'k', value: '' }, { key: 'k', effect: 'NoSchedule' })).toBe(true);
    expect(tolerates({ key: 'k', value: 'x' }, { key: 'k', effect: 'NoSchedule' })).toBe(false);
  });
});

describe('toleratedBy', () => {
  it('needs one matching toleration; none or an empty list tolerate nothing', () => {
    expect(toleratedBy([{ key: 'other', operator: 'Exists' }, { key: 'dedicated', value: 'ccm' }], taint)).toBe(true);
    expect(toleratedBy([{ key: 'other', operator: 'Exists' }], taint)).toBe(false);
    expect(toleratedBy([], taint)).toBe(false);
    expect(toleratedBy(undefined, taint)).toBe(false);
  });
});

describe('formatTaint', () => {
  it('prints an explicitly empty value like a missing one', () => {
    expect(formatTaint({ key: 'k', value: '', effect: 'NoExecute' })).toBe('k:NoExecute');
  });
});

describe('verdict, detail and objectName', () => {
  it('prefix keys with checks., default params to {}, and add details only when there are some', () => {
    expect(verdict('done', 'x.y')).toEqual({ state: 'done', message: { key: 'checks.x.y', params: {} } });
    expect('details' in verdict('done', 'x.y', {}, [])).toBe(false);
    expect(verdict('failed', 'x', { n: 1 }, [detail('d')])).toEqual({ state: 'failed', message: { key: 'checks.x', params: { n: 1 } }, details: [{ key: 'checks.d', params: {} }] });
  });

  it('objectName is namespace/name, or the name alone', () => {
    expect(objectName({ name: 'a', namespace: 'ns' })).toBe('ns/a');
    expect(objectName({ name: 'a' })).toBe('a');
    expect(objectName({ name: 'a', namespace: '' })).toBe('a');
  });
});

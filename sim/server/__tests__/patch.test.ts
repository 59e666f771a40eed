import fc from 'fast-check';
import jsonMergePatch from 'json-merge-patch';
import { applyJsonPatch, applyPatch } from '../patch';

const SMP = 'application/strategic-merge-patch+json';

describe('strategic merge patch', () => {
  const node = {
    metadata: { name: 'n', labels: { a: '1' }, finalizers: ['x'] },
    spec:     { unschedulable: true, taints: [{ key: 't', effect: 'NoSchedule' }] },
    status:   { conditions: [{ type: 'Ready', status: 'True' }, { type: 'DiskPressure', status: 'False' }] },
  };

  it.each([
    ['cordons a node', { spec: { unschedulable: true } }, (o: any) => o.spec.unschedulable === true],
    ['uncordons with null, deleting the field', { spec: { unschedulable: null } }, (o: any) => !('unschedulable' in o.spec)],
    ['replaces a list without a merge key (taints)', { spec: { taints: [{ key: 'u', effect: 'NoExecute' }] } }, (o: any) => o.spec.taints.length === 1 && o.spec.taints[0].key === 'u'],
    ['merges conditions by type', { status: { conditions: [{ type: 'Ready', status: 'False' }] } }, (o: any) => o.status.conditions.length === 2 && o.status.conditions[0].status === 'False'],
    ['deletes a keyed element with $patch: delete', { status: { conditions: [{ type: 'DiskPressure', $patch: 'delete' }] } }, (o: any) => o.status.conditions.length === 1],
    ['adds to finalizers as a set', { metadata: { finalizers: ['x', 'y'] } }, (o: any) => o.metadata.finalizers.join() === 'x,y'],
    ['replaces a map with $patch: replace', { metadata: { labels: { b: '2', $patch: 'replace' } } }, (o: any) => JSON.stringify(o.metadata.labels) === '{"b":"2"}'],
  ])('%s', (_name, patch, check) => {
    expect(check(applyPatch(SMP, node, patch))).toBe(true);
  });

  it('equals an RFC 7386 merge patch when neither side has lists', () => {
    const leaf = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean());
    const obj = fc.letrec((tie) => ({ node: fc.dictionary(fc.stringMatching(/^[a-z]{1,3}$/), fc.oneof({ depthSize: 'small' }, leaf, tie('node'))) })).node;
    const patch = fc.letrec((tie) => ({ node: fc.dictionary(fc.stringMatching(/^[a-z]{1,3}$/), fc.oneof({ depthSize: 'small' }, leaf, fc.constant(null), tie('node'))) })).node;

    fc.assert(fc.property(obj, patch, (o, p) => {
      expect(applyPatch(SMP, o, p)).toEqual(jsonMergePatch.apply(JSON.parse(JSON.stringify(o)), p));
    }));
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { spec: { list: [1, 2] }, metadata: { labels: { 'a/b': 'x' } } };

  it.each([
    ['add to the end of a list', [{ op: 'add', path: '/spec/list/-', value: 3 }], { spec: { list: [1, 2, 3] }, metadata: { labels: { 'a/b': 'x' } } }],
    ['remove an escaped key', [{ op: 'remove', path: '/metadata/labels/a~1b' }], { spec: { list: [1, 2] }, metadata: { labels: {} } }],
    ['replace a value', [{ op: 'replace', path: '/spec/list/0', value: 9 }], { spec: { list: [9, 2] }, metadata: { labels: { 'a/b': 'x' } } }],
    ['move a value', [{ op: 'move', from: '/spec/list', path: '/spec/other' }], { spec: { other: [1, 2] }, metadata: { labels: { 'a/b': 'x' } } }],
    ['copy a value', [{ op: 'copy', from: '/spec/list/1', path: '/spec/two' }], { spec: { list: [1, 2], two: 2 }, metadata: { labels: { 'a/b': 'x' } } }],
  ])('can %s', (_name, ops, expected) => {
    expect(applyJsonPatch(doc, ops)).toEqual(expected);
  });

  it.each([
    ['a failed test', [{ op: 'test', path: '/spec/list/0', value: 5 }]],
    ['removing a missing key', [{ op: 'remove', path: '/spec/nope' }]],
  ])('rejects %s with 422 Invalid', (_name, ops) => {
    expect(() => applyJsonPatch(doc, ops)).toThrow(expect.objectContaining({ status: 422, code: 'Invalid' }));
  });

  it('leaves the document as it was after adding and removing a new key', () => {
    fc.assert(fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), fc.integer()), fc.stringMatching(/^[A-Z]{1,4}$/), fc.integer(), (d, k, v) => {
      expect(applyJsonPatch(d, [{ op: 'add', path: `/${ k }`, value: v }, { op: 'remove', path: `/${ k }` }])).toEqual(d);
    }));
  });

  it('rejects an unknown content type with 415', () => {
    expect(() => applyPatch('application/json', {}, {})).toThrow(expect.objectContaining({ status: 415 }));
  });
});

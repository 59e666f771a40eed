// renderMessage on a small dictionary: lookup by dotted key under cloudProviderMigration, and placeholder filling.
import { L10N_ROOT, renderMessage } from '../messages';

const dict = {
  [L10N_ROOT]: {
    a: { b: 'Node {node} of {total} ({node})', plain: 'No params', nested: { deeper: 'deep {x}' } },
    notText: 3,
  },
};

describe('renderMessage', () => {
  it('fills every occurrence of a placeholder, numbers and 0 included', () => {
    expect(renderMessage({ key: 'a.b', params: { node: 'n1', total: 0 } }, dict)).toBe('Node n1 of 0 (n1)');
  });

  it('leaves a placeholder it has no param for, and renders a template without params', () => {
    expect(renderMessage({ key: 'a.b', params: { node: 'n1' } }, dict)).toBe('Node n1 of {total} (n1)');
    expect(renderMessage({ key: 'a.b' }, dict)).toBe('Node {node} of {total} ({node})');
    expect(renderMessage({ key: 'a.plain' }, dict)).toBe('No params');
  });

  it('follows the whole dotted key', () => {
    expect(renderMessage({ key: 'a.nested.deeper', params: { x: 1 } }, dict)).toBe('deep 1');
  });

  it('shows the key for a path that stops at a string, a number or nothing', () => {
    expect(renderMessage({ key: 'a.b.c' }, dict)).toBe('a.b.c');
    expect(renderMessage({ key: 'notText' }, dict)).toBe('notText');
    expect(renderMessage({ key: 'notText.more' }, dict)).toBe('notText.more');
    expect(renderMessage({ key: 'a' }, dict)).toBe('a');
    expect(renderMessage({ key: 'a.b' }, {})).toBe('a.b');
  });

  it('looks under cloudProviderMigration only', () => {
    expect(renderMessage({ key: 'a.plain' }, { a: { plain: 'wrong root' } })).toBe('a.plain');
  });
});

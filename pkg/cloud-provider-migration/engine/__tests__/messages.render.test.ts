// renderMessage on a small dictionary: lookup by dotted key under cloudProviderMigration, placeholder filling, and the
// ICU plural and select forms the shell's t() renders in the tab.
import { L10N_ROOT, renderMessage } from '../messages';

const dict = {
  [L10N_ROOT]: {
    a: { b: 'Node {node} of {total} ({node})', plain: 'No params', nested: { deeper: 'deep {x}' } },
    icu: {
      plural:  '{count, plural, =0 {No update left.} one {One update left.} other {# updates left.}}',
      select:  'Switches {mode, select, external {to cloud-provider-name external} other {with cloud-provider-name {name} kept}}.',
      literal: "The chart's values stay; a literal '{brace}' is text.",
    },
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

  it('chooses the plural branch for the count, # included, as the shell\'s t() does', () => {
    expect([0, 1, 2, 12].map((count) => renderMessage({ key: 'icu.plural', params: { count } }, dict))).toEqual([
      'No update left.', 'One update left.', '2 updates left.', '12 updates left.',
    ]);
  });

  it('chooses the select branch for the value, other for any value without a branch of its own', () => {
    expect(renderMessage({ key: 'icu.select', params: { mode: 'external' } }, dict)).toBe('Switches to cloud-provider-name external.');
    expect(renderMessage({ key: 'icu.select', params: { mode: 'aws-with-overrides', name: 'aws' } }, dict)).toBe('Switches with cloud-provider-name aws kept.');
  });

  it('leaves a param missing inside a branch visible, and renders ICU quoting as text', () => {
    expect(renderMessage({ key: 'icu.select', params: { mode: 'aws-with-overrides' } }, dict)).toBe('Switches with cloud-provider-name {name} kept.');
    expect(renderMessage({ key: 'icu.literal' }, dict)).toBe("The chart's values stay; a literal {brace} is text.");
  });

  it('looks under cloudProviderMigration only', () => {
    expect(renderMessage({ key: 'a.plain' }, { a: { plain: 'wrong root' } })).toBe('a.plain');
  });
});

describe('renderMessage, on dictionaries of its own', () => {
  it('shows the key for a path that runs on through a string: a character or a length is no message', () => {
    const own = { [L10N_ROOT]: { a: { b: 'Node {node}', plain: 'Nodes' }, gone: null, count: 3 } };

    expect(['a.b.0', 'a.plain.0', 'a.plain.length', 'gone.x', 'count.toFixed'].map((key) => renderMessage({ key }, own))).toEqual([
      'a.b.0', 'a.plain.0', 'a.plain.length', 'gone.x', 'count.toFixed',
    ]);
  });

  it('renders a plural with # and literal text exactly, asking the params only for the names the template uses', () => {
    const own = { [L10N_ROOT]: { nodes: '{count, plural, one {# node left in {zone}} other {# nodes left in {zone}}}, then done.' } };
    const asked: string[] = [];
    const params = new Proxy<Record<string, string | number>>({ count: 1, zone: 'eu-west-1a' }, {
      get(target, name) {
        asked.push(String(name));

        return Reflect.get(target, name);
      },
    });

    expect(renderMessage({ key: 'nodes', params }, own)).toBe('1 node left in eu-west-1a, then done.');
    expect([...new Set(asked)].sort()).toEqual(['count', 'zone']);
    expect(renderMessage({ key: 'nodes', params: { count: 12 } }, own)).toBe('12 nodes left in {zone}, then done.');
  });

  it('shows a template without a brace as written, ICU quotes included, as the shell\'s t() does; with a brace it is ICU', () => {
    const own = { [L10N_ROOT]: { plain: "Don''t edit the cluster's YAML: # and } stay.", braced: "Don''t edit {name}." } };

    expect(renderMessage({ key: 'plain' }, own)).toBe("Don''t edit the cluster's YAML: # and } stay.");
    expect(renderMessage({ key: 'plain', params: { name: 'prod' } }, own)).toBe("Don''t edit the cluster's YAML: # and } stay.");
    expect(renderMessage({ key: 'braced', params: { name: 'prod' } }, own)).toBe("Don't edit prod.");
  });

  it('shows a template that is no valid ICU message, or a select without other given a value it has no branch for, as written', () => {
    const own = { [L10N_ROOT]: { broken: 'Node {node of {total}', unclosed: 'Node {node', select: 'Switches {mode, select, external {to external}}.' } };

    expect(renderMessage({ key: 'broken', params: { node: 'n1', total: 3 } }, own)).toBe('Node {node of {total}');
    expect(renderMessage({ key: 'unclosed', params: { node: 'n1' } }, own)).toBe('Node {node');
    expect(renderMessage({ key: 'select', params: { mode: 'external' } }, own)).toBe('Switches to external.');
    expect(renderMessage({ key: 'select', params: { mode: 'in-tree' } }, own)).toBe('Switches {mode, select, external {to external}}.');
  });
});

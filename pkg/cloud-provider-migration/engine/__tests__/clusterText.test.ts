import { parseClusterText } from '../cluster/clusterText';
import { thrown } from './fixtures';

describe('parseClusterText', () => {
  it('reads a JSON object', () => {
    expect(parseClusterText('{"type": "cluster", "id": "c-abcde"}')).toEqual({ type: 'cluster', id: 'c-abcde' });
  });

  it('reads one YAML document', () => {
    expect(parseClusterText('apiVersion: provisioning.cattle.io/v1\nkind: Cluster\nmetadata:\n  name: a\n')).toEqual({ apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', metadata: { name: 'a' } });
  });

  it.each([
    ['broken JSON', '{"a": 1,,}', 1],
    ['a YAML flow sequence left open', 'metadata:\n  name: a\nspec: [1, 2\nstatus: {}\n', 4],
    ['two YAML documents', 'a: 1\n---\nb: 2\n', 2],
  ])('rejects %s as MALFORMED_INPUT with its line', (_name, text, line) => {
    const e = thrown(() => parseClusterText(text));

    expect(e.code).toBe('MALFORMED_INPUT');
    expect(e.params.line).toBe(line);
    expect(typeof e.params.column).toBe('number');
  });

  it.each([['a list', '- a\n- b\n'], ['a scalar', 'hello'], ['an empty file', '']])('rejects %s as NOT_AN_OBJECT', (_name, text) => {
    expect(thrown(() => parseClusterText(text)).code).toBe('NOT_AN_OBJECT');
  });
});

// What parseClusterText reports for a file it cannot use, and the YAML it still accepts.
import { parseClusterText } from '../cluster/clusterText';
import { thrown } from './fixtures';

describe('parseClusterText', () => {
  it('reports the line and column of the first problem with the first line of the parser message only', () => {
    const e = thrown(() => parseClusterText('metadata:\n  name: a\nspec: [1, 2\nstatus: {}\n'));

    expect(e.params).toEqual({ line: 4, column: expect.any(Number) });
    expect(e.message).toMatch(/^The cluster file is not valid JSON or YAML \(line 4, column \d+: [^\n]+\)\. Fix the file and try again\.$/);
  });

  it('rejects null, a list and a scalar at line 1, column 1', () => {
    ['null\n', '[1]', '42'].forEach((text) => {
      const e = thrown(() => parseClusterText(text));

      expect(e.code).toBe('NOT_AN_OBJECT');
      expect(e.params).toEqual({ line: 1, column: 1 });
      expect(e.message).toContain('must hold one object');
    });
  });

  it('takes the last of duplicate keys, as kubectl does, and resolves aliases', () => {
    expect(parseClusterText('a: 1\na: 2\n')).toEqual({ a: 2 });
    expect(parseClusterText('x: &v {k: 1}\ny: *v\n')).toEqual({ x: { k: 1 }, y: { k: 1 } });
  });
});

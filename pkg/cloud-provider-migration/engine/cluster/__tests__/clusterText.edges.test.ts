import { parseClusterText } from '../clusterText';
import { MigrationError } from '../../errors';

function caught(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('parseClusterText edges', () => {
  it('reports line 1, column 1 when the parser error has no position', () => {
    jest.isolateModules(() => {
      jest.doMock('yaml', () => ({
        parseDocument: () => ({
          errors: [{ message: 'no place\nsecond line' }],
          toJS:   () => ({}),
        }),
      }));
      const { parseClusterText: parse } = require('../clusterText');
      const { MigrationError: MErr } = require('../../errors');
      const err = caught(() => parse('whatever'));

      expect(err).toBeInstanceOf(MErr);
      expect(err.code).toBe('MALFORMED_INPUT');
      expect(err.params).toStrictEqual({ line: 1, column: 1 });
      expect(err.message).toBe('The cluster file is not valid JSON or YAML (line 1, column 1: no place). Fix the file and try again.');
    });
    jest.dontMock('yaml');
  });

  it('cuts a multi-line parser message to exactly its first line', () => {
    const text = 'a: 1\nb: [1, 2\nc: 3\n';
    const err = caught(() => parseClusterText(text));

    expect(err).toBeInstanceOf(MigrationError);
    expect(err.code).toBe('MALFORMED_INPUT');
    const m = /\(line (\d+), column (\d+): (.*)\)\. Fix the file and try again\.$/s.exec(err.message);

    expect(m).not.toBeNull();
    expect(m![3]).not.toBe('');
    expect(m![3]).not.toContain('\n');
    expect(err.message).not.toContain('\n');
    expect(err.params).toStrictEqual({ line: Number(m![1]), column: Number(m![2]) });
  });

  it('refuses a document whose aliases expand past 100', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    let prev = 'a';

    'bcdefghij'.split('').forEach((k) => {
      lines.push(`${ k }: &${ k } [${ Array(10).fill(`*${ prev }`).join(', ') }]`);
      prev = k;
    });
    const err = caught(() => parseClusterText(lines.join('\n')));

    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/Excessive alias count/);
  });

  it('accepts a document with only a few aliases', () => {
    const text = 'a: &a {x: 1}\nb: *a\nc: *a\n';

    expect(parseClusterText(text)).toStrictEqual({ a: { x: 1 }, b: { x: 1 }, c: { x: 1 } });
  });
});

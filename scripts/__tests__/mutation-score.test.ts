import { hasRuntimeCode, score, scoreFiles } from '../mutation-score';

const E = 'pkg/cloud-provider-migration/engine';
const mutants = (...statuses: string[]) => statuses.map((status) => ({ status })) as any;

describe('whole-engine mutation score from reports of parts', () => {
  const sources = new Map([[`${ E }/a.ts`, 'a v2'], [`${ E }/b.ts`, 'b'], [`${ E }/c.ts`, 'c']]);

  it('uses the newest report that mutated today\'s source, and calls a file without one stale or unmeasured', () => {
    const files = scoreFiles(sources, [
      { name: 'old', report: { files: { [`${ E }/a.ts`]: { source: 'a v2', mutants: mutants('Killed', 'Survived') }, [`${ E }/b.ts`]: { source: 'b', mutants: mutants('Killed') } } } },
      // A later run of a.ts on an older source does not replace the current one.
      { name: 'sandbox', report: { files: { [`/tmp/x/.stryker-tmp/sandbox-1/${ E }/a.ts`]: { source: 'a v1', mutants: mutants('Killed') } } } },
      { name: 'new', report: { files: { [`${ E }/b.ts`]: { source: 'b', mutants: mutants('Killed', 'Timeout', 'NoCoverage', 'RuntimeError', 'Ignored', 'CompileError') } } } },
    ]);

    expect(files).toEqual([
      {
        file: `${ E }/a.ts`, report: 'old', killed: 1, survived: 1, noCoverage: 0, invalid: 0
      },
      {
        file: `${ E }/b.ts`, report: 'new', killed: 2, survived: 0, noCoverage: 1, invalid: 2
      },
      {
        file: `${ E }/c.ts`, missing: 'none', killed: 0, survived: 0, noCoverage: 0, invalid: 0
      },
    ]);
    expect(scoreFiles(new Map([[`${ E }/a.ts`, 'a v3']]), [{ name: 'old', report: { files: { [`${ E }/a.ts`]: { source: 'a v2', mutants: [] } } } }])[0].missing).toBe('stale');
  });

  it('scores as Stryker does: detected over detected, survived and uncovered; nothing to score is 100', () => {
    expect(score({ killed: 9, survived: 0, noCoverage: 1 })).toBe(90);
    expect(score({ killed: 3, survived: 1, noCoverage: 0 })).toBe(75);
    expect(score({ killed: 0, survived: 0, noCoverage: 0 })).toBe(100);
  });

  it('leaves out files of types only: they compile to nothing, so Stryker reports no mutant of them', () => {
    expect(hasRuntimeCode("import type { A } from './a';\n/** doc */\nexport interface B { a: A }\nexport type C = B | null;\n")).toBe(false);
    expect(hasRuntimeCode("import type { A } from './a';\nexport const ZERO = 0;\n")).toBe(true);
    expect(hasRuntimeCode("export { b } from './b';\n")).toBe(true);
  });
});

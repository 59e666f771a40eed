import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SourceMapGenerator } from 'source-map';
import { measureChunk, sourceGroup } from '../bundle';

describe('bundle accounting', () => {
  it.each([
    ['webpack://cpm-0.1.0/node_modules/semver/functions/coerce.js', 'semver'],
    ['webpack://cpm-0.1.0/node_modules/@rancher/shell/components/YamlEditor.vue?1a2b', '@rancher/shell'],
    ['webpack://cpm-0.1.0/node_modules/@rancher/shell/node_modules/lodash/_baseGet.js', 'lodash'],
    ['webpack://cpm-0.1.0/.shell/assets/brand/ sync', '@rancher/shell'],
    ['webpack://cpm-0.1.0/webpack/runtime/load script', 'webpack runtime'],
    ['webpack://cpm-0.1.0/external umd "__jsyaml"', 'externals (host globals)'],
    ['webpack://cpm-0.1.0/engine/cluster/detection.ts', './engine'],
    ['webpack://cpm-0.1.0/./tabLocations.ts', './tabLocations.ts'],
    [null, 'webpack runtime'],
  ])('%s is counted as %s', (source, group) => {
    expect(sourceGroup(source)).toBe(group);
  });

  it('gives each byte to the source its mapping names, up to the next mapping or the end of the line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-test-'));

    try {
      // Line 1: "AAAA" from semver, then "BB" from the package's engine; line 2: "CCC" before any mapping.
      const code = 'AAAABB\nCCC';
      const map = new SourceMapGenerator({ file: 'x.js' });

      map.addMapping({ generated: { line: 1, column: 0 }, original: { line: 1, column: 0 }, source: 'webpack://x/node_modules/semver/index.js' });
      map.addMapping({ generated: { line: 1, column: 4 }, original: { line: 1, column: 0 }, source: 'webpack://x/engine/a.ts' });
      writeFileSync(join(dir, 'x.js'), code);
      writeFileSync(join(dir, 'x.js.map'), map.toString());
      const chunk = measureChunk(join(dir, 'x.js'), '1');

      expect(chunk.raw).toBe(code.length);
      expect(chunk.groups.get('semver')?.raw).toBe(4);
      expect(chunk.groups.get('./engine')?.raw).toBe(2);
      expect(chunk.groups.get('[no source map]')?.raw).toBe(code.length - 6);
      expect(chunk.gzip).toBeGreaterThan(0);
      expect(chunk.locale).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

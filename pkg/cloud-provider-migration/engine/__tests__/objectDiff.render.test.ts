// The diffs a step shows: the YAML of the object a user edits, and of chart values.
import { objectDiff, valuesDiff } from '../planning/objectDiff';

const cluster = (manifest: string) => ({
  apiVersion: 'provisioning.cattle.io/v1',
  kind:       'Cluster',
  metadata:   { name: 'prod', managedFields: [{ manager: 'rancher' }] },
  spec:       { rkeConfig: { additionalManifest: manifest } },
  status:     { ready: true },
});

describe('objectDiff', () => {
  it('is empty when the editable object did not change (status and managedFields do not count)', () => {
    const after = { ...cluster('a: 1\n'), status: { ready: false } };

    expect(objectDiff('prod', cluster('a: 1\n'), after, 'kubectl')).toBe('');
  });

  it('is a unified diff of <name>.yaml, shows a multi-line string line by line, and no status', () => {
    const diff = objectDiff('prod', cluster('a: 1\nb: 2\n'), cluster('a: 1\nb: 3\n'), 'kubectl');

    expect(diff).toContain('\n--- prod.yaml\tcurrent\n+++ prod.yaml\tafter this step\n@@ ');
    expect(diff).toContain('\n-      b: 2\n');
    expect(diff).toContain('\n+      b: 3\n');
    expect(diff).not.toContain('status');
    expect(diff).not.toContain('managedFields');
  });

  it('does not fold long lines', () => {
    const long = `x: ${ 'y'.repeat(200) }`;
    const diff = objectDiff('prod', cluster('a: 1\n'), cluster(`${ long }\n`), 'kubectl');

    expect(diff).toContain(`+      ${ long }\n`);
  });
});

describe('valuesDiff', () => {
  it('is empty for the same values', () => {
    expect(valuesDiff({ a: 1 }, { a: 1 })).toBe('');
  });

  it('labels a new install "new" and an upgrade "current"', () => {
    const install = valuesDiff(undefined, { a: 1 });
    const upgrade = valuesDiff({ a: 1 }, { a: 2 });

    expect(install).toContain('--- values.yaml\tnew\n+++ values.yaml\tafter this step\n');
    expect(install).toContain('\n+a: 1\n');
    expect(upgrade).toContain('--- values.yaml\tcurrent\n+++ values.yaml\tafter this step\n');
    expect(upgrade).toContain('\n-a: 1\n+a: 2\n');
  });
});

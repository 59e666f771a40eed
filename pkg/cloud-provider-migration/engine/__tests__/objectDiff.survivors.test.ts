// The headers of an update step's diff: the old side is labelled "current", the new side by the caller.
import type { Detection } from '../types';
import { objectStepDiff } from '../planning/objectDiff';

describe('objectStepDiff', () => {
  it('labels the old side "current" and the new side "after this step" unless told otherwise', () => {
    const detection = { name: 'prod', format: 'kubectl' } as Detection;
    const before = { apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', metadata: { name: 'prod' }, spec: { a: 1 } };
    const after = { ...before, spec: { a: 2 } };

    expect(objectStepDiff(detection, before, after).diff).toContain('\n--- prod.yaml\tcurrent\n+++ prod.yaml\tafter this step\n');
    expect(objectStepDiff(detection, before, after, 'after the rollback').diff).toContain('\n--- prod.yaml\tcurrent\n+++ prod.yaml\tafter the rollback\n');
  });
});

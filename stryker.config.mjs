// Mutation testing of the migration engine (StrykerJS + jest runner): `npm run mutate`. Not part of `npm test`.
// Limit the mutated files with `npm run mutate -- --mutate 'pkg/cloud-provider-migration/engine/rke2/componentArgs.ts'`
// (a comma-separated list or globs; `file.ts:10-20` mutates those lines only).
// No TypeScript checker: ts-jest transpiles each file alone (isolatedModules), so mutants that would not type-check
// still run and are killed or survive like any other.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'yarn',
  testRunner:     'jest',
  jest:           {
    projectType:            'custom',
    configFile:             'jest.stryker.config.js',
    enableFindRelatedTests: true,
  },
  mutate: [
    'pkg/cloud-provider-migration/engine/**/*.ts',
    '!pkg/cloud-provider-migration/engine/**/__tests__/**',
    // Types and re-exports only: nothing to mutate.
    '!pkg/cloud-provider-migration/engine/types.ts',
    '!pkg/cloud-provider-migration/engine/index.ts',
    '!pkg/cloud-provider-migration/engine/checks/index.ts',
  ],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) need a fresh jest environment and every test each; see README.
  ignoreStatic:     true,
  concurrency:      2,
  timeoutMS:        10000,
  timeoutFactor:    2,
  dryRunTimeoutMinutes: 10,
  reporters:        ['clear-text', 'progress', 'json', 'html'],
  clearTextReporter: { allowColor: false, logTests: false },
  // `MUTATION_REPORT` names the JSON report, so runs over different parts keep theirs (`npm run mutate:score`).
  jsonReporter:     { fileName: process.env.MUTATION_REPORT || 'artifacts/mutation/mutation.json' },
  htmlReporter:     { fileName: 'artifacts/mutation/mutation.html' },
  // The sandbox copy of the repo lives under the git-ignored artifacts/ and is removed even after a failed run, so
  // a leftover copy can never be picked up by the repo's own jest run.
  tempDirName:      'artifacts/mutation/.stryker-tmp',
  cleanTempDir:     'always',
  ignorePatterns:   ['artifacts', 'dist', 'dist-pkg', 'dist-devbuild', 'coverage', 'test-results', '.shell'],
};

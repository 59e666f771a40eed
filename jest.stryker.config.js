// Jest config for mutation testing (stryker.config.mjs): the repo's jest.config.js limited to the migration
// engine's own tests, so each mutant runs only engine tests (no components, api, CLI or simulator suites), with
// fast-check capped to a few cases per property (jest.stryker.fast-check.js).
const base = require('./jest.config');

module.exports = {
  ...base,
  roots:            ['<rootDir>/pkg/cloud-provider-migration/engine'],
  testMatch:        ['<rootDir>/pkg/cloud-provider-migration/engine/**/__tests__/**/*.test.ts'],
  moduleNameMapper: { '^fast-check$': '<rootDir>/jest.stryker.fast-check.js', ...base.moduleNameMapper },
};

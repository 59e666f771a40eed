// fast-check as the mutation run sees it (mapped in jest.stryker.config.js): every fc.assert runs at most 10 cases
// from a fixed seed and stops at the first failure without shrinking. planProperties' 60 random plans per property
// cover nearly every engine mutant, and ran for several seconds per mutant; a fixed seed keeps the result of a
// mutant the same from one run to the next. Plain `jest` / `npm test` use fast-check unchanged.
const path = require('path');

const real = require(path.join(path.dirname(require.resolve('fast-check/package.json')), 'lib/cjs/fast-check.js'));
const MAX_RUNS = 10;

const capped = {
  ...real,
  assert(property, params = {}) {
    return real.assert(property, {
      ...params, numRuns: Math.min(params.numRuns ?? MAX_RUNS, MAX_RUNS), seed: 1, endOnFailure: true
    });
  },
};

capped.default = capped;
Object.defineProperty(capped, '__esModule', { value: true });
module.exports = capped;

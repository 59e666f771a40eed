// Jest transform for images and fonts: they are irrelevant to unit tests.
module.exports = {
  process() {
    return { code: 'module.exports = {};' };
  },
  getCacheKey() {
    return 'svgTransform';
  },
};

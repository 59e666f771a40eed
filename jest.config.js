// The official Rancher extension jest recipe (docusaurus/docs/extensions/unit-testing.md), jest 29.
module.exports = {
  testEnvironment:        'node',
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  watchman:               false,
  moduleFileExtensions:   ['js', 'ts', 'json', 'vue'],
  modulePaths:            ['<rootDir>'],
  moduleNameMapper:       {
    '^~/(.*)$':                                                                        '<rootDir>/$1',
    '^@/(.*)$':                                                                        '<rootDir>/$1',
    '@shell/(.*)':                                                                     '<rootDir>/node_modules/@rancher/shell/$1',
    '@components/(.*)':                                                                '<rootDir>/node_modules/@rancher/shell/rancher-components/$1',
    // The shell's copy control imports this ES module by its bare name; jest needs the file (transformed below).
    '^clipboard-polyfill$':                                                            '<rootDir>/node_modules/clipboard-polyfill/dist/es6/clipboard-polyfill.es6.js',
    '\\.(jpe?g|png|gif|webp|svg|mp4|webm|ogg|mp3|wav|flac|aac|woff2?|eot|ttf|otf)$': '<rootDir>/utils/svgTransform.js',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/dist-pkg', '<rootDir>/dist-devbuild', '<rootDir>/artifacts'],
  setupFilesAfterEnv:       ['<rootDir>/jest.setup.ts'],
  transform:                {
    '^.+\\.vue$': '@vue/vue3-jest',
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: { sourceMap: true, isolatedModules: true } }],
    '^.+\\.jsx?$': ['babel-jest', { configFile: false, presets: [['@babel/preset-env', { targets: { node: 'current' } }]] }],
    '^.+\\.svg$':  '<rootDir>/utils/svgTransform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@rancher/shell|clipboard-polyfill).+\\.js$'],
  testMatch:               ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns:  ['/node_modules/', '<rootDir>/tests/e2e/'],
};

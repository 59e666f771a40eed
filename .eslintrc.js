// ESLint 7 legacy config, as the @rancher/shell 3.0.8 skeleton uses it (standard-like rules from
// rancher/dashboard's .eslintrc, without the plugins the shell does not ship).
module.exports = {
  root: true,
  env:  {
    browser: true,
    node:    true,
    es2021:  true,
    jest:    true,
  },
  parser:        'vue-eslint-parser',
  parserOptions: {
    parser:      '@typescript-eslint/parser',
    ecmaVersion: 2021,
    sourceType:  'module',
  },
  extends: [
    'eslint:recommended',
    'plugin:@typescript-eslint/recommended',
    'plugin:vue/vue3-recommended',
  ],
  plugins: ['@typescript-eslint', 'vue'],
  rules:   {
    '@typescript-eslint/no-explicit-any':       'off',
    '@typescript-eslint/no-non-null-assertion': 'off',
    '@typescript-eslint/no-var-requires':       'off',
    '@typescript-eslint/no-unused-vars':        ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    'no-unused-vars':                           'off',
    'no-console':                               'error',
    'no-debugger':                              'error',
    curly:                                      'error',
    eqeqeq:                                     ['error', 'always', { null: 'ignore' }],
    'no-var':                                   'error',
    'prefer-const':                             'error',
    semi:                                       ['error', 'always'],
    quotes:                                     ['error', 'single', { avoidEscape: true, allowTemplateLiterals: true }],
    indent:                                     ['error', 2, { SwitchCase: 1 }],
    'space-before-function-paren':              ['error', { anonymous: 'never', named: 'never', asyncArrow: 'always' }],
    'object-curly-spacing':                     ['error', 'always'],
    'keyword-spacing':                          'error',
    'space-infix-ops':                          'error',
    'comma-spacing':                            'error',
    'no-trailing-spaces':                       'error',
    'eol-last':                                 'error',
    'no-multiple-empty-lines':                  ['error', { max: 1 }],
    'vue/multi-word-component-names':           'off',
    'vue/max-attributes-per-line':              ['error', { singleline: 1, multiline: 1 }],
  },
  overrides: [
    {
      files: ['cli/**', 'sim/**', 'scripts/**', 'tests/**'],
      rules: { 'no-console': 'off' },
    },
    {
      // engine/index.ts is the engine's only way in.
      files:         ['pkg/**', 'cli/**', 'tests/**', 'bench/**', 'scripts/**'],
      excludedFiles: ['pkg/cloud-provider-migration/engine/**', '**/__tests__/**'],
      rules:         {
        'no-restricted-imports': ['error', {
          patterns: [{ group: ['**/engine/*'], message: 'Import the engine through engine/index.ts (import from .../engine).' }],
        }],
      },
    },
    {
      // Tests outside the engine too, except for the engine's shared test fixtures.
      files:         ['pkg/**/__tests__/**'],
      excludedFiles: ['pkg/cloud-provider-migration/engine/**'],
      rules:         {
        'no-restricted-imports': ['error', {
          patterns: [{
            group:   ['**/engine/*', '!**/engine/__tests__', '!**/engine/checks', '**/engine/checks/*', '!**/engine/checks/__tests__'],
            message: 'Import the engine through engine/index.ts (import from .../engine); only its test fixtures are shared.',
          }],
        }],
      },
    },
    {
      // The simulator imitates Rancher on its own: it never shares the engine's rules.
      files: ['sim/**'],
      rules: {
        'no-restricted-imports': ['error', {
          patterns: [{ group: ['**/pkg/**'], message: 'The simulator must not use the extension code.' }],
        }],
      },
    },
  ],
  ignorePatterns: ['node_modules/', 'dist/', 'dist-pkg/', 'dist-devbuild/', 'coverage/', '**/.shell/', 'artifacts/'],
};

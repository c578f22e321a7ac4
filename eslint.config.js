// ESLint for `npm run lint`: typescript-eslint's strict set (not type-aware, to stay fast) plus the project's own
// rules on where the environment and the wall clock may be read. Import boundaries live in .dependency-cruiser.cjs.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The wall clock is read only through src/domain/clock.ts, so that time can be faked in tests and the bench. */
const wallClock = [
  {
    selector: "MemberExpression[object.name='Date'][property.name='now']",
    message:
      'Date.now() only in src/domain/clock.ts: take the clock (src/domain/clock.ts) as a parameter. performance.now() is fine for durations.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message:
      'new Date() without an argument reads the wall clock: only in src/domain/clock.ts; take the clock as a parameter.',
  },
  {
    selector: "CallExpression[callee.name='Date']",
    message: 'Date() reads the wall clock: only in src/domain/clock.ts; take the clock as a parameter.',
  },
];

const envMessage =
  'process.env is read only in src/env.ts: add the setting there (and to src/config.ts) and pass it in.';

export default defineConfig(
  globalIgnores([
    'node_modules/',
    'data/',
    'dist/',
    'test-artifacts/',
    'db/migrations/',
    'test/bench/_scratch/',
    '**/*.json',
  ]),

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  {
    files: ['**/*.{ts,js,mjs,cjs}'],
    extends: [js.configs.recommended],
  },

  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strict],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      // tsconfig has noUncheckedIndexedAccess, so `rows[0]!` after a returning insert or `xs[i]!` inside a bounds-checked
      // loop is the idiom here (221 hits when this was written); the compiler already makes every such access explicit.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: envMessage }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:process', importNames: ['env'], message: envMessage },
            { name: 'process', importNames: ['env'], message: envMessage },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...wallClock],
    },
  },

  // The one place that reads the environment.
  {
    files: ['src/env.ts'],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-imports': 'off' },
  },

  // The one place that reads the wall clock.
  {
    files: ['src/domain/clock.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },

  // Tests, the eval and the bench (test/bench, test/eval) set up environments and measure real time.
  {
    files: ['test/**/*.{ts,js,mjs}'],
    rules: {
      'no-restricted-properties': 'off',
      'no-restricted-imports': 'off',
      'no-restricted-syntax': 'off',
      // Tests read JSON bodies of many shapes straight from the API; the API's zod schemas type them where it matters.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },

  // Node scripts and configs in plain JavaScript (this file, test/lint/*.mjs).
  {
    files: ['**/*.{js,mjs}'],
    ignores: ['bots/web/web.page.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: { ...globals.node } },
  },

  // The web chat page: a plain browser script served as is (no build, no modules). Its ids and
  // timestamps come from the phone's own clock, which the server's clock rule does not govern.
  {
    files: ['bots/web/web.page.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'script', globals: { ...globals.browser } },
  },
);

// Lint: typescript-eslint's recommended rules, type-aware rules that catch lost promises and
// non-exhaustive switches, React's hooks rules on the renderer, and our import layering
// (build/eslint/layering.mjs: layers, floors, rigs, short shipped functions).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import layering from './build/eslint/layering.mjs';
import { shortFunctions } from './build/eslint/short-functions.mjs';

// Every TypeScript file belongs to one of these programs (tests included), so every rule sees types.
const PROJECTS = [
  './shared/tsconfig.json',
  './shared/tsconfig.test.json',
  './electron/tsconfig.json',
  './renderer/tsconfig.json',
  './renderer/tsconfig.test.json',
  './e2e/tsconfig.json',
  './rigs/tsconfig.json',
  './build/tsconfig.json',
  './tsconfig.tools.json',
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.cache/**', '.data/**', 'dist/**', 'out/**', 'e2e/artifacts/**', 'test-results/**', 'build/eslint/fixtures/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    plugins: { local: layering },
    rules: {
      'local/layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { project: PROJECTS, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A `default` that handles the rest (or rejects it) counts as exhaustive; a switch without one must name every case.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  shortFunctions,
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.mjs', 'build/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
  },
);

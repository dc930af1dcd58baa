// Short functions in shipped code: no function over 80 lines (blank lines and comments not counted)
// in what ships (electron/, shared/, renderer/). Tests, fixtures and rigs are exempt: a test reads
// best as one story, and a rig never ships. Split a long function by job, never raise the limit.
export const MAX_FUNCTION_LINES = 80;

/** @type {import('eslint').Linter.Config} */
export const shortFunctions = {
  files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
  ignores: ['**/*.test.ts', '**/*.test.tsx', '**/*.itest.ts', '**/*.fixture.ts', '**/*.d.ts'],
  rules: { 'max-lines-per-function': ['error', { max: MAX_FUNCTION_LINES, skipBlankLines: true, skipComments: true, IIFEs: true }] },
};

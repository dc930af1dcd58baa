// Two suites: fast unit tests (pure and single-module, run in parallel) and integration tests
// against real regtest nodes and real processes (*.itest.ts, one file at a time: they own ports,
// nodes and disks).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'build/**/*.test.ts', 'rigs/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'itest',
          include: ['electron/**/*.itest.ts', 'shared/**/*.itest.ts', 'build/**/*.itest.ts', 'rigs/**/*.itest.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

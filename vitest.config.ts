import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
          exclude: ['node_modules', 'dist', 'test/e2e/**'],
          setupFiles: ['test/support/no-network.ts'],
          globalSetup: [
            'test/support/global-setup.ts',
            // Starts a private PostgreSQL for the run unless CAIRN_TEST_DATABASE_URL names one (test/support/postgres.ts).
            'test/support/postgres-global-setup.ts',
          ],
        },
      },
      {
        // Real Chromium against a real server (test/e2e/README.md). One file at a time: each starts a
        // server and a browser, and two cores are enough for one of each.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          setupFiles: ['test/support/no-network.ts'],
          globalSetup: ['test/support/global-setup.ts', 'test/e2e/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
    ],
  },
});

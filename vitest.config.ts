import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'test/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/support/no-network.ts'],
    globalSetup: [
      'test/support/global-setup.ts',
      // Starts a private PostgreSQL for the run unless CAIRN_TEST_DATABASE_URL names one (test/support/postgres.ts).
      'test/support/postgres-global-setup.ts',
    ],
  },
});

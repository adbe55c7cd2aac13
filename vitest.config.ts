import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'test/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Starts a private PostgreSQL for the run unless CAIRN_TEST_DATABASE_URL names one (test/support/postgres.ts).
    globalSetup: ['test/support/global-setup.ts'],
  },
});

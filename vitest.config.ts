import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // One throwaway PostgreSQL cluster for the run (the PostgreSQL store's tests need it).
    globalSetup: ['./test/support/postgres/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});

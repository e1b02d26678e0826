import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-support/setup-backend.ts'],
    // tfjs keeps one engine per process: separate processes keep test files independent.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-support/setup-backend.ts'],
    // tfjs keeps one engine per process: separate processes keep test files independent.
    pool: 'forks',
    // Test files run side by side on the two cores, so each computes on one wasm thread.
    env: { TFJS_WASM_THREADS: process.env.TFJS_WASM_THREADS ?? '1' },
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});

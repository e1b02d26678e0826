import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-support/setup-backend.ts'],
    // tfjs keeps one engine per process: separate processes keep test files independent.
    pool: 'forks',
    // vitest runs test files side by side on every core, so each process computes on one
    // wasm thread; the threaded build has tests of its own (wasm-threads.test.ts).
    env: { TFJS_WASM_THREADS: process.env.TFJS_WASM_THREADS ?? '1' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

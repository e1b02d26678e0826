import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    env: { TFJS_WASM_THREADS: process.env.TFJS_WASM_THREADS ?? '1' },
  },
});

import { tf } from '@scenarios/core';
import type { BenchContext, Benchmark, Measurement } from '../benchmark.js';

/** The matrix side: large enough that the product, not the call, is what is timed. */
export const MATMUL_SIZE = 1024;
const WARMUP = 3;
const REPEATS = 20;

/**
 * GFLOP/s of a 1024x1024 float32 matrix product on the default backend: close to the most the
 * backend's kernels can sustain, to set beside the rate a whole network's training reaches.
 */
export const matmulRate: Benchmark = {
  name: 'matmul',
  description: `GFLOP/s of a ${MATMUL_SIZE}x${MATMUL_SIZE} float32 matrix product`,
  async run(context: BenchContext): Promise<Measurement[]> {
    const a = tf.randomNormal([MATMUL_SIZE, MATMUL_SIZE], 0, 1, 'float32', 1);
    const b = tf.randomNormal([MATMUL_SIZE, MATMUL_SIZE], 0, 1, 'float32', 2);
    const product = async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    };
    try {
      for (let i = 0; i < WARMUP; i++) await product();
      const start = performance.now();
      for (let i = 0; i < REPEATS; i++) await product();
      const seconds = (performance.now() - start) / 1000;
      const threads = context.backend.threads === undefined ? '' : `, ${context.backend.threads} threads`;
      return [
        {
          benchmark: 'matmul',
          runtime: context.backend.name,
          metric: 'arithmetic',
          value: (2 * MATMUL_SIZE ** 3 * REPEATS) / seconds / 1e9,
          unit: 'GFLOP/s',
          notes: `${REPEATS} products${threads}`,
        },
      ];
    } finally {
      tf.dispose([a, b]);
    }
  },
};

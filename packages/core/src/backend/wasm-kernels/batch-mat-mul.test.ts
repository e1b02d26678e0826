import { describe, expect, it } from 'vitest';
import { tf } from '../../tf.js';
import { batchMatMulConfig } from './batch-mat-mul.js';
import { seededTensor, wasmErrorAgainstCpu } from './test-support/backends.js';

// Relative to the largest expected magnitude; both sum in float32, in different orders.
const TOLERANCE = 1e-5;

describe('BatchMatMul on wasm', () => {
  it('is the toolkit kernel', () => {
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).toBe(batchMatMulConfig.kernelFunc);
  });

  it('multiplies with the left operand transposed as written', () => {
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const b = tf.tensor2d([1, 0, 2, 1, 0, 1], [3, 2]);
    // aᵀ = [[1, 3, 5], [2, 4, 6]] times b
    expect(Array.from(tf.matMul(a, b, true, false).dataSync())).toEqual([7, 8, 10, 10]);
    tf.dispose([a, b]);
  });

  it.each([
    { name: 'plain', a: [5, 7], b: [7, 3], transposeA: false, transposeB: false },
    { name: 'left transposed', a: [7, 5], b: [7, 3], transposeA: true, transposeB: false },
    { name: 'right transposed', a: [5, 7], b: [3, 7], transposeA: false, transposeB: true },
    { name: 'both transposed', a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
    { name: 'batched, left transposed', a: [3, 6, 4], b: [3, 6, 5], transposeA: true, transposeB: false },
    {
      name: 'batched, right transposed, batch broadcast',
      a: [1, 4, 6],
      b: [3, 5, 6],
      transposeA: false,
      transposeB: true,
    },
    { name: 'dense layer gradient size', a: [64, 576], b: [64, 64], transposeA: true, transposeB: false },
  ])('matches cpu: $name', async ({ a, b, transposeA, transposeB }) => {
    const error = await wasmErrorAgainstCpu(() =>
      tf.matMul(seededTensor(a, 1), seededTensor(b, 2), transposeA, transposeB),
    );
    expect(error).toBeLessThan(TOLERANCE);
  });
});

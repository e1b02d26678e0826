import { describe, expect, it } from 'vitest';
import { tf } from '../../tf.js';
import { sumConfig } from './sum.js';
import { seededTensor, wasmErrorAgainstCpu } from './test-support/backends.js';

describe('Sum on wasm', () => {
  it('is the toolkit kernel', () => {
    expect(tf.getKernel(tf.Sum, 'wasm')?.kernelFunc).toBe(sumConfig.kernelFunc);
  });

  it('sums over leading axes as written', () => {
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect(Array.from(tf.sum(x, 0).dataSync())).toEqual([6, 8, 10, 12]);
    expect(Array.from(tf.sum(x, [0, 1]).dataSync())).toEqual([16, 20]);
    expect(tf.sum(x, [1, 0], true).shape).toEqual([1, 1, 2]);
    x.dispose();
  });

  it.each([
    { name: 'first axis, rows not a multiple of four', shape: [7, 4, 3], axis: 0, keepDims: false },
    { name: 'bias gradient: batch, height and width', shape: [16, 13, 13, 32], axis: [0, 1, 2], keepDims: false },
    { name: 'two groups of 64 rows and 22 left over', shape: [3, 50, 7], axis: [0, 1], keepDims: false },
    { name: 'groups of rows and nothing left over', shape: [256, 5], axis: 0, keepDims: true },
    { name: 'one value per row, in groups', shape: [2, 3, 40], axis: [0, 1, 2], keepDims: false },
    { name: 'leading axes given out of order, kept', shape: [4, 3, 5], axis: [1, 0], keepDims: true },
    { name: 'negative axis meaning the first', shape: [6, 2], axis: -2, keepDims: false },
    { name: 'every axis', shape: [3, 4, 5], axis: [0, 1, 2], keepDims: false },
    { name: 'a middle axis (backend kernel)', shape: [3, 4, 5], axis: 1, keepDims: false },
    { name: 'the last axis (backend kernel)', shape: [3, 4, 5], axis: -1, keepDims: true },
  ])('matches cpu: $name', async ({ shape, axis, keepDims }) => {
    expect(await wasmErrorAgainstCpu(() => tf.sum(seededTensor(shape, 3), axis, keepDims))).toBeLessThan(1e-6);
  });

  it('sums int32 as int32', async () => {
    const error = await wasmErrorAgainstCpu(() => {
      const sums = tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 0);
      expect(sums.dtype).toBe('int32');
      return sums;
    });
    expect(error).toBe(0);
  });
});

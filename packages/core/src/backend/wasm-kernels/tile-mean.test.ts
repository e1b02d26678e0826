import { describe, expect, it } from 'vitest';
import { tf } from '../../tf.js';
import { meanConfig } from './mean.js';
import { seededTensor, wasmErrorAgainstCpu } from './test-support/backends.js';
import { tileConfig } from './tile.js';

describe('Tile on wasm', () => {
  it('is the toolkit kernel', () => {
    expect(tf.getKernel(tf.Tile, 'wasm')?.kernelFunc).toBe(tileConfig.kernelFunc);
  });

  it('repeats blocks as written', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    // [[1, 2], [3, 4]] tiled twice down and three times across.
    expect(Array.from(tf.tile(x, [2, 3]).dataSync())).toEqual([
      1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4,
    ]);
    x.dispose();
  });

  it.each([
    { name: "batch norm's scale over an activation", shape: [1, 1, 1, 5], reps: [3, 4, 6, 1] },
    { name: 'every axis, odd repetitions', shape: [2, 3, 2], reps: [3, 5, 7] },
    { name: 'the innermost axis only', shape: [4, 3], reps: [1, 9] },
    { name: 'no repetition', shape: [3, 2], reps: [1, 1] },
    { name: 'rank 1', shape: [3], reps: [5] },
    { name: 'a zero repetition', shape: [2, 3], reps: [0, 2] },
    { name: 'an empty input', shape: [0, 3], reps: [4, 2] },
  ])('matches cpu: $name', async ({ shape, reps }) => {
    expect(await wasmErrorAgainstCpu(() => tf.tile(seededTensor(shape, 7), reps))).toBe(0);
  });

  it('tiles int32 and bool tensors', async () => {
    const error = await wasmErrorAgainstCpu(() => [
      tf.tile(tf.tensor2d([1, -2, 3, 4], [2, 2], 'int32'), [3, 2]),
      tf.cast(tf.tile(tf.tensor1d([true, false, true], 'bool'), [4]), 'int32'),
    ]);
    expect(error).toBe(0);
  });
});

describe('Mean on wasm', () => {
  it('is the toolkit kernel', () => {
    expect(tf.getKernel(tf.Mean, 'wasm')?.kernelFunc).toBe(meanConfig.kernelFunc);
  });

  it('averages over leading axes as written', () => {
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect(Array.from(tf.mean(x, [0, 1]).dataSync())).toEqual([4, 5]);
    expect(tf.mean(x, 0, true).shape).toEqual([1, 2, 2]);
    x.dispose();
  });

  it.each([
    { name: 'batch-norm statistics', shape: [16, 13, 13, 32], axis: [0, 1, 2], keepDims: false },
    { name: 'first axis, kept', shape: [7, 4, 3], axis: 0, keepDims: true },
    { name: 'every axis', shape: [3, 4, 5], axis: [0, 1, 2], keepDims: false },
    { name: 'the last axis (backend kernel)', shape: [3, 4, 5], axis: -1, keepDims: false },
    { name: 'a middle axis (backend kernel)', shape: [3, 4, 5], axis: 1, keepDims: true },
  ])('matches cpu: $name', async ({ shape, axis, keepDims }) => {
    expect(await wasmErrorAgainstCpu(() => tf.mean(seededTensor(shape, 5), axis, keepDims))).toBeLessThan(1e-6);
  });

  it('averages int32 into float32 as cpu does', async () => {
    const error = await wasmErrorAgainstCpu(() => tf.mean(tf.tensor2d([1, 2, 3, 4, 6, 8], [3, 2], 'int32'), 0));
    expect(error).toBeLessThan(1e-6);
  });

  it('keeps batch norm gradients as cpu computes them', async () => {
    const error = await wasmErrorAgainstCpu(() => {
      const x = seededTensor([4, 5, 5, 3], 11);
      return tf.grad((input: tf.Tensor) => {
        const { mean, variance } = tf.moments(input, [0, 1, 2]);
        const normalised = tf.batchNorm(input, mean, variance, tf.zeros([3]), tf.ones([3]), 1e-3);
        return tf.sum(tf.mul(normalised, seededTensor([4, 5, 5, 3], 12)));
      })(x);
    });
    expect(error).toBeLessThan(1e-4);
  });
});

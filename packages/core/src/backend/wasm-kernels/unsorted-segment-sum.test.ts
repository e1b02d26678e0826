import { describe, expect, it } from 'vitest';
import { tf } from '../../tf.js';
import { seededTensor, seededValues, wasmErrorAgainstCpu } from './test-support/backends.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

/**
 * Segment ids in [-2, numSegments + 2), so some fall outside the range and must be dropped.
 * Typed as rank 1 for `tf.unsortedSegmentSum`, which accepts any rank at run time.
 */
function ids(shape: number[], numSegments: number, seed: number): tf.Tensor1D {
  const values = seededValues(tf.util.sizeFromShape(shape), seed).map(
    (v) => Math.floor(((v + 1) / 2) * (numSegments + 4)) - 2,
  );
  const segmentIds: tf.Tensor = tf.tensor(Int32Array.from(values), shape, 'int32');
  return segmentIds as tf.Tensor1D;
}

describe('UnsortedSegmentSum on wasm', () => {
  it('is the toolkit kernel', () => {
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm')?.kernelFunc).toBe(unsortedSegmentSumConfig.kernelFunc);
  });

  it('sums rows by segment and drops ids outside [0, numSegments)', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [5, 2]);
    const sums = tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, -1, 4], 'int32'), 4);
    expect(sums.shape).toEqual([4, 2]);
    expect(Array.from(sums.dataSync())).toEqual([3, 4, 0, 0, 6, 8, 0, 0]);
    tf.dispose([x, sums]);
  });

  it.each([
    { name: 'rows of a matrix', x: [50, 6], segmentIds: [50], numSegments: 20 },
    { name: 'slices of a rank-3 tensor', x: [40, 3, 4], segmentIds: [40], numSegments: 7 },
    { name: 'scalars (rank-1 x)', x: [30], segmentIds: [30], numSegments: 5 },
  ])('matches cpu: $name', async ({ x, segmentIds, numSegments }) => {
    const error = await wasmErrorAgainstCpu(() =>
      tf.unsortedSegmentSum(seededTensor(x, 11), ids(segmentIds, numSegments, 12), numSegments),
    );
    expect(error).toBeLessThan(1e-6);
  });

  it('takes rank-2 segment ids as their flattening (cpu cannot broadcast these)', async () => {
    const error = await wasmErrorAgainstCpu(
      () => tf.unsortedSegmentSum(seededTensor([6, 5, 3], 11), ids([6, 5], 9, 12), 9),
      () => tf.unsortedSegmentSum(seededTensor([30, 3], 11), ids([30], 9, 12), 9),
    );
    expect(error).toBeLessThan(1e-6);
  });

  it('sums int32 values as int32, as TensorFlow does', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const segmentIds = tf.tensor1d([1, 1, 0], 'int32');
    const sums = tf.unsortedSegmentSum(x, segmentIds, 2);
    expect(sums.dtype).toBe('int32');
    expect(Array.from(sums.dataSync())).toEqual([5, 6, 4, 6]);
    tf.dispose([x, segmentIds, sums]);
  });

  it('gives the gradient of gather along any axis', async () => {
    const error = await wasmErrorAgainstCpu(() => {
      const indices = tf.tensor1d([3, 0, 3, 1, 3], 'int32');
      const weights = tf.tensor1d(seededValues(5 * 2 * 4, 13));
      return tf.grads((params: tf.Tensor) =>
        tf.sum(tf.mul(tf.gather(params, indices, 1), tf.reshape(weights, [2, 5, 4]))),
      )([seededTensor([2, 4, 4], 14)]);
    });
    expect(error).toBeLessThan(1e-6);
  });
});

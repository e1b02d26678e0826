import { describe, expect, it } from 'vitest';
import { tf } from '../../tf.js';
import { gatherV2Config } from './gather-v2.js';
import { seededTensor, seededValues, wasmErrorAgainstCpu } from './test-support/backends.js';

/** Ids in [0, rows), from seeded values. */
function ids(shape: number[], rows: number, seed: number): tf.Tensor {
  const values = seededValues(tf.util.sizeFromShape(shape), seed).map((v) => Math.floor(((v + 1) / 2) * rows));
  return tf.tensor(Int32Array.from(values), shape, 'int32');
}

describe('GatherV2 on wasm', () => {
  it('is the toolkit kernel', () => {
    expect(tf.getKernel(tf.GatherV2, 'wasm')?.kernelFunc).toBe(gatherV2Config.kernelFunc);
  });

  it('picks rows of a table by id, repeats included', () => {
    const table = tf.tensor2d([0, 1, 10, 11, 20, 21], [3, 2]);
    const picked = tf.gather(table, tf.tensor2d([2, 0, 2, 1], [2, 2], 'int32'));
    expect(picked.shape).toEqual([2, 2, 2]);
    expect(Array.from(picked.dataSync())).toEqual([20, 21, 0, 1, 20, 21, 10, 11]);
    tf.dispose([table, picked]);
  });

  it.each([
    { name: 'narrow rows, rank-2 ids (element copies)', x: [50, 3], indices: [7, 9] },
    { name: 'wide rows (copyWithin)', x: [40, 32], indices: [25] },
    { name: 'slices of a rank-3 tensor', x: [20, 4, 5], indices: [3, 6] },
    { name: 'scalars of a rank-1 tensor', x: [30], indices: [12] },
  ])('matches cpu: $name', async ({ x, indices }) => {
    const error = await wasmErrorAgainstCpu(() => tf.gather(seededTensor(x, 21), ids(indices, x[0] as number, 22)));
    expect(error).toBe(0);
  });

  it('copies int32 values exactly', () => {
    const table = tf.tensor2d([2 ** 31 - 1, -5, 7, -(2 ** 31)], [2, 2], 'int32');
    const picked = tf.gather(table, tf.tensor1d([1, 0, 1], 'int32'));
    expect(picked.dtype).toBe('int32');
    expect(Array.from(picked.dataSync())).toEqual([7, -(2 ** 31), 2 ** 31 - 1, -5, 7, -(2 ** 31)]);
    tf.dispose([table, picked]);
  });

  it('hands other axes to the stock kernel', async () => {
    const error = await wasmErrorAgainstCpu(() => tf.gather(seededTensor([4, 6, 3], 23), ids([5], 6, 24), 1));
    expect(error).toBe(0);
  });

  it('refuses an id outside the table', () => {
    const table = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const bad = tf.tensor1d([0, 2], 'int32');
    expect(() => tf.gather(table, bad)).toThrow(/index value 2 is not in \[0, 1\]/);
    tf.dispose([table, bad]);
  });

  it('gives the embedding gradient with it (gather forward, segment sum backward)', async () => {
    const error = await wasmErrorAgainstCpu(() => {
      const weights = tf.tensor(seededValues(6 * 4 * 16, 25), [6, 4, 16]);
      return tf.grads((table: tf.Tensor) => tf.sum(tf.mul(tf.gather(table, ids([6, 4], 10, 26)), weights)))([
        seededTensor([10, 16], 27),
      ]);
    });
    expect(error).toBeLessThan(1e-6);
  });
});

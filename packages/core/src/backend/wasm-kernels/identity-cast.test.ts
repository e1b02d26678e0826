import { describe, expect, it } from 'vitest';
import { tf } from '../../tf.js';
import { castConfig } from './cast.js';
import { identityConfig } from './identity.js';
import { wasmErrorAgainstCpu } from './test-support/backends.js';

describe('Identity and Cast on wasm', () => {
  it('are the toolkit kernels', () => {
    expect(tf.getKernel(tf.Identity, 'wasm')?.kernelFunc).toBe(identityConfig.kernelFunc);
    expect(tf.getKernel(tf.Cast, 'wasm')?.kernelFunc).toBe(castConfig.kernelFunc);
  });

  it('shares data with a clone, which outlives the original', () => {
    const before = tf.memory();
    const x = tf.tensor1d([1, 2, 3]);
    const copy = tf.clone(x);
    const same = tf.cast(x, 'float32');
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers + 1);
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3]);
    copy.dispose();
    expect(Array.from(same.dataSync())).toEqual([1, 2, 3]);
    same.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
  });

  it('converts between dtypes as cpu does', async () => {
    const error = await wasmErrorAgainstCpu(() => {
      const x = tf.tensor1d([1.7, -1.7, 2.5, 0]);
      return [tf.cast(x, 'int32'), tf.cast(tf.cast(x, 'int32'), 'float32')];
    });
    expect(error).toBe(0);
  });

  it('passes gradients through a clone', async () => {
    const error = await wasmErrorAgainstCpu(() =>
      tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.clone(x))))(tf.tensor1d([1, -2, 3])),
    );
    expect(error).toBe(0);
  });
});

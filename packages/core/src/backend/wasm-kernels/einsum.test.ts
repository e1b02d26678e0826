import { describe, expect, it } from 'vitest';
import { tf } from '../../tf.js';
import { einsumConfig } from './einsum.js';
import { seededTensor, wasmErrorAgainstCpu } from './test-support/backends.js';

describe('Einsum on wasm', () => {
  it('is the toolkit kernel', () => {
    expect(tf.getKernel(tf.Einsum, 'wasm')?.kernelFunc).toBe(einsumConfig.kernelFunc);
  });

  it('multiplies matrices as written', () => {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const b = tf.tensor2d([5, 6, 7, 8], [2, 2]);
    const product = tf.einsum('ij,jk->ik', a, b);
    expect(Array.from(product.dataSync())).toEqual([19, 22, 43, 50]);
    tf.dispose([a, b, product]);
  });

  it.each([
    {
      equation: 'ij,jk->ik',
      shapes: [
        [3, 4],
        [4, 5],
      ],
    },
    { equation: 'i,i->', shapes: [[6], [6]] },
    {
      equation: 'bi,bi->b',
      shapes: [
        [3, 5],
        [3, 5],
      ],
    },
    { equation: 'i,j->ij', shapes: [[3], [4]] },
    { equation: 'ij->ji', shapes: [[3, 4]] },
    { equation: 'bij->bji', shapes: [[2, 3, 4]] },
    { equation: 'ij->ij', shapes: [[3, 4]] },
    {
      equation: 'bij,bjk->bik',
      shapes: [
        [2, 3, 4],
        [2, 4, 5],
      ],
    },
  ])('matches cpu: $equation', async ({ equation, shapes }) => {
    const error = await wasmErrorAgainstCpu(() =>
      tf.einsum(equation, ...shapes.map((shape, i) => seededTensor(shape, 50 + i))),
    );
    expect(error).toBeLessThan(1e-6);
  });

  it('converts RGB images to grayscale as cpu does', async () => {
    const error = await wasmErrorAgainstCpu(() =>
      tf.image.rgbToGrayscale(seededTensor([2, 5, 4, 3], 60) as tf.Tensor4D),
    );
    expect(error).toBeLessThan(1e-6);
  });
});

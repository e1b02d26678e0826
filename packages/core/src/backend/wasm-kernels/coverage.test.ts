import { describe, expect, it } from 'vitest';
import { tf } from '../../tf.js';
import { seededTensor, wasmErrorAgainstCpu } from './test-support/backends.js';

/**
 * cpu kernels the wasm backend may go without: complex numbers and FFT, ragged and string
 * tensors and canvas drawing. No model, gradient or augmentation in the toolkit uses them.
 */
const NOT_NEEDED = [
  'Complex',
  'ComplexAbs',
  'Real',
  'Imag',
  'FFT',
  'IFFT',
  'RaggedGather',
  'RaggedRange',
  'RaggedTensorToTensor',
  'StaticRegexReplace',
  'Draw',
];

describe('wasm kernel coverage', () => {
  it('has every cpu kernel a model, its gradients or augmentation can need', () => {
    const wasm = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
    const missing = tf
      .getKernelsForBackend('cpu')
      .map((k) => k.kernelName)
      .filter((name) => !wasm.has(name) && !NOT_NEEDED.includes(name));
    expect(missing).toEqual([]);
  });

  it('runs image augmentation ops as cpu does', async () => {
    const error = await wasmErrorAgainstCpu(() => {
      const images = tf.mul(tf.add(seededTensor([2, 9, 8, 3], 41), 1), 127.5) as tf.Tensor4D;
      const boxes = tf.tensor2d([0.1, 0.2, 0.8, 0.9, 0, 0, 1, 1], [2, 4]);
      const affine = tf.tensor2d([1, 0.1, -1, 0.05, 1, 0.5, 0, 0], [1, 8]);
      const first = tf.slice(images, [0, 0, 0, 0], [1, 9, 8, 3]);
      return [
        tf.image.flipLeftRight(images),
        tf.reverse(images, 1),
        tf.slice(images, [0, 1, 2, 0], [2, 6, 5, 3]),
        tf.pad(images, [
          [0, 0],
          [2, 1],
          [1, 2],
          [0, 0],
        ]),
        tf.mirrorPad(
          images,
          [
            [0, 0],
            [2, 2],
            [2, 2],
            [0, 0],
          ],
          'reflect',
        ),
        tf.image.resizeBilinear(images, [12, 10]),
        tf.image.resizeNearestNeighbor(images, [5, 4]),
        tf.image.cropAndResize(images, boxes, tf.tensor1d([0, 1], 'int32'), [6, 6]),
        tf.image.rotateWithOffset(images, 0.3, 0),
        // One image, and not 'reflect': the backends' own Transform kernels disagree there (cpu
        // mixes up per-image transforms in a batch; they reflect coordinates outside differently
        // and round half-way coordinates differently for nearest-neighbour sampling).
        tf.image.transform(first, affine, 'bilinear', 'nearest'),
        tf.image.transform(first, affine, 'bilinear', 'constant'),
        tf.image.rgbToGrayscale(images),
        tf.clipByValue(tf.add(tf.mul(images, 1.2), -10), 0, 255),
        tf.sub(images, tf.mean(images, [1, 2, 3], true)),
        tf.add(images, tf.randomNormal(images.shape, 0, 5, 'float32', 7)),
      ];
    });
    expect(error).toBeLessThan(1e-5);
  });
});

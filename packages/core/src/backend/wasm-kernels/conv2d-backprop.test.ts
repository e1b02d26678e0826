import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../errors.js';
import { tf } from '../../tf.js';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { seededTensor, wasmErrorAgainstCpu } from './test-support/backends.js';

type Shape4 = [number, number, number, number];

interface ConvCase {
  name: string;
  x: Shape4;
  filter: Shape4;
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

// Relative to the largest expected magnitude; both backends sum in float32, in different orders,
// over up to some 10^5 terms here.
const TOLERANCE = 1e-4;

const CASES: ConvCase[] = [
  { name: 'batch 1, one channel, stride 1, valid', x: [1, 5, 5, 1], filter: [3, 3, 1, 2], strides: 1, pad: 'valid' },
  { name: 'odd sizes, stride 1, same', x: [2, 7, 5, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  {
    name: 'odd sizes, stride 2, same, non-square filter',
    x: [2, 7, 6, 3],
    filter: [3, 2, 3, 5],
    strides: 2,
    pad: 'same',
  },
  {
    name: 'stride 2, valid, a row and column left over',
    x: [3, 8, 9, 4],
    filter: [3, 3, 4, 3],
    strides: 2,
    pad: 'valid',
  },
  {
    name: 'strides 2x1, explicit asymmetric padding',
    x: [2, 9, 7, 5],
    filter: [4, 3, 5, 2],
    strides: [2, 1],
    pad: [
      [0, 0],
      [1, 2],
      [2, 0],
      [0, 0],
    ],
  },
  {
    name: 'explicit padding wider than the filter',
    x: [1, 4, 4, 2],
    filter: [2, 2, 2, 2],
    strides: 1,
    pad: [
      [0, 0],
      [3, 3],
      [3, 1],
      [0, 0],
    ],
  },
  {
    name: 'numeric padding, ceil rounding',
    x: [2, 6, 6, 2],
    filter: [3, 3, 2, 3],
    strides: 2,
    pad: 1,
    dimRoundingMode: 'ceil',
  },
  { name: 'stride 3 wider than the filter', x: [2, 8, 8, 2], filter: [2, 2, 2, 3], strides: 3, pad: 'valid' },
  { name: '1x1 filter, stride 2', x: [2, 5, 5, 4], filter: [1, 1, 4, 6], strides: 2, pad: 'same' },
  { name: 'first layer: one channel, stride 2, same', x: [2, 9, 8, 1], filter: [3, 3, 1, 16], strides: 2, pad: 'same' },
  {
    name: 'first layer: three channels, stride 1, same',
    x: [3, 10, 10, 3],
    filter: [3, 3, 3, 32],
    strides: 1,
    pad: 'same',
  },
  { name: 'reference CNN, first layer', x: [4, 28, 28, 1], filter: [3, 3, 1, 32], strides: 1, pad: 'valid' },
  { name: 'reference CNN, second layer', x: [2, 13, 13, 32], filter: [3, 3, 32, 64], strides: 1, pad: 'valid' },
  { name: 'stride 1, same, 8 channels', x: [2, 9, 8, 8], filter: [3, 3, 8, 5], strides: 1, pad: 'same' },
  {
    name: 'stride 1, explicit padding, 16 channels',
    x: [2, 8, 7, 16],
    filter: [3, 4, 16, 4],
    strides: 1,
    pad: [
      [0, 0],
      [2, 1],
      [0, 3],
      [0, 0],
    ],
  },
  { name: 'stride 1, valid, small output', x: [2, 5, 5, 16], filter: [3, 3, 16, 8], strides: 1, pad: 'valid' },
];

/**
 * Patch matrices of more than one image's worth of scratch (4M floats), so the kernels run in
 * chunks of images. Too slow for cpu's filter gradient: that one is checked for adding up.
 */
const LARGE_CASES: ConvCase[] = [
  { name: 'stride 1, same', x: [5, 64, 64, 24], filter: [3, 3, 24, 2], strides: 1, pad: 'same' },
  { name: 'stride 2, same', x: [4, 128, 128, 32], filter: [3, 3, 32, 2], strides: 2, pad: 'same' },
  { name: 'one channel (patches on the right)', x: [3, 400, 400, 1], filter: [3, 3, 1, 10], strides: 1, pad: 'valid' },
];

function outShape(c: ConvCase): Shape4 {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, c.dimRoundingMode).outShape;
}

function attrs(c: ConvCase): tf.NamedAttrMap {
  return { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.dimRoundingMode } as tf.NamedAttrMap;
}

describe('Conv2DBackpropFilter on wasm', () => {
  it('is the toolkit kernel', () => {
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')?.kernelFunc).toBe(conv2DBackpropFilterConfig.kernelFunc);
  });

  it.each(CASES)('matches cpu: $name', async (c) => {
    const error = await wasmErrorAgainstCpu(
      () =>
        tf
          .engine()
          .runKernel(
            tf.Conv2DBackpropFilter,
            { x: seededTensor(c.x, 1), dy: seededTensor(outShape(c), 2) },
            { ...attrs(c), filterShape: c.filter },
          ) as tf.Tensor,
    );
    expect(error).toBeLessThan(TOLERANCE);
  });

  it.each(LARGE_CASES)('adds up the chunks of a large batch to the per-image gradients: $name', (c) => {
    const x = seededTensor(c.x, 1);
    const dy = seededTensor(outShape(c), 2);
    const grad = (images: tf.Tensor, grads: tf.Tensor) =>
      tf
        .engine()
        .runKernel(
          tf.Conv2DBackpropFilter,
          { x: images, dy: grads },
          { ...attrs(c), filterShape: c.filter },
        ) as tf.Tensor;
    const before = tf.memory().numTensors;
    const error = tf.tidy(() => {
      const perImage = tf.addN(Array.from({ length: c.x[0] }, (_, n) => grad(tf.slice(x, n, 1), tf.slice(dy, n, 1))));
      return tf.div(tf.max(tf.abs(tf.sub(grad(x, dy), perImage))), tf.max(tf.abs(perImage)));
    });
    expect(error.dataSync()[0]).toBeLessThan(TOLERANCE);
    tf.dispose([x, dy, error]);
    expect(tf.memory().numTensors).toBe(before - 2);
  });

  it('rejects channels-first data, which wasm convolutions do not run', () => {
    const x = tf.zeros([1, 2, 5, 5]);
    const dy = tf.zeros([1, 2, 3, 3]);
    expect(() =>
      tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
        strides: 1,
        pad: 'valid',
        dataFormat: 'NCHW',
        filterShape: [3, 3, 2, 2],
      } as tf.NamedAttrMap),
    ).toThrow(ScenarioError);
    tf.dispose([x, dy]);
  });
});

describe('Conv2DBackpropInput on wasm', () => {
  it('is the toolkit kernel', () => {
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')?.kernelFunc).toBe(conv2DBackpropInputConfig.kernelFunc);
  });

  it.each([...CASES, ...LARGE_CASES])('matches cpu: $name', async (c) => {
    const error = await wasmErrorAgainstCpu(
      () =>
        tf
          .engine()
          .runKernel(
            tf.Conv2DBackpropInput,
            { dy: seededTensor(outShape(c), 3), filter: seededTensor(c.filter, 4) },
            { ...attrs(c), inputShape: c.x },
          ) as tf.Tensor,
    );
    expect(error).toBeLessThan(TOLERANCE);
  });

  it('runs a transposed convolution (upsampling by 2) as on cpu', async () => {
    const error = await wasmErrorAgainstCpu(() =>
      tf.conv2dTranspose(
        seededTensor([2, 4, 5, 3], 5) as tf.Tensor4D,
        seededTensor([4, 4, 2, 3], 6) as tf.Tensor4D,
        [2, 8, 10, 2],
        2,
        'same',
      ),
    );
    expect(error).toBeLessThan(TOLERANCE);
  });
});

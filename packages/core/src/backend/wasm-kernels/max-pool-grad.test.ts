import { describe, expect, it } from 'vitest';
import { tf } from '../../tf.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { seededTensor, wasmErrorAgainstCpu } from './test-support/backends.js';

type Shape4 = [number, number, number, number];

interface PoolCase {
  name: string;
  x: Shape4;
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  /** How the input is made: seeded values, after ReLU (many tied zeros), or three levels (many ties). */
  values?: 'seeded' | 'relu' | 'levels';
}

// Each dx element is one dy element or a sum of a few: only the order of additions differs.
const TOLERANCE = 1e-6;

const CASES: PoolCase[] = [
  { name: '2x2 stride 2 valid, batch 1, one channel', x: [1, 6, 6, 1], filterSize: 2, strides: 2, pad: 'valid' },
  {
    name: '2x2 stride 2 valid, after ReLU',
    x: [4, 26, 26, 8],
    filterSize: 2,
    strides: 2,
    pad: 'valid',
    values: 'relu',
  },
  { name: '2x2 stride 2 valid, odd size', x: [2, 7, 9, 3], filterSize: 2, strides: 2, pad: 'valid' },
  { name: '2x2 stride 2 same, odd size', x: [2, 7, 9, 3], filterSize: 2, strides: 2, pad: 'same' },
  {
    name: '2x2 stride 2 valid, many ties',
    x: [3, 8, 10, 5],
    filterSize: 2,
    strides: 2,
    pad: 'valid',
    values: 'levels',
  },
  { name: '3x3 stride 2 same, overlapping windows', x: [2, 9, 7, 4], filterSize: 3, strides: 2, pad: 'same' },
  { name: '3x3 stride 1 same, many ties', x: [2, 6, 6, 3], filterSize: 3, strides: 1, pad: 'same', values: 'levels' },
  { name: '3x2 filter, strides 2x1, valid', x: [3, 8, 7, 2], filterSize: [3, 2], strides: [2, 1], pad: 'valid' },
  {
    name: 'explicit asymmetric padding',
    x: [2, 5, 6, 2],
    filterSize: 2,
    strides: 1,
    pad: [
      [0, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ],
  },
  {
    name: 'numeric padding, ceil rounding',
    x: [2, 7, 7, 2],
    filterSize: 3,
    strides: 2,
    pad: 1,
    dimRoundingMode: 'ceil',
  },
  {
    name: 'reference CNN, first pooling',
    x: [16, 26, 26, 32],
    filterSize: 2,
    strides: 2,
    pad: 'valid',
    values: 'relu',
  },
];

function input(c: PoolCase): tf.Tensor4D {
  const x = seededTensor(c.x, 7) as tf.Tensor4D;
  if (c.values === 'relu') return tf.relu(x);
  if (c.values === 'levels') return tf.floor(tf.mul(tf.add(x, 1), 1.5)) as tf.Tensor4D;
  return x;
}

/** The kernel run directly, given the forward output as the gradient of `maxPool` gives it, or not. */
function poolGrad(c: PoolCase, withOutput = true): tf.Tensor {
  const x = input(c);
  const y = tf.maxPool(x, c.filterSize, c.strides, c.pad, c.dimRoundingMode);
  const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad, dimRoundingMode: c.dimRoundingMode };
  const inputs: tf.NamedTensorMap = { dy: seededTensor(y.shape, 8), input: x };
  if (withOutput) inputs.output = y;
  return tf.engine().runKernel(tf.MaxPoolGrad, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
}

describe('MaxPoolGrad on wasm', () => {
  it('is the toolkit kernel', () => {
    expect(tf.getKernel(tf.MaxPoolGrad, 'wasm')?.kernelFunc).toBe(maxPoolGradConfig.kernelFunc);
  });

  it('sends each gradient to the first maximum of its window', () => {
    // Windows: {1,2,3,3} -> first 3; {5,5,0,1} -> first 5; all zeros -> first; {7,6,6,7} -> first 7.
    const x = tf.tensor4d([1, 2, 5, 5, 3, 3, 0, 1, 0, 0, 7, 6, 0, 0, 6, 7], [1, 4, 4, 1]);
    const dy = tf.tensor4d([10, 20, 30, 40], [1, 2, 2, 1]);
    const dx = tf.grad((v: tf.Tensor) => tf.mul(tf.maxPool(v as tf.Tensor4D, 2, 2, 'valid'), dy))(x);
    expect(Array.from(dx.dataSync())).toEqual([0, 0, 20, 0, 10, 0, 0, 0, 30, 0, 40, 0, 0, 0, 0, 0]);
    tf.dispose([x, dy, dx]);
  });

  it('finds the first maximum of 2x2 windows with signed zeros, NaN and -Infinity', () => {
    // Windows, row-major: {-0, 0, 0, -0} -> first; {NaN, 1, 2, 2} -> the first 2 (NaN is never a
    // maximum); all -Infinity -> none; {0, -0, -0, 0} -> first; {3, 3, 3, 3} -> first; all NaN
    // -> none; {-1, -2, -0.5, -0.5} -> the first -0.5; {1, 5, 5, 2} -> the first 5. The last odd
    // row and column belong to no window. The forward output gives the zero maxima the sign of
    // neither first zero, so the kernel has to treat -0 and 0 as equal.
    const [nan, inf] = [Number.NaN, Number.POSITIVE_INFINITY];
    const x = tf.tensor4d(
      [
        [-0, 0, nan, 1, -inf, -inf, 0, -0, 9],
        [0, -0, 2, 2, -inf, -inf, -0, 0, 9],
        [3, 3, nan, nan, -1, -2, 1, 5, 9],
        [3, 3, nan, nan, -0.5, -0.5, 5, 2, 9],
        [9, 9, 9, 9, 9, 9, 9, 9, 9],
      ].flat(),
      [1, 5, 9, 1],
    );
    const output = tf.tensor4d([0, 2, -inf, -0, 3, nan, -0.5, 5], [1, 2, 4, 1]);
    const dy = tf.tensor4d([10, 20, 30, 40, 50, 60, 70, 80], [1, 2, 4, 1]);
    const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
    const dx = tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output }, attrs) as tf.Tensor;
    expect(Array.from(dx.dataSync())).toEqual(
      [
        [10, 0, 0, 0, 0, 0, 40, 0, 0],
        [0, 0, 20, 0, 0, 0, 0, 0, 0],
        [50, 0, 0, 0, 0, 0, 0, 80, 0],
        [0, 0, 0, 0, 70, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0],
      ].flat(),
    );
    tf.dispose([x, output, dy, dx]);
  });

  it.each(CASES)('matches cpu: $name', async (c) => {
    expect(await wasmErrorAgainstCpu(() => poolGrad(c))).toBeLessThan(TOLERANCE);
  });

  it.each(CASES.filter((c) => c.filterSize === 2 && c.strides === 2))(
    'matches cpu without the forward output: $name',
    async (c) => {
      expect(await wasmErrorAgainstCpu(() => poolGrad(c, false))).toBeLessThan(TOLERANCE);
    },
  );
});

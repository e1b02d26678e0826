import { describe, expect, it } from 'vitest';
import { tf } from '../../tf.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-backprop-input.js';
import { seededTensor, wasmErrorAgainstCpu } from './test-support/backends.js';

type Shape4 = [number, number, number, number];

interface DepthwiseCase {
  name: string;
  x: Shape4;
  /** `[kh, kw, channels, multiplier]` */
  filter: Shape4;
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

// Relative to the largest expected magnitude.
const TOLERANCE = 1e-5;

const CASES: DepthwiseCase[] = [
  { name: 'batch 1, multiplier 1, stride 1, valid', x: [1, 5, 5, 3], filter: [3, 3, 3, 1], strides: 1, pad: 'valid' },
  { name: 'multiplier 2, stride 1, same, odd sizes', x: [2, 7, 6, 3], filter: [3, 3, 3, 2], strides: 1, pad: 'same' },
  { name: 'stride 2, same', x: [2, 9, 8, 4], filter: [3, 3, 4, 1], strides: 2, pad: 'same' },
  {
    name: 'stride 2, valid, multiplier 3, a row left over',
    x: [3, 8, 9, 2],
    filter: [3, 2, 2, 3],
    strides: 2,
    pad: 'valid',
  },
  {
    name: 'strides 1x2, explicit asymmetric padding',
    x: [2, 6, 7, 3],
    filter: [2, 3, 3, 2],
    strides: [1, 2],
    pad: [
      [0, 0],
      [1, 0],
      [2, 1],
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
    filter: [3, 3, 2, 1],
    strides: 2,
    pad: 1,
    dimRoundingMode: 'ceil',
  },
  {
    name: '5x5 filter wider than half the image, same',
    x: [2, 4, 4, 2],
    filter: [5, 5, 2, 1],
    strides: 1,
    pad: 'same',
  },
  { name: 'mobile block: 32 channels, 3x3, same', x: [8, 14, 14, 32], filter: [3, 3, 32, 1], strides: 1, pad: 'same' },
];

/** Dilated cases: cpu ignores dilations here, so its reference is the zero-filled wide filter. */
const DILATED: (DepthwiseCase & { dilations: [number, number] })[] = [
  {
    name: 'dilation 2, stride 1, same',
    x: [2, 9, 9, 3],
    filter: [3, 3, 3, 2],
    strides: 1,
    pad: 'same',
    dilations: [2, 2],
  },
  { name: 'dilation 2x1, valid', x: [2, 9, 7, 2], filter: [3, 2, 2, 1], strides: 1, pad: 'valid', dilations: [2, 1] },
  {
    name: 'dilation 3, explicit padding',
    x: [1, 10, 10, 2],
    filter: [2, 2, 2, 2],
    strides: 1,
    pad: 2,
    dilations: [3, 3],
  },
  {
    name: 'dilation 2, padding wider than the filter',
    x: [1, 6, 6, 2],
    filter: [2, 2, 2, 1],
    strides: 1,
    pad: 3,
    dilations: [2, 2],
  },
];

function outShape(c: DepthwiseCase, dilations: number | [number, number] = 1): Shape4 {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, dilations, c.pad, c.dimRoundingMode, true)
    .outShape;
}

function attrs(c: DepthwiseCase, dilations: number | [number, number] = 1): tf.NamedAttrMap {
  return { strides: c.strides, pad: c.pad, dilations, dimRoundingMode: c.dimRoundingMode } as tf.NamedAttrMap;
}

/** The filter a dilation stands for: taps spread `dilation` apart with zeros between. */
function widenedShape(filter: Shape4, [dh, dw]: [number, number]): Shape4 {
  return [(filter[0] - 1) * dh + 1, (filter[1] - 1) * dw + 1, filter[2], filter[3]];
}

function widen(filter: tf.Tensor, [dh, dw]: [number, number]): tf.Tensor {
  const taps = filter.bufferSync();
  const [kh, kw, c, m] = filter.shape as Shape4;
  const wide = tf.buffer(widenedShape([kh, kw, c, m], [dh, dw]));
  for (let h = 0; h < kh; h++) {
    for (let w = 0; w < kw; w++) {
      for (let ch = 0; ch < c; ch++) {
        for (let mm = 0; mm < m; mm++) wide.set(taps.get(h, w, ch, mm), h * dh, w * dw, ch, mm);
      }
    }
  }
  return wide.toTensor();
}

describe('DepthwiseConv2dNativeBackpropFilter on wasm', () => {
  it('is the toolkit kernel', () => {
    expect(tf.getKernel(tf.DepthwiseConv2dNativeBackpropFilter, 'wasm')?.kernelFunc).toBe(
      depthwiseConv2dNativeBackpropFilterConfig.kernelFunc,
    );
  });

  it.each(CASES)('matches cpu: $name', async (c) => {
    const error = await wasmErrorAgainstCpu(
      () =>
        tf
          .engine()
          .runKernel(
            tf.DepthwiseConv2dNativeBackpropFilter,
            { x: seededTensor(c.x, 1), dy: seededTensor(outShape(c), 2) },
            { ...attrs(c), filterShape: c.filter },
          ) as tf.Tensor,
    );
    expect(error).toBeLessThan(TOLERANCE);
  });

  it.each(DILATED)('matches the widened filter on cpu: $name', async (c) => {
    const wide = widenedShape(c.filter, c.dilations);
    const error = await wasmErrorAgainstCpu(
      () =>
        tf
          .engine()
          .runKernel(
            tf.DepthwiseConv2dNativeBackpropFilter,
            { x: seededTensor(c.x, 1), dy: seededTensor(outShape(c, c.dilations), 2) },
            { ...attrs(c, c.dilations), filterShape: c.filter },
          ) as tf.Tensor,
      () => {
        const grad = tf
          .engine()
          .runKernel(
            tf.DepthwiseConv2dNativeBackpropFilter,
            { x: seededTensor(c.x, 1), dy: seededTensor(outShape(c, c.dilations), 2) },
            { ...attrs(c), filterShape: wide },
          ) as tf.Tensor;
        return tf.stridedSlice(grad, [0, 0, 0, 0], wide, [c.dilations[0], c.dilations[1], 1, 1]);
      },
    );
    expect(error).toBeLessThan(TOLERANCE);
  });
});

describe('DepthwiseConv2dNativeBackpropInput on wasm', () => {
  it('is the toolkit kernel', () => {
    expect(tf.getKernel(tf.DepthwiseConv2dNativeBackpropInput, 'wasm')?.kernelFunc).toBe(
      depthwiseConv2dNativeBackpropInputConfig.kernelFunc,
    );
  });

  it.each(CASES)('matches cpu: $name', async (c) => {
    const error = await wasmErrorAgainstCpu(
      () =>
        tf
          .engine()
          .runKernel(
            tf.DepthwiseConv2dNativeBackpropInput,
            { dy: seededTensor(outShape(c), 3), filter: seededTensor(c.filter, 4) },
            { ...attrs(c), inputShape: c.x },
          ) as tf.Tensor,
    );
    expect(error).toBeLessThan(TOLERANCE);
  });

  it.each(DILATED)('matches the widened filter on cpu: $name', async (c) => {
    const error = await wasmErrorAgainstCpu(
      () =>
        tf
          .engine()
          .runKernel(
            tf.DepthwiseConv2dNativeBackpropInput,
            { dy: seededTensor(outShape(c, c.dilations), 3), filter: seededTensor(c.filter, 4) },
            { ...attrs(c, c.dilations), inputShape: c.x },
          ) as tf.Tensor,
      () =>
        tf
          .engine()
          .runKernel(
            tf.DepthwiseConv2dNativeBackpropInput,
            { dy: seededTensor(outShape(c, c.dilations), 3), filter: widen(seededTensor(c.filter, 4), c.dilations) },
            { ...attrs(c), inputShape: c.x },
          ) as tf.Tensor,
    );
    expect(error).toBeLessThan(TOLERANCE);
  });
});

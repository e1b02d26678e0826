import { tf } from '../../tf.js';
import { insideRange } from './patches.js';
import { assertFloat32, type WasmKernelArgs } from './wasm-backend.js';

/**
 * The filter gradient of a depthwise 2-D convolution (NHWC, filter `[kh, kw, c, m]`, output
 * channel `c*m_count + m`): `dW[kh, kw, c, m] = sum over n, oh, ow of
 * x[n, oh*s + kh*d - pad, ow*s + kw*d - pad, c] * dy[n, oh, ow, c*m_count + m]`.
 *
 * One multiply-add per element of `dy` and filter tap, which no XNNPACK kernel of the backend
 * computes, so a loop: filter tap by filter tap, over the output positions whose tap lands in
 * the image (no bounds checks inside), all output channels of a position at a time
 * (contiguous in NHWC), unrolled by four, summed in float64 so that long sums over large
 * batches stay exact to float32.
 */
function depthwiseConv2dNativeBackpropFilter(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, filterShape } =
    args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  assertFloat32(tf.DepthwiseConv2dNativeBackpropFilter, [x, dy]);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo } = info;
  const multiplier = outChannels / inChannels;
  // Channels handled four at a time; the rest one by one.
  const unrolled = multiplier === 1 ? outChannels - (outChannels % 4) : 0;
  const xs = backend.typedArrayFromHeap(x) as Float32Array;
  const grad = backend.typedArrayFromHeap(dy) as Float32Array;
  const sums = new Float64Array(filterHeight * filterWidth * outChannels);

  for (let kh = 0; kh < filterHeight; kh++) {
    const down = kh * dilationHeight - padInfo.top;
    const [ohStart, ohEnd] = insideRange(down, { stride: strideHeight, size: inHeight, count: outHeight });
    for (let kw = 0; kw < filterWidth; kw++) {
      const shift = kw * dilationWidth - padInfo.left;
      const [owStart, owEnd] = insideRange(shift, { stride: strideWidth, size: inWidth, count: outWidth });
      const sumAt = (kh * filterWidth + kw) * outChannels;
      for (let n = 0; n < batchSize; n++) {
        for (let oh = ohStart; oh < ohEnd; oh++) {
          const ih = oh * strideHeight + down;
          let xAt = ((n * inHeight + ih) * inWidth + owStart * strideWidth + shift) * inChannels;
          let dyAt = ((n * outHeight + oh) * outWidth + owStart) * outChannels;
          for (let ow = owStart; ow < owEnd; ow++, xAt += strideWidth * inChannels, dyAt += outChannels) {
            let j = 0;
            for (; j < unrolled; j += 4) {
              sums[sumAt + j] = (sums[sumAt + j] as number) + (xs[xAt + j] as number) * (grad[dyAt + j] as number);
              sums[sumAt + j + 1] =
                (sums[sumAt + j + 1] as number) + (xs[xAt + j + 1] as number) * (grad[dyAt + j + 1] as number);
              sums[sumAt + j + 2] =
                (sums[sumAt + j + 2] as number) + (xs[xAt + j + 2] as number) * (grad[dyAt + j + 2] as number);
              sums[sumAt + j + 3] =
                (sums[sumAt + j + 3] as number) + (xs[xAt + j + 3] as number) * (grad[dyAt + j + 3] as number);
            }
            for (; j < outChannels; j++) {
              const xValue = xs[xAt + Math.floor(j / multiplier)] as number;
              sums[sumAt + j] = (sums[sumAt + j] as number) + xValue * (grad[dyAt + j] as number);
            }
          }
        }
      }
    }
  }
  // [kh, kw, c*multiplier + m] is the same memory order as [kh, kw, c, m].
  return backend.makeOutput(filterShape, 'float32', undefined, Float32Array.from(sums));
}

export const depthwiseConv2dNativeBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter as unknown as tf.KernelFunc,
};

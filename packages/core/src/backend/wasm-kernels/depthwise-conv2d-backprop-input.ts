import { tf } from '../../tf.js';
import { assertFloat32, disposeAll, runWasmKernel, type WasmBackend, type WasmKernelArgs } from './wasm-backend.js';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/**
 * The input gradient of a depthwise 2-D convolution (NHWC, filter `[kh, kw, c, m]`): each
 * output position adds `sum over m of dy[n, oh, ow, c*m_count + m] * W[kh, kw, c, m]` onto
 * every input element `x[n, oh*s + kh*d - pad, ow*s + kw*d - pad, c]` its filter covered.
 *
 * Usually a depthwise convolution on the wasm backend's XNNPACK kernel: of `dy` (with zeros
 * inserted between its rows and columns for a stride above 1), padded by
 * `effective filter - 1 - pad`, with the filter turned by 180° and the same dilation; with a
 * channel multiplier above 1, each input channel then sums its multiplier's worth of outputs.
 * Padding wider than the filter leaves that negative, and such cases take one scatter pass.
 */
function depthwiseConv2dNativeBackpropInput(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, inputShape } =
    args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  assertFloat32(tf.DepthwiseConv2dNativeBackpropInput, [dy, filter]);
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const job = { dy, filter, info };
  const pads = transposedPadding(info);
  return pads.every((p) => p >= 0) ? byConvolution(backend, job, pads) : byScatter(backend, job);
}

interface BackpropJob {
  dy: tf.TensorInfo;
  filter: tf.TensorInfo;
  info: Conv2DInfo;
}

/**
 * Padding `[top, bottom, left, right]` of the (zero-inserted) `dy` for a stride-1 convolution
 * with the turned filter to land exactly on the input grid.
 */
function transposedPadding(info: Conv2DInfo): number[] {
  const { padInfo, effectiveFilterHeight: kh, effectiveFilterWidth: kw } = info;
  const spreadHeight = (info.outHeight - 1) * info.strideHeight + 1;
  const spreadWidth = (info.outWidth - 1) * info.strideWidth + 1;
  const top = kh - 1 - padInfo.top;
  const left = kw - 1 - padInfo.left;
  return [top, info.inHeight - 1 + kh - spreadHeight - top, left, info.inWidth - 1 + kw - spreadWidth - left];
}

function byConvolution(backend: WasmBackend, job: BackpropJob, pads: number[]): tf.TensorInfo {
  const { info } = job;
  const { batchSize, inHeight, inWidth, inChannels, outChannels, filterHeight: kh, filterWidth: kw } = info;
  const spread = spreadOut(backend, job);
  // turned[h, w, j, 0] = filter[kh-1-h, kw-1-w, j] over the output channels j = c*multiplier + m.
  const turned = backend.makeOutput([kh, kw, outChannels, 1], 'float32');
  const to = backend.typedArrayFromHeap(turned) as Float32Array;
  const from = backend.typedArrayFromHeap(job.filter) as Float32Array;
  for (let h = 0; h < kh; h++) {
    for (let w = 0; w < kw; w++) {
      const at = (h * kw + w) * outChannels;
      const turnedAt = ((kh - 1 - h) * kw + (kw - 1 - w)) * outChannels;
      to.set(from.subarray(turnedAt, turnedAt + outChannels), at);
    }
  }
  const [top, bottom, left, right] = pads;
  const perOutput = runWasmKernel(tf.DepthwiseConv2dNative, {
    inputs: { x: spread, filter: turned },
    backend,
    attrs: {
      strides: 1,
      dilations: [info.dilationHeight, info.dilationWidth],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
    } as unknown as tf.NamedAttrMap,
  });
  disposeAll(backend, spread === job.dy ? [turned] : [turned, spread]);
  if (outChannels === inChannels) return perOutput;
  const dx = runWasmKernel(tf.Sum, {
    inputs: { x: { ...perOutput, shape: [batchSize, inHeight, inWidth, inChannels, outChannels / inChannels] } },
    backend,
    attrs: { axis: 4, keepDims: false },
  });
  disposeAll(backend, [perOutput]);
  return dx;
}

/** `dy` with `stride - 1` zeros between its rows and between its columns (itself at stride 1). */
function spreadOut(backend: WasmBackend, job: BackpropJob): tf.TensorInfo {
  const { batchSize, outHeight, outWidth, outChannels, strideHeight, strideWidth } = job.info;
  if (strideHeight === 1 && strideWidth === 1) return job.dy;
  const height = (outHeight - 1) * strideHeight + 1;
  const width = (outWidth - 1) * strideWidth + 1;
  const spread = backend.makeOutput([batchSize, height, width, outChannels], 'float32');
  const to = backend.typedArrayFromHeap(spread) as Float32Array;
  const from = backend.typedArrayFromHeap(job.dy) as Float32Array;
  to.fill(0);
  let at = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const rowAt = (n * height + oh * strideHeight) * width * outChannels;
      for (let ow = 0; ow < outWidth; ow++, at += outChannels) {
        to.set(from.subarray(at, at + outChannels), rowAt + ow * strideWidth * outChannels);
      }
    }
  }
  return spread;
}

function byScatter(backend: WasmBackend, job: BackpropJob): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = job.info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo } = job.info;
  const multiplier = outChannels / inChannels;
  const out = backend.makeOutput(job.info.inShape, 'float32');
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  const grad = backend.typedArrayFromHeap(job.dy) as Float32Array;
  const weights = backend.typedArrayFromHeap(job.filter) as Float32Array;
  dx.fill(0);
  let dyAt = 0;
  for (let n = 0; n < batchSize; n++) {
    const imageAt = n * inHeight * inWidth * inChannels;
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, dyAt += outChannels) {
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh * dilationHeight - padInfo.top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw * dilationWidth - padInfo.left;
            if (iw < 0 || iw >= inWidth) continue;
            const xAt = imageAt + (ih * inWidth + iw) * inChannels;
            const wAt = (kh * filterWidth + kw) * outChannels;
            for (let c = 0; c < inChannels; c++) {
              let sum = 0;
              for (let j = c * multiplier; j < (c + 1) * multiplier; j++) {
                sum += (grad[dyAt + j] as number) * (weights[wAt + j] as number);
              }
              dx[xAt + c] = (dx[xAt + c] as number) + sum;
            }
          }
        }
      }
    }
  }
  return out;
}

export const depthwiseConv2dNativeBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInput as unknown as tf.KernelFunc,
};

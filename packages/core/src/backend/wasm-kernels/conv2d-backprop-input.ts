import { tf } from '../../tf.js';
import { col2im } from './patches.js';
import {
  assertFloat32,
  assertNhwc,
  disposeAll,
  floatOffset,
  heapFloats,
  imagesPerChunk,
  matrixRows,
  runWasmKernel,
  type WasmBackend,
  type WasmKernelArgs,
  withShape,
} from './wasm-backend.js';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/**
 * The input gradient of a 2-D convolution (NHWC), also the forward pass of a transposed
 * convolution: each output position spreads `dy[n, oh, ow, :] · W[kh, kw, ci, :]` back over
 * the input elements its filter covered. Two ways, both on the wasm backend's XNNPACK kernels:
 *
 * - stride 1: a convolution of `dy`, padded by `filter - 1 - pad`, with the filter turned by
 *   180° and its channels swapped. Used when that padding is not negative and it does little
 *   wasted work on padding (and XNNPACK gets enough output channels to be fast);
 * - otherwise, any stride or padding: one matrix product `dy [positions, co] × Wᵀ [co, taps]`
 *   whose rows are added back onto the image (col2im), in chunks of images.
 */
function conv2DBackpropInput(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
    args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  assertNhwc(tf.Conv2DBackpropInput, dataFormat);
  assertFloat32(tf.Conv2DBackpropInput, [dy, filter]);
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const job = { dy, filter, info };
  return prefersConvolution(info) ? byConvolution(backend, job) : byCol2im(backend, job);
}

interface BackpropJob {
  dy: tf.TensorInfo;
  filter: tf.TensorInfo;
  info: Conv2DInfo;
}

/** XNNPACK is slow with few output channels; col2im costs less than much wasted padding. */
const MIN_CHANNELS_FOR_CONVOLUTION = 8;
const MAX_PADDING_OVERHEAD = 1.5;

function prefersConvolution(info: Conv2DInfo): boolean {
  const { top, bottom, left, right } = info.padInfo;
  return (
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    Math.max(top, bottom) < info.filterHeight &&
    Math.max(left, right) < info.filterWidth &&
    info.inChannels >= MIN_CHANNELS_FOR_CONVOLUTION &&
    info.inHeight * info.inWidth <= MAX_PADDING_OVERHEAD * info.outHeight * info.outWidth
  );
}

function byConvolution(backend: WasmBackend, job: BackpropJob): tf.TensorInfo {
  const { filterHeight: kh, filterWidth: kw, inChannels, outChannels, padInfo } = job.info;
  // turned[h, w, o, i] = filter[kh-1-h, kw-1-w, i, o]
  const turned = backend.makeOutput([kh, kw, outChannels, inChannels], 'float32');
  const to = backend.typedArrayFromHeap(turned) as Float32Array;
  const from = backend.typedArrayFromHeap(job.filter) as Float32Array;
  for (let h = 0, at = 0; h < kh; h++) {
    for (let w = 0; w < kw; w++) {
      const tapAt = ((kh - 1 - h) * kw + (kw - 1 - w)) * inChannels * outChannels;
      for (let o = 0; o < outChannels; o++) {
        for (let i = 0; i < inChannels; i++) to[at++] = from[tapAt + i * outChannels + o] as number;
      }
    }
  }
  const pad = [
    [0, 0],
    [kh - 1 - padInfo.top, kh - 1 - padInfo.bottom],
    [kw - 1 - padInfo.left, kw - 1 - padInfo.right],
    [0, 0],
  ];
  const dx = runWasmKernel(tf.Conv2D, {
    inputs: { x: job.dy, filter: turned },
    backend,
    attrs: { strides: 1, pad, dilations: 1, dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap,
  });
  disposeAll(backend, [turned]);
  return dx;
}

function byCol2im(backend: WasmBackend, job: BackpropJob): tf.TensorInfo {
  const { info } = job;
  const taps = info.filterHeight * info.filterWidth * info.inChannels;
  const positions = info.outHeight * info.outWidth;
  const imageSize = info.inHeight * info.inWidth * info.inChannels;
  const chunk = imagesPerChunk(positions * taps);

  const dx = backend.makeOutput(info.inShape, 'float32');
  const filterT = runWasmKernel(tf.Transpose, {
    inputs: { x: withShape(job.filter, [taps, info.outChannels]) },
    backend,
    attrs: { perm: [1, 0] },
  });
  for (let first = 0; first < info.batchSize; first += chunk) {
    const count = Math.min(chunk, info.batchSize - first);
    const dyRows = matrixRows(backend, job.dy, {
      first: first * positions,
      count: count * positions,
      width: info.outChannels,
    });
    const patches = runWasmKernel(tf.BatchMatMul, {
      inputs: { a: dyRows, b: filterT },
      backend,
      attrs: { transposeA: false, transposeB: false },
    });
    const heap = heapFloats(backend);
    const imagesAt = floatOffset(backend, dx);
    heap.fill(0, imagesAt + first * imageSize, imagesAt + (first + count) * imageSize);
    col2im({ info, heap, imagesAt, patchesAt: floatOffset(backend, patches), firstImage: first, imageCount: count });
    disposeAll(backend, [dyRows, patches]);
  }
  disposeAll(backend, [filterT]);
  return dx;
}

export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as tf.KernelFunc,
};

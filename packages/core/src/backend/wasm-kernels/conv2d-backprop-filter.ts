import { tf } from '../../tf.js';
import { im2col, type PatchJob, transposedIm2col } from './patches.js';
import {
  addInto,
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
  zerosOutput,
} from './wasm-backend.js';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/**
 * The filter gradient of a 2-D convolution (NHWC):
 * `dW[kh, kw, ci, co] = sum over n, oh, ow of x[n, oh*s + kh - pad, ow*s + kw - pad, ci] * dy[n, oh, ow, co]`.
 *
 * It is one matrix product of the patch matrix (im2col of `x`, `[positions, taps]` with
 * `taps = kh*kw*ci`) and `dy` (`[positions, co]`), run by the wasm backend's XNNPACK matmul.
 * XNNPACK repacks its right operand on every call, which costs more than the product for a
 * tall operand, so the smaller of the two goes there:
 *
 * - more taps than output channels: `patchesᵀ × dy`, the transposed patches copied from `x`
 *   as it is (NHWC);
 * - fewer (a first layer, on one or three channels): `dyᵀ × patches`, then one small transpose.
 *
 * Large batches run in chunks of images so that the patch matrix stays bounded.
 */
function conv2DBackpropFilter(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  assertNhwc(tf.Conv2DBackpropFilter, dataFormat);
  assertFloat32(tf.Conv2DBackpropFilter, [x, dy]);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const taps = info.filterHeight * info.filterWidth * info.inChannels;
  const patchesOnRight = taps < info.outChannels;
  const chunk = imagesPerChunk(info.outHeight * info.outWidth * taps);

  // The sum over chunks of dWᵀ [co, taps] (patches on the right) or dW [taps, co].
  let total: tf.TensorInfo | undefined;
  for (let first = 0; first < info.batchSize; first += chunk) {
    const job = { backend, info, x, dy, firstImage: first, imageCount: Math.min(chunk, info.batchSize - first) };
    const part = patchesOnRight ? dyTimesPatches(job) : patchesTimesDy(job);
    if (total === undefined) {
      total = part;
    } else {
      addInto(backend, total, part);
      disposeAll(backend, [part]);
    }
  }
  if (total === undefined) return zerosOutput(backend, filterShape);
  if (!patchesOnRight) return withShape(total, filterShape);
  const dW = runWasmKernel(tf.Transpose, { inputs: { x: total }, backend, attrs: { perm: [1, 0] } });
  disposeAll(backend, [total]);
  return withShape(dW, filterShape);
}

interface ChunkJob {
  backend: WasmBackend;
  info: Conv2DInfo;
  x: tf.TensorInfo;
  dy: tf.TensorInfo;
  firstImage: number;
  imageCount: number;
}

function dyRowsOf(job: ChunkJob): tf.TensorInfo {
  const positions = job.info.outHeight * job.info.outWidth;
  return matrixRows(job.backend, job.dy, {
    first: job.firstImage * positions,
    count: job.imageCount * positions,
    width: job.info.outChannels,
  });
}

function patchJob(job: ChunkJob, patches: tf.TensorInfo): PatchJob {
  const { backend, info, x, firstImage, imageCount } = job;
  return {
    info,
    heap: heapFloats(backend),
    imagesAt: floatOffset(backend, x),
    patchesAt: floatOffset(backend, patches),
    firstImage,
    imageCount,
  };
}

function patchesTimesDy(job: ChunkJob): tf.TensorInfo {
  const { backend, info } = job;
  const rows = job.imageCount * info.outHeight * info.outWidth;
  const patchesT = backend.makeOutput([info.filterHeight * info.filterWidth * info.inChannels, rows], 'float32');
  const dyRows = dyRowsOf(job);
  transposedIm2col(patchJob(job, patchesT));
  const part = runWasmKernel(tf.BatchMatMul, {
    inputs: { a: patchesT, b: dyRows },
    backend,
    attrs: { transposeA: false, transposeB: false },
  });
  disposeAll(backend, [patchesT, dyRows]);
  return part;
}

function dyTimesPatches(job: ChunkJob): tf.TensorInfo {
  const { backend, info } = job;
  const rows = job.imageCount * info.outHeight * info.outWidth;
  const patches = backend.makeOutput([rows, info.filterHeight * info.filterWidth * info.inChannels], 'float32');
  const dyRows = dyRowsOf(job);
  const dyT = runWasmKernel(tf.Transpose, { inputs: { x: dyRows }, backend, attrs: { perm: [1, 0] } });
  im2col(patchJob(job, patches));
  const part = runWasmKernel(tf.BatchMatMul, {
    inputs: { a: dyT, b: patches },
    backend,
    attrs: { transposeA: false, transposeB: false },
  });
  disposeAll(backend, [patches, dyRows, dyT]);
  return part;
}

export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
};

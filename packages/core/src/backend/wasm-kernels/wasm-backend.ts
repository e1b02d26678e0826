import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ScenarioError } from '../../errors.js';
import { tf } from '../../tf.js';

/** The wasm backend as kernels see it: tensors live in its heap, addressed by `dataId`. */
export type WasmBackend = BackendWasm;

/** What a kernel function receives on the wasm backend. */
export interface WasmKernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackend;
  attrs?: tf.NamedAttrMap;
}

const stockKernels = new Map<string, tf.KernelConfig>();

/**
 * Remembers the wasm backend's own kernel before the toolkit replaces it, so that the
 * replacement can still hand the cases it does not speed up to the original.
 */
export function rememberStockKernel(config: tf.KernelConfig): void {
  stockKernels.set(config.kernelName, config);
}

/**
 * Runs a wasm kernel directly, as tfjs backends compose their kernels: outside the engine,
 * so nothing is taped or tracked and the caller disposes what it gets back. A kernel the
 * toolkit replaced runs in its stock version, which is what a replacement delegates to.
 */
export function runWasmKernel(kernelName: string, args: WasmKernelArgs): tf.TensorInfo {
  const kernelFunc = (stockKernels.get(kernelName) ?? tf.getKernel(kernelName, 'wasm'))?.kernelFunc;
  if (!kernelFunc) throw new ScenarioError('INTERNAL', `wasm kernel ${kernelName} is not registered`);
  return kernelFunc(args) as tf.TensorInfo;
}

/**
 * The whole wasm heap as floats. Any allocation may grow the heap and detach earlier views,
 * so take this after the last `makeOutput` or kernel call of a step.
 */
export function heapFloats(backend: WasmBackend): Float32Array {
  // HEAPU8 is emscripten's view of the heap; its typings are not shipped with the backend.
  return new Float32Array((backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer);
}

/** Where a float32 tensor starts in `heapFloats`. */
export function floatOffset(backend: WasmBackend, info: tf.TensorInfo): number {
  return backend.getMemoryOffset(info.dataId) / Float32Array.BYTES_PER_ELEMENT;
}

/** The same data under another shape; not a new tensor, so it is never disposed itself. */
export function withShape(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Frees intermediate results made inside a kernel. */
export function disposeAll(backend: WasmBackend, infos: readonly tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** Rejects a tensor the kernel cannot read as float32. */
export function assertFloat32(kernelName: string, infos: readonly tf.TensorInfo[]): void {
  for (const info of infos) {
    if (info.dtype !== 'float32') {
      throw new ScenarioError('INVALID_ARGUMENT', `${kernelName} on wasm takes float32 tensors, got ${info.dtype}`);
    }
  }
}

/** Floats of scratch a kernel may hold at once (16 MiB); larger jobs run in chunks of images. */
const SCRATCH_FLOATS = 1 << 22;

/** How many images to process at once when each needs `floatsPerImage` of scratch (at least one). */
export function imagesPerChunk(floatsPerImage: number): number {
  return Math.max(1, Math.floor(SCRATCH_FLOATS / Math.max(1, floatsPerImage)));
}

/** A run of rows of a tensor read as a `[rows, width]` matrix. */
export interface RowRange {
  first: number;
  count: number;
  width: number;
}

/**
 * Rows of a float32 tensor as a `[count, width]` tensor of their own, to be disposed by the
 * caller: the same data when the range is the whole tensor, else a copy.
 */
export function matrixRows(backend: WasmBackend, info: tf.TensorInfo, range: RowRange): tf.TensorInfo {
  const { first, count, width } = range;
  if (first === 0 && count * width === tf.util.sizeFromShape(info.shape)) {
    backend.incRef(info.dataId);
    return withShape(info, [count, width]);
  }
  const rows = backend.makeOutput([count, width], 'float32');
  const heap = heapFloats(backend);
  const from = floatOffset(backend, info) + first * width;
  heap.copyWithin(floatOffset(backend, rows), from, from + count * width);
  return rows;
}

/** A new float32 tensor of zeros. */
export function zerosOutput(backend: WasmBackend, shape: number[]): tf.TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  backend.typedArrayFromHeap(out).fill(0);
  return out;
}

/** `sum += part`, elementwise, for two float32 tensors of the same size. */
export function addInto(backend: WasmBackend, sum: tf.TensorInfo, part: tf.TensorInfo): void {
  const heap = heapFloats(backend);
  const to = floatOffset(backend, sum);
  const from = floatOffset(backend, part);
  const size = tf.util.sizeFromShape(sum.shape);
  for (let i = 0; i < size; i++) heap[to + i] = (heap[to + i] as number) + (heap[from + i] as number);
}

/**
 * Rejects channels-first data: the wasm backend's own convolutions are channels-last only,
 * so a channels-first model cannot run its forward pass on wasm in the first place.
 */
export function assertNhwc(kernelName: string, dataFormat: string | undefined): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `${kernelName} on wasm supports dataFormat NHWC only, got ${dataFormat}`,
    );
  }
}

import { ScenarioError } from '../../errors.js';
import { tf } from '../../tf.js';
import type { WasmKernelArgs } from './wasm-backend.js';

/**
 * Sums the slices of `x` that share a segment id: `out[s, ...] = sum of x[i, ...] over i with
 * segmentIds[i] = s`, for `s` in `[0, numSegments)`; ids outside that range are dropped, as
 * on the cpu backend. `segmentIds` may have any rank, matching the leading dimensions of `x`.
 *
 * It is the gradient of gather, so every embedding layer needs it. One pass over `x` adding
 * each slice into its segment's row: linear in the size of `x`, whatever `numSegments` is.
 */
function unsortedSegmentSum(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new ScenarioError('INVALID_ARGUMENT', `UnsortedSegmentSum on wasm sums float32 or int32, got ${x.dtype}`);
  }
  const sliceSize = tf.util.sizeFromShape(x.shape.slice(segmentIds.shape.length));
  const out = backend.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const sums = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  const values = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = backend.typedArrayFromHeap(segmentIds);
  sums.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id < 0 || id >= numSegments) continue;
    const from = i * sliceSize;
    const to = id * sliceSize;
    for (let j = 0; j < sliceSize; j++) sums[to + j] = (sums[to + j] as number) + (values[from + j] as number);
  }
  return out;
}

export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
};

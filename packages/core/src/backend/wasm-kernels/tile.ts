import { tf } from '../../tf.js';
import type { WasmKernelArgs } from './wasm-backend.js';

/**
 * `Tile` by block copies. The backend's own kernel works out a source index per output
 * element, which made tiling batch norm's `[1, 1, 1, C]` scale over a `[batch, height, width, C]`
 * activation (in every batch-norm gradient) cost more than the convolutions around it. Here the
 * input is copied into the output once and every axis, innermost first, is repeated by
 * doubling copies of whole blocks (`copyWithin`, a memmove), so the work is a few large copies.
 */
function tile(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { reps } = args.attrs as unknown as tf.TileAttrs;
  const shape = x.shape.map((size, axis) => size * (reps[axis] as number));
  const out = backend.makeOutput(shape, x.dtype);
  if (tf.util.sizeFromShape(shape) === 0) return out;
  // Views taken after makeOutput, which may grow (and so detach) the heap.
  const values = backend.typedArrayFromHeap(out);
  values.set(backend.typedArrayFromHeap(x));
  // Before repeating `axis`, the data is `blocks` blocks of `block` values each, one per index
  // of the axes before it; each block becomes `rep` copies of itself, in place, last block first
  // so that no block is overwritten before it has moved.
  let blocks = tf.util.sizeFromShape(x.shape);
  let block = 1;
  for (let axis = x.shape.length - 1; axis >= 0; axis--) {
    const rep = reps[axis] as number;
    blocks /= x.shape[axis] as number;
    block *= x.shape[axis] as number;
    if (rep === 1) continue;
    const repeated = block * rep;
    for (let b = blocks - 1; b >= 0; b--) {
      const start = b * repeated;
      values.copyWithin(start, b * block, (b + 1) * block);
      for (let filled = block; filled < repeated; filled *= 2) {
        values.copyWithin(start + filled, start, start + Math.min(filled, repeated - filled));
      }
    }
    block = repeated;
  }
  return out;
}

export const tileConfig: tf.KernelConfig = {
  kernelName: tf.Tile,
  backendName: 'wasm',
  kernelFunc: tile as unknown as tf.KernelFunc,
};

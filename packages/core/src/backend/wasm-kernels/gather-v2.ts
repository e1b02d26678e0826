import { ScenarioError } from '../../errors.js';
import { tf } from '../../tf.js';
import { floatOffset, heapFloats, runWasmKernel, type WasmKernelArgs } from './wasm-backend.js';

/** Rows narrower than this are copied element by element; wider ones with one `copyWithin` each. */
const COPY_WITHIN_WIDTH = 16;

/**
 * `GatherV2` along axis 0 (every embedding lookup: rows of a table picked by id) as one copy of
 * each picked row inside the wasm heap. The backend's own kernel works out the position of every
 * single element from strides, which made embedding lookups the slowest step of training a
 * bag-of-embeddings text model. Ids outside `[0, rows)` are refused, as on the cpu backend.
 * Other axes, `batchDims`, and dtypes other than float32 and int32 go to the backend's own kernel.
 */
function gatherV2(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { axis, batchDims } = args.attrs as unknown as tf.GatherV2Attrs;
  const [parsedAxis] = tf.util.parseAxisParam(axis, x.shape);
  const fast =
    parsedAxis === 0 &&
    (batchDims ?? 0) === 0 &&
    (x.dtype === 'float32' || x.dtype === 'int32') &&
    indices.dtype === 'int32';
  if (!fast) return runWasmKernel(tf.GatherV2, args);

  const rows = x.shape[0] as number;
  const width = tf.util.sizeFromShape(x.shape.slice(1));
  const ids = backend.typedArrayFromHeap(indices) as Int32Array;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id < 0 || id >= rows) {
      throw new ScenarioError('INVALID_ARGUMENT', `GatherV2: the index value ${id} is not in [0, ${rows - 1}]`);
    }
  }
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  // Views taken after makeOutput, which may grow (and so detach) the heap. Int32 data is copied
  // through an Int32Array so that no bit pattern goes through a float conversion.
  const floats = heapFloats(backend);
  const heap = x.dtype === 'int32' ? new Int32Array(floats.buffer) : floats;
  const idsNow = backend.typedArrayFromHeap(indices) as Int32Array;
  const from = floatOffset(backend, x);
  const to = floatOffset(backend, out);
  if (width >= COPY_WITHIN_WIDTH) {
    for (let i = 0; i < idsNow.length; i++) {
      const start = from + (idsNow[i] as number) * width;
      heap.copyWithin(to + i * width, start, start + width);
    }
  } else {
    for (let i = 0; i < idsNow.length; i++) {
      const start = from + (idsNow[i] as number) * width;
      const target = to + i * width;
      for (let j = 0; j < width; j++) heap[target + j] = heap[start + j] as number;
    }
  }
  return out;
}

export const gatherV2Config: tf.KernelConfig = {
  kernelName: tf.GatherV2,
  backendName: 'wasm',
  kernelFunc: gatherV2 as unknown as tf.KernelFunc,
};

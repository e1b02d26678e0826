import { tf } from '../../tf.js';
import { disposeAll, runWasmKernel, type WasmBackend, type WasmKernelArgs, withShape } from './wasm-backend.js';

/**
 * Rows per group that XNNPACK's average pooling adds up. A power of two, so that its mean
 * times the group size is the group's float32 sum exactly.
 */
const GROUP = 64;

/**
 * `Sum` over leading axes (such as every bias gradient: `dy` summed over batch, height and
 * width), seen as a sum of the rows of a `[rows, inner]` matrix. The wasm backend transposes
 * the reduced axes innermost first, which costs more than the sum. Here XNNPACK's average
 * pooling (SIMD, on every thread) adds up groups of 64 rows, and the group sums and any rows
 * left over are added in a float64 accumulator, four rows at a time. Other reductions, and
 * non-float32 ones, go to the backend's own kernel.
 */
function sum(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.every((a, i) => a === i);
  if (x.dtype !== 'float32' || !leading) return runWasmKernel(tf.Sum, args);

  const innerShape = x.shape.slice(axes.length);
  const inner = tf.util.sizeFromShape(innerShape);
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const totals = new Float64Array(inner);
  // Pooling pays off from two groups on.
  const groups = inner > 0 && rows >= 2 * GROUP ? Math.floor(rows / GROUP) : 0;
  if (groups > 0) addGroupSums(backend, withShape(x, [1, groups * GROUP, 1, inner]), totals);
  addRows(backend.typedArrayFromHeap(x) as Float32Array, totals, groups * GROUP);
  const shape = keepDims ? [...axes.map(() => 1), ...innerShape] : innerShape;
  return backend.makeOutput(shape, 'float32', undefined, Float32Array.from(totals));
}

/** Adds the sum of every group of `GROUP` rows of `x` (`[1, rows, 1, inner]`) to `totals`. */
function addGroupSums(backend: WasmBackend, x: tf.TensorInfo, totals: Float64Array): void {
  const means = runWasmKernel(tf.AvgPool, {
    inputs: { x },
    backend,
    attrs: { filterSize: [GROUP, 1], strides: [GROUP, 1], pad: 'valid' },
  });
  const values = backend.typedArrayFromHeap(means) as Float32Array;
  const inner = totals.length;
  for (let at = 0; at < values.length; at += inner) {
    for (let j = 0; j < inner; j++) totals[j] = (totals[j] as number) + (values[at + j] as number) * GROUP;
  }
  disposeAll(backend, [means]);
}

/** Adds rows `[first, end)` of `values` (read as `[rows, totals.length]`) to `totals`. */
function addRows(values: Float32Array, totals: Float64Array, first: number): void {
  const inner = totals.length;
  const rows = values.length / Math.max(1, inner);
  // Four rows per pass: a quarter of the accumulator traffic, which is what limits this loop.
  let row = first;
  let at = first * inner;
  for (; row + 4 <= rows; row += 4, at += 4 * inner) {
    for (let j = 0; j < inner; j++) {
      const four =
        (values[at + j] as number) +
        (values[at + inner + j] as number) +
        (values[at + 2 * inner + j] as number) +
        (values[at + 3 * inner + j] as number);
      totals[j] = (totals[j] as number) + four;
    }
  }
  for (; row < rows; row++, at += inner) {
    for (let j = 0; j < inner; j++) totals[j] = (totals[j] as number) + (values[at + j] as number);
  }
}

export const sumConfig: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: 'wasm',
  kernelFunc: sum as unknown as tf.KernelFunc,
};

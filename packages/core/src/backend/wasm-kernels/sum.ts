import { tf } from '../../tf.js';
import { runWasmKernel, type WasmKernelArgs } from './wasm-backend.js';

/**
 * `Sum` over leading axes (such as every bias gradient: `dy` summed over batch, height and
 * width) as one pass adding rows, four at a time, into a float64 accumulator. The wasm backend transposes the
 * reduced axes innermost first, which costs more than the sum. Other reductions, and
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
  const values = backend.typedArrayFromHeap(x) as Float32Array;
  // Four rows per pass: a quarter of the accumulator traffic, which is what limits this loop.
  let row = 0;
  let at = 0;
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
  const shape = keepDims ? [...axes.map(() => 1), ...innerShape] : innerShape;
  return backend.makeOutput(shape, 'float32', undefined, Float32Array.from(totals));
}

export const sumConfig: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: 'wasm',
  kernelFunc: sum as unknown as tf.KernelFunc,
};

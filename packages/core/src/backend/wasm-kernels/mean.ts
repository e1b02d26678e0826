import { tf } from '../../tf.js';
import { sumConfig } from './sum.js';
import { runWasmKernel, type WasmKernelArgs } from './wasm-backend.js';

/**
 * `Mean` over leading axes (batch norm's statistics: an activation averaged over batch,
 * height and width) as the toolkit's `Sum` divided by the count: the backend's own kernel
 * first transposes the reduced axes innermost, which costs far more than the reduction.
 * Other reductions, and non-float32 inputs, go to the backend's own kernel.
 */
function mean(args: WasmKernelArgs): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis } = args.attrs as unknown as tf.MeanAttrs;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.every((a, i) => a === i);
  const count = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  if (x.dtype !== 'float32' || !leading || count === 0) return runWasmKernel(tf.Mean, args);
  const out = sumConfig.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  const values = args.backend.typedArrayFromHeap(out) as Float32Array;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / count;
  return out;
}

export const meanConfig: tf.KernelConfig = {
  kernelName: tf.Mean,
  backendName: 'wasm',
  kernelFunc: mean as unknown as tf.KernelFunc,
};

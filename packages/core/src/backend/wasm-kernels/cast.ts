import { tf } from '../../tf.js';
import { runWasmKernel, type WasmKernelArgs } from './wasm-backend.js';

/**
 * `Cast` that shares the data when the dtype does not change, as the cpu backend does; the
 * wasm backend copies, and every ReLU gradient casts a float32 mask to float32. Real
 * conversions go to the backend's own kernel.
 */
function cast(args: WasmKernelArgs): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { dtype } = args.attrs as unknown as tf.CastAttrs;
  if (dtype !== x.dtype) return runWasmKernel(tf.Cast, args);
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const castConfig: tf.KernelConfig = {
  kernelName: tf.Cast,
  backendName: 'wasm',
  kernelFunc: cast as unknown as tf.KernelFunc,
};

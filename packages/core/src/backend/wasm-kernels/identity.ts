import { tf } from '../../tf.js';
import type { WasmKernelArgs } from './wasm-backend.js';

/**
 * `Identity` as the cpu backend does it: the output shares the input's data, counted by
 * reference. The wasm backend copies instead, and the engine clones every tensor it saves for
 * a gradient, so training copied each layer's activations several times per step. Tensors are
 * immutable, so sharing is safe (the backend's own `Reshape` shares the same way).
 */
function identity(args: WasmKernelArgs): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const identityConfig: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: identity as unknown as tf.KernelFunc,
};

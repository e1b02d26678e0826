import { tf } from '../../tf.js';

/**
 * The kernels the toolkit adds to (or replaces in) the wasm backend, so that every model
 * in the toolkit can train on it. Each entry is a tfjs `KernelConfig` in a file of its own.
 */
const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [];

let registered = false;

/** Registers the toolkit's wasm kernels once; later calls do nothing. */
export function registerWasmKernels(): void {
  if (registered) return;
  for (const config of WASM_TRAINING_KERNELS) {
    // A kernel the wasm backend ships is replaced by ours, which is faster.
    if (tf.getKernel(config.kernelName, config.backendName)) tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel(config);
  }
  registered = true;
}

import { tf } from '../../tf.js';
import { batchMatMulConfig } from './batch-mat-mul.js';
import { castConfig } from './cast.js';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-backprop-input.js';
import { einsumConfig } from './einsum.js';
import { gatherV2Config } from './gather-v2.js';
import { identityConfig } from './identity.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { meanConfig } from './mean.js';
import { sumConfig } from './sum.js';
import { tileConfig } from './tile.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';
import { rememberStockKernel } from './wasm-backend.js';

/**
 * The kernels the toolkit adds to (or replaces in) the wasm backend, so that every model
 * in the toolkit can train on it. Each entry is a tfjs `KernelConfig` in a file of its own.
 */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [
  // Missing from the wasm backend.
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  unsortedSegmentSumConfig,
  einsumConfig,
  // Shipped, but slow: plain loops where XNNPACK or a tight loop does far better, or copies
  // where sharing the data is enough.
  conv2DBackpropInputConfig,
  maxPoolGradConfig,
  batchMatMulConfig,
  sumConfig,
  meanConfig,
  tileConfig,
  identityConfig,
  castConfig,
  gatherV2Config,
];

let registered = false;

/** Registers the toolkit's wasm kernels once; later calls do nothing. */
export function registerWasmKernels(): void {
  if (registered) return;
  for (const config of WASM_TRAINING_KERNELS) {
    // A kernel the wasm backend ships is replaced by ours; ours may still hand cases to it.
    const stock = tf.getKernel(config.kernelName, config.backendName);
    if (stock) {
      rememberStockKernel(stock);
      tf.unregisterKernel(config.kernelName, config.backendName);
    }
    tf.registerKernel(config);
  }
  registered = true;
}

import { tf } from '../../tf.js';
import { disposeAll, runWasmKernel, type WasmBackend, type WasmKernelArgs } from './wasm-backend.js';

/**
 * Matrix product with either operand transposed, as in the gradients of every dense layer
 * (`dy · Wᵀ` and `xᵀ · dy`). The wasm backend runs a transposed operand through a plain loop
 * at about a tenth of the speed of its XNNPACK path, so the operand is transposed first (a
 * memory-bound copy) and the product then runs on the XNNPACK path.
 */
function batchMatMul(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  const plainA = transposeA ? swapInnerDims(backend, a) : a;
  const plainB = transposeB ? swapInnerDims(backend, b) : b;
  const out = runWasmKernel(tf.BatchMatMul, {
    inputs: { a: plainA, b: plainB },
    backend,
    attrs: { transposeA: false, transposeB: false },
  });
  if (transposeA) disposeAll(backend, [plainA]);
  if (transposeB) disposeAll(backend, [plainB]);
  return out;
}

function swapInnerDims(backend: WasmBackend, info: tf.TensorInfo): tf.TensorInfo {
  const perm = info.shape.map((_, i) => i);
  const rank = perm.length;
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return runWasmKernel(tf.Transpose, { inputs: { x: info }, backend, attrs: { perm } });
}

export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as tf.KernelFunc,
};

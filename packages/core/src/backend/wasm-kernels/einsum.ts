import { tf } from '../../tf.js';
import { disposeAll, runWasmKernel, type WasmKernelArgs } from './wasm-backend.js';

/**
 * Einstein summation, which the wasm backend lacks; `tf.image.rgbToGrayscale` runs on it, so
 * grayscale preprocessing and augmentation need it. The cpu backend's algorithm on wasm
 * kernels: bring each operand's axes into the order of the equation, multiply them in the
 * order tfjs plans, and sum out each contracted axis once no later operand uses it.
 */
function einsum(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { equation } = args.attrs as unknown as tf.EinsumAttrs;
  const tensors = Object.values(args.inputs) as tf.TensorInfo[];
  const { allDims, summedDims, idDims } = tf.backend_util.decodeEinsumEquation(equation, tensors.length);
  tf.backend_util.checkEinsumDimSizes(allDims.length, idDims, tensors as unknown as tf.Tensor[]);
  const { path, steps } = tf.backend_util.getEinsumComputePath(summedDims, idDims);

  const intermediates: tf.TensorInfo[] = [];
  let out: tf.TensorInfo | undefined;
  let dimsRemaining = allDims.length;
  steps.forEach((step, i) => {
    for (const term of step) {
      const { permutationIndices: perm, expandDims } = tf.backend_util.getEinsumPermutation(
        dimsRemaining,
        idDims[term] as number[],
      );
      let x = tensors[term] as tf.TensorInfo;
      if (!tf.backend_util.isIdentityPermutation(perm)) {
        x = runWasmKernel(tf.Transpose, { inputs: { x }, backend, attrs: { perm } });
        intermediates.push(x);
      }
      const shape = x.shape.slice();
      for (const dim of expandDims) shape.splice(dim, 0, 1);
      if (!tf.util.arraysEqual(x.shape, shape)) {
        x = runWasmKernel(tf.Reshape, { inputs: { x }, backend, attrs: { shape } });
        intermediates.push(x);
      }
      out = out === undefined ? x : runWasmKernel(tf.Multiply, { inputs: { a: x, b: out }, backend });
      if (out !== x) intermediates.push(out);
    }
    if (i < steps.length - 1) {
      const axis = path[i] as number;
      if (axis >= 0) {
        out = runWasmKernel(tf.Sum, {
          inputs: { x: out as tf.TensorInfo },
          backend,
          attrs: { axis: axis - (allDims.length - dimsRemaining), keepDims: false },
        });
        intermediates.push(out);
      }
      dimsRemaining--;
    }
  });
  const result = out as tf.TensorInfo;
  disposeAll(
    backend,
    intermediates.filter((info) => info !== result),
  );
  if (intermediates.includes(result)) return result;
  // The result is an input (an equation that only relabels): a new tensor sharing its data.
  backend.incRef(result.dataId);
  return { dataId: result.dataId, shape: result.shape, dtype: result.dtype };
}

export const einsumConfig: tf.KernelConfig = {
  kernelName: tf.Einsum,
  backendName: 'wasm',
  kernelFunc: einsum as unknown as tf.KernelFunc,
};

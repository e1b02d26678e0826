import { tf } from '../../tf.js';
import { isTwoByTwoTiling, twoByTwoPass } from './max-pool-grad-2x2.js';
import { assertFloat32, type WasmKernelArgs } from './wasm-backend.js';

type PoolInfo = tf.backend_util.Conv2DInfo;

/** The arrays a pass reads and writes, as views of the wasm heap. */
interface PoolGradJob {
  info: PoolInfo;
  x: Float32Array;
  dy: Float32Array;
  /** Zeroed by the caller. */
  dx: Float32Array;
}

/**
 * The gradient of 2-D max pooling (NHWC): each `dy` element goes to the input element that
 * was the maximum of its window, found again here. Ties go to the first maximum in row-major
 * window order and a window with no value above -Infinity (all padding, -Infinity or NaN)
 * passes no gradient, as on the cpu backend.
 *
 * The work is memory-bound: one pass over the windows with all channels of a window position
 * handled together (contiguous in NHWC). The usual 2x2 pooling with stride 2 and no padding
 * has a pass of its own that also reads the forward output (which the gradient of `maxPool`
 * passes as `output`).
 */
function maxPoolGrad(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { dy, input, output } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo; output?: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  assertFloat32(tf.MaxPoolGrad, [dy, input]);
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const out = backend.makeOutput(input.shape, 'float32');
  const job = {
    info,
    x: backend.typedArrayFromHeap(input) as Float32Array,
    dy: backend.typedArrayFromHeap(dy) as Float32Array,
    dx: backend.typedArrayFromHeap(out) as Float32Array,
  };
  job.dx.fill(0);
  const pooled = output?.dtype === 'float32' && tf.util.sizeFromShape(output.shape) === tf.util.sizeFromShape(dy.shape);
  if (pooled && isTwoByTwoTiling(info)) {
    twoByTwoPass({ ...job, y: backend.typedArrayFromHeap(output as tf.TensorInfo) as Float32Array });
  } else {
    windowPass(job);
  }
  return out;
}

/** Any window, stride and padding: windows may overlap, so gradients are added. */
function windowPass({ info, x, dy, dx }: PoolGradJob): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const best = new Float32Array(channels);
  const bestAt = new Int32Array(channels);
  const rowSize = inWidth * channels;
  let dyAt = 0;
  for (let n = 0; n < batchSize; n++) {
    const imageAt = n * inHeight * rowSize;
    for (let oh = 0; oh < outHeight; oh++) {
      const rowStart = Math.max(0, oh * strideHeight - top);
      const rowEnd = Math.min(inHeight, oh * strideHeight - top + filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const colStart = Math.max(0, ow * strideWidth - left);
        const colEnd = Math.min(inWidth, ow * strideWidth - left + filterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let ih = rowStart; ih < rowEnd; ih++) {
          for (let iw = colStart; iw < colEnd; iw++) {
            const at = imageAt + ih * rowSize + iw * channels;
            for (let c = 0; c < channels; c++) {
              const value = x[at + c] as number;
              if (value > (best[c] as number)) {
                best[c] = value;
                bestAt[c] = at + c;
              }
            }
          }
        }
        for (let c = 0; c < channels; c++) {
          const at = bestAt[c] as number;
          if (at >= 0) dx[at] = (dx[at] as number) + (dy[dyAt + c] as number);
        }
        dyAt += channels;
      }
    }
  }
}

export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as tf.KernelFunc,
};

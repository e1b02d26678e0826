import type { tf } from '../../tf.js';

/** The arrays a 2x2 pass reads and writes, as views of the wasm heap (NHWC). */
export interface TwoByTwoJob {
  info: tf.backend_util.Conv2DInfo;
  x: Float32Array;
  /** The forward output, `maxPool(x)`: each window's maximum, which one of its taps equals. */
  y: Float32Array;
  dy: Float32Array;
  /** Zeroed by the caller. */
  dx: Float32Array;
}

/** 2x2 windows, stride 2, every window inside the image (a last odd row or column is left out). */
export function isTwoByTwoTiling(info: tf.backend_util.Conv2DInfo): boolean {
  const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  return (
    filterHeight === 2 &&
    filterWidth === 2 &&
    strideHeight === 2 &&
    strideWidth === 2 &&
    padInfo.top === 0 &&
    padInfo.left === 0 &&
    2 * info.outHeight <= info.inHeight &&
    2 * info.outWidth <= info.inWidth
  );
}

/** The bits of -0 as an int32. */
const NEGATIVE_ZERO = -0x80000000;

/**
 * MaxPoolGrad for 2x2 windows with stride 2 (`isTwoByTwoTiling`). Windows do not overlap, so
 * each gradient is stored once, at the first maximum of its window. Which tap that is depends
 * on the data, and branching on it mispredicts about once per window, which cost more than
 * the rest of the pass; so the tap is found with integer arithmetic on the float bits, from
 * the window's maximum `y`. A window is taken this way only when its values are all at most
 * `y` and above -Infinity (no NaN), which makes the first tap equal to `y` the first maximum
 * as the cpu backend finds it; the others go through plain comparisons.
 */
export function twoByTwoPass(job: TwoByTwoJob): void {
  const { info, x, y, dy, dx } = job;
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const xBits = new Int32Array(x.buffer, x.byteOffset, x.length);
  const yBits = new Int32Array(y.buffer, y.byteOffset, y.length);
  const rowSize = inWidth * channels;
  // Offsets of the taps from the window's top left, in row-major window order.
  const taps = Int32Array.of(0, channels, rowSize, rowSize + channels);
  let dyAt = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const rowAt = (n * inHeight + 2 * oh) * rowSize;
      for (let ow = 0; ow < outWidth; ow++) {
        const windowAt = rowAt + 2 * ow * channels;
        for (let c = 0; c < channels; c++, dyAt++) {
          const at = windowAt + c;
          const max = y[dyAt] as number;
          if (
            max > Number.NEGATIVE_INFINITY &&
            (x[at] as number) <= max &&
            (x[at + channels] as number) <= max &&
            (x[at + rowSize] as number) <= max &&
            (x[at + rowSize + channels] as number) <= max
          ) {
            // skipN is 1 where tap N differs from the maximum, so the first tap equal to it is
            // skip0 + skip0*skip1 + skip0*skip1*skip2.
            const maxBits = zeroAsPositive(yBits[dyAt] as number);
            const skip0 = differs(maxBits, xBits[at] as number);
            const skip1 = differs(maxBits, xBits[at + channels] as number);
            const skip2 = differs(maxBits, xBits[at + rowSize] as number);
            const first = skip0 + skip0 * skip1 + skip0 * skip1 * skip2;
            dx[at + (taps[first] as number)] = dy[dyAt] as number;
          } else {
            const best = firstMaximum(x, at, taps);
            if (best >= 0) dx[best] = dy[dyAt] as number;
          }
        }
      }
    }
  }
}

/** Float bits with -0 turned into +0, so that equal values have equal bits (NaN aside). */
function zeroAsPositive(bits: number): number {
  const fromNegativeZero = bits ^ NEGATIVE_ZERO;
  return bits & ((fromNegativeZero | -fromNegativeZero) >> 31);
}

/** 1 when the float bits stand for different values, else 0 (NaN aside). */
function differs(maxBits: number, bits: number): number {
  const diff = maxBits ^ zeroAsPositive(bits);
  return (diff | -diff) >>> 31;
}

/** Where the first maximum of a window is, by comparisons as on the cpu backend; -1 if no tap is above -Infinity. */
function firstMaximum(x: Float32Array, at: number, taps: Int32Array): number {
  let best = Number.NEGATIVE_INFINITY;
  let bestAt = -1;
  for (const tap of taps) {
    const value = x[at + tap] as number;
    if (value > best) {
      best = value;
      bestAt = at + tap;
    }
  }
  return bestAt;
}

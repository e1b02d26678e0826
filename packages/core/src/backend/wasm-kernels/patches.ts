import type { tf } from '../../tf.js';

/**
 * A run of images of a batch and the patch matrix (im2col) that goes with them: one entry per
 * filter tap `(kh, kw, c)` and output position `(image, oh, ow)` of images
 * `[firstImage, firstImage + imageCount)`. Everything is addressed as offsets into one heap view.
 */
export interface PatchJob {
  /** Geometry of the forward convolution. */
  info: tf.backend_util.Conv2DInfo;
  heap: Float32Array;
  /** Offset of the images (or of their gradient), in the layout the function documents. */
  imagesAt: number;
  /** Offset of the patch matrix. */
  patchesAt: number;
  firstImage: number;
  imageCount: number;
}

/** Copies shorter than this are done element by element: a `copyWithin` call costs more. */
const SHORT_RUN = 16;

/**
 * Fills the patch matrix transposed, `[KH*KW*C, positions]`, from NHWC images, with zeros where
 * a tap falls in the padding. Each filter position `(kh, kw)` is a block of `C` rows, filled
 * output position by output position: the `C` channels of the input pixel it reads go down the
 * block's rows. Reading NHWC directly saves making the images channels-first first.
 */
export function transposedIm2col(job: PatchJob): void {
  const { info, heap } = job;
  const { inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const positions = job.imageCount * outHeight * outWidth;
  const rowSize = inWidth * inChannels;
  for (let kh = 0; kh < filterHeight; kh++) {
    // Output rows and columns whose tap lands inside the image; the others read padding.
    const down = kh * dilationHeight - info.padInfo.top;
    const [ohStart, ohEnd] = insideRange(down, { stride: strideHeight, size: inHeight, count: outHeight });
    for (let kw = 0; kw < filterWidth; kw++) {
      const shift = kw * dilationWidth - info.padInfo.left;
      const [owStart, owEnd] = insideRange(shift, { stride: strideWidth, size: inWidth, count: outWidth });
      const blockAt = job.patchesAt + (kh * filterWidth + kw) * inChannels * positions;
      if (ohStart > 0 || ohEnd < outHeight || owStart > 0 || owEnd < outWidth) {
        heap.fill(0, blockAt, blockAt + inChannels * positions);
      }
      for (let n = 0; n < job.imageCount; n++) {
        const imageAt = job.imagesAt + (job.firstImage + n) * inHeight * rowSize;
        for (let oh = ohStart; oh < ohEnd; oh++) {
          const rowAt = imageAt + (oh * strideHeight + down) * rowSize + shift * inChannels;
          const positionAt = blockAt + (n * outHeight + oh) * outWidth;
          for (let ow = owStart; ow < owEnd; ow++) {
            const from = rowAt + ow * strideWidth * inChannels;
            let to = positionAt + ow;
            for (let c = 0; c < inChannels; c++, to += positions) heap[to] = heap[from + c] as number;
          }
        }
      }
    }
  }
}

/**
 * Along one axis, the outputs `[start, end)` whose input `offset + output * stride` lies in
 * `[0, size)`: where a filter tap at `offset` reads the image rather than its padding.
 */
export function insideRange(offset: number, axis: { stride: number; size: number; count: number }): [number, number] {
  const start = Math.min(axis.count, Math.max(0, Math.ceil(-offset / axis.stride)));
  const end = Math.max(start, Math.min(axis.count, Math.ceil((axis.size - offset) / axis.stride)));
  return [start, end];
}

/**
 * Fills the patch matrix `[positions, KH*KW*C]` from NHWC images, with zeros where a tap falls
 * in the padding: each row is the receptive field of one output position.
 */
export function im2col(job: PatchJob): void {
  forEachRun(job, (heap, imageAt, patchAt, length) => {
    if (imageAt < 0) {
      heap.fill(0, patchAt, patchAt + length);
    } else if (length < SHORT_RUN) {
      for (let i = 0; i < length; i++) heap[patchAt + i] = heap[imageAt + i] as number;
    } else {
      heap.copyWithin(patchAt, imageAt, imageAt + length);
    }
  });
}

/**
 * The adjoint of `im2col`: adds every entry of a patch matrix `[positions, KH*KW*C]` back onto
 * the NHWC image element it stands for. The caller zeroes the images first.
 */
export function col2im(job: PatchJob): void {
  forEachRun(job, (heap, imageAt, patchAt, length) => {
    if (imageAt < 0) return;
    for (let i = 0; i < length; i++) heap[imageAt + i] = (heap[imageAt + i] as number) + (heap[patchAt + i] as number);
  });
}

/**
 * Calls `visit` for each contiguous run of a row-major patch matrix, in order: the run's image
 * offset (-1 in the padding), its patch offset and its length. With dilation 1 and the patch
 * inside the image a filter row is one run of `KW * C` floats; otherwise each tap is a run of `C`.
 */
function forEachRun(
  job: PatchJob,
  visit: (heap: Float32Array, imageAt: number, patchAt: number, length: number) => void,
): void {
  const { info, heap } = job;
  const { inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const rowLength = filterWidth * inChannels;
  const imageSize = inHeight * inWidth * inChannels;
  let patchAt = job.patchesAt;
  for (let n = job.firstImage; n < job.firstImage + job.imageCount; n++) {
    const imageAt = job.imagesAt + n * imageSize;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - info.padInfo.top;
      for (let ow = 0; ow < outWidth; ow++) {
        const left = ow * strideWidth - info.padInfo.left;
        const wholeRows = dilationWidth === 1 && left >= 0 && left + filterWidth <= inWidth;
        for (let kh = 0; kh < filterHeight; kh++, patchAt += rowLength) {
          const ih = top + kh * dilationHeight;
          const rowAt = imageAt + ih * inWidth * inChannels;
          if (ih < 0 || ih >= inHeight) {
            visit(heap, -1, patchAt, rowLength);
          } else if (wholeRows) {
            visit(heap, rowAt + left * inChannels, patchAt, rowLength);
          } else {
            for (let kw = 0; kw < filterWidth; kw++) {
              const iw = left + kw * dilationWidth;
              visit(
                heap,
                iw < 0 || iw >= inWidth ? -1 : rowAt + iw * inChannels,
                patchAt + kw * inChannels,
                inChannels,
              );
            }
          }
        }
      }
    }
  }
}

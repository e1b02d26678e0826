import { tf } from '@scenarios/core';
import sharp from 'sharp';
import type { ImageShape } from '../input/decode-input.js';

export interface SaliencyOptions {
  /** Side of the square PNG in pixels. Default 224. */
  size?: number;
}

/** Default side of the saliency PNG. */
export const DEFAULT_SALIENCY_SIZE = 224;

/**
 * The gradient of the urgent-class logit (log P(1) - log P(0)) with respect to each input pixel,
 * as absolute values of the image's shape (the maximum over channels). A vanilla gradient
 * saliency map (Simonyan et al., 2014): it shows which pixels would change the score most, not
 * why the score is what it is.
 */
export function saliencyMap(model: tf.LayersModel, pixels: Uint8Array, shape: ImageShape): Float32Array {
  const { height, width, channels } = shape;
  const score = (x: tf.Tensor) => {
    const p = tf.clipByValue(model.apply(x, { training: false }) as tf.Tensor2D, 1e-7, 1);
    const logs = tf.log(p);
    return tf.sum(tf.sub(logs.slice([0, 1], [-1, 1]), logs.slice([0, 0], [-1, 1])));
  };
  const gradient = tf.tidy(() => {
    const input = tf.tensor4d(
      Float32Array.from(pixels, (v) => v / 255),
      [1, height, width, channels],
    );
    const grad = tf.grad(score)(input);
    return tf.max(tf.abs(grad), -1).reshape([height * width]);
  });
  try {
    return gradient.dataSync() as Float32Array;
  } finally {
    gradient.dispose();
  }
}

/**
 * Renders a saliency map over the grayscale image as a PNG heat map: each pixel blends the
 * image with a black-red-yellow colour ramp in proportion to its saliency (scaled so the largest
 * is 1), then the picture is enlarged to `size` x `size` with bicubic interpolation.
 */
export async function renderSaliencyPng(
  saliency: Float32Array,
  image: { pixels: Uint8Array; shape: ImageShape },
  options: SaliencyOptions = {},
): Promise<Buffer> {
  const { height, width, channels } = image.shape;
  const size = options.size ?? DEFAULT_SALIENCY_SIZE;
  let max = 0;
  for (const v of saliency) max = Math.max(max, v);
  const rgb = Buffer.alloc(height * width * 3);
  for (let i = 0; i < height * width; i++) {
    let gray = 0;
    for (let c = 0; c < channels; c++) gray += image.pixels[i * channels + c] as number;
    gray /= channels;
    const s = max > 0 ? (saliency[i] as number) / max : 0;
    // Ramp: black -> red (s = 0.5) -> yellow (s = 1).
    const heat = [Math.min(1, 2 * s) * 255, Math.max(0, 2 * s - 1) * 255, 0];
    const alpha = 0.7 * s;
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round((1 - alpha) * gray + alpha * (heat[c] as number));
  }
  return sharp(rgb, { raw: { width, height, channels: 3 } })
    .resize(size, size, { fit: 'fill', kernel: 'cubic' })
    .png()
    .toBuffer();
}

import { tf } from '@scenarios/core';
import type { Classifier } from './classifier.js';
import { decodeImage } from './image-decode.js';
import { imageShapeOf } from './model.js';
import { type LabelScore, topK } from './top-k.js';

/** Decoded pixels (uint8 HWC) of several images to one float32 NHWC array, scaled as the model expects. */
export function toModelInput(images: readonly Uint8Array[], scale: number): Float32Array {
  const size = images[0]?.length ?? 0;
  const out = new Float32Array(images.length * size);
  images.forEach((pixels, i) => {
    for (let j = 0; j < size; j++) out[i * size + j] = (pixels[j] as number) * scale;
  });
  return out;
}

export interface PredictFilesOptions {
  /** Labels per image. Default 5. */
  topK?: number;
  /** Pixel limit per image, see `decodeImage`. */
  maxInputPixels?: number;
}

/** Decodes image files as the classifier's preprocessing says and returns the top labels of each. */
export async function predictFiles(
  classifier: Classifier,
  paths: readonly string[],
  options: PredictFilesOptions = {},
): Promise<{ path: string; top: LabelScore[] }[]> {
  const { preprocessing, labels, model } = classifier;
  const shape = imageShapeOf(preprocessing);
  const images: Uint8Array[] = [];
  for (const path of paths) {
    images.push(
      await decodeImage(path, {
        shape,
        source: path,
        ...(options.maxInputPixels ? { maxInputPixels: options.maxInputPixels } : {}),
      }),
    );
  }
  const input = toModelInput(images, preprocessing.scale);
  const probabilities = tf.tidy(() =>
    model.predict(tf.tensor4d(input, [paths.length, shape.height, shape.width, shape.channels])),
  ) as tf.Tensor;
  const values = await probabilities.data();
  probabilities.dispose();
  const k = options.topK ?? 5;
  return paths.map((path, i) => ({
    path,
    top: topK(values.subarray(i * labels.length, (i + 1) * labels.length), labels, k),
  }));
}

import { tf } from '@scenarios/core';
import type { Dataset } from '@scenarios/core/data';
import sharp from 'sharp';
import type { ImageShape } from '../image-decode.js';

/** A misclassified example. */
export interface Mistake {
  /** Position in the evaluated split. */
  index: number;
  trueClass: number;
  predictedClass: number;
  /** Probability the model gave its (wrong) prediction. */
  confidence: number;
  /** Probability it gave the true class. */
  trueProbability: number;
}

export interface MistakesInput {
  /** True class of every example. */
  labels: ArrayLike<number>;
  /** Predicted class of every example. */
  predictions: ArrayLike<number>;
  /** Row-major [n, numClasses]. */
  probabilities: ArrayLike<number>;
  numClasses: number;
  /** How many to keep. */
  count: number;
}

/**
 * The misclassified examples the model was surest about, most confident first (ties: lower index
 * first), with the total number of mistakes.
 */
export function highestConfidenceMistakes(input: MistakesInput): { mistakes: Mistake[]; total: number } {
  const { labels, predictions, probabilities, numClasses } = input;
  const all: Mistake[] = [];
  for (let i = 0; i < labels.length; i++) {
    const trueClass = labels[i] as number;
    const predictedClass = predictions[i] as number;
    if (trueClass === predictedClass) continue;
    all.push({
      index: i,
      trueClass,
      predictedClass,
      confidence: probabilities[i * numClasses + predictedClass] as number,
      trueProbability: probabilities[i * numClasses + trueClass] as number,
    });
  }
  all.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return { mistakes: all.slice(0, input.count), total: all.length };
}

/**
 * PNG thumbnails, at the model's input size, of the examples at `indices`: the model's input
 * (pixels times `scale`) turned back into uint8 pixels. Every tensor is disposed.
 */
export async function exampleThumbnails(
  dataset: Dataset,
  options: { indices: readonly number[]; shape: ImageShape; scale: number },
): Promise<Buffer[]> {
  const { indices, shape, scale } = options;
  if (indices.length === 0) return [];
  const pixels = new Float32Array(indices.length * shape.height * shape.width * shape.channels);
  let offset = 0;
  for (const { xs, ys } of dataset.subset(indices).batches({ batchSize: indices.length })) {
    try {
      const values = await xs.data();
      pixels.set(values, offset);
      offset += values.length;
    } finally {
      tf.dispose([xs, ys]);
    }
  }
  const perImage = shape.height * shape.width * shape.channels;
  return Promise.all(
    indices.map((_, i) => {
      const bytes = Buffer.alloc(perImage);
      for (let j = 0; j < perImage; j++) {
        bytes[j] = Math.min(255, Math.max(0, Math.round((pixels[i * perImage + j] as number) / scale)));
      }
      return sharp(bytes, { raw: { width: shape.width, height: shape.height, channels: shape.channels } })
        .toColourspace(shape.channels === 1 ? 'b-w' : 'srgb')
        .png()
        .toBuffer();
    }),
  );
}

import { performance } from 'node:perf_hooks';
import { ScenarioError, tf } from '@scenarios/core';
import type { ImageShape } from '../image-decode.js';

export interface BatchedInferenceOptions {
  /** Preprocessed images, NHWC float32, `count * height * width * channels` values. */
  images: Float32Array;
  shape: ImageShape;
  batchSize: number;
  /** How long to keep predicting after the warm-up batch. Default 5 000 ms. */
  durationMs?: number;
}

/**
 * In-process inference throughput (images/s): `model.predict` on batches of `batchSize` images
 * taken in turn from `images`, each made into a tensor and read back as the server does, for
 * `durationMs` after one warm-up batch. No decoding, HTTP or batching queue: the ceiling that
 * serving is compared with.
 */
export async function batchedInferenceThroughput(
  model: tf.LayersModel,
  options: BatchedInferenceOptions,
): Promise<number> {
  const { images, shape, batchSize } = options;
  const imageSize = shape.height * shape.width * shape.channels;
  const count = Math.floor(images.length / imageSize);
  if (count < batchSize) {
    throw new ScenarioError('INVALID_ARGUMENT', `${count} images are fewer than one batch of ${batchSize}`);
  }
  const batches = Math.floor(count / batchSize);
  const predictBatch = async (index: number) => {
    const first = (index % batches) * batchSize * imageSize;
    const values = images.subarray(first, first + batchSize * imageSize);
    const probabilities = tf.tidy(
      () => model.predict(tf.tensor4d(values, [batchSize, shape.height, shape.width, shape.channels])) as tf.Tensor,
    );
    await probabilities.data();
    probabilities.dispose();
  };
  await predictBatch(0);
  const durationMs = options.durationMs ?? 5_000;
  const start = performance.now();
  let done = 0;
  while (performance.now() - start < durationMs) await predictBatch(++done);
  return (done * batchSize * 1000) / (performance.now() - start);
}

import type { Dataset } from '../data/dataset.js';
import { tf } from '../tf.js';

export interface PredictDatasetOptions {
  /** Examples per forward pass. Default 256. */
  batchSize?: number;
}

/**
 * Runs `model` over every example of `dataset`, in order, one batch at a time, and returns
 * the outputs as one row-major `[size, outputs]` array (class probabilities for a classifier).
 * Every tensor it creates is disposed.
 */
export async function predictDataset(
  model: tf.LayersModel,
  dataset: Dataset,
  options: PredictDatasetOptions = {},
): Promise<Float32Array> {
  const outputs = model.outputs[0]?.shape.slice(1).reduce<number>((product, size) => product * (size ?? 1), 1) ?? 1;
  const result = new Float32Array(dataset.size * outputs);
  let offset = 0;
  for (const { xs, ys } of dataset.batches({ batchSize: options.batchSize ?? 256 })) {
    const predicted = model.predict(xs) as tf.Tensor;
    try {
      const values = await predicted.data();
      result.set(values, offset);
      offset += values.length;
    } finally {
      tf.dispose([xs, ys, predicted]);
    }
  }
  return result;
}

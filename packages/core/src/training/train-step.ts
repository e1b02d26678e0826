import type { Dataset } from '../data/dataset.js';
import { tf } from '../tf.js';
import { exampleWeights } from './class-weights.js';
import type { LossFunction } from './losses.js';
import type { Metric } from './metrics.js';

export interface StepInput {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  loss: LossFunction;
  metrics: readonly Metric[];
  /** Weight per class index, when the loss is class-weighted. */
  classWeights: tf.Tensor1D | undefined;
  xs: tf.Tensor;
  ys: tf.Tensor;
}

/**
 * One optimisation step on one batch. Returns, on the host, the batch loss (mean of the
 * possibly class-weighted per-example losses plus regularisation penalties, as Keras does)
 * followed by the sum of each metric over the batch.
 */
export async function trainStep(input: StepInput): Promise<Float32Array> {
  const { model, optimizer, loss, metrics, classWeights, xs, ys } = input;
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  let predictions: tf.Tensor | undefined;
  let batchLoss: tf.Scalar | null = null;
  try {
    batchLoss = optimizer.minimize(
      () => {
        const output = model.apply(xs, { training: true }) as tf.Tensor;
        // Kept for the metrics, which are computed outside the gradient tape.
        predictions = tf.keep(output);
        let perExample = loss(ys, output);
        if (classWeights) perExample = tf.mul(perExample, exampleWeights(classWeights, ys, output));
        return model
          .calculateLosses()
          .reduce<tf.Scalar>((total, penalty) => tf.add(total, penalty), tf.mean(perExample));
      },
      true,
      variables,
    );
    const packed = tf.tidy(() => {
      const metricSums = metrics.map((metric) => tf.sum(metric.fn(ys, predictions as tf.Tensor)));
      return tf.stack([batchLoss as tf.Scalar, ...metricSums]);
    });
    try {
      return (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
  } finally {
    if (batchLoss) batchLoss.dispose();
    if (predictions) predictions.dispose();
  }
}

export interface EvaluateInput {
  model: tf.LayersModel;
  data: Dataset;
  batchSize: number;
  loss: LossFunction;
  metrics: readonly Metric[];
}

/**
 * Mean loss (plus regularisation penalties) and mean metrics of the model over a whole
 * data set, in inference mode, keyed `loss` and by metric name.
 */
export async function evaluateDataset(input: EvaluateInput): Promise<Record<string, number>> {
  const { model, data, batchSize, loss, metrics } = input;
  const sums = new Float64Array(1 + metrics.length);
  let samples = 0;
  for (const { xs, ys } of data.batches({ batchSize })) {
    try {
      const packed = tf.tidy(() => {
        const output = model.apply(xs, { training: false }) as tf.Tensor;
        return tf.stack([tf.sum(loss(ys, output)), ...metrics.map((metric) => tf.sum(metric.fn(ys, output)))]);
      });
      const values = await packed.data();
      packed.dispose();
      values.forEach((value, i) => {
        sums[i] = (sums[i] as number) + value;
      });
      samples += xs.shape[0] as number;
    } finally {
      tf.dispose([xs, ys]);
    }
  }
  const penalty = tf.tidy(() => model.calculateLosses().reduce((total, p) => total + (p.dataSync()[0] as number), 0));
  const result: Record<string, number> = { loss: (sums[0] as number) / samples + penalty };
  metrics.forEach((metric, i) => {
    result[metric.name] = (sums[i + 1] as number) / samples;
  });
  return result;
}

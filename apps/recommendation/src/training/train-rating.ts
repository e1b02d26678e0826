import { type Logger, ScenarioError, tf } from '@scenarios/core';
import { RATING_LAYERS, tableVariable } from '../model/recommender-model.js';
import { runEpochs } from './epoch-loop.js';

/** The rating model's training rows. */
export interface RatingRows {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
}

export interface RatingTrainingOptions {
  /** Passes over the rows. Default 40. */
  epochs?: number;
  /** Ratings per Adam step. Default 1024. */
  batchSize?: number;
  /** Adam's peak learning rate, annealed to 0 along a cosine. Default 0.002. */
  learningRate?: number;
  /** L2 penalty on the factors of each rating's user and item, per rating (as SGD matrix factorisation applies it). Default 0.05. */
  l2?: number;
  /**
   * L2 penalty on every user's and item's factors and bias, once per row (a Gaussian prior): it
   * shrinks the rows of users and items with few ratings, where the per-rating penalty barely acts. Default 5.
   */
  rowL2?: number;
  /** Seed of the shuffles. Default 0. */
  seed?: number;
  /** Stops before the next batch. */
  signal?: AbortSignal;
  /** One info line per epoch. Default silent. */
  logger?: Logger;
}

/** Defaults of `RatingTrainingOptions`, also recorded in the manifest. */
export const RATING_TRAINING_DEFAULTS = {
  epochs: 40,
  batchSize: 1024,
  learningRate: 0.002,
  l2: 0.05,
  rowL2: 5,
} as const;

function pick<T extends Int32Array | Float32Array>(values: T, order: Int32Array, range: [number, number]): T {
  const out = new (values.constructor as new (n: number) => T)(range[1] - range[0]);
  for (let j = range[0]; j < range[1]; j++) out[j - range[0]] = values[order[j] as number] as number;
  return out;
}

/**
 * Trains the model's rating head (biased matrix factorisation) on explicit ratings with Adam on
 * shuffled mini-batches, minimising over the training ratings
 * `sum (r - r_hat)^2 + l2 sum (|p_u|^2 + |q_i|^2) + rowL2 (sum_u (|p_u|^2 + b_u^2) + sum_i (|q_i|^2 + b_i^2))`
 * (divided by the number of ratings): per-rating L2 as SGD matrix factorisation has it, plus a
 * Gaussian prior on every row. The global bias (the mean rating) is fixed when the model is built.
 * Resolves with the mean loss of each epoch.
 */
export async function trainRatingHead(
  model: tf.LayersModel,
  rows: RatingRows,
  options: RatingTrainingOptions = {},
): Promise<number[]> {
  const { epochs, batchSize, learningRate, l2, rowL2 } = { ...RATING_TRAINING_DEFAULTS, ...options };
  const n = rows.ratings.length;
  if (n === 0) throw new ScenarioError('INVALID_ARGUMENT', 'no ratings to train on');
  const userFactors = tableVariable(model, RATING_LAYERS.userFactors);
  const itemFactors = tableVariable(model, RATING_LAYERS.itemFactors);
  const userBias = tableVariable(model, RATING_LAYERS.userBias);
  const itemBias = tableVariable(model, RATING_LAYERS.itemBias);
  const globalMean = model.getLayer(RATING_LAYERS.globalBias).getWeights()[1]?.dataSync()[0] ?? 0;
  const variables = [userFactors, itemFactors, userBias, itemBias];
  // Spreading a row's prior over its ratings: 1/count per rating adds up to one penalty per row and epoch.
  const inverseCount = (indices: Int32Array, rowsOfTable: number) => {
    const counts = new Float32Array(rowsOfTable);
    for (const index of indices) counts[index] = (counts[index] as number) + 1;
    return Float32Array.from(indices, (index) => 1 / (counts[index] as number));
  };
  const userWeights = inverseCount(rows.users, userBias.shape[0] as number);
  const itemWeights = inverseCount(rows.items, itemBias.shape[0] as number);
  const optimizer = tf.train.adam(learningRate);
  try {
    return await runEpochs({
      size: n,
      epochs,
      batchSize,
      learningRate,
      optimizer,
      seed: options.seed ?? 0,
      label: 'rating model',
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      step: (order, range) => {
        const users = tf.tensor1d(pick(rows.users, order, range), 'int32');
        const items = tf.tensor1d(pick(rows.items, order, range), 'int32');
        const ratings = tf.tensor1d(pick(rows.ratings, order, range), 'float32');
        const userShare = tf.tensor1d(pick(userWeights, order, range), 'float32');
        const itemShare = tf.tensor1d(pick(itemWeights, order, range), 'float32');
        try {
          return optimizer.minimize(
            () => {
              const p = tf.gather(userFactors, users);
              const q = tf.gather(itemFactors, items);
              const bu = tf.reshape(tf.gather(userBias, users), [-1]);
              const bi = tf.reshape(tf.gather(itemBias, items), [-1]);
              const predicted = tf.add(tf.addN([tf.sum(tf.mul(p, q), 1), bu, bi]), globalMean);
              const squared = tf.square(tf.sub(ratings, predicted));
              const pNorm = tf.sum(tf.square(p), 1);
              const qNorm = tf.sum(tf.square(q), 1);
              const perRating = tf.mul(l2, tf.add(pNorm, qNorm));
              const perRow = tf.mul(
                rowL2,
                tf.add(
                  tf.mul(userShare, tf.add(pNorm, tf.square(bu))),
                  tf.mul(itemShare, tf.add(qNorm, tf.square(bi))),
                ),
              );
              return tf.mean(tf.addN([squared, perRating, perRow])) as tf.Scalar;
            },
            true,
            variables,
          );
        } finally {
          tf.dispose([users, items, ratings, userShare, itemShare]);
        }
      },
    });
  } finally {
    optimizer.dispose();
  }
}

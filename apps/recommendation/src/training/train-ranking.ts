import { type Logger, ScenarioError, tf } from '@scenarios/core';
import { createRng } from '@scenarios/core/data';
import { RANKING_LAYERS, tableVariable } from '../model/recommender-model.js';
import { runEpochs } from './epoch-loop.js';
import { type HistoryBatch, historyBatch, nextItemExamples, type UserSequences } from './history-examples.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';

export interface RankingTrainingOptions {
  /** Items of history the user tower reads; must match the model's `history` input. */
  historyLength: number;
  /** Passes over the next-item examples. Default 8. */
  epochs?: number;
  /** Examples per Adam step. Default 512. */
  batchSize?: number;
  /** Adam's peak learning rate, annealed to 0 along a cosine. Default 0.006. */
  learningRate?: number;
  /** L2 penalty on the user vector and the target's output embedding, per example. Default 0. */
  l2?: number;
  /**
   * Negatives per batch for a sampled softmax (drawn uniformly, shared by the batch); 0 scores the
   * whole catalogue. Default 0.
   */
  sampledNegatives?: number;
  /** Seed of the shuffles and the negative sampling. Default 0. */
  seed?: number;
  /** Stops before the next batch. */
  signal?: AbortSignal;
  /** One info line per epoch. Default silent. */
  logger?: Logger;
}

/** Defaults of `RankingTrainingOptions`, also recorded in the manifest. */
export const RANKING_TRAINING_DEFAULTS = {
  epochs: 8,
  batchSize: 512,
  learningRate: 0.006,
  l2: 0,
  sampledNegatives: 0,
} as const;

interface Tables {
  input: tf.Variable;
  output: tf.Variable;
  bias: tf.Variable;
}

/** Logits of the batch and the class index of each target among them. */
function batchLogits(args: {
  tables: Tables;
  user: tf.Tensor2D;
  targets: tf.Tensor1D;
  negatives: tf.Tensor1D | undefined;
}): { logits: tf.Tensor2D; labels: tf.Tensor1D } {
  const { tables, user, targets, negatives } = args;
  const bias = tf.reshape(tables.bias, [-1]);
  if (!negatives) {
    return { logits: tf.add(tf.matMul(user, tables.output, false, true), bias), labels: targets };
  }
  const positive = tf.add(tf.sum(tf.mul(user, tf.gather(tables.output, targets)), 1), tf.gather(bias, targets));
  const sampled = tf.add(tf.matMul(user, tf.gather(tables.output, negatives), false, true), tf.gather(bias, negatives));
  // A sampled negative that is the row's own target is not a negative: mask it out.
  const hits = tf.equal(tf.expandDims(targets, 1), tf.expandDims(negatives, 0));
  const masked = tf.where(hits, tf.fill(sampled.shape, -1e9), sampled);
  return {
    logits: tf.concat([tf.expandDims(positive, 1), masked], 1) as tf.Tensor2D,
    labels: tf.zeros([user.shape[0]], 'int32'),
  };
}

/**
 * Trains the ranking head as a next-item model on implicit feedback: for every interaction that
 * has at least one before it, the user tower reads up to `historyLength` preceding items and a
 * softmax (over the whole catalogue, or the target plus sampled negatives) should put the
 * interaction's item first. Loss per example: softmax cross-entropy (+ the L2 penalty), minimised
 * by Adam over shuffled mini-batches; the gradient reaches the input embeddings through gather.
 * Resolves with the mean loss of each epoch.
 */
export async function trainRankingHead(
  model: tf.LayersModel,
  sequences: UserSequences,
  options: RankingTrainingOptions,
): Promise<number[]> {
  const { epochs, batchSize, learningRate, l2, sampledNegatives } = { ...RANKING_TRAINING_DEFAULTS, ...options };
  const { historyLength } = options;
  const examples = nextItemExamples(sequences);
  if (examples.positions.length === 0) {
    throw new ScenarioError('INVALID_ARGUMENT', 'no user has two interactions: nothing to learn a next item from');
  }
  const tables: Tables = {
    input: tableVariable(model, RANKING_LAYERS.inputEmbedding),
    output: tableVariable(model, RANKING_LAYERS.outputEmbedding),
    bias: tableVariable(model, RANKING_LAYERS.outputBias),
  };
  const numItems = tables.bias.shape[0] as number;
  const seed = options.seed ?? 0;
  const negativeRng = createRng(seed + 1);
  const optimizer = tf.train.adam(learningRate);
  const tensorsOf = (batch: HistoryBatch, size: number) => ({
    history: tf.tensor2d(batch.history, [size, historyLength], 'int32'),
    weights: tf.tensor3d(batch.weights, [size, historyLength, 1], 'float32'),
    targets: tf.tensor1d(batch.targets, 'int32'),
    negatives:
      sampledNegatives > 0
        ? tf.tensor1d(
            Int32Array.from({ length: sampledNegatives }, () => negativeRng.int(numItems)),
            'int32',
          )
        : undefined,
  });
  try {
    return await runEpochs({
      size: examples.positions.length,
      epochs,
      batchSize,
      learningRate,
      optimizer,
      seed,
      label: 'ranking model',
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      step: (order, range) => {
        const size = range[1] - range[0];
        const inputs = tensorsOf(historyBatch({ sequences, examples, order, range, historyLength }), size);
        try {
          return optimizer.minimize(
            () => {
              const user = tf.sum(tf.mul(tf.gather(tables.input, inputs.history), inputs.weights), 1) as tf.Tensor2D;
              const { logits, labels } = batchLogits({
                tables,
                user,
                targets: inputs.targets,
                negatives: inputs.negatives,
              });
              let perExample: tf.Tensor = softmaxCrossEntropy(logits, labels);
              if (l2 > 0) {
                const target = tf.gather(tables.output, inputs.targets);
                const penalty = tf.add(tf.sum(tf.square(user), 1), tf.sum(tf.square(target), 1));
                perExample = tf.add(perExample, tf.mul(l2, penalty));
              }
              return tf.mean(perExample) as tf.Scalar;
            },
            true,
            [tables.input, tables.output, tables.bias],
          );
        } finally {
          tf.dispose([inputs.history, inputs.weights, inputs.targets, ...(inputs.negatives ? [inputs.negatives] : [])]);
        }
      },
    });
  } finally {
    optimizer.dispose();
  }
}

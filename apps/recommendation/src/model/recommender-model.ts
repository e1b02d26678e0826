import { tf } from '@scenarios/core';
import { matrixFactorization } from '@scenarios/core/models';

/** Layer names of the ranking model's tables. */
export const RANKING_LAYERS = {
  inputEmbedding: 'item_input_embedding',
  outputEmbedding: 'item_output_embedding',
  outputBias: 'item_output_bias',
} as const;

/** Prefix of the rating model's layers (core's matrix factorisation). */
export const RATING_PREFIX = 'rating_';

/** Layer names of the rating model's tables. */
export const RATING_LAYERS = {
  userFactors: `${RATING_PREFIX}user_factors`,
  itemFactors: `${RATING_PREFIX}item_factors`,
  userBias: `${RATING_PREFIX}user_bias`,
  itemBias: `${RATING_PREFIX}item_bias`,
  globalBias: `${RATING_PREFIX}global_bias`,
} as const;

export interface RatingHeadOptions {
  /** Latent factors. */
  factors: number;
  /** Mean training rating, the global bias. */
  globalMean: number;
}

export interface RecommenderModelOptions {
  numUsers: number;
  numItems: number;
  /** Embedding width of the ranking model. */
  rankingFactors: number;
  /** Items of a user's history the ranking model reads (the most recent ones). */
  historyLength: number;
  /** The explicit-rating head (biased matrix factorisation); absent for implicit data. */
  rating?: RatingHeadOptions;
  /** Seed of the initialisers. Default 0. */
  seed?: number;
}

/**
 * The recommender as one Keras functional model, saved and loaded with core's model directory:
 *
 * - ranking (implicit feedback, next-item two-tower): the user tower averages the input embeddings
 *   of the user's most recent items, `u = sum_j w_j E[history_j]` (inputs `history`, item index + 1
 *   with 0 for padding, and `history_weights`, 1/count for real items, 0 for padding); the item tower
 *   is an output embedding and bias; output `score = dot(u, O[item]) + b[item]`;
 * - rating (explicit feedback): core's biased matrix factorisation on inputs `user` and `item`,
 *   output `rating = mean + b_user + b_item + dot(p_user, q_item)`.
 *
 * Inputs, in order: `user`, `item` (rating model only for `user`), `history`, `history_weights`;
 * outputs: `rating` (when there is a rating head), `score`.
 */
export function buildRecommenderModel(options: RecommenderModelOptions): tf.LayersModel {
  const seed = options.seed ?? 0;
  const { numItems, historyLength, rankingFactors } = options;
  const item = tf.input({ shape: [1], dtype: 'int32', name: 'item' });
  const history = tf.input({ shape: [historyLength], dtype: 'int32', name: 'history' });
  const historyWeights = tf.input({ shape: [historyLength], dtype: 'float32', name: 'history_weights' });
  const normal = (offset: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed: seed + offset });

  const embedded = tf.layers
    .embedding({
      inputDim: numItems + 1,
      outputDim: rankingFactors,
      embeddingsInitializer: normal(101),
      name: RANKING_LAYERS.inputEmbedding,
    })
    .apply(history) as tf.SymbolicTensor;
  const userVector = tf.layers.dot({ axes: 1, name: 'user_tower' }).apply([historyWeights, embedded]);
  const flat = (name: string, width: number, init: ReturnType<typeof tf.initializers.zeros>) =>
    tf.layers
      .flatten({ name: `${name}_flat` })
      .apply(
        tf.layers
          .embedding({ inputDim: numItems, outputDim: width, embeddingsInitializer: init, name })
          .apply(item) as tf.SymbolicTensor,
      ) as tf.SymbolicTensor;
  const itemVector = flat(RANKING_LAYERS.outputEmbedding, rankingFactors, normal(102));
  const itemBias = flat(RANKING_LAYERS.outputBias, 1, tf.initializers.zeros());
  const affinity = tf.layers.dot({ axes: 1, name: 'affinity' }).apply([userVector, itemVector] as tf.SymbolicTensor[]);
  const score = tf.layers
    .add({ name: 'score' })
    .apply([affinity, itemBias] as tf.SymbolicTensor[]) as tf.SymbolicTensor;

  if (!options.rating) {
    return tf.model({ inputs: [item, history, historyWeights], outputs: score, name: 'recommender' });
  }
  const user = tf.input({ shape: [1], dtype: 'int32', name: 'user' });
  const rating = matrixFactorization(
    { user, item },
    {
      numUsers: options.numUsers,
      numItems,
      factors: options.rating.factors,
      globalBias: options.rating.globalMean,
      seed: seed + 1,
      namePrefix: RATING_PREFIX,
    },
  );
  return tf.model({ inputs: [user, item, history, historyWeights], outputs: [rating, score], name: 'recommender' });
}

/** A layer's single weight as a tfjs variable, for custom training loops. */
export function tableVariable(model: tf.LayersModel, layerName: string): tf.Variable {
  const weight = model.getLayer(layerName).trainableWeights[0];
  if (!weight) throw new Error(`layer ${layerName} has no trainable weight`);
  return weight.read() as tf.Variable;
}

/** Whether the model has the explicit-rating head. */
export function hasRatingHead(model: tf.LayersModel): boolean {
  return model.layers.some((layer) => layer.name === RATING_LAYERS.userFactors);
}

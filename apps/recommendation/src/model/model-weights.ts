import type { tf } from '@scenarios/core';
import { hasRatingHead, RANKING_LAYERS, RATING_LAYERS } from './recommender-model.js';

/** The ranking model's tables, row-major. */
export interface RankingWeights {
  factors: number;
  /** Items of the history the user tower reads. */
  historyLength: number;
  /** (numItems + 1) x factors; row 0 is the padding row, item i is row i + 1. */
  inputEmbedding: Float32Array;
  /** numItems x factors. */
  outputEmbedding: Float32Array;
  /** numItems. */
  outputBias: Float32Array;
}

/** The rating model's tables, row-major. */
export interface RatingWeights {
  factors: number;
  /** numUsers x factors. */
  userFactors: Float32Array;
  /** numItems x factors. */
  itemFactors: Float32Array;
  userBias: Float32Array;
  itemBias: Float32Array;
  globalMean: number;
}

/** Every table of a recommender model, on the host, for fast scoring without tensors. */
export interface RecommenderWeights {
  numItems: number;
  ranking: RankingWeights;
  rating?: RatingWeights;
}

function table(model: tf.LayersModel, name: string, index = 0): Float32Array {
  const weight = model.getLayer(name).getWeights()[index];
  if (!weight) throw new Error(`layer ${name} has no weight ${index}`);
  return weight.dataSync() as Float32Array;
}

/** Copies the model's tables to the host. */
export function readWeights(model: tf.LayersModel, options: { historyLength: number }): RecommenderWeights {
  const outputBias = table(model, RANKING_LAYERS.outputBias);
  const outputEmbedding = table(model, RANKING_LAYERS.outputEmbedding);
  const numItems = outputBias.length;
  const ranking: RankingWeights = {
    factors: outputEmbedding.length / numItems,
    historyLength: options.historyLength,
    inputEmbedding: table(model, RANKING_LAYERS.inputEmbedding),
    outputEmbedding,
    outputBias,
  };
  if (!hasRatingHead(model)) return { numItems, ranking };
  const userBias = table(model, RATING_LAYERS.userBias);
  const userFactors = table(model, RATING_LAYERS.userFactors);
  const rating: RatingWeights = {
    factors: userFactors.length / userBias.length,
    userFactors,
    itemFactors: table(model, RATING_LAYERS.itemFactors),
    userBias,
    itemBias: table(model, RATING_LAYERS.itemBias),
    globalMean: table(model, RATING_LAYERS.globalBias, 1)[0] as number,
  };
  return { numItems, ranking, rating };
}

import type { Interactions } from '../datasets/interactions.js';
import type { RecommenderWeights } from '../model/model-weights.js';
import { leaveLastOut, type RowSplit, randomRatingSplit } from '../splits.js';
import { evaluateRanker, itemCounts, popularityScorer, rankingModelScorer } from './evaluate-ranking.js';
import { evaluateRatings } from './evaluate-ratings.js';
import { type RankingCases, rankingCases } from './ranking-cases.js';

/** How the data is split for evaluation; recorded in the manifest so `evaluate` redoes the same. */
export interface EvaluationProtocol {
  /** Seed of the random rating split and of the sampled negatives. */
  seed: number;
  /** Held-out fraction of the rated rows. */
  testFraction: number;
  /** Sampled negatives per user (NCF protocol). */
  negatives: number;
  /** Cut-off of the ranking metrics. */
  k: number;
}

export const DEFAULT_PROTOCOL: Omit<EvaluationProtocol, 'seed'> = { testFraction: 0.2, negatives: 100, k: 10 };

/**
 * The ranking metrics as people read them, in order: metric key and label. Each key also exists
 * as `popularity_<key>`, the baseline's figure.
 */
export const RANKING_METRIC_LABELS = [
  ['hit_rate_at_10', 'HR@10'],
  ['ndcg_at_10', 'NDCG@10'],
  ['precision_at_10', 'precision@10'],
  ['recall_at_10', 'recall@10'],
  ['map_at_10', 'MAP@10'],
  ['catalog_coverage_at_10', 'coverage@10'],
  ['sampled_hit_rate_at_10', 'sampled-100 HR@10'],
  ['sampled_ndcg_at_10', 'sampled-100 NDCG@10'],
] as const;

/** The splits of one evaluation. */
export interface EvaluationSplits {
  /** Random split of the rated rows; absent for implicit data. */
  rating?: RowSplit;
  /** Leave-last-out per user. */
  ranking: RowSplit;
  cases: RankingCases;
}

/** Both splits of the protocol, and the ranking cases (held-out items, histories, negatives). */
export function evaluationSplits(data: Interactions, protocol: EvaluationProtocol): EvaluationSplits {
  const ranking = leaveLastOut(data);
  return {
    ...(data.ratings
      ? { rating: randomRatingSplit(data, { testFraction: protocol.testFraction, seed: protocol.seed }) }
      : {}),
    ranking,
    cases: rankingCases(data, ranking, { negatives: protocol.negatives, seed: protocol.seed }),
  };
}

/** Popularity counts over the leave-last-out training rows. */
export function trainingPopularity(data: Interactions, split: RowSplit): Float32Array {
  return itemCounts(
    Int32Array.from(split.train, (row) => data.items[row] as number),
    data.itemIds.length,
  );
}

/**
 * Every metric of a recommender on the held-out parts, snake_case as `evaluate --json` prints them:
 * `rmse`, `mae`, `rating_test_size` (explicit data); the ranking model's `hit_rate_at_10`,
 * `ndcg_at_10`, `precision_at_10`, `recall_at_10`, `map_at_10`, `catalog_coverage_at_10`,
 * `sampled_hit_rate_at_10`, `sampled_ndcg_at_10`, `evaluated_users`; the same for the popularity
 * baseline prefixed `popularity_`.
 */
export function recommenderMetrics(input: {
  data: Interactions;
  splits: EvaluationSplits;
  weights: RecommenderWeights;
  protocol: EvaluationProtocol;
  ratingScale?: readonly [number, number];
}): Record<string, number> {
  const { data, splits, weights, protocol } = input;
  const metrics: Record<string, number> = {};
  if (weights.rating && splits.rating && input.ratingScale && splits.rating.test.length > 0) {
    Object.assign(
      metrics,
      evaluateRatings(weights.rating, { data, rows: splits.rating.test, scale: input.ratingScale }),
    );
  }
  if (splits.cases.cases.length === 0) return metrics;
  const options = { k: protocol.k, seed: protocol.seed };
  Object.assign(metrics, evaluateRanker(splits.cases, rankingModelScorer(weights.ranking), options));
  const popularity = evaluateRanker(splits.cases, popularityScorer(trainingPopularity(data, splits.ranking)), options);
  for (const [name, value] of Object.entries(popularity)) {
    if (name !== 'evaluated_users') metrics[`popularity_${name}`] = value;
  }
  return metrics;
}

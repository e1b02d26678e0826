import { createRng } from '@scenarios/core/data';
import {
  hitRateAtK,
  meanOverUsers,
  ndcgAtK,
  rankingReport,
  type UserRecommendations,
} from '@scenarios/core/evaluation';
import type { RankingWeights } from '../model/model-weights.js';
import { createRowScorer } from '../row-scorer.js';
import { recentItems, topK, userVector } from '../scoring.js';
import type { RankingCases } from './ranking-cases.js';

/**
 * Scores every item (higher is better) for a user, given the user's training history (oldest
 * first). The scores may be overwritten by the scorer's next call.
 */
export type ItemScorer = (input: { user: number; history: Int32Array }) => ArrayLike<number>;

export interface EvaluateRankerOptions {
  /** Cut-off. Default 10. */
  k?: number;
  /** Seed of the tie-breaking in the sampled protocol. Default 0. */
  seed?: number;
}

/**
 * Ranking metrics of a scorer under leave-last-out, with core's ranking metrics:
 *
 * - full ranking: every item the user has not interacted with in training is a candidate; the top
 *   k (ties to the lower item index) are scored against the held-out item: `precision_at_k`,
 *   `recall_at_k`, `ndcg_at_k`, `map_at_k`, `hit_rate_at_k`, `catalog_coverage_at_k`, `evaluated_users`;
 * - sampled (the NCF protocol): the held-out item among the case's sampled negatives, ties broken at
 *   random: `sampled_hit_rate_at_k`, `sampled_ndcg_at_k`.
 */
export function evaluateRanker(
  cases: RankingCases,
  scorer: ItemScorer,
  options: EvaluateRankerOptions = {},
): Record<string, number> {
  const k = options.k ?? 10;
  const rng = createRng(options.seed ?? 0);
  const full: UserRecommendations<number>[] = [];
  const sampled: UserRecommendations<number>[] = [];
  const excluded = new Uint8Array(cases.numItems);
  for (const { user, heldOut, history, negatives } of cases.cases) {
    const scores = scorer({ user, history });
    for (const item of history) excluded[item] = 1;
    full.push({ recommended: topK(scores, k, excluded), relevant: [heldOut] });
    for (const item of history) excluded[item] = 0;

    const candidates = [heldOut, ...negatives];
    // A random order first, then a stable sort by score: equal scores end up in random order.
    const shuffled = Array.from(rng.shuffledIndices(candidates.length), (i) => candidates[i] as number);
    shuffled.sort((a, b) => (scores[b] as number) - (scores[a] as number));
    sampled.push({ recommended: shuffled.slice(0, k), relevant: [heldOut] });
  }
  return {
    ...rankingReport({ users: full, k, catalogSize: cases.numItems }),
    [`sampled_hit_rate_at_${k}`]: meanOverUsers(sampled, hitRateAtK, k),
    [`sampled_ndcg_at_${k}`]: meanOverUsers(sampled, ndcgAtK, k),
  };
}

/** The popularity baseline: every user gets the same scores, the items' interaction counts. */
export function popularityScorer(counts: Float32Array): ItemScorer {
  return () => counts;
}

/** Interaction counts per item over the given item indices. */
export function itemCounts(items: ArrayLike<number>, numItems: number): Float32Array {
  const counts = new Float32Array(numItems);
  for (let j = 0; j < items.length; j++) {
    const item = items[j] as number;
    counts[item] = (counts[item] as number) + 1;
  }
  return counts;
}

/** The ranking model: the user tower reads the most recent training items. */
export function rankingModelScorer(weights: RankingWeights): ItemScorer {
  const scorer = createRowScorer({
    table: weights.outputEmbedding,
    bias: weights.outputBias,
    factors: weights.factors,
  });
  return ({ history }) => scorer.score(userVector(weights, recentItems(history, weights.historyLength)));
}

import { describe, expect, it } from 'vitest';
import { buildInteractions, RowCollector } from '../datasets/interactions.js';
import type { RatingWeights } from '../model/model-weights.js';
import { leaveLastOut } from '../splits.js';
import { evaluateRanker, itemCounts, popularityScorer } from './evaluate-ranking.js';
import { evaluateRatings } from './evaluate-ratings.js';
import { type RankingCases, rankingCases } from './ranking-cases.js';

function data(rows: { user: number; item: number; rating?: number; timestamp?: number }[]) {
  const collector = new RowCollector();
  for (const row of rows) collector.add(row);
  return buildInteractions(collector, { source: 'test' });
}

describe('rankingCases', () => {
  it('holds out the last item, keeps the training history in order and samples unseen negatives', () => {
    const rows = [
      { user: 1, item: 0, timestamp: 1 },
      { user: 1, item: 5, timestamp: 3 },
      { user: 1, item: 2, timestamp: 2 },
      { user: 2, item: 1, timestamp: 1 },
    ];
    for (let item = 6; item < 30; item++) rows.push({ user: 3, item, timestamp: item });
    const interactions = data(rows);
    const { numItems, cases } = rankingCases(interactions, leaveLastOut(interactions), { negatives: 10, seed: 2 });
    expect(numItems).toBe(28);
    const first = cases[0];
    // Raw items 0, 1, 2, 5 have indices 0, 1, 2, 3; user 1 saw 0 then 2, and 5 (index 3) last.
    expect(first?.user).toBe(0);
    expect(first?.heldOut).toBe(3);
    expect(Array.from(first?.history ?? [])).toEqual([0, 2]);
    expect(first?.negatives).toHaveLength(10);
    for (const negative of first?.negatives ?? []) expect([0, 2, 3]).not.toContain(negative);
    expect(new Set(first?.negatives).size).toBe(10);
    // User 3 saw 24 of 28 items (indices 4 to 27): only 4 are left to sample, all of them.
    expect(Array.from(cases[1]?.negatives ?? []).sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    // User 2 has one interaction: not evaluated.
    expect(cases).toHaveLength(2);
  });
});

describe('evaluateRanker', () => {
  // Four items; two users.
  const cases: RankingCases = {
    numItems: 4,
    cases: [
      { user: 0, heldOut: 2, history: Int32Array.from([0]), negatives: Int32Array.from([1, 3]) },
      { user: 1, heldOut: 3, history: Int32Array.from([1]), negatives: Int32Array.from([0]) },
    ],
  };

  it('ranks all unseen items for the full metrics and the sampled candidates for the NCF ones', () => {
    const scores = Float32Array.from([10, 3, 2, 1]);
    const metrics = evaluateRanker(cases, popularityScorer(scores), { k: 2 });
    // User 0: item 0 is seen, so the top 2 are [1, 2]: a hit at rank 2. User 1: top 2 [0, 2]: a miss.
    expect(metrics.hit_rate_at_2).toBe(0.5);
    expect(metrics.ndcg_at_2).toBeCloseTo((1 / Math.log2(3) + 0) / 2, 10);
    expect(metrics.precision_at_2).toBe(0.25);
    expect(metrics.recall_at_2).toBe(0.5);
    expect(metrics.map_at_2).toBeCloseTo((1 / 2 + 0) / 2, 10);
    // Distinct items in the top 2s: 1, 2, 0 of 4.
    expect(metrics.catalog_coverage_at_2).toBe(0.75);
    expect(metrics.evaluated_users).toBe(2);
    // Sampled: user 0 ranks [1 (3), 2 (2), 3 (1)]: rank 2. User 1 ranks [0 (10), 3 (1)]: rank 2.
    expect(metrics.sampled_hit_rate_at_2).toBe(1);
    expect(metrics.sampled_ndcg_at_2).toBeCloseTo(1 / Math.log2(3), 10);
  });

  it('breaks sampled ties at random but by seed', () => {
    const flat = popularityScorer(new Float32Array(4));
    const runs = [0, 1, 2, 3, 4, 5, 6, 7].map(
      (seed) => evaluateRanker(cases, flat, { k: 1, seed }).sampled_hit_rate_at_1,
    );
    expect(new Set(runs).size).toBeGreaterThan(1);
    expect(evaluateRanker(cases, flat, { k: 1, seed: 3 })).toEqual(evaluateRanker(cases, flat, { k: 1, seed: 3 }));
  });

  it('counts interactions per item', () => {
    expect(Array.from(itemCounts([2, 0, 2, 2], 4))).toEqual([1, 0, 3, 0]);
  });
});

describe('evaluateRatings', () => {
  it('reports RMSE and MAE of the clipped predictions on the given rows', () => {
    const interactions = data([
      { user: 1, item: 1, rating: 4 },
      { user: 1, item: 2, rating: 2 },
      { user: 2, item: 1, rating: 5 },
    ]);
    const weights: RatingWeights = {
      factors: 1,
      userFactors: Float32Array.from([0, 0]),
      itemFactors: Float32Array.from([0, 0]),
      userBias: Float32Array.from([0, 3]),
      itemBias: Float32Array.from([0.5, -0.5]),
      globalMean: 3,
    };
    // Predictions: 3.5, 2.5, min(5, 6.5) = 5; errors 0.5, 0.5, 0 on rows 0, 1, 2.
    const result = evaluateRatings(weights, { data: interactions, rows: Int32Array.from([0, 1, 2]), scale: [1, 5] });
    expect(result.rmse).toBeCloseTo(Math.sqrt(0.5 / 3), 6);
    expect(result.mae).toBeCloseTo(1 / 3, 6);
    expect(result.rating_test_size).toBe(3);
  });
});

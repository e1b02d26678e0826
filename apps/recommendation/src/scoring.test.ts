import { describe, expect, it } from 'vitest';
import type { RankingWeights, RatingWeights } from './model/model-weights.js';
import {
  itemSimilarityVectors,
  normalizeRows,
  predictRating,
  recentItems,
  scoreRows,
  topK,
  userVector,
} from './scoring.js';

describe('topK', () => {
  it('returns the best indices first, lower index on ties, skipping excluded ones', () => {
    const scores = [0.5, 2, 2, -1, 3, 2];
    expect(Array.from(topK(scores, 3))).toEqual([4, 1, 2]);
    expect(Array.from(topK(scores, 3, Uint8Array.from([0, 0, 1, 0, 1, 0])))).toEqual([1, 5, 0]);
    expect(Array.from(topK(scores, 10, Uint8Array.from([1, 1, 1, 0, 1, 1])))).toEqual([3]);
    expect(Array.from(topK([], 2))).toEqual([]);
  });

  it('agrees with a full sort on random scores', () => {
    const scores = Array.from(
      { length: 500 },
      (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453),
    );
    const sorted = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    expect(Array.from(topK(scores, 25))).toEqual(sorted.slice(0, 25).map(([, i]) => i));
  });
});

describe('scoring', () => {
  const ranking: RankingWeights = {
    factors: 2,
    historyLength: 2,
    // Row 0 pads; item i is row i + 1.
    inputEmbedding: Float32Array.from([9, 9, 1, 0, 0, 2, 3, 3]),
    outputEmbedding: Float32Array.from([1, 1, 2, -1, 0, 5]),
    outputBias: Float32Array.from([0.5, 0, -1]),
  };

  it('keeps the last distinct items of a history, oldest first', () => {
    expect(recentItems([4, 1, 2, 1, 3], 3)).toEqual([2, 1, 3]);
    expect(recentItems([1, 1], 5)).toEqual([1]);
    expect(recentItems([], 5)).toEqual([]);
  });

  it('averages the input embeddings of the recent items into the user vector', () => {
    // Items 0 and 2: rows 1 and 3: ([1, 0] + [3, 3]) / 2.
    expect(Array.from(userVector(ranking, [0, 2]))).toEqual([2, 1.5]);
    expect(Array.from(userVector(ranking, []))).toEqual([0, 0]);
  });

  it('scores every row as dot product plus bias, with factor counts that are not multiples of 4', () => {
    const out = new Float32Array(3);
    scoreRows({ user: Float32Array.from([2, 1.5]), table: ranking.outputEmbedding, bias: ranking.outputBias, out });
    expect(Array.from(out)).toEqual([2 + 1.5 + 0.5, 4 - 1.5, 7.5 - 1]);
    const wide = Float32Array.from({ length: 7 }, (_, f) => f + 1);
    const row = Float32Array.from({ length: 7 }, (_, f) => 7 - f);
    const single = new Float32Array(1);
    scoreRows({ user: wide, table: row, out: single });
    expect(single[0]).toBe(1 * 7 + 2 * 6 + 3 * 5 + 4 * 4 + 5 * 3 + 6 * 2 + 7 * 1);
  });

  it('predicts ratings as mean + biases + dot, clipped to the scale', () => {
    const rating: RatingWeights = {
      factors: 2,
      userFactors: Float32Array.from([1, 2]),
      itemFactors: Float32Array.from([0.5, 0.25, 3, 3]),
      userBias: Float32Array.from([0.25]),
      itemBias: Float32Array.from([-0.5, 0]),
      globalMean: 3.5,
    };
    expect(predictRating(rating, { user: 0, item: 0 })).toBe(3.5 + 0.25 - 0.5 + 1);
    expect(predictRating(rating, { user: 0, item: 1 })).toBe(3.5 + 0.25 + 9);
    expect(predictRating(rating, { user: 0, item: 1, scale: [0.5, 5] })).toBe(5);
  });

  it('normalises rows to unit length and leaves zero rows at zero', () => {
    expect(normalizeRows(Float32Array.from([3, 4, 0, 0]), 2)).toEqual(Float32Array.from([0.6, 0.8, 0, 0]));
  });

  it('builds similarity vectors whose dot products average the two cosine similarities', () => {
    const vectors = itemSimilarityVectors({
      factors: 2,
      historyLength: 1,
      inputEmbedding: Float32Array.from([9, 9, 3, 4, 0, 2]),
      outputEmbedding: Float32Array.from([1, 0, 0, 5]),
      outputBias: new Float32Array(2),
    });
    const [a, b] = [vectors.subarray(0, 4), vectors.subarray(4, 8)];
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * (y[i] as number), 0);
    // Input cosine 0.8 (items [3, 4] and [0, 2]), output cosine 0: the mean is 0.4.
    expect(dot(a, b)).toBeCloseTo(0.4, 6);
    expect(dot(a, a)).toBeCloseTo(1, 6);
  });
});

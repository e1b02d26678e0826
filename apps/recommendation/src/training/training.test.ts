import { tf } from '@scenarios/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWeights } from '../model/model-weights.js';
import { buildRecommenderModel } from '../model/recommender-model.js';
import { createRowScorer } from '../row-scorer.js';
import { predictRating, recentItems, topK, userVector } from '../scoring.js';
import type { UserSequences } from './history-examples.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';
import { trainRankingHead } from './train-ranking.js';
import { trainRatingHead } from './train-rating.js';

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('softmaxCrossEntropy', () => {
  it('equals logsumexp minus the target logit, with the gradient softmax - onehot', () => {
    const logits = tf.tensor2d([
      [1, 2, 3],
      [0, 0, -1],
    ]);
    const targets = tf.tensor1d([2, 0], 'int32');
    const [loss, grad] = tf.tidy(() => {
      const value = softmaxCrossEntropy(logits, targets);
      const gradient = tf.grad((x: tf.Tensor) => tf.sum(softmaxCrossEntropy(x as tf.Tensor2D, targets)))(logits);
      return [Array.from(value.dataSync()), Array.from(gradient.dataSync())];
    });
    const lse = (xs: number[]) => Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));
    expect(loss?.[0]).toBeCloseTo(lse([1, 2, 3]) - 3, 5);
    expect(loss?.[1]).toBeCloseTo(lse([0, 0, -1]) - 0, 5);
    const softmax = (xs: number[]) => xs.map((x) => Math.exp(x - lse(xs)));
    const expected = [
      ...softmax([1, 2, 3]).map((p, i) => p - (i === 2 ? 1 : 0)),
      ...softmax([0, 0, -1]).map((p, i) => p - (i === 0 ? 1 : 0)),
    ];
    for (const [i, g] of (grad ?? []).entries()) expect(g).toBeCloseTo(expected[i] as number, 5);
    tf.dispose([logits, targets]);
  });
});

describe('trainRatingHead', () => {
  it('learns two taste groups well below the error of the global mean', async () => {
    // Users 0-3 love items 0-3 and dislike 4-7; users 4-7 the reverse.
    const users: number[] = [];
    const items: number[] = [];
    const ratings: number[] = [];
    for (let u = 0; u < 8; u++) {
      for (let i = 0; i < 8; i++) {
        users.push(u);
        items.push(i);
        ratings.push(u < 4 === i < 4 ? 5 : 1);
      }
    }
    const model = buildRecommenderModel({
      numUsers: 8,
      numItems: 8,
      rankingFactors: 2,
      historyLength: 2,
      rating: { factors: 4, globalMean: 3 },
    });
    const losses = await trainRatingHead(
      model,
      { users: Int32Array.from(users), items: Int32Array.from(items), ratings: Float32Array.from(ratings) },
      { epochs: 60, batchSize: 16, learningRate: 0.05, l2: 0.001, rowL2: 0.01 },
    );
    expect(losses).toHaveLength(60);
    expect(losses[59]).toBeLessThan((losses[0] as number) / 10);
    const weights = readWeights(model, { historyLength: 2 });
    const rating = weights.rating;
    if (!rating) throw new Error('no rating head');
    expect(rating.globalMean).toBeCloseTo(3, 6);
    let squared = 0;
    users.forEach((u, j) => {
      squared += (predictRating(rating, { user: u, item: items[j] as number }) - (ratings[j] as number)) ** 2;
    });
    // The global mean alone has RMSE 2.
    expect(Math.sqrt(squared / users.length)).toBeLessThan(0.5);
    model.dispose();
  });
});

describe('trainRankingHead', () => {
  it('learns the next item of a sequence, with full and with sampled softmax', async () => {
    // Every user walks the cycle 0 -> 1 -> ... -> 9 -> 0 from a different start.
    const items: number[] = [];
    const offsets = [0];
    for (let u = 0; u < 20; u++) {
      for (let j = 0; j < 6; j++) items.push((u + j) % 10);
      offsets.push(items.length);
    }
    const sequences: UserSequences = { offsets: Int32Array.from(offsets), items: Int32Array.from(items) };
    for (const sampledNegatives of [0, 6]) {
      const model = buildRecommenderModel({ numUsers: 20, numItems: 10, rankingFactors: 8, historyLength: 1, seed: 3 });
      const losses = await trainRankingHead(model, sequences, {
        historyLength: 1,
        epochs: 40,
        batchSize: 20,
        learningRate: 0.05,
        sampledNegatives,
        seed: 1,
      });
      expect(losses[39]).toBeLessThan((losses[0] as number) / 4);
      const weights = readWeights(model, { historyLength: 1 }).ranking;
      const scorer = createRowScorer({ table: weights.outputEmbedding, bias: weights.outputBias, factors: 8 });
      for (const last of [0, 4, 9]) {
        const scores = scorer.score(userVector(weights, recentItems([last], 1)));
        expect(topK(scores, 1)[0]).toBe((last + 1) % 10);
      }
      model.dispose();
    }
  });

  it('refuses sequences with nothing to predict', async () => {
    const model = buildRecommenderModel({ numUsers: 2, numItems: 3, rankingFactors: 2, historyLength: 1 });
    const sequences = { offsets: Int32Array.from([0, 1, 2]), items: Int32Array.from([0, 1]) };
    await expect(trainRankingHead(model, sequences, { historyLength: 1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    model.dispose();
  });
});

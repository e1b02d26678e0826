import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '@scenarios/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { predictRating, scoreRows, userVector } from '../scoring.js';
import { loadRecommender, MODEL_FILES, saveRecommender } from './model-dir.js';
import { readWeights } from './model-weights.js';
import { buildRecommenderModel, hasRatingHead } from './recommender-model.js';

let root: string;
let tensorsBefore = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rec-model-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

const column = (values: number[]) => tf.tensor2d(values, [values.length, 1], 'int32');
// tfjs makes layer names unique within a process by adding _1, _2...
const inputNames = (model: tf.LayersModel) => model.inputs.map((input) => input.name.replace(/_\d+$/, ''));

describe('the recommender model', () => {
  it('computes in Keras what the host scoring computes from its tables', () => {
    const model = buildRecommenderModel({
      numUsers: 3,
      numItems: 5,
      rankingFactors: 4,
      historyLength: 3,
      rating: { factors: 2, globalMean: 3.25 },
      seed: 9,
    });
    expect(inputNames(model)).toEqual(['user', 'item', 'history', 'history_weights']);
    expect(hasRatingHead(model)).toBe(true);
    const weights = readWeights(model, { historyLength: 3 });
    const rating = weights.rating;
    if (!rating) throw new Error('no rating head');
    // Nudge the zero-initialised biases so they count.
    rating.userBias.set([0.1, -0.2, 0.3]);
    rating.itemBias.set([0.5, 0, -0.5, 0.25, 1]);
    weights.ranking.outputBias.set([1, 2, 3, 4, 5]);
    tf.tidy(() => {
      model.getLayer('rating_user_bias').setWeights([tf.tensor2d(rating.userBias, [3, 1])]);
      model.getLayer('rating_item_bias').setWeights([tf.tensor2d(rating.itemBias, [5, 1])]);
      model.getLayer('item_output_bias').setWeights([tf.tensor2d(weights.ranking.outputBias, [5, 1])]);
    });
    // User 2 rated item 4; their history is items 1 and 3 (history input: index + 1, padded with 0).
    const [ratingOut, scoreOut] = tf.tidy(() => {
      const outputs = model.predict([
        column([2]),
        column([4]),
        tf.tensor2d([[2, 4, 0]], [1, 3], 'int32'),
        tf.tensor2d([[0.5, 0.5, 0]], [1, 3]),
      ]) as tf.Tensor[];
      return outputs.map((t) => t.dataSync()[0] as number);
    });
    expect(ratingOut).toBeCloseTo(predictRating(rating, { user: 2, item: 4 }), 5);
    const out = new Float32Array(5);
    scoreRows({
      user: userVector(weights.ranking, [1, 3]),
      table: weights.ranking.outputEmbedding,
      bias: weights.ranking.outputBias,
      out,
    });
    expect(scoreOut).toBeCloseTo(out[4] as number, 5);
    model.dispose();
  });

  it('leaves the rating head out for implicit data', () => {
    const model = buildRecommenderModel({ numUsers: 3, numItems: 5, rankingFactors: 4, historyLength: 3 });
    expect(inputNames(model)).toEqual(['item', 'history', 'history_weights']);
    expect(hasRatingHead(model)).toBe(false);
    expect(readWeights(model, { historyLength: 3 }).rating).toBeUndefined();
    model.dispose();
  });
});

describe('saveRecommender / loadRecommender', () => {
  const save = async (dir: string) => {
    const model = buildRecommenderModel({
      numUsers: 2,
      numItems: 3,
      rankingFactors: 2,
      historyLength: 4,
      rating: { factors: 2, globalMean: 3 },
    });
    try {
      return await saveRecommender(dir, {
        model,
        manifest: { scenario: 'recommendation', model: { name: 'tiny', version: '1' } },
        settings: { historyLength: 4, ratingScale: [0.5, 5] },
        userIds: Int32Array.from([10, 20]),
        itemIds: Int32Array.from([5, 6, 700]),
        itemInfo: [
          { title: 'Five', genres: ['Drama'] },
          { title: 'Six', genres: [] },
          { title: 'Seven hundred', genres: ['Comedy', 'Drama'] },
        ],
        histories: { offsets: Int32Array.from([0, 2, 3]), items: Int32Array.from([2, 0, 1]) },
      });
    } finally {
      model.dispose();
    }
  };

  it('round-trips the tables, id maps, metadata and histories, checksummed in the manifest', async () => {
    const dir = join(root, 'tiny');
    const manifest = await save(dir);
    expect(Object.keys(manifest.files).sort()).toEqual([
      'histories.i32',
      'items.json',
      'model.json',
      'users.json',
      'weights.bin',
    ]);
    expect(manifest.id_maps).toEqual({
      users: { file: 'users.json', count: 2 },
      items: { file: 'items.json', count: 3 },
    });
    expect(manifest.preprocessing).toMatchObject({ history_length: 4, rating_scale: [0.5, 5] });
    const loaded = await loadRecommender(dir);
    expect(Array.from(loaded.userIds)).toEqual([10, 20]);
    expect(Array.from(loaded.itemIds)).toEqual([5, 6, 700]);
    expect(loaded.itemInfo[2]).toEqual({ title: 'Seven hundred', genres: ['Comedy', 'Drama'] });
    expect(loaded.histories).toEqual({ offsets: Int32Array.from([0, 2, 3]), items: Int32Array.from([2, 0, 1]) });
    expect(loaded.settings).toEqual({ historyLength: 4, ratingScale: [0.5, 5] });
    expect(loaded.weights.rating?.globalMean).toBe(3);
    expect(loaded.weights.ranking.inputEmbedding.length).toBe(4 * 2);
    // 1 count + 3 offsets + 3 items, 4 bytes each, little-endian.
    expect(Array.from(await readFile(join(dir, MODEL_FILES.histories)))).toHaveLength(7 * 4);
  });

  it('refuses a changed file (CHECKSUM_MISMATCH) and a directory of another scenario', async () => {
    const dir = join(root, 'tampered');
    await save(dir);
    await writeFile(join(dir, MODEL_FILES.users), '[10,21]');
    await expect(loadRecommender(dir)).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    await expect(loadRecommender(join(root, 'absent'))).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    const other = join(root, 'other');
    await save(other);
    const manifestPath = join(other, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    await writeFile(manifestPath, JSON.stringify({ ...manifest, scenario: 'image-classification' }));
    await expect(loadRecommender(other)).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecommender } from './model/model-dir.js';
import { Recommender } from './recommender.js';
import { itemId, SYNTHETIC_GENRES, type SyntheticData, userId } from './test-support/synthetic-data.js';
import { trainTinyModel } from './test-support/tiny-model.js';

let root: string;
let modelDir: string;
let data: SyntheticData;
const fresh = async () => new Recommender(await loadRecommender(modelDir));
const genreOf = (raw: number) => SYNTHETIC_GENRES[((raw - 7) / 10) % 3];
const seenBy = (user: number) => data.ratings.filter((r) => r.user === user).map((r) => r.item);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rec-recommender-'));
  ({ modelDir, data } = await trainTinyModel(root));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('Recommender', () => {
  it('recommends unseen items of the genre the user loves, best first, with titles and predicted ratings', async () => {
    const recommender = await fresh();
    const user = userId(4); // loves genre 4 % 3 = 1, Drama
    const { strategy, items } = recommender.recommend(user, { k: 3 });
    expect(strategy).toBe('personalised');
    expect(items).toHaveLength(3);
    for (const item of items) expect(seenBy(user)).not.toContain(item.item);
    expect(items.map((s) => s.score)).toEqual([...items.map((s) => s.score)].sort((a, b) => b - a));
    expect(genreOf(items[0]?.item as number)).toBe('Drama');
    expect(items[0]?.title).toMatch(/^Movie \d+, part \d \(\d{4}\)$/);
    expect(items[0]?.genres).toEqual(['Drama']);
    expect(items[0]?.predicted_rating).toBeGreaterThanOrEqual(1);
    expect(items[0]?.predicted_rating).toBeLessThanOrEqual(5);
  });

  it('honours the exclude list and the genre filter', async () => {
    const recommender = await fresh();
    const user = userId(4);
    const top = recommender.recommend(user, { k: 2 }).items.map((s) => s.item);
    const without = recommender
      .recommend(user, { k: 2, exclude: [top[0] as number, 999_999] })
      .items.map((s) => s.item);
    expect(without).not.toContain(top[0]);
    expect(without[0]).toBe(top[1]);
    const horror = recommender.recommend(user, { k: 5, genres: ['Horror'] }).items;
    expect(horror).toHaveLength(5);
    for (const item of horror) expect(item.genres).toEqual(['Horror']);
    const either = recommender.recommend(user, { k: 30, genres: ['Horror', 'Comedy'] }).items;
    expect(new Set(either.map((s) => genreOf(s.item)))).toEqual(new Set(['Horror', 'Comedy']));
    expect(() => recommender.recommend(user, { k: 2, genres: ['Western'] })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    expect(recommender.genres).toEqual(['Comedy', 'Drama', 'Horror']);
  });

  it('gives a user it has never seen the most popular items, within the genres asked for', async () => {
    const recommender = await fresh();
    const counts = new Map<number, number>();
    for (const r of data.ratings) counts.set(r.item, (counts.get(r.item) ?? 0) + 1);
    const popular = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const cold = recommender.recommend(123_456, { k: 4 });
    expect(cold.strategy).toBe('popular');
    expect(cold.items.map((s) => [s.item, s.score])).toEqual(popular.slice(0, 4));
    const coldHorror = recommender.recommend(123_456, { k: 3, genres: ['Horror'] });
    expect(coldHorror.items.map((s) => s.item)).toEqual(
      popular
        .filter(([item]) => genreOf(item) === 'Horror')
        .slice(0, 3)
        .map(([item]) => item),
    );
  });

  it('applies an interaction at once: excluded next time, and a new user becomes personalised', async () => {
    const recommender = await fresh();
    const user = userId(4);
    const first = recommender.recommend(user, { k: 1 }).items[0]?.item as number;
    recommender.recordInteraction(user, first);
    expect(recommender.recommend(user, { k: 5 }).items.map((s) => s.item)).not.toContain(first);

    recommender.recordInteraction(777, itemId(2));
    const newcomer = recommender.recommend(777, { k: 3 });
    expect(newcomer.strategy).toBe('personalised');
    expect(newcomer.items.map((s) => s.item)).not.toContain(itemId(2));
    expect(newcomer.items[0]?.predicted_rating).toBeUndefined();
    expect(() => recommender.recordInteraction(777, 5)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('finds similar items by cosine similarity, never the item itself', async () => {
    const recommender = await fresh();
    const { item, similar } = recommender.similar(itemId(0), { k: 4 });
    expect(item).toMatchObject({ item: itemId(0), title: 'Movie 0, part 1 (1990)', genres: ['Comedy'] });
    expect(similar).toHaveLength(4);
    expect(similar.map((s) => s.item)).not.toContain(itemId(0));
    for (const s of similar) expect(Math.abs(s.score)).toBeLessThanOrEqual(1.0001);
    expect(similar.map((s) => s.score)).toEqual([...similar.map((s) => s.score)].sort((a, b) => b - a));
    const drama = recommender.similar(itemId(0), { k: 2, genres: ['Drama'] }).similar;
    for (const s of drama) expect(s.genres).toEqual(['Drama']);
    expect(() => recommender.similar(8, { k: 2 })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('scores user-item pairs as the recommendations do', async () => {
    const recommender = await fresh();
    const user = userId(4);
    const top = recommender.recommend(user, { k: 1 }).items[0];
    const pairs = recommender.scorePairs({ users: [user, 99_999], items: [top?.item as number, itemId(0)] });
    // Pairs are scored exactly; the whole catalogue in 16-bit integers (see simdScorer), to about 1e-4.
    expect(Math.abs((pairs.score[0] as number) - (top?.score as number))).toBeLessThan(
      1e-4 * Math.abs(top?.score as number),
    );
    expect(pairs.rating?.[0]).toBeCloseTo(top?.predicted_rating as number, 5);
    expect(pairs.rating?.[1]).toBeGreaterThanOrEqual(1);
    expect(() => recommender.scorePairs({ users: [user], items: [3] })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});

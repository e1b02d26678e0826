import { describe, expect, it } from 'vitest';
import { buildInteractions, RowCollector } from './datasets/interactions.js';
import { leaveLastOut, randomRatingSplit, rowMask } from './splits.js';

function data(rows: { user: number; item: number; rating?: number; timestamp?: number }[]) {
  const collector = new RowCollector();
  for (const row of rows) collector.add(row);
  return buildInteractions(collector, { source: 'test' });
}

describe('randomRatingSplit', () => {
  it('splits the rated rows 80/20 by seed, leaving unrated rows out of both parts', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({
      user: i % 5,
      item: i,
      ...(i % 10 === 9 ? {} : { rating: 3 }),
    }));
    const interactions = data(rows);
    const split = randomRatingSplit(interactions, { seed: 4 });
    expect(split.train.length + split.test.length).toBe(45);
    expect(split.test.length).toBe(9);
    const all = [...split.train, ...split.test];
    expect(new Set(all).size).toBe(45);
    expect(all.some((row) => row % 10 === 9)).toBe(false);
    expect(randomRatingSplit(interactions, { seed: 4 })).toEqual(split);
    expect(randomRatingSplit(interactions, { seed: 5 }).test).not.toEqual(split.test);
  });

  it('refuses implicit data', () => {
    expect(() => randomRatingSplit(data([{ user: 1, item: 1 }]))).toThrow(/no ratings/);
  });
});

describe('leaveLastOut', () => {
  it('holds out each user’s latest interaction, the later row on a tie, and keeps one-interaction users whole', () => {
    const interactions = data([
      { user: 1, item: 10, timestamp: 5 },
      { user: 1, item: 11, timestamp: 9 },
      { user: 1, item: 12, timestamp: 7 },
      { user: 2, item: 10, timestamp: 3 },
      { user: 2, item: 11, timestamp: 3 },
      { user: 3, item: 12, timestamp: 1 },
    ]);
    const split = leaveLastOut(interactions);
    expect(Array.from(split.test)).toEqual([1, 4]);
    expect(Array.from(split.train)).toEqual([0, 2, 3, 5]);
    expect(Array.from(rowMask(6, split.test))).toEqual([0, 1, 0, 0, 1, 0]);
  });

  it('uses row order when there are no timestamps', () => {
    const split = leaveLastOut(
      data([
        { user: 1, item: 3 },
        { user: 1, item: 1 },
        { user: 1, item: 2 },
      ]),
    );
    expect(Array.from(split.test)).toEqual([2]);
  });
});

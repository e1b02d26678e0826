import { ScenarioError } from '@scenarios/core';
import { describe, expect, it } from 'vitest';
import { buildInteractions, groupRowsByUser, isRawId, RowCollector, rowsByUserInTimeOrder } from './interactions.js';

function collect(rows: { user: number; item: number; rating?: number; timestamp?: number }[]): RowCollector {
  const collector = new RowCollector();
  for (const row of rows) collector.add(row);
  return collector;
}

describe('buildInteractions', () => {
  it('numbers users and items by ascending raw id, whatever the row order', () => {
    const data = buildInteractions(
      collect([
        { user: 50, item: 300, rating: 4, timestamp: 10 },
        { user: 7, item: 100, rating: 3, timestamp: 11 },
        { user: 50, item: 100, rating: 5, timestamp: 12 },
      ]),
      { source: 'test', itemInfo: new Map([[300, { title: 'Three', genres: ['Drama'] }]]) },
    );
    expect(Array.from(data.userIds)).toEqual([7, 50]);
    expect(Array.from(data.itemIds)).toEqual([100, 300]);
    expect(Array.from(data.users)).toEqual([1, 0, 1]);
    expect(Array.from(data.items)).toEqual([1, 0, 0]);
    expect(Array.from(data.ratings ?? [])).toEqual([4, 3, 5]);
    expect(Array.from(data.timestamps ?? [])).toEqual([10, 11, 12]);
    expect(data.itemInfo).toEqual([
      { title: '', genres: [] },
      { title: 'Three', genres: ['Drama'] },
    ]);
  });

  it('keeps the latest row of a repeated user-item pair: by timestamp, then by position', () => {
    const data = buildInteractions(
      collect([
        { user: 1, item: 2, rating: 1, timestamp: 50 },
        { user: 1, item: 2, rating: 2, timestamp: 40 },
        { user: 1, item: 3, rating: 3, timestamp: 5 },
        { user: 1, item: 3, rating: 4, timestamp: 5 },
      ]),
      { source: 'test' },
    );
    // Rows 0 (newest of item 2) and 3 (the later of two equal timestamps for item 3) remain, in source order.
    expect(Array.from(data.ratings ?? [])).toEqual([1, 4]);
    expect(Array.from(data.items)).toEqual([0, 1]);
  });

  it('leaves ratings and timestamps undefined when no row has them, and grows past its first capacity', () => {
    const collector = new RowCollector();
    for (let i = 0; i < 3000; i++) collector.add({ user: i % 7, item: i });
    const data = buildInteractions(collector, { source: 'test' });
    expect(data.users.length).toBe(3000);
    expect(data.ratings).toBeUndefined();
    expect(data.timestamps).toBeUndefined();
    expect(data.userIds.length).toBe(7);
  });

  it('refuses data without rows', () => {
    expect(() => buildInteractions(new RowCollector(), { source: 'empty.csv' })).toThrow(
      new ScenarioError('DATA_CORRUPT', 'empty.csv holds no interactions'),
    );
  });
});

describe('row grouping', () => {
  it('groups rows by user in row order, and in time order with ties kept in row order', () => {
    const users = Int32Array.from([1, 0, 1, 1, 0]);
    expect(groupRowsByUser(users, 2)).toEqual({
      offsets: Int32Array.from([0, 2, 5]),
      rows: Int32Array.from([1, 4, 0, 2, 3]),
    });
    const timestamps = Float64Array.from([30, 5, 10, 30, 1]);
    const ordered = rowsByUserInTimeOrder({ users, timestamps, userIds: Int32Array.from([8, 9]) });
    expect(Array.from(ordered.rows)).toEqual([4, 1, 2, 0, 3]);
    const masked = rowsByUserInTimeOrder(
      { users, timestamps, userIds: Int32Array.from([8, 9]) },
      Uint8Array.from([1, 1, 0, 1, 0]),
    );
    expect(Array.from(masked.offsets)).toEqual([0, 1, 3]);
    expect(Array.from(masked.rows)).toEqual([1, 0, 3]);
  });
});

describe('isRawId', () => {
  it('accepts integers in [0, 2^31 - 1] only', () => {
    expect([0, 1, 2 ** 31 - 1].map(isRawId)).toEqual([true, true, true]);
    expect([-1, 1.5, 2 ** 31, Number.NaN, '3', null].map(isRawId)).toEqual([false, false, false, false, false, false]);
  });
});

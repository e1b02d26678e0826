import { describe, expect, it } from 'vitest';
import { rankingReport } from './ranking-report.js';

describe('rankingReport', () => {
  it('names every metric <metric>_at_<k> and counts evaluated users', () => {
    const users = [
      { recommended: [1, 2, 3], relevant: [1] },
      { recommended: [4, 5, 6], relevant: [6] },
      { recommended: [7], relevant: [] },
    ];
    const report = rankingReport({ users, k: [1, 3], catalogSize: 10 });
    // k = 1: user 1 hits at rank 1, user 2 misses -> every metric (1 + 0)/2 = 0.5
    // coverage counts every user's top 1: {1, 4, 7} -> 3/10
    // k = 3: precision (1/3 + 1/3)/2; recall (1 + 1)/2; NDCG (1 + 1/log2 4)/2 = 0.75;
    // MAP (1 + 1/3)/2 = 2/3; hit rate 1; coverage {1..7} -> 7/10
    expect(report).toEqual({
      precision_at_1: 0.5,
      recall_at_1: 0.5,
      ndcg_at_1: 0.5,
      map_at_1: 0.5,
      hit_rate_at_1: 0.5,
      catalog_coverage_at_1: 0.3,
      precision_at_3: expect.closeTo(1 / 3, 12),
      recall_at_3: 1,
      ndcg_at_3: 0.75,
      map_at_3: expect.closeTo(2 / 3, 12),
      hit_rate_at_3: 1,
      catalog_coverage_at_3: 0.7,
      evaluated_users: 2,
    });
  });

  it('defaults to k = 10 without coverage', () => {
    const report = rankingReport({ users: [{ recommended: ['a'], relevant: new Set(['a']) }] });
    expect(Object.keys(report)).toEqual([
      'precision_at_10',
      'recall_at_10',
      'ndcg_at_10',
      'map_at_10',
      'hit_rate_at_10',
      'evaluated_users',
    ]);
    expect(report.precision_at_10).toBe(0.1);
  });

  it('rejects an empty list of cut-offs', () => {
    expect(() => rankingReport({ users: [], k: [] })).toThrow(/k lists no cut-off/);
  });
});

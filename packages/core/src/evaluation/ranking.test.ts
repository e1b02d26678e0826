import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import {
  averagePrecisionAtK,
  catalogCoverage,
  hitRateAtK,
  meanOverUsers,
  ndcgAtK,
  precisionAtK,
  recallAtK,
} from './ranking.js';

const RECOMMENDED = [1, 2, 3, 4, 5];
const RELEVANT = new Set([2, 5, 9]);

describe('precision, recall and hit rate at k', () => {
  it('counts relevant items in the top k', () => {
    // top 3 = 1,2,3: one hit (2) -> precision 1/3, recall 1/3; top 5 adds 5 -> 2/5 and 2/3
    expect(precisionAtK(RECOMMENDED, RELEVANT, 3)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(RECOMMENDED, RELEVANT, 3)).toBeCloseTo(1 / 3, 12);
    expect(precisionAtK(RECOMMENDED, RELEVANT, 5)).toBeCloseTo(2 / 5, 12);
    expect(recallAtK(RECOMMENDED, [2, 5, 9], 5)).toBeCloseTo(2 / 3, 12);
    expect(hitRateAtK(RECOMMENDED, RELEVANT, 1)).toBe(0);
    expect(hitRateAtK(RECOMMENDED, RELEVANT, 2)).toBe(1);
  });

  it('divides precision by k even when the list is shorter', () => {
    expect(precisionAtK(['b'], ['b', 'c'], 4)).toBe(0.25);
  });

  it('returns NaN for recall, NDCG and MAP, and 0 for precision and hit rate, with nothing relevant', () => {
    expect(recallAtK([1, 2], [], 2)).toBeNaN();
    expect(ndcgAtK([1, 2], new Set<number>(), 2)).toBeNaN();
    expect(averagePrecisionAtK([1, 2], [], 2)).toBeNaN();
    expect(precisionAtK([1, 2], [], 2)).toBe(0);
    expect(hitRateAtK([1, 2], [], 2)).toBe(0);
  });

  it('rejects a bad k and repeated items', () => {
    for (const k of [0, -1, 1.5, Number.NaN]) {
      expect(() => precisionAtK([1], [1], k)).toThrow(ScenarioError);
      expect(() => precisionAtK([1], [1], k)).toThrow(/k must be an integer >= 1/);
    }
    expect(() => ndcgAtK([1, 2, 1], [1], 3)).toThrow(/repeats item 1 at rank 3/);
    // A repeat beyond the cut-off does not matter.
    expect(ndcgAtK([1, 2, 1], [1], 2)).toBe(1);
  });
});

describe('ndcgAtK', () => {
  it('discounts by log2(rank + 1)', () => {
    // hits at ranks 2 and 3: DCG = 1/log2(3) + 1/log2(4) = 0.630930 + 0.5 = 1.130930
    // ideal: min(3, 3) hits at ranks 1..3 = 1 + 0.630930 + 0.5 = 2.130930 -> 0.530721
    expect(ndcgAtK(['a', 'b', 'c'], ['b', 'c', 'z'], 3)).toBeCloseTo(0.5307212739772434, 12);
    // one hit at rank 2 of one relevant item: (1/log2 3) / 1 = 0.630930
    expect(ndcgAtK([4, 1], [1], 2)).toBeCloseTo(0.6309297535714575, 12);
  });

  it('takes the ideal DCG from min(k, |relevant|) so a full top k scores 1', () => {
    expect(ndcgAtK([1, 2, 3], [1, 2, 3, 4, 5], 3)).toBe(1);
  });
});

describe('averagePrecisionAtK', () => {
  it('sums precision at each hit and divides by min(k, |relevant|)', () => {
    // hits at ranks 1 and 3: P@1 = 1, P@3 = 2/3 -> (1 + 2/3) / min(4, 3) = 0.5556
    expect(averagePrecisionAtK([1, 2, 3, 4], [1, 3, 9], 4)).toBeCloseTo(5 / 9, 12);
    // ml_metrics test: apk(actual=[1..5], predicted=[6,4,7,1,2], k=2): hit at rank 2 -> (1/2) / min(2, 5) = 0.25
    expect(averagePrecisionAtK([6, 4, 7, 1, 2], [1, 2, 3, 4, 5], 2)).toBe(0.25);
    // same lists at k=5: hits at ranks 2, 4, 5 -> (1/2 + 2/4 + 3/5) / 5 = 0.32
    expect(averagePrecisionAtK([6, 4, 7, 1, 2], [1, 2, 3, 4, 5], 5)).toBeCloseTo(0.32, 12);
  });
});

describe('meanOverUsers', () => {
  const users = [
    { recommended: [1, 2, 3], relevant: new Set([1]) },
    { recommended: [4, 5, 6], relevant: new Set([6]) },
    { recommended: [7], relevant: new Set<number>() },
  ];

  it('averages over users with relevant items only', () => {
    // precision@3: (1/3 + 1/3) / 2 = 1/3 (the third user is left out, not counted as 0)
    expect(meanOverUsers(users, precisionAtK, 3)).toBeCloseTo(1 / 3, 12);
    // NDCG@3: user 1 hit at rank 1 -> 1; user 2 hit at rank 3 -> 1/log2(4) = 0.5 -> 0.75
    expect(meanOverUsers(users, ndcgAtK, 3)).toBeCloseTo(0.75, 12);
    // MAP@3: user 1 -> 1/1; user 2 -> (1/3)/1 -> (1 + 1/3)/2 = 2/3
    expect(meanOverUsers(users, averagePrecisionAtK, 3)).toBeCloseTo(2 / 3, 12);
  });

  it('rejects an empty user list, users without relevant items, and a bad k', () => {
    expect(() => meanOverUsers([], precisionAtK, 3)).toThrow(/users is empty/);
    expect(() => meanOverUsers(users.slice(2), precisionAtK, 3)).toThrow(/none of the 1 users has a relevant item/);
    expect(() => meanOverUsers(users, precisionAtK, 0)).toThrow(/k must be an integer >= 1/);
  });
});

describe('catalogCoverage', () => {
  it('counts distinct recommended items over the catalogue size', () => {
    // {1,2,3,4,5} of 10
    expect(catalogCoverage([[1, 2, 3], Int32Array.from([3, 4, 5])], { catalogSize: 10 })).toBe(0.5);
    // top 2 only: {1,2,3,4} of 10
    expect(
      catalogCoverage(
        [
          [1, 2, 3],
          [3, 4, 5],
        ],
        { catalogSize: 10, k: 2 },
      ),
    ).toBe(0.4);
  });

  it('rejects bad input', () => {
    expect(() => catalogCoverage([[1]], { catalogSize: 0 })).toThrow(/catalogSize must be a positive integer/);
    expect(() => catalogCoverage([[1, 2, 3]], { catalogSize: 2 })).toThrow(/3 distinct items .* catalogSize is 2/);
    expect(() => catalogCoverage([], { catalogSize: 2 })).toThrow(/recommendations is empty/);
    expect(() => catalogCoverage([[1]], { catalogSize: 2, k: 0 })).toThrow(/k must be/);
  });
});

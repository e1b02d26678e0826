import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { createRng } from './random.js';
import { randomSplit, stratifiedSplit } from './split.js';

const sorted = (parts: Int32Array[]) => parts.flatMap((part) => [...part]).sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const isIncreasing = (part: Int32Array) => part.every((value, i) => i === 0 || value > (part[i - 1] as number));

describe('randomSplit', () => {
  it('cuts parts by the largest remainder, covering every index once, each part in increasing order', () => {
    const [train, test] = randomSplit(10, { testFraction: 0.2, seed: 1 });
    expect([train?.length, test?.length]).toEqual([8, 2]);
    // 7 x [0.5, 0.3, 0.2] = 3.5, 2.1, 1.4: floors 3, 2, 1 and the one left goes to the largest remainder (0.5).
    const parts = randomSplit(7, { fractions: [0.5, 0.3, 0.2], seed: 1 });
    expect(parts.map((part) => part.length)).toEqual([4, 2, 1]);
    expect(sorted(parts)).toEqual(range(7));
    expect(parts.every(isIncreasing)).toBe(true);
  });

  it('is deterministic by seed', () => {
    const a = randomSplit(100, { testFraction: 0.25, seed: 3 });
    expect(randomSplit(100, { testFraction: 0.25, seed: 3 })).toEqual(a);
    expect(randomSplit(100, { testFraction: 0.25, seed: 4 })).not.toEqual(a);
    expect(randomSplit(100, { testFraction: 0.25 })).toEqual(randomSplit(100, { testFraction: 0.25, seed: 0 }));
  });

  it('rejects bad fractions and sizes', () => {
    for (const options of [
      {},
      { fractions: [0.5, 0.5], testFraction: 0.5 },
      { fractions: [0.5, 0.4] },
      { fractions: [1] },
      { testFraction: 0 },
      { testFraction: 1.2 },
    ]) {
      expect(() => randomSplit(10, options)).toThrow(ScenarioError);
    }
    expect(() => randomSplit(-1, { testFraction: 0.5 })).toThrow(/non-negative integer/);
  });
});

describe('stratifiedSplit', () => {
  it('gives every class its exact share when the shares are whole numbers', () => {
    const labels = [...new Array(100).fill(0), ...new Array(50).fill(1), ...new Array(10).fill(2)];
    const [train, test] = stratifiedSplit(labels, { testFraction: 0.2, seed: 7 });
    const count = (part: Int32Array, label: number) => [...part].filter((i) => labels[i] === label).length;
    expect([0, 1, 2].map((label) => count(test as Int32Array, label))).toEqual([20, 10, 2]);
    expect([0, 1, 2].map((label) => count(train as Int32Array, label))).toEqual([80, 40, 8]);
    expect(sorted([train as Int32Array, test as Int32Array])).toEqual(range(160));
  });

  it('keeps each class within 2 of its share and part sizes exact, for interleaved unbalanced labels', () => {
    const rng = createRng(99);
    // Labels 0..5 with very different frequencies, in random order.
    const labels = Array.from({ length: 997 }, () => Math.min(5, Math.floor(-Math.log(1 - rng.next()) * 1.5)));
    for (const fractions of [
      [0.7, 0.2, 0.1],
      [0.5, 0.5],
      [0.34, 0.33, 0.33],
    ]) {
      for (const seed of [0, 1, 2]) {
        const parts = stratifiedSplit(labels, { fractions, seed });
        expect(parts.map((part) => part.length)).toEqual(
          randomSplit(labels.length, { fractions }).map((p) => p.length),
        );
        expect(sorted(parts)).toEqual(range(labels.length));
        expect(parts.every(isIncreasing)).toBe(true);
        for (const label of new Set(labels)) {
          const members = labels.filter((l) => l === label).length;
          parts.forEach((part, k) => {
            const got = [...part].filter((i) => labels[i] === label).length;
            expect(Math.abs(got - members * (fractions[k] as number))).toBeLessThan(2);
          });
        }
      }
    }
  });

  it('is deterministic by seed and shuffles within classes', () => {
    const labels = Array.from({ length: 200 }, (_, i) => i % 4);
    const a = stratifiedSplit(labels, { testFraction: 0.1, seed: 5 });
    expect(stratifiedSplit(labels, { testFraction: 0.1, seed: 5 })).toEqual(a);
    expect(stratifiedSplit(labels, { testFraction: 0.1, seed: 6 })).not.toEqual(a);
    // Not simply the first members of each class.
    expect([...(a[1] as Int32Array)]).not.toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);
  });

  it('handles classes with a single example and an empty input', () => {
    const parts = stratifiedSplit(Int32Array.of(0, 0, 0, 0, 1, 2, 2, 2, 2, 2), { testFraction: 0.5, seed: 0 });
    expect(parts.map((p) => p.length)).toEqual([5, 5]);
    expect(sorted(parts)).toEqual(range(10));
    expect(stratifiedSplit([], { testFraction: 0.5 })).toEqual([new Int32Array(0), new Int32Array(0)]);
  });
});

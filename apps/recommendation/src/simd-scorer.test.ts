import { createRng } from '@scenarios/core/data';
import { describe, expect, it } from 'vitest';
import { createRowScorer } from './row-scorer.js';
import { scoreRows } from './scoring.js';
import { simdScorer } from './simd-scorer.js';

function random(length: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng.normal());
}

describe('simdScorer', () => {
  it('scores every row as the scalar loop does, for widths that are multiples of 16', () => {
    for (const factors of [16, 32, 64, 128]) {
      const rows = 257;
      const table = random(rows * factors, factors);
      const bias = random(rows, 1);
      const user = random(factors, 2);
      const expected = new Float32Array(rows);
      scoreRows({ user, table, bias, out: expected });
      const scorer = simdScorer({ table, factors, bias });
      expect(scorer).toBeDefined();
      const got = scorer?.score(user) ?? new Float32Array(0);
      expect(got).toHaveLength(rows);
      got.forEach((value, i) => {
        expect(value).toBeCloseTo(expected[i] as number, 4);
      });
    }
  });

  it('works without a bias and with exact small values, and reuses its output', () => {
    const table = Float32Array.from({ length: 32 }, (_, i) => (i < 16 ? 1 : i - 16));
    const scorer = simdScorer({ table, factors: 16 });
    const first = scorer?.score(new Float32Array(16).fill(2));
    // Row 0: 16 * 2; row 1: 2 * (0 + 1 + ... + 15).
    expect(Array.from(first ?? [])).toEqual([32, 240]);
    const second = scorer?.score(new Float32Array(16).fill(1));
    expect(second).toBe(first);
    expect(Array.from(second ?? [])).toEqual([16, 120]);
  });

  it('declines widths that are not multiples of 16, where the scalar loop takes over', () => {
    const table = random(3 * 10, 5);
    expect(simdScorer({ table, factors: 10 })).toBeUndefined();
    const user = random(10, 6);
    const expected = new Float32Array(3);
    scoreRows({ user, table, out: expected });
    expect(createRowScorer({ table, factors: 10 }).score(user)).toEqual(expected);
  });
});

import { createRng } from '@scenarios/core/data';
import { describe, expect, it } from 'vitest';
import { createRowScorer } from './row-scorer.js';
import { scoreRows } from './scoring.js';
import { simdScorer } from './simd-scorer.js';

function random(length: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng.normal());
}

const norm = (values: Float32Array) => Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));

describe('simdScorer', () => {
  it('scores every row as the exact scalar loop does, to 1e-3 of the norms, for widths that are multiples of 16', () => {
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
      let worst = 0;
      got.forEach((value, i) => {
        const scale = norm(user) * norm(table.subarray(i * factors, (i + 1) * factors));
        worst = Math.max(worst, Math.abs(value - (expected[i] as number)) / scale);
      });
      expect(worst).toBeLessThan(1e-3);
    }
  });

  it('keeps the order of scores that differ by more than the rounding', () => {
    const factors = 64;
    const rows = 2_000;
    const table = random(rows * factors, 7);
    const user = random(factors, 8);
    const expected = new Float32Array(rows);
    scoreRows({ user, table, out: expected });
    const got = simdScorer({ table, factors })?.score(user) ?? new Float32Array(0);
    const order = (scores: Float32Array) =>
      Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number));
    expect(order(got).slice(0, 10)).toEqual(order(expected).slice(0, 10));
  });

  it('does not overflow at the largest values, with either sign', () => {
    for (const factors of [16, 64, 128, 1024]) {
      const table = Float32Array.from({ length: 2 * factors }, (_, i) => (i < factors ? 3 : -3));
      const scorer = simdScorer({ table, factors });
      const scores = Array.from(scorer?.score(new Float32Array(factors).fill(-0.5)) ?? []);
      expect(scores[0]).toBeCloseTo(-1.5 * factors, 2);
      expect(scores[1]).toBeCloseTo(1.5 * factors, 2);
    }
  });

  it('works without a bias and with a zero vector, and reuses its output', () => {
    const table = Float32Array.from({ length: 32 }, (_, i) => (i < 16 ? 1 : i - 16));
    const scorer = simdScorer({ table, factors: 16 });
    const first = scorer?.score(new Float32Array(16).fill(2));
    // Row 0: 16 * 2; row 1: 2 * (0 + 1 + ... + 15).
    expect(first?.[0]).toBeCloseTo(32, 3);
    expect(first?.[1]).toBeCloseTo(240, 1);
    const second = scorer?.score(new Float32Array(16));
    expect(second).toBe(first);
    expect(Array.from(second ?? [])).toEqual([0, 0]);
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

import { describe, expect, it } from 'vitest';
import { deriveSeed, SEED_PURPOSE } from './derive-seed.js';

describe('deriveSeed', () => {
  it('is a pure 32-bit function of the seed and the path', () => {
    const seed = deriveSeed(42, [SEED_PURPOSE.shuffle, 3]);
    expect(deriveSeed(42, [SEED_PURPOSE.shuffle, 3])).toBe(seed);
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
  });

  it('separates seeds, purposes, epochs, batches and large seeds', () => {
    const seeds = [
      deriveSeed(0, []),
      deriveSeed(1, []),
      deriveSeed(2 ** 32, []),
      deriveSeed(-1, []),
      deriveSeed(0, [SEED_PURPOSE.shuffle, 0]),
      deriveSeed(0, [SEED_PURPOSE.dropout, 0]),
      deriveSeed(0, [SEED_PURPOSE.dropout, 0, 1]),
      deriveSeed(0, [SEED_PURPOSE.dropout, 1, 0]),
      deriveSeed(0, [SEED_PURPOSE.augment, 0, 0]),
    ];
    expect(new Set(seeds).size).toBe(seeds.length);
  });
});

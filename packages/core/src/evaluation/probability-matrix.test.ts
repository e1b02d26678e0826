import { describe, expect, it } from 'vitest';
import { argmax } from './probability-matrix.js';

describe('argmax', () => {
  it('returns the largest column of each row, ties to the lowest index', () => {
    expect(Array.from(argmax([0.1, 0.9, 0.7, 0.3], 2))).toEqual([1, 0]);
    expect(Array.from(argmax(Float32Array.from([0.2, 0.4, 0.4, 0.5, 0.5, 0]), 3))).toEqual([1, 0]);
  });

  it('rejects bad input', () => {
    expect(() => argmax([0.1, 0.9, 0.7], 2)).toThrow(/not a multiple of numClasses=2/);
    expect(() => argmax([0.1], 0)).toThrow(/numClasses must be a positive integer/);
    expect(() => argmax([], 2)).toThrow(/probabilities is empty/);
  });
});
